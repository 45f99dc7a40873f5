"""The evidence catalogue (danh mục minh chứng) as it is read: who may open an item, the items by
criterion, the numbered rows, and the same rows as an Excel workbook."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font

from edudx.accounts.permissions import may_view_participation
from edudx.assessments.evidence.codes import ordered
from edudx.assessments.models import Evidence, SelfAssessment
from edudx.core.files import text_cell, workbook_bytes


def may_view_evidence(user, evidence: Evidence) -> bool:
    """Who may open an evidence file: whoever sees the institution (its staff, its authorities).
    The one place to widen when evaluation teams get their own access."""
    return may_view_participation(user, evidence.assessment.participation)


def by_criterion(assessment: SelfAssessment) -> dict[str, list[Evidence]]:
    """Criterion code → the items supporting it, in catalogue order (an item supporting three
    criteria appears under each)."""
    out: dict[str, list[Evidence]] = defaultdict(list)
    for ev in ordered(assessment):
        for code in ev.criteria:
            out[code].append(ev)
    return dict(out)


def number_and_date(ev: Evidence) -> str:
    """'123/QĐ-THLL, 05/09/2025' — the catalogue's "Số/ngày ban hành" column."""
    parts = [ev.number, ev.issued_on.strftime("%d/%m/%Y") if ev.issued_on else ""]
    return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class CatalogueRow:
    number: int  # TT
    evidence: Evidence

    @property
    def issued(self) -> str:
        return number_and_date(self.evidence)

    @property
    def where(self) -> str:
        return self.evidence.url or self.evidence.file_name

    @property
    def criteria(self) -> str:
        return ", ".join(self.evidence.criteria)


def catalogue_rows(assessment: SelfAssessment) -> list[CatalogueRow]:
    """The evidence catalogue (danh mục minh chứng), numbered TT 1, 2, …"""
    return [CatalogueRow(i, ev) for i, ev in enumerate(ordered(assessment), start=1)]


COLUMNS = [
    "TT",
    "Mã minh chứng",
    "Tên minh chứng",
    "Số/ngày ban hành",
    "Nơi ban hành",
    "Ghi chú",
    "Đường link/Nơi lưu",
    "Tiêu chí",
    # Which version of each item the file was made from: an import never overwrites an item a
    # colleague changed after the download (edudx/core/revisions.py).
    "Phiên bản (không sửa)",
]
REVISION = COLUMNS[-1]
SHEET = "Danh mục minh chứng"


_WIDTHS = [6, 16, 60, 24, 30, 30, 50, 14, 12]


def catalogue_sheet(assessment: SelfAssessment):
    """The catalogue's rows, header first (for the workbook, and for any other exporter)."""
    yield COLUMNS
    for row in catalogue_rows(assessment):
        ev = row.evidence
        yield [
            row.number,
            ev.code,
            ev.title,
            row.issued,
            ev.issuer,
            ev.note,
            row.where,
            row.criteria,
            ev.revision,
        ]


def catalogue_xlsx(assessment: SelfAssessment) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    for i, width in enumerate(_WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    bold = Font(bold=True)
    rows = catalogue_sheet(assessment)
    ws.append([text_cell(ws, title, font=bold) for title in next(rows)])
    for values in rows:
        ws.append([text_cell(ws, v) for v in values])
    return workbook_bytes(wb)
