"""A catalogue workbook applied to the evidence: every row through the form the page uses, all or
nothing, every problem listed as "Dòng N: …"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction

from edudx.assessments.errors import EvidenceError
from edudx.assessments.evidence.catalogue import COLUMNS, REVISION, SHEET
from edudx.assessments.evidence.changes import (
    add_evidence,
    lock_for_evidence,
    snapshot,
    update_evidence,
)
from edudx.assessments.evidence.checks import criterion_codes
from edudx.assessments.evidence.forms import EvidenceForm
from edudx.assessments.models import Evidence, SelfAssessment
from edudx.core.files import TableProblems, read_table

MAX_ROWS = 2000
REQUIRED = ("Tên minh chứng", "Đường link/Nơi lưu", "Tiêu chí")


class ImportProblems(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    added: list[str]
    changed: list[str]
    unchanged: int


_DATE_AT_END = re.compile(r"^(.*?)[\s,;]*(?:ngày\s*)?(\d{1,2}/\d{1,2}/\d{4})$", re.IGNORECASE)


def split_number_and_date(text: str) -> tuple[str, str]:
    """'123/QĐ-UBND, 05/09/2025' → ('123/QĐ-UBND', '05/09/2025'); either part may be missing."""
    text = (text or "").strip()
    m = _DATE_AT_END.match(text)
    number, day = (m[1], m[2]) if m else (text, "")
    number = re.sub(r"^số\s+", "", number.strip(" ,;"), flags=re.IGNORECASE)
    return number, day


def _read_sheet(data: bytes) -> list[tuple[int, dict[str, str]]]:
    try:
        return read_table(
            data,
            sheet=SHEET,
            titles={t: t for t in COLUMNS},
            required=REQUIRED,
            max_rows=MAX_ROWS,
            ignore=("TT",),
        )
    except TableProblems as exc:
        raise ImportProblems(exc.problems) from None


# The column a form field is read from, to name it in an import problem.
IMPORT_COLUMN_OF = {
    "title": "Tên minh chứng",
    "number": "Số/ngày ban hành",
    "issued_on": "Số/ngày ban hành",
    "issuer": "Nơi ban hành",
    "note": "Ghi chú",
    "criterion": "Tiêu chí",
    "also": "Tiêu chí",
}


def _sentence_part(message: str) -> str:
    return message[:1].lower() + message[1:]


def _check_row(number: int, row: dict, current: Evidence | None, choices: list[str]):
    """Every problem of one sheet row, and the service's arguments when there is none."""
    problems = []
    doc_number, day = split_number_and_date(row.get("Số/ngày ban hành", ""))
    crits = [c for c in re.split(r"[,;\s]+", row.get("Tiêu chí", "")) if c]
    form = EvidenceForm(
        {
            "title": row.get("Tên minh chứng", ""),
            "number": doc_number,
            "issued_on": day,
            "issuer": row.get("Nơi ban hành", ""),
            "note": row.get("Ghi chú", ""),
            "criterion": crits[0] if crits else "",
            "also": crits[1:],
        },
        criteria=choices,
    )
    if not form.is_valid():
        for field, errors in form.errors.items():
            column = IMPORT_COLUMN_OF.get(field)
            for error in errors:
                where = f"Dòng {number}: {column}: " if column else f"Dòng {number}: "
                problems.append(where + _sentence_part(str(error)))
    link = row.get("Đường link/Nơi lưu", "")
    is_link = re.match(r"^https?://", link, re.IGNORECASE) is not None
    if current is not None and current.file and not is_link:
        link = ""  # a file item: the column shows its file name; the file stays
    elif not link:
        problems.append(
            f"Dòng {number}: chưa có đường link (http/https); minh chứng là tệp hãy tải lên "
            "trên trang danh mục minh chứng."
        )
    elif not is_link:
        problems.append(
            f"Dòng {number}: “{link}” không phải đường link http/https; minh chứng là tệp hãy "
            "tải lên trên trang danh mục minh chứng."
        )
    if problems:
        return None, problems
    return {**form.service_fields(), "url": link}, []


def import_catalogue(assessment: SelfAssessment, data: bytes, *, by) -> ImportReport:
    """Apply a catalogue workbook (the export's columns): a row without a code adds a link, a
    row with a code of this catalogue updates that item (the file of a file item stays).
    All or nothing; every problem listed as "Dòng N: …"."""
    rows = _read_sheet(data)
    problems: list[str] = []
    report = ImportReport([], [], 0)
    try:
        with transaction.atomic():
            locked = lock_for_evidence(assessment)
            existing = {ev.code: ev for ev in locked.evidence.all()}
            choices = criterion_codes(locked)
            seen: dict[str, int] = {}
            for number, row in rows:
                code = row.get("Mã minh chứng", "")
                current = existing.get(code) if code else None
                if code and current is None:
                    problems.append(
                        f"Dòng {number}: mã {code} không có trong danh mục; để trống cột "
                        "Mã minh chứng để thêm minh chứng mới."
                    )
                    continue
                if code in seen:
                    problems.append(f"Dòng {number}: mã {code} trùng với dòng {seen[code]}.")
                    continue
                if code:
                    seen[code] = number
                fields, found = _check_row(number, row, current, choices)
                problems += found
                if fields is None:
                    continue
                try:
                    if current is None:
                        report.added.append(add_evidence(locked, by=by, **fields).code)
                        continue
                    before = snapshot(current)
                    loaded_at = current.revision
                    ev = update_evidence(current, by=by, **fields)
                except EvidenceError as exc:
                    problems.append(f"Dòng {number}: {_sentence_part(str(exc))}")
                    continue
                if snapshot(ev) == before:
                    report.unchanged += 1
                elif row.get(REVISION, "") != str(loaded_at):
                    problems.append(
                        f"Dòng {number}: minh chứng {code} đã được sửa sau khi tệp này được tải "
                        f"về (nội dung hiện tại: “{before['title']}”); hãy tải lại danh mục rồi "
                        "sửa trên tệp mới."
                    )
                else:
                    report.changed.append(ev.code)
            if problems:
                raise ImportProblems(problems)  # rolls back every row already applied
    except EvidenceError as exc:  # the assessment is locked
        raise ImportProblems([str(exc)]) from None
    return report
