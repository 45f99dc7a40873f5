"""The Vietnamese wording of an index's rules, written and read back.

One grammar serves both directions so the round trip holds: what `item_lines`/`level_line` write
is exactly what `parse_band`/`parse_option`/`parse_level` read ("Dưới 30%: tối đa 2 điểm", "Mức độ
1: dưới 10 điểm", "File PDF [pdf_file]: tối đa 3 điểm"). People also type these cells by hand from
a printed annex, so reading accepts more than writing produces: "ít hơn", "<=", "30%-60%", a dot
as decimal separator.

A line may carry the decision's own wording after a dash, in quotes ('Trên 60% đến 100%: tối đa 7
điểm — ">60%: tối đa 7 điểm"'): the part before the dash is the rule EduDX scores by, the quoted
part is only shown. `Line` keeps the two apart so the annex page (which shows the printed wording)
and the workbook (which writes both) say the same thing.

Nothing here knows about sheets or cells' places (no openpyxl): the annex page (`annex.py`) uses
the same wording, and importing it must not pull the page into the workbook code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from edudx.core.files import cell_text as text
from edudx.core.files import label_key as key  # noqa: F401  (the workbook reader compares with it)
from edudx.frameworks import schema
from edudx.frameworks.schema import fmt, num

# A valid wording per kind of rule, quoted in the problem shown for a line that cannot be read.
EXAMPLES = {
    "boolean": "Tối đa 6 điểm",
    "percentage": "Dưới 30%: tối đa 2 điểm",
    "count": "Từ 20 đến dưới 40 học liệu: tối đa 6 điểm",
    "level": "Mức độ 2: tối đa 5 điểm",
    "choice": "File PDF [pdf_file]: tối đa 3 điểm",
    "levels": "Mức độ 1: dưới 10 điểm",
}

NUM = r"\d+(?:[.,]\d+)?"
_TEXT = r"(?:\s*[—–-]\s*[\"“](?P<text>.*)[\"”])?"
_BOOLEAN_RE = re.compile(rf"tối đa\s+(?P<cap>{NUM})\s*điểm", re.I)
_BAND_RE = re.compile(rf"(?P<rule>.+?)\s*:\s*tối đa\s+(?P<cap>{NUM})\s*điểm{_TEXT}", re.I)
_LEVEL_RE = re.compile(rf"mức(?:\s+độ)?\s+(?P<level>\d+)\s*:\s*(?P<rule>.+?){_TEXT}", re.I)
_OPTION_RE = re.compile(r"(?P<label>.*?)\s*\[(?P<value>[^\[\]]+)\]")
_LOW = {
    "từ": "from",
    "trên": "above",
    "nhiều hơn": "above",
    ">=": "from",
    "≥": "from",
    ">": "above",
}
_HIGH = {
    "đến": "to",
    "dưới": "below",
    "đến dưới": "below",
    "ít hơn": "below",
    "<=": "to",
    "≤": "to",
    "<": "below",
}


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_RANGE_RE = re.compile(
    rf"(?:(?P<lk>{_alternatives(_LOW)}) ?(?P<lo>{NUM}))? ?(?:(?P<hk>{_alternatives(_HIGH)}) ?(?P<hi>{NUM}))?"
)


class CellError(ValueError):
    """A cell whose content cannot be read; the message is shown after the cell reference."""


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def capitalize(text: str) -> str:
    """Upper-case the first letter only: str.capitalize would also lower a unit such as 'GB'."""
    return text[:1].upper() + text[1:]


def range_text(iv: schema.Interval, unit: str) -> str:
    """'dưới 30%', 'từ 30% đến 60%', 'từ 20 đến dưới 40 học liệu': '%' follows each number, a
    word unit is said once at the end."""
    glued = unit == "%"

    def number(x: float) -> str:
        return fmt(x) + (unit if glued else "")

    if iv.low is None and iv.high is None:
        return "mọi giá trị"
    if iv.low is not None and iv.low == iv.high:
        text = f"bằng {number(iv.low)}"
    else:
        parts = []
        if iv.low is not None:
            parts.append(("từ " if iv.low_inclusive else "trên ") + number(iv.low))
        if iv.high is not None:
            high = "đến " if iv.high_inclusive else "đến dưới " if parts else "dưới "
            parts.append(high + number(iv.high))
        text = " ".join(parts)
    return f"{text} {unit}" if unit and not glued else text


@dataclass(frozen=True)
class Line:
    """One line of a 'Điểm thành phần' or 'Mức độ' cell: `head` + `rule` is EduDX's wording,
    `printed` the decision's own wording when it has one.

    A printed wording replaces the `rule` only: for a level the head "Mức độ 1: " stays, since the
    decision prints the threshold and the reader still needs to know which level it is."""

    rule: str
    printed: str = ""
    head: str = ""

    @property
    def cell(self) -> str:
        """As written in the workbook: the rule, then the printed wording quoted after a dash."""
        rule = self.head + self.rule
        return f'{rule} — "{self.printed}"' if self.printed else rule

    @property
    def shown(self) -> str:
        """As shown on the annex page: the decision's wording when printed, else the rule."""
        return self.head + (self.printed or self.rule)


def item_lines(item: schema.Item, option_codes: bool = True, unit: str | None = None) -> list[Line]:
    """The 'Điểm thành phần' lines of an item, its thresholds in `unit` (default: the item's).

    The workbook writes each option's code in brackets so it can be read back; the page leaves it
    out (`option_codes=False`)."""
    unit = item.unit if unit is None else unit
    if item.kind == "boolean":
        return [Line(f"Tối đa {fmt(item.max_points)} điểm")]
    if item.kind == "choice":
        return [
            Line(f"{o.label}{f' [{o.value}]' if option_codes else ''}: tối đa {fmt(o.cap)} điểm")
            for o in item.options
        ]
    out = []
    for band in item.bands:
        if item.kind == "level":
            rule = f"Mức độ {int(band.interval.low)}"
        else:
            rule = capitalize(range_text(band.interval, unit))
        out.append(Line(f"{rule}: tối đa {fmt(band.cap)} điểm", band.text))
    return out


def level_line(lb: schema.LevelBand, unit: str) -> Line:
    """A 'Mức độ' line: 'Mức độ 1: dưới 10 điểm' (unit 'điểm'), or in a suggestion 'Mức độ 1:
    trên 3' (a plain ratio, no unit)."""
    return Line(range_text(lb.interval, unit), lb.text, head=f"Mức độ {lb.level}: ")


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def clean(value):
    """A cell as read: empty text is empty, Vietnamese typed in decomposed form is composed."""
    if isinstance(value, str):
        value = unicodedata.normalize(
            "NFC", value.replace("\r\n", "\n").replace("\r", "\n")
        ).strip()
        return value or None
    return value


def lines(value) -> list[str]:
    return (
        [line.strip() for line in text(value).split("\n") if line.strip()]
        if value is not None
        else []
    )


def number(value):
    if isinstance(value, bool):
        raise CellError("không phải là số")
    if isinstance(value, int | float):
        return num(value)
    written = str(value).strip()
    if not re.fullmatch(NUM, written):
        raise CellError("không phải là số")
    return num(float(written.replace(",", ".")))


def parse_range(rule: str, unit: str) -> dict | None:
    """A Vietnamese range ('từ 30% đến 60%', 'dưới 20 học liệu', '30%-60%') as from/above/to/below."""
    rest = rule.casefold()
    for u in {unit.casefold(), "%"} - {""}:
        rest = rest.replace(u, " ")
    rest = " ".join(rest.split())
    if rest == "mọi giá trị":
        return {}
    if m := re.fullmatch(rf"bằng ({NUM})", rest):
        return {"from": number(m[1]), "to": number(m[1])}
    if m := re.fullmatch(rf"({NUM}) ?[-–] ?({NUM})", rest):
        return {"from": number(m[1]), "to": number(m[2])}
    m = _RANGE_RE.fullmatch(rest)
    if not m or not (m["lk"] or m["hk"]):
        return None
    out = {}
    if m["lk"]:
        out[_LOW[m["lk"]]] = number(m["lo"])
    if m["hk"]:
        out[_HIGH[m["hk"]]] = number(m["hi"])
    return out


def guess_kind(rules: list[str]) -> str:
    """The kind of an item whose 'Loại dữ kiện' is empty, from its wording as an annex row reads."""
    if len(rules) == 1 and _BOOLEAN_RE.fullmatch(rules[0]):
        return "boolean"
    if rules and all(_BAND_RE.fullmatch(x) and "[" in x for x in rules):
        return "choice"
    if rules and all(re.match(r"mức", x, re.I) for x in rules):
        return "level"
    return "percentage" if any("%" in x for x in rules) else "count"


def parse_boolean(rules: list[str]):
    """The cap of a Có/Không item ('Tối đa 6 điểm'), or None."""
    m = _BOOLEAN_RE.fullmatch(rules[0]) if len(rules) == 1 else None
    return number(m["cap"]) if m else None


def parse_band(line: str, kind: str, unit: str) -> dict | None:
    """A band of a level, percentage or count item as the raw mapping of a data file, or None."""
    m = _BAND_RE.fullmatch(line)
    if m and kind == "level":
        level = re.fullmatch(r"mức(?:\s+độ)?\s+(\d+)", m["rule"], re.I)
        interval = {"level": int(level[1])} if level else None
    else:
        interval = parse_range(m["rule"], unit) if m else None
    if interval is None:
        return None
    band = {**interval, "cap": number(m["cap"])}
    if m["text"] is not None:
        band["text"] = m["text"]
    return band


def parse_option(line: str) -> dict | None:
    """An option of a choice item ('File PDF [pdf_file]: tối đa 3 điểm'), or None."""
    m = _BAND_RE.fullmatch(line)
    option = _OPTION_RE.fullmatch(m["rule"]) if m and m["text"] is None else None
    if option is None:
        return None
    return {"value": option["value"].strip(), "label": option["label"], "cap": number(m["cap"])}


def parse_levels(rules: list[str], unit: str) -> tuple[list[dict], list[str]]:
    """The 'Mức độ' lines of a cell as raw level bands, and a problem for each line not read."""
    out, problems = [], []
    for line in rules:
        m = _LEVEL_RE.fullmatch(line)
        interval = parse_range(m["rule"], unit) if m else None
        if interval is None:
            example = EXAMPLES["levels"] if unit else "Mức độ 1: trên 3"
            problems.append(f"không hiểu mức độ '{line}' (ví dụ hợp lệ: '{example}')")
            continue
        level = {"level": int(m["level"]), **interval}
        if m["text"] is not None:
            level["text"] = m["text"]
        out.append(level)
    return out, problems
