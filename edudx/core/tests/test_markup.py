"""`shown` writes a value as `{{ value }}` does, on its fast path for text too; `Labels` follow
the active language."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from edudx.core.markup import Labels, shown


class HtmlButNotText:
    """An object offering __html__ that is not a string: the template writes its str(), escaped."""

    def __html__(self):
        return "<b>raw</b>"

    def __str__(self):
        return "<b>as text</b>"


@pytest.mark.parametrize(
    "value",
    [
        "<b>\"Tên\" & 'mã'</b>",
        "",
        "1.4.1",
        12,
        4.5,
        Decimal("12.50"),
        0,
        None,
        True,
        mark_safe("<i>đã an toàn</i>"),
        datetime.date(2026, 12, 4),
        datetime.datetime(2026, 12, 3, 20, 30, tzinfo=datetime.UTC),
        HtmlButNotText(),
    ],
    ids=repr,
)
def test_a_value_is_written_as_the_template_writes_it(value):
    with translation.override("vi"):
        assert shown(value) == Template("{{ v }}").render(Context({"v": value}))


def test_labels_follow_the_active_language():
    words = Labels(save="Save")
    with translation.override("vi"):
        assert words()["save"] == "Lưu"
    with translation.override("en"):
        assert words()["save"] == "Save"


def test_labels_are_looked_up_again_when_a_catalogue_changes():
    from pathlib import Path

    from django.utils.autoreload import file_changed

    words = Labels(save="Save")
    with translation.override("vi"):
        words()
        words.by_language["vi"]["save"] = "cũ"
        file_changed.send(sender=None, file_path=Path("locale/vi/LC_MESSAGES/django.mo"))
        assert words()["save"] == "Lưu"
