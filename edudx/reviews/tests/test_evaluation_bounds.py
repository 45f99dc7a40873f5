"""The evaluator's corrections obey the same count bound as the institution's form, and the visit
record's date lies between the acceptance for evaluation and today."""

import datetime as dt

import pytest
from django.utils import timezone

from edudx.core.models import AuditRecord
from edudx.reviews import evaluation, services
from edudx.reviews.models import EvaluationEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def ev(submitted, team, officer_x):
    services.accept(submitted, by=officer_x)
    return submitted.evaluation


@pytest.mark.parametrize("value", [10**9, 2.5, -1])
def test_evaluator_cannot_enter_an_implausible_count(ev, team_member, value):
    with pytest.raises(services.ReviewError, match=r"Mục 1\.4\.1: "):
        evaluation.save_entry(
            ev, "1.4.1", value, awarded=None, comment="x", revision=0, by=team_member
        )
    assert not EvaluationEntry.objects.exists()


def test_evaluator_form_refuses_1e9_with_the_item(client, ev, team_member):
    client.force_login(team_member)
    p = ev.assessment.participation
    response = client.post(
        f"/tham-dinh/danh-gia/{p.pk}/muc/1.4.1/",
        {"value": "1e9", "comment": "x", "revision": "0"},
    )
    assert response.status_code == 400
    assert "Mục 1.4.1" in response.content.decode() and "quá lớn" in response.content.decode()


def visit(ev, by, day):
    return evaluation.save_visit(
        ev,
        by=by,
        visit_date=day,
        members_present="Nguyễn Văn A",
        findings="Đủ",
        conclusions="Đạt",
        revisions={name: ev.section_token(name) for name in evaluation.VISIT_FIELDS},
    )


def test_visit_date_cannot_precede_the_acceptance(ev, team_member):
    accepted = timezone.localdate()
    with pytest.raises(services.ReviewError, match="trước ngày hồ sơ được tiếp nhận") as exc:
        visit(ev, team_member, accepted - dt.timedelta(days=1))
    assert exc.value.field == "visit_date"
    ev.refresh_from_db()
    assert ev.visit_date is None


def test_the_latest_acceptance_counts(ev, team_member):
    """Acceptance dated ten days ago: a visit five days ago is fine, eleven days ago is not."""
    ten_days_ago = timezone.now() - dt.timedelta(days=10)
    AuditRecord.objects.filter(action="assessment.accept").update(at=ten_days_ago)
    today = timezone.localdate()
    with pytest.raises(services.ReviewError, match="trước ngày"):
        visit(ev, team_member, today - dt.timedelta(days=11))
    assert visit(ev, team_member, today - dt.timedelta(days=5)).visit_date == today - dt.timedelta(
        days=5
    )


def test_visit_date_cannot_be_in_the_future(ev, team_member):
    with pytest.raises(services.ReviewError, match="chưa đến"):
        visit(ev, team_member, timezone.localdate() + dt.timedelta(days=1))


def test_visit_today_is_accepted(ev, team_member):
    assert visit(ev, team_member, timezone.localdate()).visit_date == timezone.localdate()


def test_evaluator_sees_the_provenance_label_not_its_code(client, ev, team_member):
    from edudx.assessments.models import FactEntry

    FactEntry.objects.update_or_create(
        assessment=ev.assessment,
        code="1.3.2",
        defaults={"value": True, "details": {"software_name": "K12Online", "provenance": "rented"}},
    )
    client.force_login(team_member)
    body = client.get(f"/tham-dinh/danh-gia/{ev.assessment.participation.pk}/").content.decode()
    assert "K12Online · Thuê" in body and "rented" not in body
