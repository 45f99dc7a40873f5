"""The API object, who may call it, its errors and its pages of results.

A caller is an integrator's token (checked by `middleware.ApiTokenMiddleware`) or a logged-in
person's session (CSRF checked on writes, as on the pages). Every error answers the same JSON —
a stable `code`, a Vietnamese `message`, the `field` at fault — whatever raised it."""

from __future__ import annotations

import base64
import binascii

from django.http import Http404
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth

from edudx.api.middleware import error
from edudx.core.errors import DomainError


class Error(Schema):
    code: str
    message: str
    field: str | None = None


class Bearer(HttpBearer):
    """The token was checked by the middleware; here it only has to be there."""

    def authenticate(self, request, token):
        return getattr(request, "api_token", None)


class Session(SessionAuth):
    def authenticate(self, request, key):
        if getattr(request, "api_token", None) is not None:
            return None
        return super().authenticate(request, key)


ERRORS = {
    "400": "Dữ liệu không hợp lệ",
    "401": "Chưa xác thực, hoặc khóa không dùng được",
    "403": "Không được phép (khóa chỉ đọc, không phải thủ trưởng)",
    "404": "Không tìm thấy hoặc ngoài phạm vi",
    "422": "Yêu cầu sai dạng",
    "429": "Quá số yêu cầu mỗi phút của khóa",
}


class Api(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Every operation may answer the common errors, all of one shape (`Error`): say so in
        the document, so that clients and the contract tests know every answer."""
        schema = super().get_openapi_schema(*args, **kwargs)
        ref = {"$ref": "#/components/schemas/Error"}
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = (
            Error.model_json_schema()
        )
        for operations in schema["paths"].values():
            for operation in operations.values():
                # ninja keys its own answers by int, `openapi_extra` by text: one key per status
                # (a JSON document with both has a duplicated key, which Swagger UI refuses)
                responses = {}
                for status, answer in operation.get("responses", {}).items():
                    if str(status) not in responses or isinstance(status, str):
                        responses[str(status)] = answer
                operation["responses"] = responses
                for status, text in ERRORS.items():
                    responses.setdefault(
                        status,
                        {"description": text, "content": {"application/json": {"schema": ref}}},
                    )
        return schema


api = Api(
    title="EduDX API",
    version="1",
    description=(
        "API tích hợp và dữ liệu mở của EduDX (đánh giá mức độ chuyển đổi số của cơ sở giáo "
        "dục). Xác thực: `Authorization: Bearer <khóa>` hoặc phiên đăng nhập. Khóa do quản trị viên của đơn vị cấp tại trang đơn vị (Khóa API)."
    ),
    auth=[Bearer(), Session()],
    urls_namespace="api",
    docs_url="/docs/",
)


class ApiError(Exception):
    """An error with its HTTP status and stable code (raised by the endpoints themselves)."""

    def __init__(self, status: int, code: str, message: str, field=None, **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.field, self.extra = (
            status,
            code,
            message,
            field,
            extra,
        )


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return error(exc.status, exc.code, exc.message, exc.field, **exc.extra)


@api.exception_handler(DomainError)
def _domain_error(request, exc: DomainError):
    return error(400, "invalid", str(exc), exc.field)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error(404, "not_found", "Không tìm thấy (hoặc nằm ngoài phạm vi của bạn).")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return error(
        401, "unauthenticated", "Cần đăng nhập hoặc gửi khóa API (Authorization: Bearer …)."
    )


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    first = exc.errors[0] if exc.errors else {}
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path", "payload")]
    return error(
        422,
        "invalid_request",
        f"Dữ liệu gửi lên không hợp lệ: {first.get('msg', '')}".strip(),
        ".".join(loc) or None,
    )


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return error(exc.status_code, "http_error", str(exc))


# -- cursor pagination: stable order by primary key, an opaque cursor, a bounded page --------------

DEFAULT_LIMIT, MAX_LIMIT = 50, 200


def _decode(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        return int(base64.urlsafe_b64decode(cursor.encode() + b"==").decode())
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApiError(400, "invalid_cursor", "Con trỏ trang không hợp lệ.", "cursor") from None


def _encode(pk: int) -> str:
    return base64.urlsafe_b64encode(str(pk).encode()).decode().rstrip("=")


def paginate(queryset, cursor: str | None, limit: int | None) -> tuple[list, str | None]:
    """One page of `queryset` in primary-key order after `cursor`, and the cursor of the next
    page (None on the last). Rows added meanwhile never shift a page: the order is the key's."""
    limit = min(max(limit or DEFAULT_LIMIT, 1), MAX_LIMIT)
    rows = list(queryset.filter(pk__gt=_decode(cursor)).order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (_encode(rows[-1].pk) if more and rows else None)
