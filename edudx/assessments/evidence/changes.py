"""Adding, changing and removing evidence.

Every change is one service function in a transaction that locks the assessment row, so that two
council members adding evidence at once never get the same code, and that nothing changes once
the head has approved. A bad upload is refused before anything is written: no row, no stored
file.

An item is changed or removed only from the revision its page was loaded at
(`edudx.core.revisions.expect`): of two council members editing the same item, the second is
shown what the first saved instead of overwriting it. `revision=None` is for callers without a
page (the catalogue import, which replaces an item by its code in one locked transaction); a view
always passes what the page sent, and a missing one is refused.
"""

from __future__ import annotations

from django.db import transaction

from edudx.assessments import standing
from edudx.assessments.errors import EvidenceError
from edudx.assessments.evidence.checks import check_criteria, check_text, check_upload, check_url
from edudx.assessments.evidence.codes import next_code
from edudx.assessments.facts import lock_editable
from edudx.assessments.models import Evidence, SelfAssessment
from edudx.core.models import record
from edudx.core.revisions import expect

LOCKED_MESSAGE = (
    "Bản tự đánh giá đã được phê duyệt hoặc đã nộp nên không thêm, sửa, xóa minh chứng được nữa; "
    "thủ trưởng cần mở lại (hoặc hủy nộp) trước khi sửa."
)


def lock_for_evidence(assessment: SelfAssessment) -> SelfAssessment:
    """The assessment row locked for an evidence change; the refusal speaks of evidence."""
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


def _stored(ev: Evidence) -> str:
    """An item as it is stored now, for a refusal of a stale change."""
    parts = [f"“{ev.title}”", "tiêu chí " + ", ".join(ev.criteria)]
    if ev.number or ev.issued_on:
        dated = f" ngày {ev.issued_on:%d/%m/%Y}" if ev.issued_on else ""
        parts.append(f"số {ev.number or '—'}{dated}")
    parts.append(f"tệp {ev.file_name}" if ev.file else f"link {ev.url}")
    return "; ".join(parts)


def _claim(evidence: Evidence, locked: SelfAssessment, revision) -> Evidence:
    """The item locked; with a `revision`, it must not have changed since its page showed it (the
    revision moves forward with this change; without a page it moves forward anyway)."""
    ev = (
        Evidence.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .filter(pk=evidence.pk, assessment=locked)
        .first()
    )
    if ev is None:
        raise EvidenceError("Minh chứng này đã bị xóa.")
    if revision is None:
        ev.revision += 1
    else:
        expect(ev, revision, what=f"Minh chứng {ev.code}", stored=_stored(ev))
    return ev


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
    check_text(title, number, issuer)
    content_type = check_upload(upload) if upload is not None else ""
    if url:
        url = check_url(url)
    stored = ""
    try:
        with transaction.atomic():
            locked = lock_for_evidence(assessment)
            criteria = check_criteria(locked, criteria)
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
                updated_by=by if getattr(by, "is_authenticated", False) else None,
            )
            if upload is not None:
                stored = _store(ev, upload, content_type)
            ev.save()
            standing.refresh_one(locked)
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
    revision=None,
) -> Evidence:
    """Change an item's description, criteria, file or link, from the `revision` its page
    showed. No `upload` and no `url` keeps the current file; a new file or link replaces the old
    one. The code stays while the main criterion stays; a new main criterion gives the item the
    next code of that criterion. Saving an item carried from last year confirms it. Nothing
    changed: nothing recorded."""
    url = (url or "").strip()
    if upload is not None and url:
        raise EvidenceError(
            "Minh chứng là một tệp hoặc một đường link, không phải cả hai; hãy bỏ một trong hai.",
            "url",
        )
    check_text(title, number, issuer)
    content_type = check_upload(upload) if upload is not None else ""
    if url:
        url = check_url(url)
    stored = ""
    try:
        with transaction.atomic():
            locked = lock_for_evidence(evidence.assessment)
            ev = _claim(evidence, locked, revision)
            before = snapshot(ev)
            if upload is None and not url and not ev.file:
                raise EvidenceError("Hãy chọn tệp minh chứng hoặc nhập đường link.", "url")
            criteria = check_criteria(locked, criteria)
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
            ev.updated_by = by if getattr(by, "is_authenticated", False) else None
            ev.save()
            if old_file and old_file != (ev.file.name or ""):
                _after_commit_delete(old_file)
            standing.refresh_one(locked)
            _record("evidence.change", locked, ev, by=by, before=before)
    except BaseException:
        if stored:
            Evidence._meta.get_field("file").storage.delete(stored)
        raise
    return ev


@transaction.atomic
def remove_evidence(evidence: Evidence, *, by, revision=None) -> None:
    """Remove an item, as its page showed it (`revision`). Its file goes when the removal is
    committed, unless another item (last year's, or a prefilled copy) still points to it."""
    locked = lock_for_evidence(evidence.assessment)
    ev = _claim(evidence, locked, revision)
    before = snapshot(ev)
    name = ev.file.name or ""
    ev.delete()
    _after_commit_delete(name)
    standing.refresh_one(locked)
    record("evidence.remove", locked, actor=by, before=before, after=None, note=before["code"])


def _record(action: str, assessment: SelfAssessment, ev: Evidence, *, by, before) -> None:
    record(action, assessment, actor=by, before=before, after=snapshot(ev), note=ev.code)
