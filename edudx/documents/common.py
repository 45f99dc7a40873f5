"""What every official document shares (Nghị định 30/2020/NĐ-CP): the issuing unit and its
parent, the number and symbol, the place and date line, the signature block, the recipients.

Pure helpers over units and dates; the document builders (institution.py, authority/,
recognition.py) put their results into the `doc` part of each template context."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.utils import timezone

from edudx.accounts.models import Role, RoleAssignment
from edudx.frameworks.schema import fmt
from edudx.organizations.models import Unit, UnitKind

BLANK = "…"
# What a unit's symbol (ký hiệu) is when it is not made of its name's initials.
KIND_SYMBOLS = {
    UnitKind.MINISTRY: "BGDĐT",
    UnitKind.DEPARTMENT: "SGDĐT",
    UnitKind.LOCAL_OFFICE: "PGDĐT",
    UnitKind.COMMUNE: "UBND",
}
# Whoever signs for each kind of unit (the head's title; a deputy signs "KT. <head>").
HEAD_TITLES = {
    UnitKind.MINISTRY: ("BỘ TRƯỞNG", "THỨ TRƯỞNG"),
    UnitKind.DEPARTMENT: ("GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
    UnitKind.LOCAL_OFFICE: ("TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG"),
    UnitKind.COMMUNE: ("CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
    UnitKind.INSTITUTION: ("HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG"),
}
# Prefixes dropped from a unit's name to leave the place name for the date line.
_PLACE_PREFIXES = re.compile(
    r"^(ủy ban nhân dân|uỷ ban nhân dân|ubnd|phòng giáo dục và đào tạo|phòng gdđt|phòng gd&đt"
    r"|sở giáo dục và đào tạo|sở gdđt|sở gd&đt)\s+"
    r"((xã|phường|thị trấn|đặc khu|huyện|quận|thị xã|thành phố|tỉnh|tp\.?)\s+)?",
    re.IGNORECASE,
)
_INSTITUTION_PREFIX = re.compile(r"^(trường|trung tâm)\s+", re.IGNORECASE)
_WORDS = {
    "mầm non": "MN",
    "tiểu học": "TH",
    "trung học cơ sở": "THCS",
    "trung học phổ thông": "THPT",
    "giáo dục thường xuyên": "GDTX",
}


class DocumentUnavailable(Exception):
    """The document cannot be made yet (its data does not exist); the message says why."""


def upper(text: str) -> str:
    return (text or "").upper()


def _ascii_initial(word: str) -> str:
    ch = word[0]
    if ch in "đĐ":
        return "Đ"
    return unicodedata.normalize("NFD", ch)[0].upper()


def symbol_of(unit: Unit) -> str:
    """The unit's part of a document symbol: "THLL" for Trường Tiểu học Lê Lợi, "UBND" for a
    commune, "SGDĐT" for a province department."""
    if unit.kind != UnitKind.INSTITUTION:
        return KIND_SYMBOLS.get(unit.kind, "")
    name = _INSTITUTION_PREFIX.sub("", unit.name.strip())
    parts = []
    lowered = name.lower()
    for phrase, short in _WORDS.items():  # "Tiểu học" → TH (not "TH" + "H")
        if lowered.startswith(phrase):
            parts.append(short)
            name = name[len(phrase) :]
            break
    for word in re.split(r"[\s&\-]+", name):
        if word in {"TH", "THCS", "THPT", "MN", "GDTX", "PTDTBT", "PTDTNT"}:
            parts.append(word)
        elif word:
            parts.append(_ascii_initial(word))
    return "".join(parts) or unit.code


def number_text(kind: str, unit: Unit, number: str = "") -> str:
    """ "12/QĐ-THLL" from a bare number, a full number as recorded ("126/QĐ-UBND") as it is,
    "…/QĐ-THLL" for the clerk to fill when there is none."""
    number = (number or "").strip()
    if "/" in number:
        return number
    return f"{number or BLANK}/{kind}-{symbol_of(unit)}"


def number_line(kind: str, unit: Unit, number: str = "") -> str:
    """ "Số: 12/QĐ-THLL", or "Số: …/QĐ-THLL" for the clerk to fill."""
    return f"Số: {number_text(kind, unit, number)}"


def place_name(unit: Unit, ancestors: list[Unit] | None = None) -> str:
    """The place of the date line: the commune, district or province the unit belongs to (its
    own name for an authority, its authority's for an institution)."""
    chain = [unit, *(ancestors if ancestors is not None else _ancestors(unit))]
    for u in chain:
        if u.kind in (UnitKind.COMMUNE, UnitKind.LOCAL_OFFICE, UnitKind.DEPARTMENT):
            stripped = _PLACE_PREFIXES.sub("", u.name.strip())
            return stripped.strip() or u.name
    authority = unit.parent or unit
    return authority.name


_OWN_PREFIX = re.compile(
    r"^(phòng giáo dục và đào tạo|phòng gdđt|phòng gd&đt|sở giáo dục và đào tạo|sở gdđt|sở gd&đt)\s+",
    re.IGNORECASE,
)
_COMMUNE_PREFIX = re.compile(r"^(ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+", re.IGNORECASE)
_HAS_LEVEL = re.compile(r"^(tỉnh|thành phố|tp\.?|huyện|quận|thị xã)\s", re.IGNORECASE)
# The centrally-run cities: their people's committee is "UBND THÀNH PHỐ …", every other
# province's "UBND TỈNH …" (Nghị quyết 202/2025/QH15).
CENTRAL_CITIES = {"hà nội", "hồ chí minh", "hải phòng", "đà nẵng", "cần thơ", "huế"}
# The issuing body's own name (second header line) when the unit is an education authority.
BODY_NAMES = {
    UnitKind.MINISTRY: "BỘ GIÁO DỤC VÀ ĐÀO TẠO",
    UnitKind.DEPARTMENT: "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
    UnitKind.LOCAL_OFFICE: "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
}


def _people_committee_of(place: str, kind: str) -> str:
    """ "UBND THÀNH PHỐ HẢI PHÒNG" for "Hải Phòng", "UBND TỈNH QUẢNG NINH", "UBND HUYỆN THỦY
    NGUYÊN" for an office named "… huyện Thủy Nguyên" (the level is kept when the name has it)."""
    place = place.strip()
    if kind == UnitKind.DEPARTMENT and not _HAS_LEVEL.match(place):
        level = "thành phố" if place.lower() in CENTRAL_CITIES else "tỉnh"
        place = f"{level} {place}"
    return f"UBND {upper(place)}"


def issuing_body(unit: Unit, chain: list[Unit]) -> tuple[str, str]:
    """(cơ quan chủ quản, tên cơ quan ban hành) as Nghị định 30 practice writes them for each
    kind of unit — the second may hold a line break, printed as two bold lines:

    - a school: its managing authority as named ("UBND PHƯỜNG LÊ CHÂN", "SỞ GDĐT HẢI PHÒNG"),
      then its own name;
    - a commune's people's committee has no parent: "ỦY BAN NHÂN DÂN" over "PHƯỜNG LÊ CHÂN";
    - an education office or department belongs to the people's committee of its district or
      province, which the tree does not hold, so that line is derived from its own name
      ("Sở GDĐT Hải Phòng" → "UBND THÀNH PHỐ HẢI PHÒNG" over "SỞ GIÁO DỤC VÀ ĐÀO TẠO");
    - the ministry stands alone."""
    name = (unit.name or "").strip()
    if unit.kind == UnitKind.INSTITUTION:
        return (upper(chain[0].name) if chain else ""), upper(name)
    if unit.kind == UnitKind.COMMUNE:
        place = _COMMUNE_PREFIX.sub("", name)
        return "", f"ỦY BAN NHÂN DÂN\n{upper(place)}" if place != name else upper(name)
    if unit.kind in (UnitKind.LOCAL_OFFICE, UnitKind.DEPARTMENT):
        rest = _OWN_PREFIX.sub("", name)
        if rest == name:  # not named "Sở GDĐT …": print the name as it is
            return "", upper(name)
        return _people_committee_of(rest, unit.kind), BODY_NAMES[unit.kind]
    return "", BODY_NAMES.get(unit.kind) or upper(name)


def parent_line(unit: Unit, chain: list[Unit]) -> str:
    """The first header line (cơ quan chủ quản); see `issuing_body`."""
    return issuing_body(unit, chain)[0]


def _ancestors(unit: Unit) -> list[Unit]:
    """Parent first, then up to the ministry."""
    out, seen, current = [], 0, unit
    while current.parent_id and seen < 6:
        current = current.parent
        out.append(current)
        seen += 1
    return out


def local_day(moment: dt.datetime | dt.date | None) -> dt.date | None:
    """The day of an act recorded as a moment (approved_at, created_at…), in local time: a
    decision approved at 00:30 on 1 January is dated 1 January, not 31 December in UTC."""
    if moment is None or not isinstance(moment, dt.datetime):
        return moment
    return timezone.localtime(moment).date()


def date_line(place: str, day: dt.date | None) -> str:
    """ "Lê Chân, ngày 05 tháng 02 năm 2026" (NĐ 30: a leading zero for days below 10 and for
    January and February). The day is that of the act the document records; a draft, whose act
    has no day yet, carries today's year with day and month blank for the clerk — never the
    school year's second year, which on 3 December 2026 would have printed "năm 2027"."""
    if day is None:
        return f"{place}, ngày {BLANK} tháng {BLANK} năm {timezone.localdate().year}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def vn_date(day: dt.date | dt.datetime | None) -> str:
    return day.strftime("%d/%m/%Y") if day else BLANK


def points(x: float | None) -> str:
    return BLANK if x is None else fmt(x)


def level_text(level: int | None, names: dict | None = None) -> str:
    if not level:
        return "Chưa xác định"
    name = (names or {}).get(level)
    return f"Mức độ {level}" + (f" ({name})" if name else "")


def person_name(user) -> str:
    if user is None:
        return ""
    return getattr(user, "display_name", None) or user.get_full_name() or user.get_username()


def head_of(unit: Unit):
    """The user holding the head role on an institution, or None."""
    ra = (
        RoleAssignment.objects.filter(unit=unit, role=Role.INSTITUTION_HEAD)
        .select_related("user")
        .order_by("granted_at", "pk")
        .first()
    )
    return ra.user if ra else None


def signature(unit: Unit, *, name: str = "", deputy: bool = False) -> dict:
    """The signature block: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" when a deputy signs."""
    head, vice = HEAD_TITLES.get(unit.kind, ("THỦ TRƯỞNG ĐƠN VỊ", "PHÓ THỦ TRƯỞNG"))
    if unit.kind == UnitKind.INSTITUTION and (unit.name or "").lower().startswith("trung tâm"):
        head, vice = "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"
    if deputy:
        return {"kt": f"KT. {head}", "position": vice, "name": name}
    return {"kt": "", "position": head, "name": name}


def header(
    unit: Unit,
    *,
    kind: str,
    title: str,
    subtitle: str = "",
    day: dt.date | None = None,
    number: str = "",
    ancestors: list[Unit] | None = None,
    numbered: bool = True,
) -> dict:
    """The `doc` part of a context: header lines, number, place and date, title. A list that
    carries no number in practice (Danh mục minh chứng) passes `numbered=False`."""
    chain = ancestors if ancestors is not None else _ancestors(unit)
    parent, body = issuing_body(unit, chain)
    numbered_as = number_text(kind, unit, number)
    return {
        "parent_name": parent,
        "unit_name": body,
        "unit_plain": unit.name,
        "number_line": number_line(kind, unit, number) if numbered else "",
        # "số …/QĐ-UBND ngày … tháng … năm 2026": how an annex names its decision.
        "reference": f"số {numbered_as} " + date_line("", day).removeprefix(", "),
        "place_date": date_line(place_name(unit, chain), day),
        "title": title,
        "subtitle": subtitle,
    }
