"""Reading the 'Phụ lục' sheet, the annex table itself: one group, criterion or item per row.

A row's kind is read from the row as a person typing the annex would mark it: 'Nhóm 1' in STT is
a group, a filled 'Điểm thành phần' (or 'Loại dữ kiện') an item, any other STT a criterion.
"""

from __future__ import annotations

import re

from openpyxl.utils import get_column_letter

from edudx.core.files import find_header
from edudx.frameworks.excel.layout import (
    ANNEX_COLUMNS,
    COLUMN,
    EXTRA_COLUMNS,
    FIELDS,
    KIND_LABELS,
    MAIN,
    MANDATORY,
)
from edudx.frameworks.excel.texts import (
    EXAMPLES,
    CellError,
    clean,
    fmt,
    guess_kind,
    key,
    lines,
    number,
    parse_band,
    parse_boolean,
    parse_levels,
    parse_option,
    text,
)


class AnnexRows:
    """The part of the workbook reader that reads the main sheet into raw groups.

    A mixin of `reader._Reader`, which provides `error(place, message)` and the `rows` and `items`
    it fills: the row of each group, criterion and item, and each item's raw mapping (the
    'Gợi ý mức độ' sheet adds its suggestion, and reads its cells with `levels`)."""

    rows: dict[str, int]
    items: dict[str, dict]

    def read_main(self, ws) -> list[dict]:
        rows = [tuple(clean(v) for v in values) for values in ws.iter_rows(values_only=True)]
        titles = dict(zip(ANNEX_COLUMNS + EXTRA_COLUMNS, FIELDS, strict=True))
        header = find_header(rows, titles, leading=len(ANNEX_COLUMNS), within=20)
        if header is None:
            self.error(
                MAIN,
                f"không tìm thấy dòng tiêu đề cột '{' | '.join(ANNEX_COLUMNS)}' trong 20 dòng đầu "
                "(các cột phải đúng tên và đúng thứ tự như phụ lục)",
            )
            return []
        columns = {i: field for field, i in header.columns.items()}
        for i in header.unused:
            self.error(
                f"{MAIN}!{get_column_letter(i + 1)}{header.row}",
                f"cột '{rows[header.row - 1][i]}' không được hỗ trợ hoặc bị lặp (các cột thêm: {', '.join(EXTRA_COLUMNS)})",
            )
        groups: list[dict] = []
        state: dict = {"group": None, "criterion": None}
        for r, values in enumerate(rows[header.row :], start=header.row + 1):
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
        code = text(cells.get("code", ""))
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
        title = text(cells.get("title", "")) or rest
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
        self.unused(r, cells, FIELDS[:3] + FIELDS[4:6] + FIELDS[8:], "dòng tiêu chí")
        criterion = {"code": code, "title": text(cells.get("title", ""))}
        max_points = cells.get("max_points")
        if isinstance(max_points, str) and key(max_points) == key(MANDATORY):
            criterion["mandatory"] = True
        elif max_points is not None:
            criterion["max_points"] = self.number(r, cells, "max_points", mandatory_allowed=True)
        if "levels" in cells:
            criterion["levels"] = self.levels(f"{MAIN}!E{r}", cells["levels"], "điểm")
        self.common(criterion, cells)
        if "evidence" in cells:
            criterion["evidence"] = text(cells["evidence"])
        return criterion

    def read_item(self, r: int, cells: dict, criterion: dict) -> dict:
        code = (
            text(cells.get("code", ""))
            or f"{criterion['code']}.{len(criterion.get('items', [])) + 1}"
        )
        self.rows[f"thành phần {code}"] = r
        self.unused(r, cells, FIELDS[:4] + FIELDS[6:], "dòng điểm thành phần")
        item: dict = {"code": code, "title": text(cells.get("title", ""))}
        self.items[code] = item
        rules = lines(cells.get("bands", ""))
        kind = self.kind(r, cells.get("kind"), rules)
        if kind is None:
            return item
        item["kind"] = kind
        if "unit" in cells:
            item["unit"] = text(cells["unit"])
        place = f"{MAIN}!D{r}"
        caps = []
        if kind == "boolean":
            cap = parse_boolean(rules)
            if cap is not None:
                caps.append(cap)
            else:
                self.not_understood(place, " / ".join(rules) or "(trống)", kind)
        elif kind == "choice":
            item["options"] = [o for o in (self.option(place, line) for line in rules) if o]
            caps = [o["cap"] for o in item["options"]]
        else:
            item["bands"] = [
                b
                for b in (self.band(place, line, kind, item.get("unit", "")) for line in rules)
                if b
            ]
            caps = [b["cap"] for b in item["bands"]]
        if "max_points" in cells:
            item["max_points"] = self.number(r, cells, "max_points")
            if kind == "boolean" and caps and item["max_points"] != caps[0]:
                self.error(
                    f"{MAIN}!C{r}",
                    f"điểm tối đa {fmt(item['max_points'])} khác 'Tối đa {fmt(caps[0])} điểm' ở cột Điểm thành phần",
                )
        elif caps:
            item["max_points"] = max(caps)
        self.common(item, cells)
        return item

    def common(self, target: dict, cells: dict) -> None:
        if "details" in cells:
            target["details"] = [d.strip() for d in text(cells["details"]).split(";") if d.strip()]
        for field in ("evidence_hint", "note"):
            if field in cells:
                target[field] = text(cells[field])

    def unused(self, r: int, cells: dict, allowed: tuple, what: str) -> None:
        for field in cells:
            if field not in allowed:
                column = FIELDS.index(field)
                name = (ANNEX_COLUMNS + EXTRA_COLUMNS)[column]
                self.error(
                    f"{MAIN}!{COLUMN[field]}{r}",
                    f"cột '{name}' không dùng cho {what}; hãy để trống",
                )

    def number(self, r: int, cells: dict, field: str, mandatory_allowed: bool = False):
        value = cells[field]
        try:
            return number(value)
        except CellError:
            hint = f" hoặc '{MANDATORY}'" if mandatory_allowed else ""
            self.error(
                f"{MAIN}!{COLUMN[field]}{r}", f"'{value}' không phải là số điểm (ghi một số{hint})"
            )
            return None

    def kind(self, r: int, value, rules: list[str]) -> str | None:
        if value is None:  # not labelled: guess from the wording, as an annex row reads
            return guess_kind(rules)
        by_key = {key(label): kind for kind, label in KIND_LABELS.items()}
        by_key |= {kind: kind for kind in KIND_LABELS}
        kind = by_key.get(key(str(value)))
        if kind is None:
            self.error(
                f"{MAIN}!G{r}",
                f"loại dữ kiện '{value}' không hợp lệ (dùng một trong: {', '.join(KIND_LABELS.values())})",
            )
        return kind

    def not_understood(self, place: str, line: str, example_key: str) -> None:
        self.error(place, f"không hiểu quy tắc '{line}' (ví dụ hợp lệ: '{EXAMPLES[example_key]}')")

    def band(self, place: str, line: str, kind: str, unit: str) -> dict | None:
        band = parse_band(line, kind, unit)
        if band is None:
            self.not_understood(place, line, kind)
        return band

    def option(self, place: str, line: str) -> dict | None:
        option = parse_option(line)
        if option is None:
            self.not_understood(place, line, "choice")
        return option

    def levels(self, place: str, value, unit: str) -> list[dict]:
        levels, problems = parse_levels(lines(value), unit)
        for message in problems:
            self.error(place, message)
        return levels
