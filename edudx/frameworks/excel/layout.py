"""Where things are in the workbook: its sheets, their columns, and the labels typed in cells.

The main sheet has the annex's own six columns in the printed order, so a decision's table can be
typed in as printed; what the annex leaves to the reader but scoring needs goes in labelled
columns to the right.
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from edudx.frameworks import schema

MAIN, INFO, SUGGESTIONS, GUIDE = "Phụ lục", "Thông tin", "Gợi ý mức độ", "Hướng dẫn"
ANNEX_COLUMNS = (
    "STT",
    "Tiêu chí",
    "Điểm tối đa",
    "Điểm thành phần",
    "Mức độ",
    "Ghi chú, minh chứng",
)
EXTRA_COLUMNS = (
    "Loại dữ kiện",
    "Đơn vị",
    "Thông tin kèm theo",
    "Gợi ý minh chứng",
    "Ghi chú EduDX",
)
# Internal name of each main-sheet column, in order; also the schema key a problem refers to.
FIELDS = ("code", "title", "max_points", "bands", "levels", "evidence")
FIELDS += ("kind", "unit", "details", "evidence_hint", "note")
COLUMN = {f: get_column_letter(i + 1) for i, f in enumerate(FIELDS)}
COLUMN |= {"options": COLUMN["bands"], "mandatory": COLUMN["max_points"]}

MANDATORY = "Điều kiện bắt buộc"
KIND_LABELS = {
    "boolean": "Có/Không",
    "count": "Số lượng",
    "percentage": "Tỷ lệ (%)",
    "level": "Mức độ 1-3",
    "choice": "Lựa chọn",
}

SUGGESTION_COLUMNS = ("Mã thành phần", "Diễn giải", "Tử số", "Mẫu số")
SUGGESTION_COLUMNS += (*schema.EDUCATION_LEVELS.values(), "Ghi chú")
SUGGESTION_LEVEL_COLUMN = {
    code: get_column_letter(i) for i, code in enumerate(schema.EDUCATION_LEVELS, start=5)
}
