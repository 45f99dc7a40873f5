"""An index as an Excel workbook laid out like the annex of its decision.

Authorities receive an index as the annex table of a decision (or a province's guidance) and must be
able to load it without code, by typing that table into a spreadsheet. So the main sheet has the
annex's own six columns in the printed order and its printed wording ("Tối đa 6 điểm", "Mức độ 1:
dưới 10 điểm"); what the annex leaves to the reader but scoring needs (the kind of fact, its unit…)
goes in labelled columns to the right.

Reading builds the same raw mapping as a YAML file and hands it to `schema.parse_framework`, so a
workbook obeys exactly the rules of a data file. Every problem is named by its sheet and cell, in
Vietnamese, because the person fixing it works in Excel, not in our key names. The contract is the
round trip: `read_xlsx(export_xlsx(fw), …) == fw`, human wording of each band included.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import unicodedata
from typing import BinaryIO

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
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
_FIELDS = ("code", "title", "max_points", "bands", "levels", "evidence")
_FIELDS += ("kind", "unit", "details", "evidence_hint", "note")
_COLUMN = {f: get_column_letter(i + 1) for i, f in enumerate(_FIELDS)}
_COLUMN |= {"options": _COLUMN["bands"], "mandatory": _COLUMN["max_points"]}

MANDATORY = "Điều kiện bắt buộc"
KIND_LABELS = {
    "boolean": "Có/Không",
    "count": "Số lượng",
    "percentage": "Tỷ lệ (%)",
    "level": "Mức độ 1-3",
    "choice": "Lựa chọn",
}
EFFECT_LABELS = {
    "group_level_1": "Nhóm tiêu chí xếp mức độ 1",
    "informational": "Chỉ ghi nhận, không ảnh hưởng mức độ",
}
EXAMPLES = {
    "boolean": "Tối đa 6 điểm",
    "percentage": "Dưới 30%: tối đa 2 điểm",
    "count": "Từ 20 đến dưới 40 học liệu: tối đa 6 điểm",
    "level": "Mức độ 2: tối đa 5 điểm",
    "choice": "File PDF [pdf_file]: tối đa 3 điểm",
    "levels": "Mức độ 1: dưới 10 điểm",
}
# (label in column A of "Thông tin", schema path, how to fill it)
_INFO = (
    ("Mã bộ chỉ số", "code", "Mã ngắn, ví dụ: 3276"),
    ("Phiên bản", "version", "Ví dụ: 2024.1. Sửa nội dung đã công bố thì phải đặt phiên bản mới"),
    ("Tên bộ chỉ số", "title", "Tên đầy đủ như trong quyết định"),
    ("Số quyết định", "decision.number", "Ví dụ: 3276/QĐ-BGDĐT"),
    ("Ngày ban hành", "decision.date", "dd/mm/yyyy, ví dụ: 30/10/2024"),
    ("Cơ quan ban hành", "decision.issuer", "Ví dụ: Bộ Giáo dục và Đào tạo"),
    ("Người ký", "decision.signer", ""),
    ("Trích yếu", "decision.title", "Trích yếu của quyết định"),
    (
        "Cấp học áp dụng",
        "education_levels",
        "Cách nhau bởi dấu ;  Mầm non; Tiểu học; THCS; THPT; GDTX",
    ),
    (
        "Đầy đủ",
        "complete",
        "Có: đã nhập đủ phụ lục, dùng để đánh giá được. Không: mới có thông tin chung",
    ),
    ("Tên mức độ 1", "level_names.1", ""),
    ("Tên mức độ 2", "level_names.2", ""),
    ("Tên mức độ 3", "level_names.3", ""),
    (
        "Khi chưa đạt điều kiện bắt buộc",
        "policies.mandatory_unmet",
        " hoặc ".join(f"'{v}'" for v in EFFECT_LABELS.values()),
    ),
    ("Dữ kiện bằng 0 thì được 0 điểm", "policies.zero_fact_scores_zero", "Có/Không"),
    ("Điểm tiêu chí không vượt điểm tối đa", "policies.cap_criterion_at_max", "Có/Không"),
    (
        "Mức độ nhóm (áp dụng chung)",
        "group_levels",
        "Không bắt buộc: ngưỡng mức độ cho các dòng nhóm để trống cột Mức độ",
    ),
    ("Ghi chú", "notes", "Mỗi ghi chú một dòng; thêm dòng 'Ghi chú' nếu cần"),
)
_REQUIRED_INFO = (
    "code",
    "version",
    "title",
    "decision.number",
    "decision.date",
    "education_levels",
)
_SUGGESTION_COLUMNS = ("Mã thành phần", "Diễn giải", "Tử số", "Mẫu số")
_SUGGESTION_COLUMNS += (*schema.EDUCATION_LEVELS.values(), "Ghi chú")
_SUGGESTION_LEVEL_COLUMN = {
    code: get_column_letter(i) for i, code in enumerate(schema.EDUCATION_LEVELS, start=5)
}

_NUM = r"\d+(?:[.,]\d+)?"
_TEXT = r"(?:\s*[—–-]\s*[\"“](?P<text>.*)[\"”])?"
_BOOLEAN_RE = re.compile(rf"tối đa\s+(?P<cap>{_NUM})\s*điểm", re.I)
_BAND_RE = re.compile(rf"(?P<rule>.+?)\s*:\s*tối đa\s+(?P<cap>{_NUM})\s*điểm{_TEXT}", re.I)
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
    rf"(?:(?P<lk>{_alternatives(_LOW)}) ?(?P<lo>{_NUM}))? ?(?:(?P<hk>{_alternatives(_HIGH)}) ?(?P<hi>{_NUM}))?"
)


class _CellError(ValueError):
    """A cell whose content cannot be read; the message is shown after the cell reference."""


# ---------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------


def export_xlsx(fw: schema.Framework) -> bytes:
    wb = Workbook()
    _write_main(wb.active, fw, _title_rows(fw))
    _write_info(wb.create_sheet(INFO), _info_values(fw))
    _write_suggestions(wb.create_sheet(SUGGESTIONS), fw)
    _write_guide(wb.create_sheet(GUIDE))
    return _save(wb)


def template_xlsx() -> bytes:
    """A workbook to fill in: the layout, one worked example, and the metadata left empty so an
    untouched template is refused instead of published as an index."""
    wb = Workbook()
    example = _example()
    titles = ["(Tên bộ chỉ số)", "(Kèm theo Quyết định số … ngày …)", "Xóa các dòng ví dụ bên dưới"]
    _write_main(wb.active, example, titles)
    values = _info_values(example)
    for path in _REQUIRED_INFO:
        values[path] = ""
    _write_info(wb.create_sheet(INFO), values)
    _write_suggestions(wb.create_sheet(SUGGESTIONS), example)
    _write_guide(wb.create_sheet(GUIDE))
    return _save(wb)


def _title_rows(fw: schema.Framework) -> list[str]:
    d = fw.decision
    of = f" của {d.issuer}" if d.issuer else ""
    return [
        fw.title,
        f"(Kèm theo Quyết định số {d.number} ngày {_date_text(d.date)}{of})",
        f"Phiên bản {fw.version}. Thông tin chung ở trang '{INFO}', cách ghi ở trang '{GUIDE}'.",
    ]


def _write_main(ws, fw: schema.Framework, titles: list[str]) -> None:
    ws.title = MAIN
    for text in titles:
        ws.append([text])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
    ws.append([])
    ws.append(ANNEX_COLUMNS + EXTRA_COLUMNS)
    header = ws.max_row
    for group in fw.groups:
        _append(
            ws,
            [
                f"Nhóm {group.code}",
                group.title,
                _num(group.max_points),
                None,
                _levels_text(group.levels),
            ],
        )
        ws.cell(ws.max_row, 1).font = ws.cell(ws.max_row, 2).font = Font(bold=True)
        for cr in group.criteria:
            _append(ws, [
                cr.code,
                cr.title,
                MANDATORY if cr.mandatory else _num(cr.max_points),
                None,
                _levels_text(cr.levels),
                cr.evidence,
                None,
                None,
                "; ".join(cr.details),
                cr.evidence_hint,
                cr.note,
            ])  # fmt: skip
            for item in cr.items:
                _append(ws, [
                    item.code,
                    item.title,
                    None if _implied_max(item) == item.max_points else _num(item.max_points),
                    _points_text(item),
                    None,
                    None,
                    KIND_LABELS[item.kind],
                    item.unit,
                    "; ".join(item.details),
                    item.evidence_hint,
                    item.note,
                ])  # fmt: skip
    _style(ws, header, (9, 60, 11, 42, 34, 26, 13, 10, 24, 30, 40))
    ws.freeze_panes = ws.cell(header + 1, 1)


def _info_values(fw: schema.Framework) -> dict[str, str]:
    d = fw.decision
    policies = fw.policies
    return {
        "code": fw.code,
        "version": fw.version,
        "title": fw.title,
        "decision.number": d.number,
        "decision.date": _date_text(d.date),
        "decision.issuer": d.issuer,
        "decision.signer": d.signer,
        "decision.title": d.title,
        "education_levels": "; ".join(schema.EDUCATION_LEVELS[c] for c in fw.education_levels),
        "complete": _yes_no(fw.complete),
        **{f"level_names.{k}": v for k, v in sorted(fw.level_names.items())},
        "policies.mandatory_unmet": EFFECT_LABELS[policies.mandatory_unmet],
        "policies.zero_fact_scores_zero": _yes_no(policies.zero_fact_scores_zero),
        "policies.cap_criterion_at_max": _yes_no(policies.cap_criterion_at_max),
        "group_levels": "",
        "notes": list(fw.notes),
    }


def _write_info(ws, values: dict) -> None:
    ws.append(["Thông tin", "Giá trị", "Cách ghi"])
    for label, path, hint in _INFO:
        value = values.get(path, "")
        for v in (value or [""]) if isinstance(value, list) else [value]:
            _append(ws, [label, v, hint])
    _style(ws, 1, (36, 80, 60))


def _write_suggestions(ws, fw: schema.Framework) -> None:
    ws.append(_SUGGESTION_COLUMNS)
    for item in fw.items():
        s = item.suggestion
        if s is None:
            continue
        per_level = [
            "\n".join(_level_line(lb, "") for lb in s.bands.get(code, ()))
            for code in schema.EDUCATION_LEVELS
        ]
        _append(ws, [item.code, s.label, s.numerator, s.denominator, *per_level, s.note])
    _style(ws, 1, (14, 36, 20, 14, 40, 40, 40, 40, 40, 60))


def _write_guide(ws) -> None:
    ws.title = GUIDE
    for row in _GUIDE:
        ws.append(row)
        if len(row) == 1:
            ws.cell(ws.max_row, 1).font = Font(bold=True)
    _style(ws, None, (28, 110))


def _style(ws, header: int | None, widths: tuple[int, ...]) -> None:
    for row in ws.iter_rows(min_row=header or 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if cell.row == header:
                cell.font = Font(bold=True)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def _append(ws, values: list) -> None:
    """Append a row, keeping every text a text (a title starting with '=' is not a formula)."""
    ws.append([None if v == "" else v for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _save(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _implied_max(item: schema.Item) -> float:
    """The item maximum a reader infers from the Điểm thành phần cell, so the Điểm tối đa cell can
    stay empty as in the annex unless the decision prints something else."""
    caps = [b.cap for b in item.bands] + [o.cap for o in item.options]
    return max(caps) if caps else item.max_points


def _points_text(item: schema.Item) -> str:
    if item.kind == "boolean":
        return f"Tối đa {_fmt(item.max_points)} điểm"
    if item.kind == "choice":
        return "\n".join(f"{o.label} [{o.value}]: tối đa {_fmt(o.cap)} điểm" for o in item.options)
    lines = []
    for band in item.bands:
        if item.kind == "level":
            rule = f"Mức độ {int(band.interval.low)}"
        else:
            rule = _capitalize(_range_text(band.interval, item.unit))
        lines.append(_with_text(f"{rule}: tối đa {_fmt(band.cap)} điểm", band.text))
    return "\n".join(lines)


def _levels_text(levels) -> str:
    return "\n".join(_level_line(lb, "điểm") for lb in levels)


def _level_line(lb: schema.LevelBand, unit: str) -> str:
    return _with_text(f"Mức độ {lb.level}: {_range_text(lb.interval, unit)}", lb.text)


def _with_text(rule: str, text: str) -> str:
    return f'{rule} — "{text}"' if text else rule


def _range_text(iv: schema.Interval, unit: str) -> str:
    """'dưới 30%', 'từ 30% đến 60%', 'từ 20 đến dưới 40 học liệu': '%' follows each number, a
    word unit is said once at the end."""
    glued = unit == "%"

    def num(x: float) -> str:
        return _fmt(x) + (unit if glued else "")

    if iv.low is None and iv.high is None:
        return "mọi giá trị"
    if iv.low is not None and iv.low == iv.high:
        text = f"bằng {num(iv.low)}"
    else:
        parts = []
        if iv.low is not None:
            parts.append(("từ " if iv.low_inclusive else "trên ") + num(iv.low))
        if iv.high is not None:
            high = "đến " if iv.high_inclusive else "đến dưới " if parts else "dưới "
            parts.append(high + num(iv.high))
        text = " ".join(parts)
    return f"{text} {unit}" if unit and not glued else text


# ---------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------


def read_xlsx(data: bytes | BinaryIO, source: str) -> schema.Framework:
    """Read a workbook in the annex layout, or raise FrameworkError naming every wrong cell.

    The workbook's own problems come first; the schema's rules then run on what could be read, and
    their problems are placed on the cell they concern. Those about a row or sheet that already
    has a problem are left out: they are its consequences, and would only bury the cause."""
    try:
        wb = load_workbook(
            io.BytesIO(data) if isinstance(data, bytes) else data, read_only=True, data_only=True
        )
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise schema.FrameworkError(source, [f"không đọc được tệp Excel (.xlsx): {exc}"]) from None
    try:
        reader = _Reader(wb)
        raw = reader.read()
    finally:
        wb.close()
    problems = list(reader.problems)
    try:
        fw = schema.parse_framework(raw, source)
    except schema.FrameworkError as exc:
        for message in exc.problems:
            place = reader.place(message)
            if not reader.problems:
                problems.append(f"{place}: {message}" if place else message)
            elif place and not reader.already_wrong(place):
                problems.append(f"{place}: {message}")
        raise schema.FrameworkError(source, problems) from None
    if problems:
        raise schema.FrameworkError(source, problems)
    warnings = []
    for message in fw.warnings:
        place = reader.place(message)
        warnings.append(f"{place}: {message}" if place else message)
    return dataclasses.replace(fw, warnings=tuple(warnings))


class _Reader:
    """Turns the sheets into the raw mapping of a data file, remembering where each part came
    from so the schema's problems can be shown on their cell."""

    def __init__(self, wb) -> None:
        self.wb = wb
        self.problems: list[str] = []
        self.places_reported: set[str] = set()  # "Phụ lục!C14", or a whole sheet "Phụ lục"
        self.rows: dict[str, int] = {}  # "nhóm 1" / "tiêu chí 1.3" / "thành phần 1.3.1" → row
        self.suggestion_rows: dict[str, int] = {}
        self.info_rows: dict[str, int] = {}
        self.items: dict[str, dict] = {}

    def error(self, place: str, message: str) -> None:
        self.problems.append(f"{place}: {message}")
        self.places_reported.add(place)

    def already_wrong(self, place: str) -> bool:
        """Whether a place is a whole sheet, or on a row or sheet that already has a problem."""
        sheet, row = _sheet_row(place)
        reported = {_sheet_row(p) for p in self.places_reported}
        return row is None or (sheet, None) in reported or (sheet, row) in reported

    def sheet(self, name: str):
        if name in self.wb.sheetnames:
            return self.wb[name]
        self.error(
            name,
            f"thiếu trang tính '{name}' — tệp không theo mẫu phụ lục của EduDX "
            f"(các trang có trong tệp: {', '.join(self.wb.sheetnames)}); "
            "hãy tải tệp mẫu và nhập lại theo mẫu",
        )
        return None

    def read(self) -> dict:
        raw: dict = {"schema": schema.SCHEMA_VERSION}
        info, main = self.sheet(INFO), self.sheet(MAIN)
        if info is not None:
            raw |= self.read_info(info)
        raw["groups"] = self.read_main(main) if main is not None else []
        if SUGGESTIONS in self.wb.sheetnames and MAIN not in self.places_reported:
            self.read_suggestions(self.wb[SUGGESTIONS])
        return raw

    # --- Thông tin -----------------------------------------------------------------------

    def read_info(self, ws) -> dict:
        by_label = {_key(label): path for label, path, _ in _INFO}
        labels = {path: label for label, path, _ in _INFO}
        raw: dict = {}
        for r, values in enumerate(ws.iter_rows(values_only=True), start=1):
            label, value = (_clean(v) for v in (*values, None, None)[:2])
            if r == 1 and _key(str(label)) == _key("Thông tin"):
                continue
            if label is None:
                if value is not None:
                    self.error(f"{INFO}!A{r}", "thiếu tên thông tin cho giá trị ở cột B")
                continue
            path = by_label.get(_key(str(label)))
            if path is None:
                known = ", ".join(f"'{lb}'" for lb, _, _ in _INFO)
                self.error(
                    f"{INFO}!A{r}", f"không biết thông tin '{label}' (dùng một trong: {known})"
                )
                continue
            if path == "notes":
                if value is not None:
                    self.info_rows[f"notes[{len(raw.get('notes', []))}]"] = r
                    raw.setdefault("notes", []).append(_text(value))
                continue
            if path in self.info_rows:
                self.error(f"{INFO}!A{r}", f"thông tin '{label}' bị ghi hai lần")
                continue
            self.info_rows[path] = r
            if value is None:
                continue
            try:
                _set(raw, path, _INFO_READERS.get(path, _text)(value))
            except _CellError as exc:
                self.error(f"{INFO}!B{r}", str(exc))
        for path in _REQUIRED_INFO:
            if _get(raw, path) not in (None, "", []):
                continue
            if path not in self.info_rows:
                self.error(INFO, f"thiếu dòng '{labels[path]}'")
            elif f"{INFO}!B{self.info_rows[path]}" not in self.places_reported:
                self.error(f"{INFO}!B{self.info_rows[path]}", f"chưa ghi '{labels[path]}'")
        return raw

    # --- Phụ lục -------------------------------------------------------------------------

    def read_main(self, ws) -> list[dict]:
        rows = [tuple(_clean(v) for v in values) for values in ws.iter_rows(values_only=True)]
        expected = [_key(c) for c in ANNEX_COLUMNS]
        header = next(
            (i for i, v in enumerate(rows[:20]) if [_key(str(c or "")) for c in v[:6]] == expected),
            None,
        )
        if header is None:
            self.error(
                MAIN,
                f"không tìm thấy dòng tiêu đề cột '{' | '.join(ANNEX_COLUMNS)}' trong 20 dòng đầu "
                "(các cột phải đúng tên và đúng thứ tự như phụ lục)",
            )
            return []
        columns = dict(enumerate(_FIELDS[:6]))
        extras = {_key(c): f for c, f in zip(EXTRA_COLUMNS, _FIELDS[6:], strict=True)}
        for i, name in enumerate(rows[header][6:], start=6):
            if name is None:
                continue
            field = extras.get(_key(str(name)))
            if field is None or field in columns.values():
                self.error(
                    f"{MAIN}!{get_column_letter(i + 1)}{header + 1}",
                    f"cột '{name}' không được hỗ trợ hoặc bị lặp (các cột thêm: {', '.join(EXTRA_COLUMNS)})",
                )
                continue
            columns[i] = field
        groups: list[dict] = []
        state: dict = {"group": None, "criterion": None}
        for r, values in enumerate(rows[header + 1 :], start=header + 2):
            cells = {}
            for i, v in enumerate(values):
                if v is None:
                    continue
                if i not in columns:
                    self.error(
                        f"{MAIN}!{get_column_letter(i + 1)}{r}", "ô nằm ngoài các cột của mẫu"
                    )
                else:
                    cells[columns[i]] = v
            if cells:
                self.read_row(r, cells, groups, state)
        return groups

    def read_row(self, r: int, cells: dict, groups: list, state: dict) -> None:
        code = _text(cells.get("code", ""))
        if re.match(r"nhóm\b", code, re.I):
            state["group"], state["criterion"] = self.read_group(r, cells, code), None
            groups.append(state["group"])
        elif "bands" in cells or "kind" in cells:
            if state["criterion"] is None:
                self.error(f"{MAIN}!A{r}", "dòng điểm thành phần nằm trước mọi tiêu chí")
            else:
                state["criterion"].setdefault("items", []).append(
                    self.read_item(r, cells, state["criterion"])
                )
        elif code:
            if state["group"] is None:
                self.error(
                    f"{MAIN}!A{r}",
                    f"tiêu chí '{code}' nằm trước mọi dòng nhóm (thêm dòng 'Nhóm 1' phía trên)",
                )
            else:
                state["criterion"] = self.read_criterion(r, cells, code)
                state["group"]["criteria"].append(state["criterion"])
        else:
            self.error(
                f"{MAIN}!A{r}",
                "dòng có nội dung nhưng thiếu STT (mã tiêu chí) và thiếu Điểm thành phần",
            )

    def read_group(self, r: int, cells: dict, stt: str) -> dict:
        m = re.match(r"nhóm\s*([^\s.:]*)[.:]?\s*(.*)", stt, re.I | re.S)
        code, rest = m[1], m[2]
        title = _text(cells.get("title", "")) or rest
        if not code:
            self.error(f"{MAIN}!A{r}", "thiếu số thứ tự nhóm (ví dụ: 'Nhóm 1')")
        elif rest and "title" in cells:
            self.error(
                f"{MAIN}!A{r}", "tên nhóm ghi ở cả cột STT và cột Tiêu chí; chỉ ghi ở cột Tiêu chí"
            )
        self.rows[f"nhóm {code}"] = r
        self.unused(r, cells, ("code", "title", "max_points", "levels"), "dòng nhóm")
        group = {"code": code, "title": title, "criteria": []}
        if "max_points" in cells:
            group["max_points"] = self.number(r, cells, "max_points")
        if "levels" in cells:
            group["levels"] = self.levels(f"{MAIN}!E{r}", cells["levels"], "điểm")
        return group

    def read_criterion(self, r: int, cells: dict, code: str) -> dict:
        self.rows[f"tiêu chí {code}"] = r
        self.unused(r, cells, _FIELDS[:3] + _FIELDS[4:6] + _FIELDS[8:], "dòng tiêu chí")
        criterion = {"code": code, "title": _text(cells.get("title", ""))}
        max_points = cells.get("max_points")
        if isinstance(max_points, str) and _key(max_points) == _key(MANDATORY):
            criterion["mandatory"] = True
        elif max_points is not None:
            criterion["max_points"] = self.number(r, cells, "max_points", mandatory_allowed=True)
        if "levels" in cells:
            criterion["levels"] = self.levels(f"{MAIN}!E{r}", cells["levels"], "điểm")
        self.common(criterion, cells)
        if "evidence" in cells:
            criterion["evidence"] = _text(cells["evidence"])
        return criterion

    def read_item(self, r: int, cells: dict, criterion: dict) -> dict:
        code = (
            _text(cells.get("code", ""))
            or f"{criterion['code']}.{len(criterion.get('items', [])) + 1}"
        )
        self.rows[f"thành phần {code}"] = r
        self.unused(r, cells, _FIELDS[:4] + _FIELDS[6:], "dòng điểm thành phần")
        item: dict = {"code": code, "title": _text(cells.get("title", ""))}
        self.items[code] = item
        lines = _lines(cells.get("bands", ""))
        kind = self.kind(r, cells.get("kind"), lines)
        if kind is None:
            return item
        item["kind"] = kind
        if "unit" in cells:
            item["unit"] = _text(cells["unit"])
        place = f"{MAIN}!D{r}"
        caps = []
        if kind == "boolean":
            m = _BOOLEAN_RE.fullmatch(lines[0]) if len(lines) == 1 else None
            if m:
                caps.append(_number(m["cap"]))
            else:
                self.not_understood(place, " / ".join(lines) or "(trống)", kind)
        elif kind == "choice":
            item["options"] = [o for o in (self.option(place, line) for line in lines) if o]
            caps = [o["cap"] for o in item["options"]]
        else:
            item["bands"] = [
                b
                for b in (self.band(place, line, kind, item.get("unit", "")) for line in lines)
                if b
            ]
            caps = [b["cap"] for b in item["bands"]]
        if "max_points" in cells:
            item["max_points"] = self.number(r, cells, "max_points")
            if kind == "boolean" and caps and item["max_points"] != caps[0]:
                self.error(
                    f"{MAIN}!C{r}",
                    f"điểm tối đa {_fmt(item['max_points'])} khác 'Tối đa {_fmt(caps[0])} điểm' ở cột Điểm thành phần",
                )
        elif caps:
            item["max_points"] = max(caps)
        self.common(item, cells)
        return item

    def common(self, target: dict, cells: dict) -> None:
        if "details" in cells:
            target["details"] = [d.strip() for d in _text(cells["details"]).split(";") if d.strip()]
        for field in ("evidence_hint", "note"):
            if field in cells:
                target[field] = _text(cells[field])

    def unused(self, r: int, cells: dict, allowed: tuple, what: str) -> None:
        for field in cells:
            if field not in allowed:
                column = _FIELDS.index(field)
                name = (ANNEX_COLUMNS + EXTRA_COLUMNS)[column]
                self.error(
                    f"{MAIN}!{_COLUMN[field]}{r}",
                    f"cột '{name}' không dùng cho {what}; hãy để trống",
                )

    def number(self, r: int, cells: dict, field: str, mandatory_allowed: bool = False):
        value = cells[field]
        try:
            return _number(value)
        except _CellError:
            hint = f" hoặc '{MANDATORY}'" if mandatory_allowed else ""
            self.error(
                f"{MAIN}!{_COLUMN[field]}{r}", f"'{value}' không phải là số điểm (ghi một số{hint})"
            )
            return None

    def kind(self, r: int, value, lines: list[str]) -> str | None:
        if value is None:  # not labelled: guess from the wording, as an annex row reads
            if len(lines) == 1 and _BOOLEAN_RE.fullmatch(lines[0]):
                return "boolean"
            if lines and all(_BAND_RE.fullmatch(x) and "[" in x for x in lines):
                return "choice"
            if lines and all(re.match(r"mức", x, re.I) for x in lines):
                return "level"
            return "percentage" if any("%" in x for x in lines) else "count"
        by_key = {_key(label): kind for kind, label in KIND_LABELS.items()}
        by_key |= {kind: kind for kind in KIND_LABELS}
        kind = by_key.get(_key(str(value)))
        if kind is None:
            self.error(
                f"{MAIN}!G{r}",
                f"loại dữ kiện '{value}' không hợp lệ (dùng một trong: {', '.join(KIND_LABELS.values())})",
            )
        return kind

    def not_understood(self, place: str, line: str, example_key: str) -> None:
        self.error(place, f"không hiểu quy tắc '{line}' (ví dụ hợp lệ: '{EXAMPLES[example_key]}')")

    def band(self, place: str, line: str, kind: str, unit: str) -> dict | None:
        m = _BAND_RE.fullmatch(line)
        if m and kind == "level":
            level = re.fullmatch(r"mức(?:\s+độ)?\s+(\d+)", m["rule"], re.I)
            interval = {"level": int(level[1])} if level else None
        else:
            interval = _parse_range(m["rule"], unit) if m else None
        if interval is None:
            self.not_understood(place, line, kind)
            return None
        band = {**interval, "cap": _number(m["cap"])}
        if m["text"] is not None:
            band["text"] = m["text"]
        return band

    def option(self, place: str, line: str) -> dict | None:
        m = _BAND_RE.fullmatch(line)
        option = _OPTION_RE.fullmatch(m["rule"]) if m and m["text"] is None else None
        if option is None:
            self.not_understood(place, line, "choice")
            return None
        return {
            "value": option["value"].strip(),
            "label": option["label"],
            "cap": _number(m["cap"]),
        }

    def levels(self, place: str, value, unit: str) -> list[dict]:
        out = []
        for line in _lines(value):
            m = _LEVEL_RE.fullmatch(line)
            interval = _parse_range(m["rule"], unit) if m else None
            if interval is None:
                example = EXAMPLES["levels"] if unit else "Mức độ 1: trên 3"
                self.error(place, f"không hiểu mức độ '{line}' (ví dụ hợp lệ: '{example}')")
                continue
            level = {"level": int(m["level"]), **interval}
            if m["text"] is not None:
                level["text"] = m["text"]
            out.append(level)
        return out

    # --- Gợi ý mức độ --------------------------------------------------------------------

    def read_suggestions(self, ws) -> None:
        rows = [tuple(_clean(v) for v in values) for values in ws.iter_rows(values_only=True)]
        if not rows or [_key(str(c or "")) for c in rows[0][: len(_SUGGESTION_COLUMNS)]] != [
            _key(c) for c in _SUGGESTION_COLUMNS
        ]:
            self.error(
                f"{SUGGESTIONS}!A1",
                f"dòng 1 phải là tiêu đề cột: {' | '.join(_SUGGESTION_COLUMNS)}",
            )
            return
        for r, values in enumerate(rows[1:], start=2):
            values = (*values, *[None] * len(_SUGGESTION_COLUMNS))
            if not any(values):
                continue
            code = _text(values[0] or "")
            item = self.items.get(code)
            if item is None:
                self.error(
                    f"{SUGGESTIONS}!A{r}", f"không có điểm thành phần '{code}' ở trang '{MAIN}'"
                )
                continue
            self.suggestion_rows[code] = r
            suggestion: dict = {
                "label": values[1],
                "numerator": values[2],
                "denominator": values[3],
            }
            suggestion = {k: _text(v) for k, v in suggestion.items() if v is not None}
            suggestion["bands"] = {}
            for i, level_code in enumerate(schema.EDUCATION_LEVELS, start=4):
                if values[i] is not None:
                    place = f"{SUGGESTIONS}!{get_column_letter(i + 1)}{r}"
                    suggestion["bands"][level_code] = self.levels(place, values[i], "")
            if values[9] is not None:
                suggestion["note"] = _text(values[9])
            for i in range(len(_SUGGESTION_COLUMNS), len(values)):
                if values[i] is not None:
                    self.error(
                        f"{SUGGESTIONS}!{get_column_letter(i + 1)}{r}",
                        "ô nằm ngoài các cột của mẫu",
                    )
            item["suggestion"] = suggestion

    # --- Placing the schema's problems on cells ------------------------------------------

    def place(self, message: str) -> str | None:
        """The cell a schema problem is about, from its 'where' prefix ('thành phần 1.6.1.bands[0]')."""
        where = message.split(": ", 1)[0]
        for key in sorted(self.rows, key=len, reverse=True):
            if where == key or where.startswith((key + ".", key + "[")):
                field = re.match(r"\w*", where[len(key) + 1 :])[0]
                row = self.suggestion_rows.get(key.removeprefix("thành phần "))
                if field == "suggestion" and row:
                    level = re.search(r"\.bands\.(\w+)", where)
                    column = _SUGGESTION_LEVEL_COLUMN.get(level[1], "A") if level else "A"
                    return f"{SUGGESTIONS}!{column}{row}"
                return f"{MAIN}!{_COLUMN.get(field, 'A')}{self.rows[key]}"
        for path, row in self.info_rows.items():
            if where == path or where.startswith((path + ".", path + "[")):
                return f"{INFO}!B{row}"
        if where == "groups":
            return MAIN
        return None


# ---------------------------------------------------------------------------------------------
# Cell values
# ---------------------------------------------------------------------------------------------


def _sheet_row(place: str) -> tuple[str, str | None]:
    """'Phụ lục!C14' → ('Phụ lục', '14'); a whole sheet 'Phụ lục' → ('Phụ lục', None)."""
    sheet, _, ref = place.partition("!")
    return sheet, ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") or None


def _clean(value):
    """A cell as read: empty text is empty, Vietnamese typed in decomposed form is composed."""
    if isinstance(value, str):
        value = unicodedata.normalize(
            "NFC", value.replace("\r\n", "\n").replace("\r", "\n")
        ).strip()
        return value or None
    return value


def _key(label: str) -> str:
    return " ".join(unicodedata.normalize("NFC", label).casefold().split())


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _lines(value) -> list[str]:
    return (
        [line.strip() for line in _text(value).split("\n") if line.strip()]
        if value is not None
        else []
    )


def _number(value):
    if isinstance(value, bool):
        raise _CellError("không phải là số")
    if isinstance(value, int | float):
        return _num(value)
    text = str(value).strip()
    if not re.fullmatch(_NUM, text):
        raise _CellError("không phải là số")
    return _num(float(text.replace(",", ".")))


def _parse_range(rule: str, unit: str) -> dict | None:
    """A Vietnamese range ('từ 30% đến 60%', 'dưới 20 học liệu', '30%-60%') as from/above/to/below."""
    text = rule.casefold()
    for u in {unit.casefold(), "%"} - {""}:
        text = text.replace(u, " ")
    text = " ".join(text.split())
    if text == "mọi giá trị":
        return {}
    if m := re.fullmatch(rf"bằng ({_NUM})", text):
        return {"from": _number(m[1]), "to": _number(m[1])}
    if m := re.fullmatch(rf"({_NUM}) ?[-–] ?({_NUM})", text):
        return {"from": _number(m[1]), "to": _number(m[2])}
    m = _RANGE_RE.fullmatch(text)
    if not m or not (m["lk"] or m["hk"]):
        return None
    out = {}
    if m["lk"]:
        out[_LOW[m["lk"]]] = _number(m["lo"])
    if m["hk"]:
        out[_HIGH[m["hk"]]] = _number(m["hi"])
    return out


def _read_date(value) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
            return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise _CellError(f"ngày '{text}' không hợp lệ (ghi dạng dd/mm/yyyy, ví dụ 30/12/2022)")


def _read_education_levels(value) -> list[str]:
    by_key = {_key(label): code for code, label in schema.EDUCATION_LEVELS.items()}
    by_key |= {code: code for code in schema.EDUCATION_LEVELS}
    out = []
    for part in re.split(r"[;,]", _text(value)):
        if not part.strip():
            continue
        code = by_key.get(_key(part))
        if code is None:
            names = "; ".join(schema.EDUCATION_LEVELS.values())
            raise _CellError(f"cấp học '{part.strip()}' không hợp lệ (dùng: {names})")
        out.append(code)
    return out


def _read_yes_no(value) -> bool:
    if isinstance(value, bool):
        return value
    answer = {"có": True, "không": False}.get(_key(str(value)))
    if answer is None:
        raise _CellError(f"ghi 'Có' hoặc 'Không' (nhận được '{value}')")
    return answer


def _read_effect(value) -> str:
    by_key = {_key(label): code for code, label in EFFECT_LABELS.items()}
    by_key |= {code: code for code in EFFECT_LABELS}
    effect = by_key.get(_key(str(value)))
    if effect is None:
        labels = " hoặc ".join(f"'{v}'" for v in EFFECT_LABELS.values())
        raise _CellError(f"ghi {labels} (nhận được '{value}')")
    return effect


def _read_group_levels(value) -> list[dict]:
    reader = _Reader(None)
    levels = reader.levels("", value, "điểm")
    if reader.problems:
        raise _CellError("; ".join(p.removeprefix(": ") for p in reader.problems))
    return levels


_INFO_READERS = {
    "decision.date": _read_date,
    "education_levels": _read_education_levels,
    "complete": _read_yes_no,
    "policies.zero_fact_scores_zero": _read_yes_no,
    "policies.cap_criterion_at_max": _read_yes_no,
    "policies.mandatory_unmet": _read_effect,
    "group_levels": _read_group_levels,
}


def _set(raw: dict, path: str, value) -> None:
    head, _, tail = path.partition(".")
    if not tail:
        raw[head] = value
    else:
        raw.setdefault(head, {})[int(tail) if tail.isdigit() else tail] = value


def _get(raw: dict, path: str):
    head, _, tail = path.partition(".")
    return raw.get(head) if not tail else raw.get(head, {}).get(tail)


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def _fmt(x: float) -> str:
    """Numbers as Vietnamese write them: 7, 4,5."""
    return str(_num(x)).replace(".", ",")


def _yes_no(flag: bool) -> str:
    return "Có" if flag else "Không"


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def _date_text(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def _example() -> schema.Framework:
    """The worked example of the template: one group, a mandatory condition, one scored criterion
    with an item of the three commonest kinds."""
    return schema.parse_framework(yaml.safe_load(_EXAMPLE), "mẫu")


_EXAMPLE = """
code: VI-DU
version: "1"
title: Ví dụ
decision: {number: "…", date: 2024-01-01}
education_levels: [preschool]
group_levels:
  - {level: 1, below: 8, text: "dưới 8 điểm"}
  - {level: 2, from: 8, to: 14, text: "từ 8 - 14 điểm"}
  - {level: 3, above: 14, text: "trên 14 điểm"}
groups:
  - code: "1"
    title: Tên nhóm tiêu chí (ví dụ)
    max_points: 20
    criteria:
      - code: "1.1"
        title: Có ban hành kế hoạch … (ví dụ điều kiện bắt buộc)
        mandatory: true
        evidence: Điều kiện bắt buộc
        details: [document_number, document_date, link]
      - code: "1.2"
        title: Tên tiêu chí tính điểm (ví dụ)
        max_points: 20
        evidence: Đường link
        levels:
          - {level: 1, below: 8}
          - {level: 2, from: 8, to: 14}
          - {level: 3, above: 14}
        items:
          - {code: "1.2.1", title: "Có triển khai … (ví dụ Có/Không)", kind: boolean, max_points: 6}
          - code: "1.2.2"
            title: Tỷ lệ giáo viên … (ví dụ tỷ lệ)
            kind: percentage
            unit: "%"
            max_points: 7
            bands:
              - {below: 30, cap: 2, text: "<30%: tối đa 2 điểm"}
              - {from: 30, to: 60, cap: 4}
              - {above: 60, to: 100, cap: 7}
          - code: "1.2.3"
            title: Có triển khai sổ điểm điện tử (ví dụ lựa chọn)
            kind: choice
            max_points: 7
            options:
              - {value: none, label: Chưa triển khai, cap: 0}
              - {value: pdf_file, label: File PDF, cap: 3}
              - {value: digital_certificate, label: Áp dụng chứng thư số, cap: 7}
"""

_GUIDE: list[tuple[str, ...]] = [
    ("Hướng dẫn nhập bộ chỉ số bằng Excel",),
    (
        "Các trang",
        f"'{MAIN}': bảng phụ lục của quyết định, mỗi dòng một nhóm, một tiêu chí hoặc một điểm thành phần. "
        f"'{INFO}': thông tin chung (mã, phiên bản, quyết định…). '{SUGGESTIONS}': không bắt buộc, ngưỡng "
        f"gợi ý mức độ cho điểm thành phần loại 'Mức độ 1-3'. Trang '{GUIDE}' không được đọc khi nhập. "
        f"Các dòng tiêu đề phía trên dòng tên cột của trang '{MAIN}' chỉ để đọc.",
    ),
    (
        "Dòng tên cột",
        f"Giữ nguyên đúng tên và thứ tự: {' | '.join(ANNEX_COLUMNS)}, rồi các cột thêm "
        f"{' | '.join(EXTRA_COLUMNS)}. Không thêm cột khác.",
    ),
    ("Các cột của trang Phụ lục",),
    (
        "STT",
        "Dòng nhóm: 'Nhóm 1'. Dòng tiêu chí: mã tiêu chí, ví dụ 1.3. Dòng điểm thành phần: mã, ví dụ 1.3.1 "
        "(phải bắt đầu bằng mã tiêu chí; để trống thì tự đánh số 1.3.1, 1.3.2… theo thứ tự).",
    ),
    ("Tiêu chí", "Tên nhóm, nội dung tiêu chí hoặc nội dung điểm thành phần, như trong phụ lục."),
    (
        "Điểm tối đa",
        f"Dòng nhóm và tiêu chí: một số (ví dụ 30 hoặc 4,5). Điều kiện bắt buộc: ghi '{MANDATORY}'. "
        "Dòng điểm thành phần: để trống khi bằng mức cao nhất ở cột Điểm thành phần; chỉ ghi khi quyết "
        "định in điểm tối đa khác.",
    ),
    (
        "Điểm thành phần",
        "Chỉ ở dòng điểm thành phần (dòng có ô này là dòng điểm thành phần), mỗi mức một dòng trong ô "
        "(Alt+Enter để xuống dòng). Có/Không: 'Tối đa 6 điểm'. Tỷ lệ, số lượng: 'Dưới 30%: tối đa 2 điểm', "
        "'Từ 30% đến 60%: tối đa 4 điểm', 'Trên 60% đến 100%: tối đa 7 điểm', "
        "'Từ 20 đến dưới 40 học liệu: tối đa 6 điểm'. Mức độ 1-3: 'Mức độ 2: tối đa 5 điểm'. "
        "Lựa chọn: 'File PDF [pdf_file]: tối đa 3 điểm' (trong ngoặc vuông là mã lựa chọn, không dấu, "
        "không khoảng trắng).",
    ),
    (
        "Mức độ",
        "Dòng nhóm và tiêu chí: ba dòng trong ô, ví dụ 'Mức độ 1: dưới 10 điểm', "
        "'Mức độ 2: từ 10 đến 20 điểm', 'Mức độ 3: trên 20 điểm'.",
    ),
    (
        "Ghi chú, minh chứng",
        f"Dòng tiêu chí: minh chứng như phụ lục in (ví dụ 'Đường link', '{MANDATORY}').",
    ),
    (
        "Loại dữ kiện",
        f"Dòng điểm thành phần: {', '.join(KIND_LABELS.values())}. Để trống thì suy ra từ cột Điểm "
        "thành phần.",
    ),
    ("Đơn vị", "Đơn vị của số liệu, ví dụ '%' hoặc 'học liệu'."),
    (
        "Thông tin kèm theo",
        "Các thông tin cơ sở giáo dục phải cung cấp, cách nhau bởi dấu ;  ví dụ: "
        "document_number; document_date; link.",
    ),
    ("Gợi ý minh chứng", "Gợi ý của EduDX về minh chứng nên nộp (không in trong phụ lục)."),
    ("Ghi chú EduDX", "Cách EduDX đọc chỗ quyết định chưa rõ (không in trong phụ lục)."),
    ("Cách ghi quy tắc",),
    (
        "Khoảng giá trị",
        "'từ X' (X trở lên), 'trên X' (lớn hơn X), 'đến X' (tối đa X, gồm X), 'dưới X' (nhỏ hơn X); ghép: "
        "'từ X đến Y', 'trên X đến Y', 'từ X đến dưới Y'; 'bằng X'; 'mọi giá trị'. Cũng chấp nhận "
        "'ít hơn X' (= dưới X), 'nhiều hơn X' (= trên X), '<X', '>X', '<=X', '>=X' và 'X-Y' (= từ X đến Y). "
        "Đơn vị (%, học liệu…) ghi hay không đều được.",
    ),
    ("Số thập phân", "Dùng dấu phẩy (4,5); dấu chấm (4.5) cũng được chấp nhận."),
    (
        "Cách ghi trong văn bản",
        "Mỗi mức (ở cột Điểm thành phần, Mức độ, và trang Gợi ý mức độ) có thể kèm cách ghi nguyên văn "
        "của quyết định, đặt sau dấu gạch và trong ngoặc kép: "
        "'Trên 60% đến 100%: tối đa 7 điểm — \">60%: tối đa 7 điểm\"' hoặc "
        "'Mức độ 3: trên 6 điểm — \"trên 7 điểm (đọc là trên 6 điểm)\"'. Phần trước dấu gạch là quy tắc "
        "EduDX dùng để chấm; phần trong ngoặc kép chỉ để hiển thị đúng như văn bản. Không có ngoặc kép "
        "nghĩa là không có cách ghi riêng.",
    ),
    (f"Trang {INFO}",),
    (
        "Thông tin",
        "Cột A là tên thông tin (giữ nguyên), cột B là giá trị, cột C là cách ghi. "
        "Ngày ban hành dạng dd/mm/yyyy. Cấp học: "
        + "; ".join(schema.EDUCATION_LEVELS.values())
        + ". "
        "Đầy đủ: Có/Không. Có thể thêm nhiều dòng 'Ghi chú'.",
    ),
    (f"Trang {SUGGESTIONS}",),
    (
        "Gợi ý mức độ",
        "Mỗi dòng một điểm thành phần loại 'Mức độ 1-3': tỷ lệ Tử số/Mẫu số (mã số liệu, ví dụ "
        "students_per_lesson / computers) gợi ý mức độ theo từng cấp học, mỗi mức một dòng trong ô: "
        "'Mức độ 1: trên 3 — \"nhiều hơn 3 học sinh phải học chung 1 máy tính\"'. Ô để trống: không gợi ý "
        "cho cấp học đó.",
    ),
    ("Nhập vào EduDX",),
    (
        "Lệnh",
        "python manage.py import_framework_xlsx TỆP.xlsx — kiểm tra toàn bộ tệp, báo mọi ô sai (ví dụ "
        "'Phụ lục!D14: …'). Phiên bản đã công bố không sửa được: sửa nội dung thì đặt số phiên bản mới.",
    ),
]
