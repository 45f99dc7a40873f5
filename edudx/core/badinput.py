"""A request whose address carries a NUL character is refused before any view reads it.
PostgreSQL refuses NUL in text, so a filter or a code taken from the address would end in a 500
there (SQLite would store it silently); nobody types one. Forms already refuse it field by field
(Django's CharField)."""

from __future__ import annotations

from django.http import HttpResponseBadRequest

from edudx.core.errors import json_error

MESSAGE = "Địa chỉ yêu cầu chứa ký tự không hợp lệ (NUL); hãy kiểm tra lại đường dẫn."
API_PREFIX = "/api/"


def _carries_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    return any("\x00" in key or "\x00" in value for key, value in request.GET.items())


class NulInAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _carries_nul(request):
            return self.get_response(request)
        if request.path.startswith(API_PREFIX):  # the API's one error shape
            return json_error(400, "invalid_request", MESSAGE)
        return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
