"""A return for supplement carries the deadline the officer sets (by default a week, or the
campaign's nearer date): it becomes the institution's due date, and it is written in the
notification and on the school's form — the due date never changes silently."""

import datetime as dt
import re
from types import SimpleNamespace

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


# -- the default the return form offers, and the campaign's limit --------------------------------

CAMPAIGN = SimpleNamespace(
    evaluation_due=dt.date(2026, 6, 20), publication_due=dt.date(2026, 6, 30)
)


@pytest.mark.parametrize(
    ("today", "offered"),
    [
        (dt.date(2026, 5, 25), dt.date(2026, 6, 1)),  # a week, well before the evaluation date
        (dt.date(2026, 6, 17), dt.date(2026, 6, 20)),  # the evaluation date comes sooner
        (dt.date(2026, 6, 20), dt.date(2026, 6, 20)),  # the evaluation date is today
        (dt.date(2026, 6, 27), dt.date(2026, 6, 30)),  # evaluation past: the publication date
        (dt.date(2026, 8, 1), dt.date(2026, 8, 8)),  # every date past: a week, never the past
    ],
)
def test_the_default_deadline_is_a_week_or_the_campaigns_nearer_date_never_past(today, offered):
    assert services.default_supplement_due(CAMPAIGN, today) == offered
    services.check_supplement_due(CAMPAIGN, offered, today)  # the default is always accepted


def test_a_return_without_a_deadline_gets_the_default_not_the_evaluation_date(submitted, officer_x):
    rnd = services.return_for_supplement(
        submitted, by=officer_x, reason="x", comments={"1.3": "y"}, today=MAY_25
    )
    assert rnd.due == dt.date(2026, 6, 1)  # a week from the return, not the evaluation date


def test_after_the_evaluation_date_a_deadline_past_publication_is_refused_on_its_field(
    submitted, officer_x
):
    with pytest.raises(ReviewError, match="không được sau hạn công bố kết quả") as refused:
        services.return_for_supplement(
            submitted,
            by=officer_x,
            reason="x",
            comments={"1.3": "y"},
            due=dt.date(2026, 7, 1),
            today=dt.date(2026, 6, 25),
        )
    assert refused.value.field == "due"
    submitted.refresh_from_db()
    assert submitted.state == "submitted" and not submitted.return_rounds.exists()


def test_a_refused_deadline_is_said_beside_its_field_and_the_typing_is_kept(
    client, submitted, officer_x
):
    client.force_login(officer_x)
    url = f"/tham-dinh/ho-so/{submitted.participation.pk}/"
    response = client.post(
        f"{url}return/",
        {
            "reason-return": "Thiếu minh chứng",
            "comment-1.3": "Bổ sung kế hoạch",
            "due": "01/01/2020",
            "confirmed": "1",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(
        r'id="due-return-error" role="alert">Hạn bổ sung \(01/01/2020\) không được trước hôm nay',
        page,
    )
    assert 'aria-invalid="true"' in page and 'value="01/01/2020"' in page
    assert "Thiếu minh chứng</textarea>" in page and "Bổ sung kế hoạch</textarea>" in page
    assert '<details class="card" id="return-form" open>' in page
