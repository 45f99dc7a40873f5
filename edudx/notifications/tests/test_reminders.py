"""Deadline reminders: N days before the due date, to heads of institutions that have not
submitted, never twice for the same reminder."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from edudx.assessments.facts import start_assessment
from edudx.assessments.models import AssessmentState as S
from edudx.notifications.models import Notification, SentReminder
from edudx.notifications.reminders import configured_days

pytestmark = pytest.mark.django_db
DUE = dt.date(2026, 5, 31)


def run(today: dt.date, days="7,3,1"):
    call_command("send_deadline_reminders", days=days, today=f"{today:%d/%m/%Y}")


@pytest.fixture
def heads(tree):
    from conftest import make_assigned_user

    return {
        code: make_assigned_user(f"ht.{code}", "institution_head", tree[code])
        for code in ("T01", "T02")
    }


def reminded():
    return sorted(Notification.objects.values_list("user__username", flat=True))


def test_heads_of_institutions_not_submitted_are_reminded_once(
    campaign, heads, tree, teacher, django_capture_on_commit_callbacks
):
    submitted = start_assessment(campaign.participations.get(institution=tree["T02"]))
    submitted.state = S.SUBMITTED
    submitted.save()
    with django_capture_on_commit_callbacks(execute=True):
        run(DUE - dt.timedelta(days=7))
    assert reminded() == ["ht.T01"]  # not T02 (submitted), not the teacher
    assert "31/05/2026" in mail.outbox[0].subject
    run(DUE - dt.timedelta(days=7))
    run(DUE - dt.timedelta(days=6))
    assert reminded() == ["ht.T01"]
    assert SentReminder.objects.count() == 1


def test_each_configured_day_sends_its_own_reminder(campaign, heads):
    for left in (10, 7, 5, 3, 2, 1, 0):
        run(DUE - dt.timedelta(days=left))
    sent = sorted(SentReminder.objects.values_list("participation__institution__code", "days"))
    assert sent == [("T01", 1), ("T01", 3), ("T01", 7), ("T02", 1), ("T02", 3), ("T02", 7)]


def test_a_missed_day_is_caught_up_with_the_tightest_reminder(campaign, heads):
    run(DUE - dt.timedelta(days=5))  # the 7-day run did not happen
    assert set(SentReminder.objects.values_list("days", flat=True)) == {7}
    assert "Còn 5 ngày" in Notification.objects.first().title


def test_an_extension_moves_the_reminder(campaign, heads, tree, officer_x):
    t01 = start_assessment(campaign.participations.get(institution=tree["T01"]))
    from edudx.assessments.workflow import extend_deadline

    extend_deadline(t01, dt.date(2026, 6, 10), by=officer_x, reason="Mưa bão")
    run(DUE - dt.timedelta(days=7))
    assert reminded() == ["ht.T02"]
    run(dt.date(2026, 6, 9))
    assert reminded() == ["ht.T01", "ht.T02"]
    assert SentReminder.objects.get(participation__institution__code="T01").due_date == dt.date(
        2026, 6, 10
    )


def test_nothing_after_the_deadline(campaign, heads):
    run(DUE + dt.timedelta(days=1))
    assert not SentReminder.objects.exists()


def test_days_come_from_settings(settings):
    settings.REMINDER_DAYS = ["10", "2"]
    assert configured_days() == [2, 10]
    settings.REMINDER_DAYS = "5"
    assert configured_days() == [5]


def test_bad_days_are_refused(campaign):
    with pytest.raises(CommandError):
        call_command("send_deadline_reminders", days="bảy")


def test_without_a_head_the_staff_are_reminded_and_without_anyone_nothing_is_marked(
    campaign, teacher, tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(DUE - dt.timedelta(days=7))
    assert reminded() == [teacher.username]  # T01 has no head account: its teacher hears
    t02 = SentReminder.objects.filter(participation__institution=tree["T02"])
    assert not t02.exists()  # T02 has no account at all: to be reminded once it has one
