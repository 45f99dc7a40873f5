"""The error every service raises when a change cannot be made: a Vietnamese message for the
person who asked, and the form field at fault when there is one."""

from django.http import JsonResponse


class DomainError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def add_to_form(form, exc: DomainError) -> None:
    """Show a service's refusal on the form: beside its field, or above the form."""
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


def json_error(status: int, code: str, message: str, field: str | None = None, **extra):
    """The one shape of every error the API answers (docs/api.md): kept here so that a refusal
    made before the API's own code runs (core middleware) answers in the same shape."""
    return JsonResponse(
        {"code": code, "message": message, "field": field, **extra},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
