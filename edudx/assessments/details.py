"""The details a rule asks beside its fact (the index lists them per item: "ghi tên", "đường
link", "số, ngày văn bản"…), and the counts a percentage is derived from.

A claimed item (yes, or a number above zero) needs every detail its rule lists before the head
can approve; a percentage is entered as two counts, the part never above the whole."""

from __future__ import annotations

from urllib.parse import urlsplit

from edudx.core.dates import parse_vn_date
from edudx.core.errors import DomainError
from edudx.frameworks.scoring import MAX_COUNT, MAX_COUNT_SHOWN

LABELS = {
    "software_name": "Tên phần mềm / giải pháp",
    "provenance": "Nguồn gốc",
    "link": "Đường link",
    "document_number": "Số văn bản",
    "document_date": "Ngày ban hành",
    "members": "Thành phần (bộ phận, thành viên)",
    "channel": "Kênh (website, mạng xã hội…)",
}
PROVENANCE = {"self_built": "Tự xây dựng", "rented": "Thuê", "bought": "Mua"}
COUNT_FIELDS = ("part", "whole")


class DetailsError(DomainError):
    """A detail that cannot be stored as typed."""


def clean_details(code: str, kind: str, asked: tuple[str, ...], raw: dict) -> dict:
    """The details of one item, checked: only the names the rule asks (and, for a percentage,
    the two counts), trimmed; a wrong link, date, origin or count is refused with its field."""
    out: dict = {}
    for name in asked:
        text = str(raw.get(name) or "").strip()[:1000]
        if not text:
            continue
        if name == "link":
            parts = urlsplit(text)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise DetailsError(
                    f"Mục {code}: đường link “{text}” không hợp lệ (bắt đầu bằng http:// hoặc "
                    "https://).",
                    field="link",
                )
        elif name == "document_date":
            try:
                text = parse_vn_date(text).strftime("%d/%m/%Y")
            except ValueError as exc:
                raise DetailsError(f"Mục {code}: {exc}", field="document_date") from None
        elif name == "provenance" and text not in PROVENANCE:
            raise DetailsError(
                f"Mục {code}: nguồn gốc phải là {', '.join(PROVENANCE.values())}.",
                field="provenance",
            )
        out[name] = text
    if kind == "percentage":
        counts = {}
        for name in COUNT_FIELDS:
            text = str(raw.get(name) or "").strip()
            if not text:
                continue
            if not text.isdigit():
                raise DetailsError(
                    f"Mục {code}: số lượng “{text}” phải là số nguyên không âm.", field=name
                )
            if int(text) > MAX_COUNT:  # the one bound of every count (frameworks/facts.py)
                raise DetailsError(
                    f"Mục {code}: số lượng {text} quá lớn, không hợp lý (tối đa {MAX_COUNT_SHOWN}).",
                    field=name,
                )
            counts[name] = int(text)
        if len(counts) == 1:
            raise DetailsError(
                f"Mục {code}: hãy nhập cả số lượng đạt và tổng số (hoặc để trống cả hai).",
                field="whole" if "part" in counts else "part",
            )
        if counts:
            if counts["whole"] == 0:
                raise DetailsError(f"Mục {code}: tổng số phải lớn hơn 0.", field="whole")
            if counts["part"] > counts["whole"]:
                raise DetailsError(
                    f"Mục {code}: số lượng đạt ({counts['part']}) không được lớn hơn tổng số "
                    f"({counts['whole']}).",
                    field="part",
                )
            out.update(counts)
    return out


def derived_percentage(details: dict) -> float | None:
    """The percentage two counts give, to two decimals (what the rule is scored on)."""
    if "part" in details and "whole" in details and details["whole"]:
        return round(details["part"] * 100 / details["whole"], 2)
    return None


def is_claimed(value) -> bool:
    """A yes, or a number above zero: what needs details and evidence before approval."""
    if isinstance(value, bool):
        return value
    return isinstance(value, int | float) and value > 0


def missing_details(asked: tuple[str, ...], details: dict) -> list[str]:
    return [LABELS.get(name, name) for name in asked if not details.get(name)]


def shown_detail(name: str, value) -> str:
    """One stored detail as a person reads it: a code (provenance) by its label, never as stored;
    nothing for an empty one. Every page, workbook and diff that prints a detail goes through it."""
    if value in ("", None):
        return ""
    if name == "provenance":
        return PROVENANCE.get(value, str(value))
    return str(value)


def shown_details(details: dict) -> list[str]:
    """The stored details as a person reads them: codes (provenance) by their label, in the
    order of the form (a JSON column does not keep the order the keys were written in)."""
    order = {name: i for i, name in enumerate(LABELS)}
    items = sorted((details or {}).items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    return [shown_detail(name, value) for name, value in items if value not in ("", None)]
