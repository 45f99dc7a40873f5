"""Evidence (minh chứng) of a self-assessment: files and links with their catalogue codes.

Every change is one service function in a transaction that locks the assessment row, so that two
council members adding evidence at once never get the same code, and that nothing changes once
the head has approved. An item has one code (`[1.3-01]`, prefixed by EVIDENCE_CODE_PREFIX) taken
from its main criterion, whatever the number of criteria it supports (`Evidence.criteria`, main
criterion first). A bad upload is refused before anything is written: no row, no stored file.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from edudx.accounts.permissions import may_view_participation
from edudx.assessments.models import Evidence, SelfAssessment
from edudx.assessments.services import AssessmentError, lock_editable
from edudx.core.files import XLSX, cell_text, label_key, text_cell, workbook_bytes
from edudx.core.models import record


class EvidenceError(AssessmentError):
    """An evidence change that cannot be made."""


LOCKED_MESSAGE = (
    "Bản tự đánh giá đã được phê duyệt hoặc đã nộp nên không thêm, sửa, xóa minh chứng được nữa; "
    "thủ trưởng cần mở lại (hoặc hủy nộp) trước khi sửa."
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#: extension → (content type, what the user calls it)
ALLOWED_FILES = {
    "pdf": ("application/pdf", "tệp PDF"),
    "jpg": ("image/jpeg", "ảnh JPEG"),
    "jpeg": ("image/jpeg", "ảnh JPEG"),
    "png": ("image/png", "ảnh PNG"),
    "docx": (DOCX, "văn bản Word (.docx)"),
    "doc": ("application/msword", "văn bản Word (.doc)"),
    "xlsx": (XLSX, "bảng tính Excel (.xlsx)"),
    "xls": ("application/vnd.ms-excel", "bảng tính Excel (.xls)"),
}
ACCEPT = ",".join(f".{ext}" for ext in ALLOWED_FILES)  # for <input type=file accept=…>
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 and Excel 97-2003 container
_ORDINAL = re.compile(r"-(\d+)\]$")


# -- what is accepted -----------------------------------------------------------------------------


def max_upload_bytes() -> int:
    return settings.EVIDENCE_MAX_UPLOAD_MB * 1024 * 1024


def _zip_has(upload, folder: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)


def check_upload(upload) -> str:
    """The content type of an acceptable evidence file, or EvidenceError (field "file"). The
    content decides, not the name: a program renamed to .pdf is refused."""
    name = upload.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED_FILES:
        raise EvidenceError(
            f"Tệp “{name}” không được nhận: chỉ nhận tệp PDF, ảnh JPEG/PNG, văn bản Word "
            "(.docx, .doc) hoặc bảng tính Excel (.xlsx, .xls).",
            "file",
        )
    if not upload.size:
        raise EvidenceError(f"Tệp “{name}” trống (0 byte); hãy chọn lại tệp.", "file")
    if upload.size > max_upload_bytes():
        size = f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")
        raise EvidenceError(
            f"Tệp “{name}” dung lượng {size} MB, vượt quá giới hạn "
            f"{settings.EVIDENCE_MAX_UPLOAD_MB} MB cho mỗi tệp minh chứng.",
            "file",
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    content_type, label = ALLOWED_FILES[ext]
    if ext in ("docx", "xlsx"):
        ok = head.startswith(b"PK\x03\x04") and _zip_has(
            upload, "word/" if ext == "docx" else "xl/"
        )
    elif ext in ("doc", "xls"):
        ok = head.startswith(_OLE2)
    else:
        guessed = filetype.guess(head)
        ok = guessed is not None and guessed.mime == content_type
    if not ok:
        raise EvidenceError(
            f"Nội dung tệp “{name}” không phải {label} như phần mở rộng .{ext} cho biết; "
            "tệp không được nhận.",
            "file",
        )
    return content_type


def check_url(url: str) -> str:
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise EvidenceError(
            f"Đường link “{url}” không hợp lệ; hãy nhập địa chỉ đầy đủ bắt đầu bằng http:// "
            "hoặc https://.",
            "url",
        ) from None
    if len(url) > 1000:
        raise EvidenceError("Đường link dài quá 1000 ký tự.", "url")
    return url


def criterion_codes(assessment: SelfAssessment) -> list[str]:
    """The criteria of the assessment's index, in the index's order."""
    return [c.code for c in assessment.participation.version.framework().criteria()]


def _check_criteria(assessment: SelfAssessment, criteria) -> list[str]:
    known = criterion_codes(assessment)
    chosen = list(dict.fromkeys(str(c).strip() for c in criteria if str(c).strip()))
    if not chosen:
        raise EvidenceError(
            "Hãy chọn tiêu chí mà minh chứng này chứng minh (ít nhất một).", "criterion"
        )
    unknown = [c for c in chosen if c not in known]
    if unknown:
        raise EvidenceError(
            f"Tiêu chí {', '.join(unknown)} không có trong bộ chỉ số "
            f"{assessment.participation.version.decision_number}.",
            "criterion",
        )
    # The main criterion (it gives the code) first, the others in the index's order.
    return [chosen[0], *sorted(chosen[1:], key=known.index)]


def _check_text(title, number, issuer) -> None:
    if not (title or "").strip():
        raise EvidenceError("Hãy nhập tên minh chứng.", "title")
    for value, limit, field, what in (
        (title, 500, "title", "Tên minh chứng"),
        (number, 100, "number", "Số văn bản"),
        (issuer, 300, "issuer", "Nơi ban hành"),
    ):
        if len((value or "").strip()) > limit:
            raise EvidenceError(f"{what} dài quá {limit} ký tự.", field)


# -- codes ----------------------------------------------------------------------------------------


@transaction.atomic
def next_code(assessment: SelfAssessment, criterion: str) -> str:
    """The next free code of `criterion` in this assessment: `[H1.3-02]` after `[H1.3-01]`.
    The assessment row is locked until the surrounding transaction ends, so call this inside
    the transaction that stores the item: two people adding at once get different codes."""
    list(SelfAssessment.objects.select_for_update().filter(pk=assessment.pk).values("pk"))
    stem = f"[{settings.EVIDENCE_CODE_PREFIX}{criterion}-"
    used = [
        int(m[1])
        for code in Evidence.objects.filter(
            assessment_id=assessment.pk, code__startswith=stem
        ).values_list("code", flat=True)
        if (m := _ORDINAL.search(code)) and code == f"{stem}{m[1]}]"
    ]
    return f"{stem}{max(used, default=0) + 1:02d}]"


def _natural(code: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\-]", code))


def _order(ev: Evidence) -> tuple:
    """Catalogue order: by main criterion as the index numbers it (1.3 before 1.10), then by
    ordinal."""
    m = _ORDINAL.search(ev.code)
    return (_natural(ev.criteria[0]) if ev.criteria else (), int(m[1]) if m else 0, ev.code)


# -- changes --------------------------------------------------------------------------------------


def _locked(assessment: SelfAssessment) -> SelfAssessment:
    return lock_editable(
        assessment,
        error=EvidenceError,
        message=LOCKED_MESSAGE,
        related=("participation__version", "participation__institution"),
    )


def snapshot(ev: Evidence) -> dict:
    """What the audit record keeps of an item."""
    return {
        "code": ev.code,
        "criteria": list(ev.criteria),
        "title": ev.title,
        "number": ev.number,
        "issued_on": ev.issued_on.isoformat() if ev.issued_on else None,
        "issuer": ev.issuer,
        "note": ev.note,
        "file_name": ev.file_name,
        "file": ev.file.name or "",
        "size": ev.size,
        "url": ev.url,
        "carried": ev.carried,
    }


def _delete_if_unreferenced(name: str) -> None:
    """Remove a stored file no evidence row points to any more (a file prefilled from last year
    is shared by two rows and stays while either uses it)."""
    if name and not Evidence.objects.filter(file=name).exists():
        Evidence._meta.get_field("file").storage.delete(name)


def _after_commit_delete(name: str) -> None:
    if name:
        transaction.on_commit(lambda: _delete_if_unreferenced(name))


def _store(ev: Evidence, upload, content_type: str) -> str:
    """Save the upload in the storage (name from evidence_path, never from the user)."""
    ev.file.save(upload.name, upload, save=False)
    ev.file_name = (upload.name or "")[-300:]
    ev.content_type = content_type
    ev.size = upload.size
    ev.url = ""
    return ev.file.name


def add_evidence(
    assessment: SelfAssessment,
    *,
    by,
    title: str,
    criteria,
    number: str = "",
    issued_on=None,
    issuer: str = "",
    note: str = "",
    upload=None,
    url: str = "",
) -> Evidence:
    """Add one item — a file (`upload`) or a link (`url`), exactly one — with the next code of its
    main criterion (the first of `criteria`)."""
    url = (url or "").strip()
    if upload is not None and url:
        raise EvidenceError(
            "Minh chứng là một tệp hoặc một đường link, không phải cả hai; hãy bỏ một trong hai.",
            "url",
        )
    if upload is None and not url:
        raise EvidenceError("Hãy chọn tệp minh chứng hoặc nhập đường link.", "file")
    _check_text(title, number, issuer)
    content_type = check_upload(upload) if upload is not None else ""
    if url:
        url = check_url(url)
    stored = ""
    try:
        with transaction.atomic():
            locked = _locked(assessment)
            criteria = _check_criteria(locked, criteria)
            ev = Evidence(
                assessment=locked,
                institution=locked.participation.institution,
                code=next_code(locked, criteria[0]),
                criteria=criteria,
                title=title.strip(),
                number=(number or "").strip(),
                issued_on=issued_on,
                issuer=(issuer or "").strip(),
                note=(note or "").strip(),
                url=url,
                created_by=by if getattr(by, "is_authenticated", False) else None,
            )
            if upload is not None:
                stored = _store(ev, upload, content_type)
            ev.save()
            _record("evidence.add", locked, ev, by=by, before=None)
    except BaseException:
        if stored:  # the row was not written: the file must not stay behind
            Evidence._meta.get_field("file").storage.delete(stored)
        raise
    return ev


def update_evidence(
    evidence: Evidence,
    *,
    by,
    title: str,
    criteria,
    number: str = "",
    issued_on=None,
    issuer: str = "",
    note: str = "",
    upload=None,
    url: str = "",
) -> Evidence:
    """Change an item's description, criteria, file or link. No `upload` and no `url` keeps the
    current file; a new file or link replaces the old one. The code stays while the main
    criterion stays; a new main criterion gives the item the next code of that criterion.
    Saving an item carried from last year confirms it. Nothing changed: nothing recorded."""
    url = (url or "").strip()
    if upload is not None and url:
        raise EvidenceError(
            "Minh chứng là một tệp hoặc một đường link, không phải cả hai; hãy bỏ một trong hai.",
            "url",
        )
    _check_text(title, number, issuer)
    content_type = check_upload(upload) if upload is not None else ""
    if url:
        url = check_url(url)
    stored = ""
    try:
        with transaction.atomic():
            locked = _locked(evidence.assessment)
            ev = Evidence.objects.filter(pk=evidence.pk, assessment=locked).first()
            if ev is None:
                raise EvidenceError("Minh chứng này đã bị xóa.")
            before = snapshot(ev)
            if upload is None and not url and not ev.file:
                raise EvidenceError("Hãy chọn tệp minh chứng hoặc nhập đường link.", "url")
            criteria = _check_criteria(locked, criteria)
            if not ev.criteria or criteria[0] != ev.criteria[0]:
                ev.code = next_code(locked, criteria[0])
            old_file = ev.file.name or ""
            ev.criteria = criteria
            ev.title = title.strip()
            ev.number = (number or "").strip()
            ev.issued_on = issued_on
            ev.issuer = (issuer or "").strip()
            ev.note = (note or "").strip()
            ev.carried = False
            if upload is not None:
                stored = _store(ev, upload, content_type)
            elif url:
                ev.url = url
                ev.file = ""
                ev.file_name, ev.content_type, ev.size = "", "", 0
            after = snapshot(ev)
            if after == before:
                return ev
            ev.save()
            if old_file and old_file != (ev.file.name or ""):
                _after_commit_delete(old_file)
            _record("evidence.change", locked, ev, by=by, before=before)
    except BaseException:
        if stored:
            Evidence._meta.get_field("file").storage.delete(stored)
        raise
    return ev


@transaction.atomic
def remove_evidence(evidence: Evidence, *, by) -> None:
    """Remove an item. Its file goes when the removal is committed, unless another item (last
    year's, or a prefilled copy) still points to it."""
    locked = _locked(evidence.assessment)
    ev = Evidence.objects.filter(pk=evidence.pk, assessment=locked).first()
    if ev is None:
        raise EvidenceError("Minh chứng này đã bị xóa.")
    before = snapshot(ev)
    name = ev.file.name or ""
    ev.delete()
    _after_commit_delete(name)
    record("evidence.remove", locked, actor=by, before=before, after=None, note=before["code"])


def _record(action: str, assessment: SelfAssessment, ev: Evidence, *, by, before) -> None:
    record(action, assessment, actor=by, before=before, after=snapshot(ev), note=ev.code)


# -- reading --------------------------------------------------------------------------------------


def may_view_evidence(user, evidence: Evidence) -> bool:
    """Who may open an evidence file: whoever sees the institution (its staff, its authorities).
    The one place to widen when evaluation teams get their own access."""
    return may_view_participation(user, evidence.assessment.participation)


def ordered(assessment: SelfAssessment) -> list[Evidence]:
    return sorted(assessment.evidence.all(), key=_order)


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


# -- the catalogue as a workbook ------------------------------------------------------------------

COLUMNS = [
    "TT",
    "Mã minh chứng",
    "Tên minh chứng",
    "Số/ngày ban hành",
    "Nơi ban hành",
    "Ghi chú",
    "Đường link/Nơi lưu",
    "Tiêu chí",
]
SHEET = "Danh mục minh chứng"
MAX_ROWS = 2000
_WIDTHS = [6, 16, 60, 24, 30, 30, 50, 14]


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
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged or foreign file
        raise ImportProblems(
            ["Không đọc được tệp: đây không phải bảng tính Excel .xlsx."]
        ) from None
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        cells = ws.iter_rows(values_only=True)
        header = [label_key(cell_text(v)) for v in next(cells, ())]
        where = {t: header.index(label_key(t)) for t in COLUMNS if label_key(t) in header}
        missing = [
            t for t in ("Tên minh chứng", "Đường link/Nơi lưu", "Tiêu chí") if t not in where
        ]
        if missing:
            raise ImportProblems([f"Dòng 1: thiếu cột {', '.join(missing)}."])
        rows = []
        for number, values in enumerate(cells, start=2):
            row = {t: cell_text(values[i]) if i < len(values) else "" for t, i in where.items()}
            if any(v for t, v in row.items() if t != "TT"):
                rows.append((number, row))
                if len(rows) > MAX_ROWS:
                    raise ImportProblems(
                        [f"Tệp có quá {MAX_ROWS} dòng dữ liệu; hãy chia thành nhiều tệp."]
                    )
    finally:
        wb.close()
    if not rows:
        raise ImportProblems(["Tệp không có dòng dữ liệu nào (dòng 1 là tiêu đề)."])
    return rows


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
            locked = _locked(assessment)
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
                    ev = update_evidence(current, by=by, **fields)
                except EvidenceError as exc:
                    problems.append(f"Dòng {number}: {_sentence_part(str(exc))}")
                    continue
                if snapshot(ev) == before:
                    report.unchanged += 1
                else:
                    report.changed.append(ev.code)
            if problems:
                raise ImportProblems(problems)  # rolls back every row already applied
    except EvidenceError as exc:  # the assessment is locked
        raise ImportProblems([str(exc)]) from None
    return report


# -- the form the page and the import share -------------------------------------------------------


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Evidence title"), max_length=500)
    number = forms.CharField(label=_("Issuing number"), max_length=100, required=False)
    issued_on = forms.DateField(
        label=_("Issuing date (dd/mm/yyyy)"),
        required=False,
        error_messages={"invalid": _("Enter the date as dd/mm/yyyy.")},
        widget=forms.DateInput(attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"}),
    )
    issuer = forms.CharField(label=_("Issuer"), max_length=300, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    criterion = forms.ChoiceField(
        label=_("Main criterion (gives the code)"),
        error_messages={"invalid_choice": _("Criterion %(value)s is not in this index.")},
    )
    also = forms.MultipleChoiceField(
        label=_("Also evidence for the criteria"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Criterion %(value)s is not in this index.")},
    )
    file = forms.FileField(label=_("File"), required=False)
    url = forms.CharField(label=_("or a link (http/https)"), max_length=1000, required=False)

    def __init__(self, *args, criteria, titles=None, **kwargs):
        super().__init__(*args, **kwargs)
        titles = titles or {}
        choices = [(c, f"{c}. {_short(titles[c])}" if c in titles else c) for c in criteria]
        self.fields["criterion"].choices = [("", "—"), *choices]
        self.fields["also"].choices = choices
        self.fields["file"].widget.attrs["accept"] = ACCEPT
        self.fields["url"].widget.attrs.update({"inputmode": "url", "placeholder": "https://"})

    def criteria(self) -> list[str]:
        main = self.cleaned_data["criterion"]
        return [main, *(c for c in self.cleaned_data.get("also", []) if c != main)]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "criteria": self.criteria(),
            "number": data["number"],
            "issued_on": data["issued_on"],
            "issuer": data["issuer"],
            "note": data["note"],
        }


def _short(title: str, limit: int = 90) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def form_for(assessment: SelfAssessment, *args, **kwargs) -> EvidenceForm:
    """The evidence form with the criteria of the assessment's index."""
    fw = assessment.participation.version.framework()
    codes = [c.code for c in fw.criteria()]
    titles = {c.code: c.title for c in fw.criteria()}
    return EvidenceForm(*args, criteria=codes, titles=titles, **kwargs)
