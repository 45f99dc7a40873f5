"""`shown` writes a value as `{{ value }}` does, on its fast path for text too; `Labels` follow
the active language."""

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from edudx.core.markup import Labels, shown


@pytest.mark.parametrize(
    "value",
    ["<b>\"Tên\" & 'mã'</b>", "", "1.4.1", 12, 4.5, 0, None, True, mark_safe("<i>đã an toàn</i>")],
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
