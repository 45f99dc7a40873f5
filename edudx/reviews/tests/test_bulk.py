"""The queue's bulk actions: accept several (a file that cannot be accepted is skipped and named),
assign several to a team, remind those not started (once a day); each asks first and changes
nothing until confirmed; only those who review the campaign may use them."""

import pytest
from django.contrib.messages import get_messages

from conftest import make_assigned_user
from edudx.assessments.facts import assessment_for, start_assessment
from edudx.assessments.models import AssessmentState, SelfAssessment
from edudx.notifications.models import Notification, NotificationKind
from edudx.reviews.models import Team, TeamAssignment
from edudx.reviews.tests.conftest import FACTS, fill, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def t02(campaign, tree):
    return campaign.participations.get(institution=tree["T02"])


@pytest.fixture
def head_t02(tree):
    return make_assigned_user("ngoquyen.ht", "institution_head", tree["T02"])


def accept_url(campaign):
    return f"/tham-dinh/dot/{campaign.pk}/tiep-nhan/"


def assign_url(campaign):
    return f"/tham-dinh/dot/{campaign.pk}/phan-cong-nhieu/"


def remind_url(campaign):
    return f"/thong-bao/nhac/dot/{campaign.pk}/"


def said(response) -> str:
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_queue_offers_a_checkbox_per_row_and_the_three_actions(client, officer_x, campaign):
    team = Team.objects.create(campaign=campaign, name="Đoàn 2")
    client.force_login(officer_x)
    html = client.get(f"/tham-dinh/dot/{campaign.pk}/").content.decode()
    assert html.count('name="participation"') == 2
    assert 'data-select-all="participation"' in html
    for url in (accept_url(campaign), assign_url(campaign), remind_url(campaign)):
        assert f'formaction="{url}"' in html
    assert "data-confirm=" in html
    assert f'name="revision-team-{team.pk}" value="{team.revision}"' in html


def test_accepts_several_and_names_the_one_refused(client, officer_x, submitted, t02):
    client.force_login(officer_x)
    campaign = submitted.participation.campaign
    chosen = [submitted.participation.pk, t02.pk, 999999]  # T02 has not submitted
    response = client.post(accept_url(campaign), {"participation": chosen, "confirmed": "1"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == AssessmentState.UNDER_REVIEW
    assert not SelfAssessment.objects.filter(participation=t02).exists()
    text = said(response)
    assert "Đã tiếp nhận 1 hồ sơ; 1 hồ sơ không tiếp nhận được" in text
    assert "Trường TH&THCS Ngô Quyền (Chỉ tiếp nhận được hồ sơ đã nộp" in text


def test_accepts_all_when_none_is_refused(client, officer_x, submitted, t02, head_t02):
    other = start_assessment(t02)
    fill(other, FACTS, head_t02)
    submit(other, head_t02)
    client.force_login(officer_x)
    chosen = [submitted.participation.pk, t02.pk]
    response = client.post(accept_url(t02.campaign), {"participation": chosen, "confirmed": "1"})
    assert said(response) == "Đã tiếp nhận 2 hồ sơ."
    assert assessment_for(t02).state == AssessmentState.UNDER_REVIEW


@pytest.mark.parametrize("url", [accept_url, assign_url, remind_url])
def test_asks_first_and_changes_nothing_without_confirmation(
    client, officer_x, submitted, t02, head_t02, url
):
    team = Team.objects.create(campaign=t02.campaign, name="Đoàn 2")
    client.force_login(officer_x)
    data = {
        "participation": [submitted.participation.pk, t02.pk],
        "team": team.pk,
        f"revision-team-{team.pk}": team.revision,
    }
    response = client.post(url(t02.campaign), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="confirmed" value="1"' in html
    assert "Trường Tiểu học Lê Lợi" in html and "Trường TH&amp;THCS Ngô Quyền" in html
    submitted.refresh_from_db()
    assert submitted.state == AssessmentState.SUBMITTED
    assert not TeamAssignment.objects.filter(team=team).exists()
    assert not Notification.objects.filter(kind=NotificationKind.REMINDER).exists()


def test_assigns_several_to_a_team(client, officer_x, participation, t02):
    team = Team.objects.create(campaign=participation.campaign, name="Đoàn 2")
    client.force_login(officer_x)
    response = client.post(
        assign_url(participation.campaign),
        {
            "participation": [participation.pk, t02.pk],
            "team": team.pk,
            f"revision-team-{team.pk}": team.revision,
            "confirmed": "1",
        },
    )
    assert response.status_code == 302
    assert set(
        TeamAssignment.objects.filter(team=team).values_list("participation", flat=True)
    ) == {
        participation.pk,
        t02.pk,
    }


def test_assignment_from_a_stale_page_changes_nothing(client, officer_x, participation, t02):
    team = Team.objects.create(campaign=participation.campaign, name="Đoàn 2")
    client.force_login(officer_x)
    response = client.post(
        assign_url(participation.campaign),
        {
            "participation": [participation.pk, t02.pk],
            "team": team.pk,
            f"revision-team-{team.pk}": team.revision + 1,
            "confirmed": "1",
        },
    )
    assert "thay đổi của bạn chưa được lưu" in said(response)
    assert not TeamAssignment.objects.filter(team=team).exists()


def test_reminds_only_those_not_started_and_once_a_day(
    client, officer_x, submitted, t02, head_a, head_t02
):
    client.force_login(officer_x)
    data = {"participation": [submitted.participation.pk, t02.pk], "confirmed": "1"}
    response = client.post(remind_url(t02.campaign), data)
    assert response.status_code == 302
    reminders = Notification.objects.filter(kind=NotificationKind.REMINDER)
    assert [n.user for n in reminders] == [head_t02]
    assert "Trường Tiểu học Lê Lợi (đã bắt đầu)" in said(response)
    again = client.post(remind_url(t02.campaign), data)
    assert reminders.count() == 1
    assert "Trường TH&THCS Ngô Quyền (đã được nhắc hôm nay)" in said(again)


def test_a_draft_without_answers_counts_as_not_started(client, officer_x, t02, head_t02):
    start_assessment(t02)  # a draft row, no answer yet
    client.force_login(officer_x)
    client.post(remind_url(t02.campaign), {"participation": [t02.pk], "confirmed": "1"})
    assert Notification.objects.filter(user=head_t02, kind=NotificationKind.REMINDER).exists()


@pytest.mark.parametrize("url", [accept_url, assign_url, remind_url])
def test_an_officer_of_another_authority_gets_404(client, officer_y, submitted, head_a, url):
    team = Team.objects.create(campaign=submitted.participation.campaign, name="Đoàn 2")
    client.force_login(officer_y)
    data = {"participation": [submitted.participation.pk], "team": team.pk, "confirmed": "1"}
    response = client.post(url(submitted.participation.campaign), data)
    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.state == AssessmentState.SUBMITTED
    assert not TeamAssignment.objects.exists()
    assert not Notification.objects.filter(kind=NotificationKind.REMINDER).exists()
