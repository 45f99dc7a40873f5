"""Applying an offline workbook: all its changes through `save_fact`, in one transaction."""

from __future__ import annotations

from django.core import signing
from django.db import transaction
from django.utils import timezone

from edudx.assessments.facts import LOCKED_MESSAGE, save_fact, started
from edudx.assessments.models import EDITABLE_STATES, FactEntry, SelfAssessment
from edudx.core.errors import DomainError
from edudx.core.models import record
from edudx.workbooks.offline_read import Change, WorkbookRejected, cell_of

PENDING_MAX_AGE = 60 * 60  # a preview may be confirmed within the hour


class _DryRun(Exception):
    """Raised inside the transaction of a preview so that nothing it did is kept."""


def _stale(change: Change, entry: FactEntry | None) -> str | None:
    current = entry.revision if entry else 0
    if current == change.revision:
        return None
    who, when = "người khác", ""
    if entry is not None:
        if entry.updated_by is not None:
            who = entry.updated_by.get_full_name() or entry.updated_by.get_username()
        when = timezone.localtime(entry.updated_at).strftime("%H:%M %d/%m/%Y")
    return (
        f"Ô {cell_of(change.row, None, change.code)}: mục {change.code} đã được {who} sửa lúc "
        f"{when}, sau khi bảng tính được tải về; hãy tải bảng tính mới rồi nhập lại."
    )


def _short(message: str, code: str) -> str:
    prefix = f"Mục {code}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


def apply_changes(
    assessment: SelfAssessment, changes: list[Change], *, by, dry_run: bool = False
) -> list[FactEntry]:
    """Save every change with `save_fact` (the form's own checks), all or nothing.

    Refused as a whole — with every problem and its cell — when the assessment is locked, when
    any changed item was saved by someone else since the download, or when any value is refused.
    `dry_run` runs the same checks and keeps nothing (the preview)."""
    problems: list[str] = []
    saved: list[FactEntry] = []
    try:
        with transaction.atomic():
            started(assessment)  # the first answers may come from the workbook
            locked = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
            if locked.state not in EDITABLE_STATES:
                raise WorkbookRejected([LOCKED_MESSAGE])
            current = {
                e.code: e
                for e in FactEntry.objects.filter(
                    assessment=locked, code__in=[c.code for c in changes]
                ).select_related("updated_by")
            }
            problems = [p for c in changes if (p := _stale(c, current.get(c.code)))]
            if problems:
                raise WorkbookRejected(problems)
            for change in changes:
                try:
                    with transaction.atomic():
                        saved.append(
                            save_fact(
                                locked,
                                change.code,
                                change.value,
                                revision=change.revision,
                                by=by,
                                awarded=change.awarded,
                                reason=change.reason,
                                details=change.details,
                            )
                        )
                except DomainError as exc:
                    cell = cell_of(change.row, exc.field, change.code)
                    problems.append(
                        f"Ô {cell} (mục {change.code}): {_short(str(exc), change.code)}"
                    )
            if problems:
                raise WorkbookRejected(problems)
            if dry_run:
                raise _DryRun
            record(
                "assessment.workbook_upload",
                locked,
                actor=by,
                after={"items": [c.code for c in changes]},
                note=f"{len(changes)} mục",
            )
    except _DryRun:
        pass
    return saved


# -- the pending changes between the preview and the confirmation --------------------------------


def _salt(assessment: SelfAssessment) -> str:
    return f"edudx.workbooks.offline.{assessment.participation_id}"


def sign_changes(assessment: SelfAssessment, changes: list[Change]) -> str:
    """The previewed changes as a signed, compressed token for a hidden field: the server keeps
    nothing, and a token is only good for this assessment and for an hour."""
    return signing.dumps([c.as_dict() for c in changes], salt=_salt(assessment), compress=True)


def unsign_changes(assessment: SelfAssessment, token: str) -> list[Change]:
    try:
        rows = signing.loads(token, salt=_salt(assessment), max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        raise WorkbookRejected(
            ["Bản xem trước đã hết hạn hoặc không hợp lệ; hãy tải bảng tính lên lại."]
        ) from None
    return [Change(**row) for row in rows]
