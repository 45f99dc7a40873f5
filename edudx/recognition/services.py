"""Recognition and publication: every change is one function in one transaction, refused with a
Vietnamese message (and nothing changed) when it cannot be made."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from edudx.assessments.models import AssessmentState, Campaign, SelfAssessment
from edudx.assessments.transitions import transition
from edudx.core.errors import DomainError
from edudx.core.models import record
from edudx.frameworks import headline
from edudx.recognition.models import RecognisedResult, RecognitionDecision
from edudx.recognition.signals import decision_issued, decision_published
from edudx.reviews.models import Evaluation, EvaluationState
from edudx.reviews.results import external_result


class RecognitionError(DomainError):
    """A recognition, publication or reopening that cannot be made."""


def evaluated_assessments(campaign: Campaign) -> QuerySet:
    """The campaign's assessments waiting for recognition: externally evaluated, evaluation
    finalised."""
    return (
        SelfAssessment.objects.filter(
            participation__campaign=campaign,
            state=AssessmentState.EVALUATED,
            evaluation__state=EvaluationState.FINAL,
        )
        .select_related("participation__institution", "participation__version", "evaluation")
        .order_by("participation__institution__name")
    )


def frozen_result(evaluation: Evaluation) -> dict:
    """The values a recognition keeps: levels and points per group of the external evaluation
    (computed by the engine), with the group titles, level names and the index they come from."""
    result = external_result(evaluation)
    fw = result.framework
    rule = evaluation.assessment.participation.campaign.headline_rule
    h = headline.of_result(result, rule)
    return {
        "headline": h.to_dict() if h else {},
        "framework_code": fw.code,
        "framework_version": fw.version,
        "group_titles": {g.code: g.title for g in fw.groups},
        "level_names": {str(level): name for level, name in fw.level_names.items()},
        "levels": {code: g.level for code, g in result.groups.items()},
        "points": {code: round(float(g.points), 2) for code, g in result.groups.items()},
    }


def _name(assessment: SelfAssessment) -> str:
    return assessment.participation.institution.name


@transaction.atomic
def issue_decision(
    campaign: Campaign,
    assessments,
    *,
    number: str,
    date: dt.date,
    signer_name: str,
    signer_title: str,
    by,
) -> RecognitionDecision:
    """The authority's decision recognising the levels of the chosen institutions. All chosen must
    be externally evaluated (evaluation finalised) in this campaign, or nothing is recognised."""
    number, signer_name, signer_title = number.strip(), signer_name.strip(), signer_title.strip()
    for value, field, label in (
        (number, "number", "số quyết định"),
        (signer_name, "signer_name", "người ký"),
        (signer_title, "signer_title", "chức vụ người ký"),
    ):
        if not value:
            raise RecognitionError(f"Hãy nhập {label}.", field)
    if date > timezone.localdate():
        raise RecognitionError("Ngày quyết định không được sau ngày hôm nay.", "date")
    pks = sorted({a.pk if isinstance(a, SelfAssessment) else int(a) for a in assessments})
    if not pks:
        raise RecognitionError("Hãy chọn ít nhất một cơ sở giáo dục để công nhận.", "assessments")
    if RecognitionDecision.objects.filter(authority=campaign.authority, number=number).exists():
        raise RecognitionError(f"{campaign.authority.name} đã có quyết định số {number}.", "number")
    chosen = list(
        SelfAssessment.objects.select_for_update()
        .filter(pk__in=pks)
        .select_related("participation__institution", "participation__campaign")
        .order_by("participation__institution__name")
    )
    if len(chosen) != len(pks) or any(a.participation.campaign_id != campaign.pk for a in chosen):
        raise RecognitionError("Có cơ sở giáo dục đã chọn không thuộc đợt đánh giá này.")
    final = set(
        Evaluation.objects.filter(assessment__in=pks, state=EvaluationState.FINAL).values_list(
            "assessment_id", flat=True
        )
    )
    not_ready = [
        _name(a) for a in chosen if a.state != AssessmentState.EVALUATED or a.pk not in final
    ]
    if not_ready:
        raise RecognitionError(
            "Chưa công nhận được vì các cơ sở sau chưa có kết quả đánh giá ngoài hoặc đã được "
            f"công nhận: {', '.join(not_ready)}.",
            "assessments",
        )
    try:
        with transaction.atomic():  # a colleague may have taken the number a moment ago
            decision = RecognitionDecision.objects.create(
                campaign=campaign,
                authority=campaign.authority,
                number=number,
                date=date,
                signer_name=signer_name,
                signer_title=signer_title,
                created_by=by,
            )
    except IntegrityError:
        raise RecognitionError(
            f"{campaign.authority.name} đã có quyết định số {number}.", "number"
        ) from None
    for assessment in chosen:
        values = frozen_result(Evaluation.objects.get(assessment=assessment))
        transition(assessment, "recognise", by=by, reason=f"Quyết định số {number}")
        RecognisedResult.objects.create(
            decision=decision,
            assessment=assessment,
            institution=assessment.participation.institution,
            **values,
        )
    record(
        "recognition.decide",
        decision,
        actor=by,
        after={
            "number": number,
            "date": date.isoformat(),
            "signer": f"{signer_title} {signer_name}",
            "institutions": [a.participation.institution.code for a in chosen],
        },
    )
    decision_issued.send(sender=RecognitionDecision, decision=decision)
    return decision


@transaction.atomic
def publish_decision(decision: RecognitionDecision, *, by) -> RecognitionDecision:
    """Make the decision's standing results public (the portal and each institution's link)."""
    locked = RecognitionDecision.objects.select_for_update().get(pk=decision.pk)
    if locked.published_at is not None:
        raise RecognitionError(
            f"Quyết định số {locked.number} đã được công bố ngày "
            f"{timezone.localtime(locked.published_at):%d/%m/%Y}."
        )
    if not locked.results.current().exists():
        raise RecognitionError(
            "Quyết định không còn kết quả nào được công nhận (tất cả đã được mở lại)."
        )
    locked.published_at = timezone.now()
    locked.published_by = by
    locked.save(update_fields=["published_at", "published_by"])
    record(
        "recognition.publish",
        locked,
        actor=by,
        before={"published_at": None},
        after={"published_at": locked.published_at.isoformat()},
    )
    decision.published_at, decision.published_by = locked.published_at, by
    decision_published.send(sender=RecognitionDecision, decision=locked)
    return locked


@transaction.atomic
def reopen_recognition(result: RecognisedResult, *, by, reason: str) -> RecognisedResult:
    """Withdraw one institution's recognition (the decision keeps the row, marked withdrawn with
    the reason); the assessment goes back to "evaluated" and may be recognised again."""
    locked = RecognisedResult.objects.select_for_update().get(pk=result.pk)
    if locked.withdrawn_at is not None:
        raise RecognitionError("Kết quả này đã được mở lại trước đó.")
    transition(
        locked.assessment,
        "reopen_recognition",
        by=by,
        reason=reason,
    )
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = by
    locked.withdrawal_reason = reason.strip()
    locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    record(
        "recognition.reopen",
        locked.decision,
        actor=by,
        before={"institution": locked.institution.code, "levels": locked.levels},
        after={"withdrawn": True},
        note=reason.strip(),
    )
    result.withdrawn_at, result.withdrawn_by = locked.withdrawn_at, by
    result.withdrawal_reason = locked.withdrawal_reason
    return locked
