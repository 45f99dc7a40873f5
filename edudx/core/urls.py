"""Addresses built for many rows of one page at once."""

from __future__ import annotations

from urllib.parse import quote

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

#: a last argument every converter takes (`int`, `str`, `slug`); the last "0" of the address
_MARK = "0"


def url_of(name: str, *fixed):
    """`last → reverse(name, args=[*fixed, last])`, reversing once: a page of dozens of rows
    (items of the form, rows of a list) differs only in the last argument, which is appended
    quoted the way `reverse` quotes a path argument. Unlike `reverse`, the last argument is not
    checked against its converter (an empty code or one with "/" gives a wrong address rather than
    NoReverseMatch): use it for values the database holds, and only for patterns with no "0"
    after their last argument."""
    head, tail = reverse(name, args=[*fixed, _MARK]).rsplit(_MARK, 1)

    def url(last) -> str:
        return head + quote(str(last), safe=RFC3986_SUBDELIMS + "/~:@") + tail

    return url
