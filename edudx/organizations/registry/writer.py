"""Writing the registry in the import layout (export, round trip) and the blank template."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from edudx.core.files import text_cell
from edudx.organizations.models import (
    KIND_LABELS,
    LEVEL_LABELS,
    OWNERSHIP_LABELS,
    Unit,
    UnitKind,
)
from edudx.organizations.registry.layout import (
    COLUMNS,
    GUIDE_SHEET,
    HEADERS,
    MAX_ERRORS,
    REQUIRED,
    SHEET,
    levels_text,
)

WIDTHS = (16, 48, 16, 22, 18, 16, 48, 16, 30, 30)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def unit_rows(queryset=None) -> Iterator[tuple[str, ...]]:
    """The header, then one row per unit in the import layout, parents before children."""
    yield tuple(header for _, header in COLUMNS)
    qs = Unit.objects.filter(active=True) if queryset is None else queryset
    values = qs.order_by("path", "pk").values_list(
        "code",
        "name",
        "kind",
        "levels",
        "parent__code",
        "ownership",
        "address",
        "phone",
        "email",
        "website",
    )
    kinds = {str(k): label for k, label in KIND_LABELS.items()}
    ownerships = {str(k): label for k, label in OWNERSHIP_LABELS.items()}
    for (
        code,
        name,
        kind,
        levels,
        parent,
        ownership,
        address,
        phone,
        email,
        website,
    ) in values.iterator(chunk_size=2000):
        yield (
            code,
            name,
            kinds.get(kind, kind),
            levels_text(levels),
            parent or "",
            ownerships.get(ownership, ownership),
            address,
            phone,
            email,
            website,
        )


def export_units(path_or_file: str | Path | BinaryIO, queryset=None) -> int:
    """Write the units (default: every active unit) as a registry .xlsx; returns the number of
    unit rows written. Streams: memory does not grow with the number of units."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    _layout(ws)
    rows = unit_rows(queryset)
    ws.append(_header(ws, next(rows)))
    count = 0
    for row in rows:
        ws.append([_cell(ws, value) for value in row])
        count += 1
    wb.save(path_or_file)
    return count


def export_units_bytes(queryset=None) -> bytes:
    out = io.BytesIO()
    export_units(out, queryset)
    return out.getvalue()


def _layout(ws) -> None:
    for letter, width in zip("ABCDEFGHIJ", WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"


def _header(ws, labels: Iterable[str]) -> list:
    cells = []
    for label in labels:
        cell = WriteOnlyCell(ws, value=label)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cells.append(cell)
    return cells


def _cell(ws, value: str):
    return text_cell(ws, value)


# -- the template -------------------------------------------------------------------------------

EXAMPLES = (
    ("BGDDT", "Bộ Giáo dục và Đào tạo", UnitKind.MINISTRY, "", "", "", "35 Đại Cồ Việt, Hai Bà Trưng, Hà Nội", "024 3869 4795", "", "https://moet.gov.vn"),
    ("SGD79", "Sở Giáo dục và Đào tạo Thành phố Hồ Chí Minh", UnitKind.DEPARTMENT, "", "BGDDT", "", "66-68 Lê Thánh Tôn, phường Sài Gòn, TP. Hồ Chí Minh", "028 3829 1875", "", ""),
    ("X26734", "UBND phường Bến Thành", UnitKind.COMMUNE, "", "SGD79", "", "", "", "", ""),
    ("TH79001", "Trường Tiểu học Bến Thành", UnitKind.INSTITUTION, "Tiểu học", "X26734", "Công lập", "12 Lê Lai, phường Bến Thành, TP. Hồ Chí Minh", "028 3822 1234", "thbenthanh@hcm.edu.vn", "https://thbenthanh.hcm.edu.vn"),
)  # fmt: skip

GUIDE = (
    "HƯỚNG DẪN NHẬP DANH MỤC ĐƠN VỊ",
    "",
    f"1. Nhập dữ liệu ở trang « {SHEET} », mỗi đơn vị một dòng. Dòng 1 là dòng tiêu đề, giữ nguyên tên cột "
    "(thứ tự cột, chữ hoa/thường và khoảng trắng thừa không quan trọng; cột khác được bỏ qua).",
    f"2. Cột bắt buộc: {', '.join(HEADERS[f] for f in REQUIRED)}. "
    "Cột không bắt buộc: Loại hình, Địa chỉ, Điện thoại, Email, Website — "
    "nếu bỏ hẳn cột, giá trị hiện có trong hệ thống được giữ nguyên; nếu có cột mà để trống ô, giá trị bị xoá.",
    "3. Mã đơn vị là khoá nhận diện: nhập lại tệp với cùng mã sẽ cập nhật đơn vị đó, không tạo đơn vị mới. "
    "Mỗi mã chỉ xuất hiện một lần trong tệp.",
    f"4. Loại đơn vị, một trong: {', '.join(KIND_LABELS.values())}.",
    "5. Mã đơn vị quản lý: mã của đơn vị cấp trên trực tiếp — có thể nằm trong tệp (ở dòng bất kỳ, trước "
    "hay sau) hoặc đã có trong hệ thống. Chỉ Bộ GDĐT để trống. Sở GDĐT trực thuộc Bộ GDĐT; Phòng GDĐT và "
    "UBND cấp xã trực thuộc Sở GDĐT; Cơ sở giáo dục trực thuộc Sở GDĐT, Phòng GDĐT hoặc UBND cấp xã.",
    f"6. Cấp học: bắt buộc với Cơ sở giáo dục; một hoặc nhiều trong: {', '.join(LEVEL_LABELS.values())}, "
    "cách nhau bởi dấu chấm phẩy (ví dụ: Tiểu học; THCS).",
    f"7. Loại hình: {' hoặc '.join(OWNERSHIP_LABELS.values())} (có thể để trống).",
    "8. Email và Website phải đúng định dạng (website có thể bỏ « https:// »).",
    "9. Đổi Mã đơn vị quản lý của một đơn vị sẽ chuyển đơn vị đó cùng các đơn vị trực thuộc sang đơn vị "
    "quản lý mới; lịch sử đơn vị quản lý cũ được lưu lại.",
    "10. Đơn vị có trong hệ thống nhưng không có trong tệp được giữ nguyên (tệp có thể chỉ gồm một tỉnh).",
    "11. Tệp được nhập toàn bộ hoặc không nhập gì: nếu có dòng lỗi, hệ thống liệt kê mọi lỗi kèm số dòng "
    f"(ví dụ « Dòng 12: … », tối đa {MAX_ERRORS} lỗi) và không ghi thay đổi nào.",
    "12. Có thể lưu dạng .xlsx hoặc .csv (bảng mã UTF-8, phân cách bằng dấu phẩy hoặc chấm phẩy).",
    "",
    f"Các dòng ví dụ ở trang « {SHEET} » (một Bộ, một Sở, một UBND cấp xã, một trường) cần được xoá "
    "hoặc thay bằng dữ liệu thật trước khi nhập.",
)


def template_xlsx() -> bytes:
    """A blank registry file: the header, one example row per kind, and the instructions."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([header for _, header in COLUMNS])
    for cell in ws[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
    for code, name, kind, levels, parent, *rest in EXAMPLES:
        ws.append([code, name, KIND_LABELS[kind], levels, parent, *rest])
    for letter, width in zip("ABCDEFGHIJ", WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    kinds = DataValidation(
        type="list", formula1=f'"{",".join(KIND_LABELS.values())}"', allow_blank=True
    )
    ownership = DataValidation(
        type="list", formula1=f'"{",".join(OWNERSHIP_LABELS.values())}"', allow_blank=True
    )
    ws.add_data_validation(kinds)
    ws.add_data_validation(ownership)
    kinds.add("C2:C100000")
    ownership.add("F2:F100000")

    guide = wb.create_sheet(GUIDE_SHEET)
    guide.column_dimensions["A"].width = 120
    for line in GUIDE:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=13)
    for row in guide.iter_rows(min_row=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
