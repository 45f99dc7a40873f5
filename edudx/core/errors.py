"""The error every service raises when a change cannot be made: a Vietnamese message for the
person who asked, and the form field at fault when there is one."""


class DomainError(ValueError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def add_to_form(form, exc: DomainError) -> None:
    """Show a service's refusal on the form: beside its field, or above the form."""
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))
