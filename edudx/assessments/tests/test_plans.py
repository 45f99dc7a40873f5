"""The improvement plan: its rules (lock with the file, revision, audit, target level from the
engine, bad input refused), its page, section IV of the report, and last year's targets on the
next year's form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from edudx.assessments import plans, workflow
from edudx.assessments.errors import AssessmentError
from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.models import AssessmentState, PlanAction, PlanTarget, SelfAssessment
from edudx.core.models import AuditRecord
from edudx.core.revisions import StaleEdit

pytestmark = pytest.mark.django_db


def later(days=60) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def target(assessment, by, code="1.3", **kw):
    values = {
        "target_level": 2,
        "actions": "Triển khai LMS cho khối 5\nTập huấn giáo viên",
        "owner": "Phó hiệu trưởng Nguyễn Văn A",
        "due": later(),
        "resources": "Ngân sách 20 triệu đồng",
        "revision": 0,
        **kw,
    }
    return plans.save_target(assessment, code, by=by, **values)


@pytest.fixture
def assessment(participation, teacher):
    a = start_assessment(participation)
    save_fact(a, "1.3.1", True, revision=0, by=teacher)  # 1.3 at 6 points → level 1
    return a


# -- service rules --------------------------------------------------------------------------------


def test_a_target_is_saved_with_its_actions_and_an_audit_record(assessment, teacher):
    saved = target(assessment, teacher)
    assert saved.revision == 1 and saved.target_level == 2
    assert list(PlanAction.objects.values_list("key", flat=True).order_by("key")) == [
        "triển khai lms cho khối 5",
        "tập huấn giáo viên",
    ]
    audit = AuditRecord.objects.get(action="plan.target")
    assert audit.object_id == str(assessment.pk) and audit.note == "1.3"
    assert audit.before is None and audit.after["owner"] == "Phó hiệu trưởng Nguyễn Văn A"


def test_saving_the_same_target_again_writes_nothing(assessment, teacher):
    saved = target(assessment, teacher)
    target(assessment, teacher, revision=saved.revision)
    assert AuditRecord.objects.filter(action="plan.target").count() == 1


def test_a_stale_save_is_refused_and_keeps_the_colleagues_words(assessment, teacher, head_a):
    target(assessment, teacher)
    with pytest.raises(StaleEdit, match=r"Mục tiêu của tiêu chí 1\.3"):
        target(assessment, head_a, owner="Người khác", revision=0)
    assert PlanTarget.objects.get().owner == "Phó hiệu trưởng Nguyễn Văn A"


def test_the_plan_is_locked_with_the_approved_file(assessment, teacher, head_a):
    saved = target(assessment, teacher)
    assessment.state = AssessmentState.APPROVED
    assessment.save()
    with pytest.raises(AssessmentError, match="kế hoạch cải thiện không sửa được"):
        target(assessment, teacher, owner="X", revision=saved.revision)
    with pytest.raises(AssessmentError, match="kế hoạch cải thiện không sửa được"):
        plans.remove_target(assessment, "1.3", revision=saved.revision, by=teacher)
    assert PlanTarget.objects.get().owner == "Phó hiệu trưởng Nguyễn Văn A"


def test_after_the_recorded_reopening_the_plan_changes_again(assessment, teacher, head_a):
    saved = target(assessment, teacher)
    assessment.state = AssessmentState.APPROVED  # approval itself is tested in test_workflow
    assessment.save()
    workflow.change_state(assessment, "reopen", by=head_a, reason="Sửa kế hoạch")
    assessment.refresh_from_db()
    target(assessment, teacher, owner="Tổ trưởng", revision=saved.revision)
    assert PlanTarget.objects.get().owner == "Tổ trưởng"
    assert AuditRecord.objects.filter(action="assessment.reopen").exists()


@pytest.mark.parametrize(
    ("code", "changes", "message", "field"),
    [
        ("9.9", {}, "không có trong bộ chỉ số", "criterion"),
        ("1.3", {"actions": "  \n "}, "ít nhất một nhiệm vụ", "actions"),
        ("1.3", {"owner": " "}, "người phụ trách", "owner"),
        ("1.3", {"due": None}, "thời hạn", "due"),
        ("1.3", {"due": dt.date(2020, 1, 1)}, "đã qua", "due"),
        ("1.3", {"target_level": 1}, "cao hơn mức hiện tại", "target_level"),
        ("1.3", {"target_level": None}, "mức độ mục tiêu", "target_level"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    assessment, teacher, code, changes, message, field
):
    with pytest.raises(AssessmentError, match=message) as caught:
        target(assessment, teacher, code=code, **changes)
    assert caught.value.field == field
    assert not PlanTarget.objects.exists() and not AuditRecord.objects.filter(action="plan.target")


def test_a_criterion_at_its_top_level_takes_no_target(participation, teacher):
    a = start_assessment(participation)
    for code in [f"1.3.{i}" for i in range(1, 6)]:
        save_fact(a, code, True, revision=0, by=teacher)
    with pytest.raises(AssessmentError, match="mức độ cao nhất"):
        target(a, teacher, target_level=3)


def test_a_target_reached_since_keeps_its_level_and_its_other_fields_change(assessment, teacher):
    saved = target(assessment, teacher)
    save_fact(assessment, "1.3.2", True, revision=0, by=teacher)  # 12 points: level 2 reached
    changed = target(assessment, teacher, owner="Tổ trưởng", revision=saved.revision)
    assert changed.owner == "Tổ trưởng" and changed.target_level == 2
    with pytest.raises(AssessmentError, match="cao hơn mức hiện tại"):  # a new level still must
        target(assessment, teacher, target_level=1, revision=changed.revision)


def test_removing_a_target_is_audited_and_checks_the_revision(assessment, teacher):
    saved = target(assessment, teacher)
    with pytest.raises(StaleEdit):
        plans.remove_target(assessment, "1.3", revision=0, by=teacher)
    plans.remove_target(assessment, "1.3", revision=saved.revision, by=teacher)
    assert not PlanTarget.objects.exists() and not PlanAction.objects.exists()
    audit = AuditRecord.objects.get(action="plan.remove")
    assert audit.before["target_level"] == 2 and audit.after is None


def test_the_plan_says_what_the_target_needs_from_the_engine(assessment, teacher):
    target(assessment, teacher)
    (row,) = plans.plan_rows(assessment)
    assert row.current == 1 and not row.reached
    assert row.needs.text == "Mức độ 2: từ 10 điểm đến 20 điểm (cần thêm 4 điểm)"


# -- pages ------------------------------------------------------------------------------------------


def test_the_staff_builds_a_target_on_the_page_and_the_history_says_it(
    client, assessment, teacher, participation
):
    client.force_login(teacher)
    url = reverse("assessments:plan_save", args=[participation.pk])
    response = client.post(
        url,
        {
            "criterion": "1.3",
            "target_level": "2",
            "actions": "Tập huấn giáo viên",
            "owner": "Cô Lan",
            "due": later().strftime("%d/%m/%Y"),
            "revision": "0",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("assessments:plan", args=[participation.pk])).content.decode()
    assert "Tập huấn giáo viên" in page and "Cô Lan" in page
    history = client.get(reverse("assessments:history", args=[participation.pk])).content.decode()
    assert "Mức độ mục tiêu" in history and "Người phụ trách" in history


def test_a_date_in_the_past_is_refused_on_the_page(client, assessment, teacher, participation):
    client.force_login(teacher)
    response = client.post(
        reverse("assessments:plan_save", args=[participation.pk]),
        {
            "criterion": "1.3",
            "target_level": "2",
            "actions": "Tập huấn",
            "owner": "Cô Lan",
            "due": "01/01/2020",
            "revision": "0",
        },
    )
    assert response.status_code == 400
    assert "đã qua" in response.content.decode()
    assert not PlanTarget.objects.exists()


def test_every_field_to_correct_is_named_at_once(client, assessment, teacher, participation):
    client.force_login(teacher)
    response = client.post(
        reverse("assessments:plan_save", args=[participation.pk]),
        {
            "criterion": "1.3",
            "target_level": "1",
            "actions": "Tập huấn",
            "owner": "",
            "due": "01/01/2020",
            "revision": "0",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Hãy ghi người phụ trách." in page
    assert "đã qua" in page
    assert "phải cao hơn mức hiện tại" in page
    assert not PlanTarget.objects.exists()


def test_reading_the_plan_page_writes_nothing(client, participation, teacher):
    client.force_login(teacher)
    assert client.get(reverse("assessments:plan", args=[participation.pk])).status_code == 200
    assert not SelfAssessment.objects.exists()


# -- the report and next year ---------------------------------------------------------------------


def test_the_plan_fills_section_iv_of_the_report(assessment, teacher, participation):
    from edudx.documents.institution import AssessmentData, report

    target(assessment, teacher)
    directions = report(AssessmentData(participation))["sections"]["directions"]
    assert directions[0].startswith("Tiêu chí 1.3 (")
    assert "phấn đấu đạt mức độ 2 (hiện đạt mức độ 1)" in directions[0]
    assert "Triển khai LMS cho khối 5; Tập huấn giáo viên" in directions[0]
    assert "Phó hiệu trưởng Nguyễn Văn A" in directions[0]


def next_year(tree, bundled_frameworks):
    """T01's participation in X01's campaign of the year after (2026-2027), where last year's
    plan is shown."""
    from edudx.assessments.campaigns import default_deadlines, open_campaign

    v = bundled_frameworks["4725"]
    return open_campaign(
        authority=tree["X01"],
        school_year="2026-2027",
        versions={"primary": v, "lower_secondary": v},
        deadlines=default_deadlines("2026-2027"),
    ).campaign.participations.get(institution=tree["T01"])


def test_next_years_form_shows_last_years_target_and_whether_it_is_reached(
    client, assessment, teacher, tree, bundled_frameworks
):
    target(assessment, teacher)
    target(assessment, teacher, code="2.3", target_level=2)
    nxt = next_year(tree, bundled_frameworks)
    this_year = start_assessment(nxt)
    save_fact(this_year, "1.3.1", True, revision=0, by=teacher)
    save_fact(this_year, "1.3.2", True, revision=0, by=teacher)  # 12 points → level 2
    client.force_login(teacher)
    page = client.get(reverse("assessments:form", args=[nxt.pk])).content.decode()
    reached = page[page.index('id="last-target-1.3"') :][:400]
    not_reached = page[page.index('id="last-target-2.3"') :][:400]
    assert 'class="badge ok"' in reached.split("</p>")[0]
    assert 'class="badge warn"' in not_reached.split("</p>")[0]
