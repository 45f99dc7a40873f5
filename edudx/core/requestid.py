"""One id per request, in every log line and in the response, so that an operator can follow a
request from nginx through EduDX to the worker log. The proxy's X-Request-ID is kept when it
looks like an id (nginx's $request_id does); anything else is replaced, so that a client cannot
write arbitrary text into the logs."""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
_VALID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_current: ContextVar[str] = ContextVar("request_id", default="-")


def current_request_id() -> str:
    return _current.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request.id = given if _VALID.match(given) else uuid.uuid4().hex
        token = _current.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request.id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request: commands, the worker)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get()
        return True
