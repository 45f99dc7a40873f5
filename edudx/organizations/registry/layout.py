"""The registry file's layout: its Vietnamese columns, the labels of its values, and how a cell's
content is read into clean text. Shared by the import, the export and the template."""

from __future__ import annotations

from edudx.core.files import cell_text as text  # noqa: F401  (the registry's name for it)
from edudx.core.files import label_key as key
from edudx.organizations.models import KIND_LABELS, LEVEL_LABELS, OWNERSHIP_LABELS

SHEET = "Danh mục đơn vị"
GUIDE_SHEET = "Hướng dẫn"
IMPORT_REASON = "Nhập danh mục đơn vị"

# (field, header) in the order of the export and the template.
COLUMNS = (
    ("code", "Mã đơn vị"),
    ("name", "Tên đơn vị"),
    ("kind", "Loại đơn vị"),
    ("levels", "Cấp học"),
    ("parent", "Mã đơn vị quản lý"),
    ("ownership", "Loại hình"),
    ("address", "Địa chỉ"),
    ("phone", "Điện thoại"),
    ("email", "Email"),
    ("website", "Website"),
)
HEADERS = dict(COLUMNS)
REQUIRED = ("code", "name", "kind", "levels", "parent")
# Optional columns: when a column is absent the units keep their current value; when it is present
# its cell is the value (an empty cell clears it).
OPTIONAL = ("ownership", "address", "phone", "email", "website")
MAX_LENGTHS = {
    "code": 40,
    "name": 255,
    "address": 255,
    "phone": 40,
    "email": 254,
    "website": 200,
}
MAX_ERRORS = 200


KIND_BY_LABEL = {key(label): str(kind) for kind, label in KIND_LABELS.items()}
LEVEL_BY_LABEL = {key(label): code for code, label in LEVEL_LABELS.items()}
OWNERSHIP_BY_LABEL = {key(label): str(code) for code, label in OWNERSHIP_LABELS.items()}
FIELD_BY_TITLE = {header: field for field, header in COLUMNS}


def alternatives(labels) -> str:
    return ", ".join(labels)


def levels_text(levels: str) -> str:
    """';primary;lower_secondary;' → 'Tiểu học; THCS' (the file's form)."""
    return "; ".join(LEVEL_LABELS[lv] for lv in levels.split(";") if lv in LEVEL_LABELS)


def summary_line(rows: int, created: int, updated: int, unchanged: int) -> str:
    return f"Đã nhập {rows} dòng: {created} tạo mới, {updated} cập nhật, {unchanged} không đổi."
