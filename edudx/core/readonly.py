"""Reading never writes: a GET (or HEAD, OPTIONS) request changes no row.

Opening a page must never create or change anything — a self-assessment appears with the first
saved answer, a notification is marked read by a button, not by a link. One mechanism holds this
everywhere: while a safe request is handled, the database connection refuses INSERT, UPDATE and
DELETE (Django's `execute_wrapper`). A page that tried would fail loudly in the tests, which open
every page of the permission matrices, rather than quietly write in production. The session
framework saves after this middleware has returned, so logging in and out are unaffected."""

from __future__ import annotations

from django.db import connections

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


class ReadingWrites(RuntimeError):
    """A safe request tried to change a row."""


def _refuse_writes(execute, sql, params, many, context):
    if sql.lstrip().upper().startswith(WRITES):
        raise ReadingWrites(f"A GET request tried to write: {sql[:200]}")
    return execute(sql, params, many, context)


class ReadingNeverWritesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in SAFE_METHODS:
            return self.get_response(request)
        wrappers = [connections[alias].execute_wrapper(_refuse_writes) for alias in connections]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            return self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
