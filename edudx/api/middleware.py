"""Who calls the API with a token: the token is checked, counted and audited here, before the
request is handled — the accounting of a request, like the session's, and so before "reading
never writes" closes the connection to writes for a GET."""

from __future__ import annotations

from django.conf import settings

from edudx.accounts import tokens
from edudx.accounts.permissions import restrict_to_token
from edudx.core.errors import json_error as error
from edudx.core.models import record

API_PREFIX = "/api/"


class ApiTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if not request.path.startswith(API_PREFIX) or not header.lower().startswith("bearer "):
            return self.get_response(request)
        token = tokens.usable(header[7:].strip())
        if token is None:
            return error(
                401,
                "token_invalid",
                "Khóa API không hợp lệ, đã hết hạn hoặc đã bị thu hồi.",
            )
        if not tokens.count_request(token, limit=settings.API_RATE_LIMIT):
            response = error(
                429,
                "rate_limited",
                f"Khóa API đã gửi quá {settings.API_RATE_LIMIT} yêu cầu trong một phút; "
                "hãy thử lại sau.",
            )
            response["Retry-After"] = "60"
            return response
        record(
            "api.token.use",
            token,
            actor=token.user,
            note=f"{request.method} {request.get_full_path()}"[:500],
        )
        user = token.user
        restrict_to_token(user, token.unit.path, read_only=token.read_only)
        request.user = user
        request._cached_user = user
        request.api_token = token
        return self.get_response(request)
