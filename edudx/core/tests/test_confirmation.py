"""Issue 11 §2: every state change that locks, unlocks, publishes or sends asks for
confirmation naming its consequence — a page of its own without JavaScript, a dialog with it
(`edudx/core/confirm.py`, `data-confirm`). Without `confirmed=1` nothing changes."""

import pytest

from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.models import AssessmentState as S
from edudx.core.models import AuditRecord
from edudx.reviews.tests.conftest import submitted, team, team_member  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _asks_and_changes_nothing(response, question, kept=()):
    page = response.content.decode()
    assert response.status_code == 200
    assert question in page and 'name="confirmed" value="1"' in page
    for value in kept:
        assert f'value="{value}"' in page  # what the person typed is sent again


def test_approval_asks_first_then_locks(client, participation, head_a):
    start_assessment(participation)  # an empty draft: nothing stands in the way of approval
    client.force_login(head_a)
    url = f"/tu-danh-gia/{participation.pk}/trang-thai/approve/"
    audits = AuditRecord.objects.count()
    _asks_and_changes_nothing(client.post(url), "Phê duyệt bản tự đánh giá")
    assert participation.assessment.state == S.DRAFT and AuditRecord.objects.count() == audits
    assert client.post(url, {"confirmed": "1"}).status_code == 302
    participation.assessment.refresh_from_db()
    assert participation.assessment.state == S.APPROVED


def test_the_form_marks_each_action_with_its_question(client, participation, head_a, teacher):
    save_fact(start_assessment(participation), "1.4.1", 3, revision=0, by=teacher)
    client.force_login(head_a)
    page = client.get(f"/tu-danh-gia/{participation.pk}/").content.decode()
    assert 'data-confirm="Phê duyệt bản tự đánh giá của Trường Tiểu học Lê Lợi?' in page


def test_a_return_asks_first_and_keeps_the_reason_and_comments(client, submitted, officer_x):
    client.force_login(officer_x)
    url = f"/tham-dinh/ho-so/{submitted.participation.pk}/return/"
    data = {"reason-return": "Thiếu minh chứng", "comment-1.3": "Ghi tên phần mềm"}
    _asks_and_changes_nothing(
        client.post(url, data), "Trả hồ sơ của", kept=("Thiếu minh chứng", "Ghi tên phần mềm")
    )
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED and not submitted.return_rounds.exists()
    assert client.post(url, {**data, "confirmed": "1"}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == S.RETURNED


def test_acceptance_asks_first(client, submitted, officer_x):
    client.force_login(officer_x)
    url = f"/tham-dinh/ho-so/{submitted.participation.pk}/accept/"
    _asks_and_changes_nothing(client.post(url), "Tiếp nhận hồ sơ của")
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED
