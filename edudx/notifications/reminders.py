"""Deadline reminders: N days before an institution's self-assessment due date (the campaign's,
or the later one its authority granted), to the heads of institutions that have not submitted.

A reminder is sent at most once per (participation, deadline, due date, days): `SentReminder`
holds a unique row for each one sent, so running the command twice, or every hour, sends nothing
new. When the command did not run on the exact day, the tightest threshold not yet passed is sent
(7 days configured, run 5 days before: the 7-day reminder goes out then)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from edudx.accounts.models import Role
from edudx.assessments.models import AssessmentState, Participation
from edudx.assessments.progress import NOT_STARTED, with_progress
from edudx.assessments.workflow import due_date
from edudx.notifications.events import _form_link, users_with_role
from edudx.notifications.models import NotificationKind, SentReminder
from edudx.notifications.services import notify

NOT_SUBMITTED = (AssessmentState.DRAFT, AssessmentState.APPROVED, AssessmentState.RETURNED)
DEADLINE = "self_assessment_due"


def configured_days() -> list[int]:
    """settings.REMINDER_DAYS (from the REMINDER_DAYS variable, default "7,3,1")."""
    raw = settings.REMINDER_DAYS
    if isinstance(raw, str):
        raw = [part for part in raw.split(",") if part.strip()]
    return parse_days(raw)


def parse_days(values) -> list[int]:
    days = sorted({int(str(v).strip()) for v in values})
    if not days or days[0] < 0:
        raise ValueError("Số ngày nhắc trước hạn phải là số nguyên không âm, ví dụ 7,3,1.")
    return days


def pending(today: dt.date, horizon: int):
    """(participation, due date) of those not yet submitted whose due date — the campaign's, or
    the later one granted — falls within `horizon` days from today."""
    last = today + dt.timedelta(days=horizon)
    rows = (
        Participation.objects.filter(
            Q(assessment__isnull=True) | Q(assessment__state__in=NOT_SUBMITTED),
            Q(campaign__self_assessment_due__gte=today) | Q(assessment__extended_until__gte=today),
            Q(assessment__extended_until__isnull=True) | Q(assessment__extended_until__lte=last),
            campaign__self_assessment_due__lte=last,
        )
        .select_related("campaign__authority", "institution", "assessment")
        .order_by("campaign_id", "institution__name")
    )
    for p in rows:
        assessment = getattr(p, "assessment", None)  # none until someone opens the form
        # the first submission's deadline: a returned file was told of its return already
        due = due_date(assessment, supplement_due=None) if assessment else None
        yield p, due or p.campaign.self_assessment_due


def recipients_of(participation) -> list:
    """The institution's heads; its staff when it has no head account."""
    unit = [participation.institution_id]
    return users_with_role(unit, [Role.INSTITUTION_HEAD]) or users_with_role(
        unit, [Role.INSTITUTION_STAFF]
    )


def send_reminders(today: dt.date, days: list[int]) -> int:
    """Send every reminder due today; return how many institutions were reminded."""
    sent = 0
    for participation, due in pending(today, max(days)):
        left = (due - today).days
        threshold = min(d for d in days if d >= left)
        recipients = recipients_of(participation)
        if not recipients:
            continue  # nobody to tell yet: not marked sent, so a later run still reminds them
        try:
            with transaction.atomic():
                SentReminder.objects.create(
                    participation=participation, deadline=DEADLINE, due_date=due, days=threshold
                )
                notify(
                    recipients,
                    NotificationKind.REMINDER,
                    f"Còn {left} ngày đến hạn nộp tự đánh giá ({due:%d/%m/%Y})",
                    f"{participation.institution.name} chưa nộp kết quả tự đánh giá năm học "
                    f"{participation.campaign.school_year} cho "
                    f"{participation.campaign.authority.name}. Hạn nộp: {due:%d/%m/%Y}.",
                    _form_link(participation.pk),
                )
        except IntegrityError:
            continue  # this reminder was sent already
        sent += 1
    return sent


#: The reminder an officer sends from the review queue to institutions that have not started;
#: `SentReminder` keyed by (participation, this, the day it was sent) — once a day at most.
NOT_STARTED_NUDGE = "not_started"


def remind_not_started(participations, *, today: dt.date) -> tuple[list, list[tuple]]:
    """Remind the heads (staff when there is no head) of those of `participations` that have not
    started (the counting rule of `with_progress`). Returns (reminded participations,
    [(participation, why skipped)])."""
    pks = [p.pk for p in participations]
    rows = with_progress(Participation.objects.filter(pk__in=pks)).select_related(
        "campaign__authority", "institution"
    )
    reminded, skipped = [], []
    for p in rows.order_by("institution__name"):
        if p.progress != NOT_STARTED:
            skipped.append((p, "đã bắt đầu"))
            continue
        recipients = recipients_of(p)
        if not recipients:
            skipped.append((p, "chưa có tài khoản"))
            continue
        due = p.campaign.self_assessment_due
        try:
            with transaction.atomic():
                SentReminder.objects.create(
                    participation=p, deadline=NOT_STARTED_NUDGE, due_date=today, days=0
                )
                notify(
                    recipients,
                    NotificationKind.REMINDER,
                    f"Nhắc bắt đầu tự đánh giá (hạn nộp {due:%d/%m/%Y})",
                    f"{p.institution.name} chưa bắt đầu tự đánh giá năm học "
                    f"{p.campaign.school_year} cho {p.campaign.authority.name}. "
                    f"Hạn nộp: {due:%d/%m/%Y}.",
                    _form_link(p.pk),
                )
        except IntegrityError:
            skipped.append((p, "đã được nhắc hôm nay"))
            continue
        reminded.append(p)
    return reminded, skipped
