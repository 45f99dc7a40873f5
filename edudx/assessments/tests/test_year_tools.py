"""What surrounds the form: approval needs a complete file, last year's data as a start, the
authority's deadline extension, and the history of every change."""

import datetime as dt

import pytest

from edudx.assessments import workflow
from edudx.assessments.campaigns import default_deadlines, open_campaign
from edudx.assessments.errors import AssessmentError
from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.models import AssessmentState as S
from edudx.assessments.models import Evidence, FactEntry, SelfAssessment
from edudx.assessments.prefill import prefill_from_previous, prefill_plan
from edudx.core.models import AuditRecord

pytestmark = pytest.mark.django_db
LAST_YEAR = "2024-2025"


@pytest.fixture
def last_year(tree, bundled_frameworks, teacher):
    v = bundled_frameworks["4725"]
    opened = open_campaign(
        authority=tree["X01"],
        school_year=LAST_YEAR,
        versions={"primary": v, "lower_secondary": v},
        deadlines=default_deadlines(LAST_YEAR),
    )
    p = opened.campaign.participations.get(institution=tree["T01"])
    old = start_assessment(p)
    save_fact(old, "1.4.1", 35, revision=0, by=teacher, details={"link": "https://hl.vn"})
    save_fact(old, "1.6.1", None, revision=0, by=teacher, details={"part": 3, "whole": 4})
    Evidence.objects.create(
        assessment=old,
        institution=tree["T01"],
        code="[1.4-01]",
        criteria=["1.4"],
        title="Kho học liệu",
        url="https://hl.vn",
    )
    return old


def test_approval_lists_missing_details_and_evidence(participation, head_a, teacher):
    assessment = start_assessment(participation)
    save_fact(assessment, "1.3.2", True, revision=0, by=teacher)
    with pytest.raises(AssessmentError) as refused:
        workflow.change_state(assessment, "approve", by=head_a)
    message = str(refused.value)
    assert "Mục 1.3.2: thiếu tên phần mềm / giải pháp, nguồn gốc, đường link" in message
    assert "Tiêu chí 1.3: chưa có minh chứng" in message
    assessment.refresh_from_db()
    assert assessment.state == S.DRAFT


def test_a_complete_claim_with_evidence_can_be_approved(participation, head_a, teacher, tree):
    assessment = start_assessment(participation)
    save_fact(
        assessment,
        "1.3.2",
        True,
        revision=0,
        by=teacher,
        details={"software_name": "LMS", "provenance": "bought", "link": "https://lms.vn"},
    )
    Evidence.objects.create(
        assessment=assessment, institution=tree["T01"], code="[1.3-01]", criteria=["1.3"], title="x"
    )
    workflow.change_state(assessment, "approve", by=head_a)
    assert assessment.state == S.APPROVED and assessment.approved_at is not None


def test_a_no_needs_neither_details_nor_evidence(participation, head_a, teacher):
    assessment = start_assessment(participation)
    save_fact(assessment, "1.3.2", False, revision=0, by=teacher)
    save_fact(assessment, "1.4.1", 0, revision=0, by=teacher)
    workflow.change_state(assessment, "approve", by=head_a)
    assert assessment.state == S.APPROVED


def test_prefill_copies_last_years_facts_and_evidence_marked_to_confirm(
    participation, last_year, teacher, head_a
):
    assessment = start_assessment(participation)
    plan = prefill_from_previous(assessment, by=teacher)
    assert (plan.fact_codes, plan.evidence_codes) == (["1.4.1", "1.6.1"], ["[1.4-01]"])
    entries = {e.code: e for e in assessment.facts.all()}
    assert entries["1.4.1"].value == 35 and entries["1.4.1"].carried
    assert entries["1.6.1"].value == 75 and entries["1.6.1"].details == {"part": 3, "whole": 4}
    ev = assessment.evidence.get()
    assert ev.code == "[1.4-01]" and ev.carried
    with pytest.raises(AssessmentError, match="lấy từ năm trước"):
        workflow.change_state(assessment, "approve", by=head_a)
    entry = entries["1.4.1"]
    save_fact(assessment, "1.4.1", 35, revision=entry.revision, by=head_a)
    assert not FactEntry.objects.get(pk=entry.pk).carried
    assert AuditRecord.objects.filter(action="assessment.prefill").count() == 1


def test_prefill_fills_only_empty_items_and_keeps_an_existing_answer(
    participation, last_year, teacher
):
    assessment = start_assessment(participation)
    mine = save_fact(assessment, "1.4.1", 3, revision=0, by=teacher)
    plan = prefill_from_previous(assessment, by=teacher)
    assert plan.fact_codes == ["1.6.1"] and plan.kept == ["1.4.1"]
    kept = FactEntry.objects.get(pk=mine.pk)
    assert (kept.value, kept.carried, kept.revision) == (3, False, mine.revision)
    assert assessment.facts.get(code="1.6.1").carried


def test_prefill_fills_an_item_whose_answer_was_cleared(participation, last_year, teacher):
    assessment = start_assessment(participation)
    save_fact(assessment, "1.4.1", 3, revision=0, by=teacher)
    cleared = save_fact(assessment, "1.4.1", None, revision=1, by=teacher)
    assert "1.4.1" in prefill_from_previous(assessment, by=teacher).fact_codes
    filled = FactEntry.objects.get(pk=cleared.pk)
    assert (filled.value, filled.carried, filled.revision) == (35, True, cleared.revision + 1)


def test_prefill_keeps_an_item_with_details_typed_but_no_answer(participation, last_year, teacher):
    assessment = start_assessment(participation)
    save_fact(assessment, "1.4.1", None, revision=0, by=teacher, details={"link": "https://a.vn"})
    assert prefill_from_previous(assessment, by=teacher).kept == ["1.4.1"]
    assert assessment.facts.get(code="1.4.1").value is None


def test_prefill_copies_no_evidence_for_a_criterion_already_supported(
    participation, last_year, teacher, tree
):
    assessment = start_assessment(participation)
    Evidence.objects.create(
        assessment=assessment, institution=tree["T01"], code="[1.4-02]", criteria=["1.4"], title="x"
    )
    assert prefill_from_previous(assessment, by=teacher).evidence == []
    assert list(assessment.evidence.values_list("code", flat=True)) == ["[1.4-02]"]


def test_prefill_copies_no_more_than_was_announced(participation, last_year, teacher):
    assessment = start_assessment(participation)
    plan = prefill_from_previous(assessment, by=teacher, facts=["1.6.1"], evidence=[])
    assert (plan.fact_codes, plan.evidence) == (["1.6.1"], [])
    assert list(assessment.facts.values_list("code", flat=True)) == ["1.6.1"]
    assert not assessment.evidence.exists()


def test_prefill_is_refused_after_approval(participation, last_year, teacher):
    assessment = start_assessment(participation)
    SelfAssessment.objects.filter(pk=assessment.pk).update(state=S.APPROVED)
    with pytest.raises(AssessmentError, match="đã khóa"):
        prefill_from_previous(assessment, by=teacher)
    assert not assessment.facts.exists()


def test_the_plan_of_a_blank_assessment_writes_nothing(participation, last_year):
    plan = prefill_plan(SelfAssessment.blank(participation))
    assert plan.fact_codes == ["1.4.1", "1.6.1"] and plan.evidence_codes == ["[1.4-01]"]
    assert not SelfAssessment.objects.filter(participation=participation).exists()


def test_prefill_without_a_previous_year_says_so(participation, teacher):
    with pytest.raises(AssessmentError, match="năm học trước"):
        prefill_from_previous(start_assessment(participation), by=teacher)


def test_an_extension_lets_one_institution_submit_late(participation, head_a, officer_x):
    assessment = start_assessment(participation)
    workflow.change_state(assessment, "approve", by=head_a)
    late = dt.date(2026, 6, 5)
    with pytest.raises(AssessmentError, match="quá hạn"):
        workflow.change_state(assessment, "submit", by=head_a, today=late)
    workflow.extend_deadline(assessment, dt.date(2026, 6, 10), by=officer_x, reason="Bão lũ")
    workflow.change_state(assessment, "submit", by=head_a, today=late)
    assert assessment.state == S.SUBMITTED
    audit = AuditRecord.objects.get(action="assessment.extend")
    assert audit.after == {"extended_until": "2026-06-10"} and audit.note == "Bão lũ"


@pytest.mark.parametrize(
    ("until", "reason", "message"),
    [
        (dt.date(2026, 5, 20), "Bão", "phải sau hạn tự đánh giá"),
        (dt.date(2026, 6, 25), "Bão", "không được sau hạn đánh giá ngoài"),
        (dt.date(2026, 6, 10), " ", "lý do"),
    ],
)
def test_an_extension_must_be_later_within_the_campaign_and_explained(
    participation, officer_x, until, reason, message
):
    assessment = start_assessment(participation)
    with pytest.raises(AssessmentError, match=message):
        workflow.extend_deadline(assessment, until, by=officer_x, reason=reason)
    assessment.refresh_from_db()
    assert assessment.extended_until is None


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("officer_x", 200),
        ("dept_admin", 200),
        ("head_a", 404),
        ("teacher", 404),
        ("officer_y", 404),
    ],
)
def test_only_the_authority_may_extend_a_deadline(client, request, participation, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/tu-danh-gia/{participation.pk}/gia-han/").status_code == status


def test_the_extension_page_keeps_the_typed_values_on_a_bad_date(client, officer_x, participation):
    client.force_login(officer_x)
    url = f"/tu-danh-gia/{participation.pk}/gia-han/"
    html = client.post(url, {"until": "01/05/2026", "reason": "Bão lũ"}).content.decode()
    assert "phải sau hạn tự đánh giá" in html and "Bão lũ" in html
    response = client.post(url, {"until": "10/06/2026", "reason": "Bão lũ"})
    assert response.status_code == 302
    html = client.get(f"/tu-danh-gia/{participation.pk}/").content.decode()
    assert "10/06/2026" in html


def test_the_history_shows_who_changed_what(client, participation, teacher, head_a):
    assessment = start_assessment(participation)
    save_fact(assessment, "1.4.1", 12, revision=0, by=teacher)
    save_fact(assessment, "1.4.1", 0, revision=1, by=teacher)
    workflow.change_state(assessment, "approve", by=head_a)
    client.force_login(head_a)
    html = client.get(f"/tu-danh-gia/{participation.pk}/lich-su/").content.decode()
    assert html.count("1.4.1") >= 2 and "12 → 0" in html
    assert "Bản nháp → Thủ trưởng đã phê duyệt" in html  # state labels, not codes


@pytest.mark.parametrize(
    ("persona", "status"), [("teacher", 200), ("officer_x", 200), ("officer_y", 404)]
)
def test_the_history_is_seen_within_scope(client, request, participation, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/tu-danh-gia/{participation.pk}/lich-su/").status_code == status


def test_the_form_offers_last_year_after_some_answers_and_copies_it_once_confirmed(
    client, participation, last_year, teacher
):
    assessment = start_assessment(participation)
    save_fact(assessment, "1.4.1", 3, revision=0, by=teacher)
    client.force_login(teacher)
    url = f"/tu-danh-gia/{participation.pk}/"
    html = client.get(url).content.decode()
    assert "lay-nam-truoc" in html
    assert "1 mục sẽ được chép: 1.6.1; 1 mục đã có câu trả lời được giữ nguyên" in html
    fields = {"announced": "1", "item": ["1.6.1"], "evidence": ["[1.4-01]"]}
    asked = client.post(f"{url}lay-nam-truoc/", fields).content.decode()
    assert "1 mục sẽ được chép: 1.6.1" in asked and "1 minh chứng sẽ được chép: [1.4-01]" in asked
    assert "1 mục đã có câu trả lời được giữ nguyên" in asked
    assert assessment.facts.count() == 1 and not assessment.evidence.exists()  # nothing yet
    client.post(f"{url}lay-nam-truoc/", {**fields, "confirmed": "1"})
    assert assessment.facts.get(code="1.4.1").value == 3
    assert assessment.facts.get(code="1.6.1").carried and assessment.evidence.get().carried
    html = client.get(url).content.decode()
    assert 'class="item carried"' in html and "0 mục sẽ được chép" in html


def test_asking_to_start_from_last_year_creates_nothing(client, participation, last_year, teacher):
    client.force_login(teacher)
    url = f"/tu-danh-gia/{participation.pk}/"
    assert "lay-nam-truoc" in client.get(url).content.decode()
    asked = client.post(f"{url}lay-nam-truoc/").content.decode()
    assert "2 mục sẽ được chép: 1.4.1, 1.6.1" in asked
    assert not SelfAssessment.objects.filter(participation=participation).exists()


def test_an_approved_form_no_longer_offers_last_year(
    client, participation, last_year, teacher, head_a
):
    assessment = start_assessment(participation)
    SelfAssessment.objects.filter(pk=assessment.pk).update(state=S.APPROVED)
    client.force_login(head_a)
    url = f"/tu-danh-gia/{participation.pk}/"
    assert "lay-nam-truoc" not in client.get(url).content.decode()
    client.force_login(teacher)
    assert client.post(f"{url}lay-nam-truoc/").status_code == 302  # not asked: refused at once
    client.post(f"{url}lay-nam-truoc/", {"confirmed": "1"})
    assert not assessment.facts.exists()
