"""In-app notifications and their e-mails: who hears of what, the list, the unread badge."""

import datetime as dt

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import RequestFactory

from conftest import make_assigned_user
from edudx.assessments.facts import start_assessment
from edudx.assessments.models import AssessmentState as S
from edudx.notifications import events
from edudx.notifications.models import Notification
from edudx.notifications.services import notify
from edudx.reviews.models import Evaluation, Team, TeamAssignment, TeamMember

pytestmark = pytest.mark.django_db


def recipients(kind):
    return set(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


def test_notify_stores_one_row_per_person_and_mails_after_commit(
    head_a, teacher, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://cds.example.vn"
    with django_capture_on_commit_callbacks(execute=True):
        rows = notify([head_a, teacher, head_a], "returned", "Tiêu đề", "Nội dung", "/thong-bao/")
    assert len(rows) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([head_a.email, teacher.email])
    assert "https://cds.example.vn/thong-bao/" in mail.outbox[0].body


def test_nothing_is_mailed_when_the_change_is_rolled_back(
    head_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([head_a], "returned", "Tiêu đề")
    assert len(callbacks) == 1 and not mail.outbox  # sent only by the commit


def test_a_submission_notifies_the_officers_of_the_campaigns_authority(
    campaign, tree, officer_x, officer_y, head_a
):
    assessment = start_assessment(campaign.participations.get(institution=tree["T01"]))
    events.on_submitted(assessment)
    assert recipients("submitted") == {"lechan.canbo"}
    n = Notification.objects.get()
    assert "Trường Tiểu học Lê Lợi" in n.title
    assert n.link == f"/tham-dinh/ho-so/{assessment.participation_id}/"  # the review page


def test_a_return_notifies_the_institutions_head_and_staff(
    campaign, tree, officer_x, head_a, teacher
):
    assessment = start_assessment(campaign.participations.get(institution=tree["T01"]))
    events.on_returned(assessment, comment="Bổ sung minh chứng 1.3")
    assert recipients("returned") == {"leloi.hieutruong", "leloi.giaovien"}
    assert "Bổ sung minh chứng 1.3" in Notification.objects.first().body


def test_an_assignment_notifies_the_team_members(campaign, tree, evaluator_x, officer_x, head_a):
    team = Team.objects.create(campaign=campaign, name="Đoàn số 1")
    TeamMember.objects.create(team=team, user=evaluator_x, role="head")
    TeamMember.objects.create(team=team, user=officer_x, role="member")
    assignment = TeamAssignment.objects.create(
        team=team, participation=campaign.participations.get(institution=tree["T01"])
    )
    events.on_evaluation_assigned(assignment)
    assert recipients("evaluation_assigned") == {"lechan.doan", "lechan.canbo"}
    assert (
        Notification.objects.first().link == f"/tham-dinh/danh-gia/{assignment.participation_id}/"
    )


def test_recognition_and_publication_notify_the_institution(
    campaign, tree, officer_x, head_a, teacher, django_capture_on_commit_callbacks
):
    from edudx.recognition.services import issue_decision, publish_decision

    assessment = start_assessment(campaign.participations.get(institution=tree["T01"]))
    assessment.state = S.EVALUATED
    assessment.save()
    Evaluation.objects.create(assessment=assessment, state="final")
    with django_capture_on_commit_callbacks(execute=True):
        decision = issue_decision(
            campaign,
            [assessment],
            number="9/QĐ",
            date=dt.date(2026, 6, 1),
            signer_name="A",
            signer_title="Chủ tịch",
            by=officer_x,
        )
    assert recipients("recognised") == {"leloi.hieutruong", "leloi.giaovien"}
    assert "9/QĐ" in mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        publish_decision(decision, by=officer_x)
    published = Notification.objects.filter(kind="published")
    assert {n.link for n in published} == {"/cong-khai/co-so/T01/"}
    assert "http://127.0.0.1:8000/cong-khai/co-so/T01/" in mail.outbox[-1].body


def test_list_shows_only_ones_own_and_marks_them_read(client, head_a, teacher):
    mine = notify([head_a], "returned", "Của hiệu trưởng")[0]
    other = notify([teacher], "returned", "Của giáo viên")[0]
    client.force_login(head_a)
    page = client.get("/thong-bao/").content.decode()
    assert "Của hiệu trưởng" in page and "Của giáo viên" not in page
    assert client.post(f"/thong-bao/{other.pk}/da-doc/").status_code == 404
    response = client.post(f"/thong-bao/{mine.pk}/da-doc/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and f'id="notif-{mine.pk}"' in response.content.decode()
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.read_at is not None and other.read_at is None


def test_mark_all_read_and_open_follows_the_link(client, head_a):
    first, _ = (notify([head_a], "returned", t, link="/dot-danh-gia/")[0] for t in "ab")
    client.force_login(head_a)
    assert client.get(f"/thong-bao/{first.pk}/").status_code == 405  # reading never writes
    first.refresh_from_db()
    assert first.read_at is None
    assert client.post(f"/thong-bao/{first.pk}/")["Location"] == "/dot-danh-gia/"
    first.refresh_from_db()
    assert first.read_at is not None
    client.post("/thong-bao/da-doc-tat-ca/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_badge_shows_the_unread_count(head_a):
    notify([head_a], "returned", "a")
    notify([head_a], "returned", "b")
    request = RequestFactory().get("/")
    request.user = head_a
    html = Template('{% include "notifications/_badge.html" %}').render(
        Context({"request": request, "user": head_a})
    )
    assert '<span class="badge warn">2</span>' in html


def test_badge_is_empty_for_a_visitor():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    html = Template('{% include "notifications/_badge.html" %}').render(
        Context({"request": request, "user": request.user})
    )
    assert html.strip() == ""


def test_inactive_users_are_not_notified(tree):
    gone = make_assigned_user("nghi.viec", "institution_head", tree["T01"], is_active=False)
    assert notify([gone], "returned", "x") == []
