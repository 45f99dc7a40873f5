"""Signed copies: after an issued document is printed, signed and stamped, the head (institution
documents) or an officer of the authority (the authority's) uploads its scan as a PDF. It is kept
beside the generated document; whoever may download the document sees the signed version, and a
published recognition decision is offered to the public as signed."""

from __future__ import annotations

import hashlib

from django.db import transaction

from edudx.assessments.errors import EvidenceError
from edudx.assessments.evidence.checks import check_upload
from edudx.core.errors import DomainError
from edudx.core.models import record
from edudx.documents import registry
from edudx.documents.models import SignedCopy

#: A draft has no signature: it is signed as the decision it becomes.
UNSIGNABLE = frozenset({"recognition_draft"})


def scope_of(obj) -> str:
    from edudx.assessments.models import Campaign
    from edudx.recognition.models import RecognitionDecision

    if isinstance(obj, Campaign):
        return registry.CAMPAIGN
    if isinstance(obj, RecognitionDecision):
        return registry.DECISION
    return registry.ASSESSMENT


def signable(kind: registry.DocumentKind) -> bool:
    return kind.code not in UNSIGNABLE


def issued(kind: registry.DocumentKind, obj) -> bool:
    """Whether the document exists to be signed, by one cheap query (the lists ask it of every
    document): the minutes and the team's report once evaluated, the công văn once returned,
    certificates once recognised. `upload_signed` checks again by building the document."""
    from edudx.recognition.models import RecognisedResult
    from edudx.reviews.models import Evaluation, ReturnRound

    if not signable(kind):
        return False
    code = kind.code
    if code in ("external_minutes", "team_report"):
        return Evaluation.objects.filter(assessment__participation=obj).exists()
    if code == "supplement_request":
        return ReturnRound.objects.filter(assessment__participation=obj).exists()
    if code == "certificate":
        return RecognisedResult.objects.current().filter(assessment__participation=obj).exists()
    if code == "certificates":
        return RecognisedResult.objects.current().filter(decision__campaign=obj).exists()
    return True


def current(obj) -> dict[str, SignedCopy]:
    """The newest signed copy of each document of `obj` (one query)."""
    out: dict[str, SignedCopy] = {}
    for copy in SignedCopy.objects.filter(scope=scope_of(obj), object_id=obj.pk).select_related(
        "uploaded_by"
    ):
        out.setdefault(copy.kind, copy)  # newest first
    return out


def current_of(kind_code: str, obj) -> SignedCopy | None:
    return current(obj).get(kind_code)


def check_signed_pdf(upload) -> None:
    """A PDF (by its content, not its name), not empty, within the evidence size bound."""
    name = upload.name or ""
    if not name.lower().endswith(".pdf"):
        raise DomainError(
            f"Tệp “{name}” không được nhận: bản đã ký phải là tệp PDF (bản quét văn bản đã ký, "
            "đóng dấu).",
            "file",
        )
    try:
        check_upload(upload)
    except EvidenceError as exc:
        raise DomainError(str(exc), "file") from None


@transaction.atomic
def upload_signed(kind: registry.DocumentKind, obj, upload, *, by) -> SignedCopy:
    """Keep the signed scan of document `kind` of `obj`. Only a document that has been issued
    (its data exists) and is not a draft can have one; the caller has checked the permission."""
    if not signable(kind):
        raise DomainError(
            "Dự thảo không có bản đã ký: hãy tải lên bản ký của quyết định đã ban hành.", "file"
        )
    try:
        registry.context_for(kind, obj)
    except registry.DocumentUnavailable as exc:
        raise DomainError(
            f"Văn bản chưa ban hành nên chưa thể tải lên bản đã ký: {exc}", "file"
        ) from None
    check_signed_pdf(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    copy = SignedCopy(
        kind=kind.code,
        scope=scope_of(obj),
        object_id=obj.pk,
        original_name=(upload.name or "")[-300:],
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    copy.file.save(upload.name, upload, save=False)
    copy.save()
    record(
        "document.signed_copy",
        copy,
        actor=by,
        after={
            "kind": kind.code,
            "scope": copy.scope,
            "object_id": obj.pk,
            "file": copy.file.name,
            "name": copy.original_name,
            "size": copy.size,
            "sha256": copy.sha256,
        },
    )
    return copy


def max_mb() -> int:
    from django.conf import settings

    return settings.EVIDENCE_MAX_UPLOAD_MB
