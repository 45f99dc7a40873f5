"""What evidence is accepted: the file types (judged by content, not by name), links, the
criteria an item supports and its description. Every check raises EvidenceError before
anything is written."""

from __future__ import annotations

import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from edudx.assessments.errors import EvidenceError
from edudx.assessments.models import SelfAssessment
from edudx.core.files import XLSX, ArchiveTooLarge, check_archive

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
    if head.startswith(b"PK\x03\x04"):  # a zip container (.docx, .xlsx): bounded before any look
        try:
            check_archive(upload)
        except ArchiveTooLarge as exc:
            raise EvidenceError(f"{exc} (tệp “{name}”)", "file") from None
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


def check_criteria(assessment: SelfAssessment, criteria) -> list[str]:
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


def check_text(title, number, issuer) -> None:
    if not (title or "").strip():
        raise EvidenceError("Hãy nhập tên minh chứng.", "title")
    for value, limit, field, what in (
        (title, 500, "title", "Tên minh chứng"),
        (number, 100, "number", "Số văn bản"),
        (issuer, 300, "issuer", "Nơi ban hành"),
    ):
        if len((value or "").strip()) > limit:
            raise EvidenceError(f"{what} dài quá {limit} ký tự.", field)
