"""A return for supplement carries the deadline the officer sets (by default the campaign's
external evaluation deadline): it becomes the institution's due date, and it is written in the
notification and on the school's form — the due date never changes silently."""

import datetime as dt

import pytest

from edudx.assessments import workflow
from edudx.assessments.transitions import transition
from edudx.notifications.models import Notification
from edudx.reviews import services
from edudx.reviews.errors import ReviewError
from edudx.reviews.tests.conftest import no_guard

pytestmark = pytest.mark.django_db
MAY_25 = dt.date(2026, 5, 25)  # a return before the campaign's deadlines (31/5 and 20/6)


def test_the_officers_deadline_becomes_the_schools_due_date_and_is_announced(
    client, submitted, officer_x, head_a
):
    services.return_for_supplement(
        submitted,
        by=officer_x,
        reason="Thiếu minh chứng",
        comments={"1.3": "Bổ sung"},
        due=dt.date(2026, 6, 10),
        today=MAY_25,
    )
    assert workflow.due_date(submitted) == dt.date(2026, 6, 10)
    note = Notification.objects.get(user=head_a)
    assert "Hạn bổ sung: 10/06/2026" in note.body
    client.force_login(head_a)
    page = client.get(f"/tu-danh-gia/{submitted.participation.pk}/").content.decode()
    assert "Hạn bổ sung: 10/06/2026" in page


def test_a_resubmission_after_the_supplement_deadline_is_refused(submitted, officer_x, head_a):
    services.return_for_supplement(
        submitted,
        by=officer_x,
        reason="x",
        comments={"1.3": "y"},
        due=dt.date(2026, 6, 5),
        today=MAY_25,
    )
    transition(submitted, "approve", by=head_a, check=no_guard)  # completeness: other tests
    with pytest.raises(workflow.AssessmentError, match="quá hạn nộp"):
        workflow.change_state(submitted, "submit", by=head_a, today=dt.date(2026, 6, 6))


@pytest.mark.parametrize(
    ("due", "message"),
    [
        (dt.date(2026, 5, 20), "không được trước hôm nay"),
        (dt.date(2026, 6, 21), "không được sau hạn đánh giá ngoài"),
    ],
)
def test_a_deadline_in_the_past_or_after_the_evaluation_is_refused_and_nothing_changes(
    submitted, officer_x, due, message
):
    with pytest.raises(ReviewError, match=message):
        services.return_for_supplement(
            submitted, by=officer_x, reason="x", comments={"1.3": "y"}, due=due, today=MAY_25
        )
    submitted.refresh_from_db()
    assert submitted.state == "submitted" and not submitted.return_rounds.exists()


def test_the_return_form_offers_a_deadline_and_keeps_a_bad_one_typed(client, submitted, officer_x):
    client.force_login(officer_x)
    url = f"/tham-dinh/ho-so/{submitted.participation.pk}/"
    assert 'name="due"' in client.get(url).content.decode()
    response = client.post(
        f"{url}return/",
        {"reason-return": "Thiếu", "comment-1.3": "Bổ sung", "due": "31/02/2026", "confirmed": "1"},
    )
    assert response.status_code == 400
    assert "31/02/2026" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == "submitted"
