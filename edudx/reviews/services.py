"""The authority's review of a submission: accept for evaluation, return for supplement with a
comment per criterion, withdraw an acceptance (thu hồi) — and what changed since a return.

Every state change goes through `edudx.assessments.workflow.transition` (one audit record, refused
changes change nothing); a return also keeps a snapshot of the file (facts, points, evidence) so
that the reviewer later sees exactly what the institution changed."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from edudx.assessments.models import SelfAssessment
from edudx.assessments.transitions import transition
from edudx.core.models import record
from edudx.reviews.changes import snapshot
from edudx.reviews.errors import ReviewError
from edudx.reviews.evaluation import evaluation_for
from edudx.reviews.models import ReturnRound, ReviewComment
from edudx.reviews.signals import returned

# -- the review actions ----------------------------------------------------------------------------


@transaction.atomic
def accept(assessment: SelfAssessment, *, by) -> SelfAssessment:
    """Accept a submission for external evaluation (tiếp nhận); the evaluation begins, with the
    team assigned to the institution if there is one."""
    locked = transition(assessment, "accept", by=by)
    evaluation_for(locked)
    return locked


def unaccept(assessment: SelfAssessment, *, by, reason: str) -> SelfAssessment:
    """Withdraw the acceptance (thu hồi tiếp nhận): the submission is back to "submitted"; the
    evaluation begun so far is kept."""
    return transition(assessment, "unaccept", by=by, reason=reason)


#: The time a school usually gets to supplement a returned file, unless a campaign deadline is nearer.
SUPPLEMENT_DAYS = 7


def supplement_due_limit(campaign, today: dt.date) -> tuple[dt.date, str] | None:
    """The latest supplement deadline the campaign allows, with its name: the external evaluation
    date while it is ahead (the file must be back before the evaluation), else the publication
    date while that is ahead; None once both have passed (a late file: no campaign date is left
    to respect, the officer chooses)."""
    if campaign.evaluation_due >= today:
        return campaign.evaluation_due, "hạn đánh giá ngoài"
    if campaign.publication_due >= today:
        return campaign.publication_due, "hạn công bố kết quả"
    return None


def default_supplement_due(campaign, today: dt.date | None = None) -> dt.date:
    """What the return form offers: SUPPLEMENT_DAYS from today, or the campaign's limit
    (`supplement_due_limit`) when that comes sooner — never in the past, never after the limit."""
    today = today or timezone.localdate()
    due = today + dt.timedelta(days=SUPPLEMENT_DAYS)
    limit = supplement_due_limit(campaign, today)
    return min(due, limit[0]) if limit else due


def check_supplement_due(campaign, due: dt.date, today: dt.date) -> None:
    """Refuse a supplement deadline in the past or after the campaign's limit, on the field."""
    if due < today:
        raise ReviewError(
            f"Hạn bổ sung ({due:%d/%m/%Y}) không được trước hôm nay ({today:%d/%m/%Y}).",
            field="due",
        )
    limit = supplement_due_limit(campaign, today)
    if limit and due > limit[0]:
        raise ReviewError(
            f"Hạn bổ sung ({due:%d/%m/%Y}) không được sau {limit[1]} của đợt "
            f"({limit[0]:%d/%m/%Y}).",
            field="due",
        )


@transaction.atomic
def return_for_supplement(
    assessment: SelfAssessment,
    *,
    by,
    reason: str,
    comments: dict[str, str],
    due: dt.date | None = None,
    today: dt.date | None = None,
) -> ReturnRound:
    """Send a submission back for supplement: a general reason, a comment on each criterion
    concerned (at least one) and the supplement deadline the officer sets (by default
    `default_supplement_due`). The deadline is never in the past, nor after the campaign's limit
    (`supplement_due_limit`). The file as it stands is kept with the return; the institution's
    due date becomes the supplement deadline, said in the notification and on its form."""
    campaign = assessment.participation.campaign
    today = today or timezone.localdate()
    if due is None:
        due = default_supplement_due(campaign, today)
    check_supplement_due(campaign, due, today)
    fw = assessment.participation.version.framework()
    known = {c.code for c in fw.criteria()}
    cleaned = {code: (text or "").strip() for code, text in comments.items()}
    cleaned = {code: text for code, text in cleaned.items() if text}

    def check(locked: SelfAssessment) -> None:
        unknown = sorted(set(cleaned) - known)
        if unknown:
            raise ReviewError(
                f"Tiêu chí {', '.join(unknown)} không có trong bộ chỉ số.", field="comments"
            )
        if not cleaned:
            raise ReviewError(
                "Hãy ghi nhận xét cho ít nhất một tiêu chí cần bổ sung.", field="comments"
            )

    locked = transition(assessment, "return", by=by, reason=reason, check=check)
    number = (locked.return_rounds.aggregate(n=Max("number"))["n"] or 0) + 1
    rnd = ReturnRound.objects.create(
        assessment=locked,
        number=number,
        reason=reason.strip(),
        snapshot=snapshot(locked),
        returned_by=by,
        due=due,
    )
    order = {c.code: i for i, c in enumerate(fw.criteria())}
    ReviewComment.objects.bulk_create(
        ReviewComment(round=rnd, criterion=code, text=text)
        for code, text in sorted(cleaned.items(), key=lambda kv: order[kv[0]])
    )
    record(
        "review.return",
        locked,
        actor=by,
        after={"round": number, "comments": cleaned, "due": due.isoformat()},
        note=reason.strip(),
    )
    returned.send(sender=ReturnRound, round=rnd)
    return rnd
