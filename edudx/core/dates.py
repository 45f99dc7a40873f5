"""Dates as Vietnamese administration writes them: dd/mm/yyyy."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def parse_vn_date(text: str) -> dt.date:
    """'01/07/2025' → date; ValueError with a Vietnamese message otherwise."""
    try:
        return dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except ValueError:
        raise ValueError(f"Ngày '{text}' không hợp lệ (dạng dd/mm/yyyy).") from None


_SHAPED_LIKE_A_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


class DateField(forms.DateField):
    """A form's date typed as dd/mm/yyyy. A date written in the right shape that does not exist
    (31/02) is named as such: "enter the date as dd/mm/yyyy" would send the person looking for
    a format mistake they did not make."""

    default_error_messages = {"invalid": _("Enter the date as dd/mm/yyyy.")}

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            if isinstance(value, str) and _SHAPED_LIKE_A_DATE.match(value):
                raise ValidationError(
                    _("%(date)s is not a date in the calendar: check the day and the month."),
                    code="invalid",
                    params={"date": value.strip()},
                ) from None
            raise
