"""A mandatory condition (điều kiện bắt buộc: đạt / chưa đạt, no level) as a target of the
improvement plan: its target is to be met (`target_level` empty). An unmet one is offered first
with the engine's reason; a met one is refused; the report, the authority's page and workbook,
next year's form and the history all say "đáp ứng" instead of a level. 4725: 1.1 and 1.2 are the
mandatory conditions of group 1."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from edudx.assessments import plans
from edudx.assessments.errors import AssessmentError
from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.models import PlanTarget
from edudx.assessments.tests.test_plans import later, next_year, target
from edudx.core.models import AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(participation, teacher):
    a = start_assessment(participation)
    save_fact(a, "1.3.1", True, revision=0, by=teacher)  # 1.3 at level 1; 1.1, 1.2 not declared
    return a


def condition(assessment, by, code="1.1", **kw):
    return target(assessment, by, code=code, **{"target_level": None, **kw})


def post(client, participation, **data):
    values = {
        "prefix": "dk",
        "dk-criterion": "1.1",
        "dk-actions": "Ban hành kế hoạch dạy học trực tuyến",
        "dk-owner": "Hiệu trưởng",
        "dk-due": later().strftime("%d/%m/%Y"),
        "revision": "0",
        **data,
    }
    return client.post(reverse("assessments:plan_save", args=[participation.pk]), values)


# -- service ----------------------------------------------------------------------------------------


def test_an_unmet_condition_is_a_target_to_be_met_without_a_level(assessment, teacher):
    saved = condition(assessment, teacher, target_level=3)  # a posted level is no part of it
    assert saved.target_level is None and saved.is_condition
    audit = AuditRecord.objects.get(action="plan.target")
    assert audit.note == "1.1" and audit.after["target"] == "Đáp ứng"
    assert "target_level" not in audit.after


def test_a_met_condition_cannot_be_targeted(assessment, teacher):
    save_fact(assessment, "1.1", True, revision=0, by=teacher)
    with pytest.raises(AssessmentError, match=r"Điều kiện bắt buộc 1\.1 đã đạt") as caught:
        condition(assessment, teacher)
    assert caught.value.field == "criterion"
    assert not PlanTarget.objects.exists() and not AuditRecord.objects.filter(action="plan.target")


def test_a_condition_met_since_keeps_its_target_and_its_other_fields_change(assessment, teacher):
    saved = condition(assessment, teacher)
    save_fact(assessment, "1.1", True, revision=0, by=teacher)
    changed = condition(assessment, teacher, owner="Tổ trưởng", revision=saved.revision)
    assert changed.owner == "Tổ trưởng" and changed.target_level is None


def test_a_criterion_with_levels_still_needs_its_target_level(assessment, teacher):
    with pytest.raises(AssessmentError, match="mức độ mục tiêu"):
        target(assessment, teacher, code="1.3", target_level=None)


def test_the_plan_row_of_a_condition_gives_the_engines_reason_and_whether_it_is_met(
    assessment, teacher
):
    condition(assessment, teacher)
    (row,) = plans.plan_rows(assessment)
    assert row.condition and not row.reached
    assert "Điều kiện bắt buộc 1.1: chưa khai báo (coi như chưa đạt)." in row.needs.text
    assert "nhóm được xếp mức độ 1" in row.needs.text
    save_fact(assessment, "1.1", True, revision=0, by=teacher)
    (row,) = plans.plan_rows(assessment)
    assert row.reached and row.needs is None


# -- the page ---------------------------------------------------------------------------------------


def test_the_page_offers_unmet_conditions_first_with_their_reason_and_no_level(
    client, assessment, teacher, participation
):
    save_fact(assessment, "2.1", True, revision=0, by=teacher)  # met: not offered
    client.force_login(teacher)
    page = client.get(reverse("assessments:plan", args=[participation.pk])).content.decode()
    offered = page[page.index('id="plan-add-condition"') : page.index('id="plan-add"')]
    assert page.index('id="plan-add-condition"') < page.index('id="plan-add"')
    assert "coi như chưa đạt" in offered and "nhóm được xếp mức độ 1" in offered
    select = offered[offered.index('name="dk-criterion"') : offered.index("</select>")]
    assert 'value="1.1"' in select and 'value="1.2"' in select and 'value="2.2"' in select
    assert 'value="2.1"' not in select and 'value="1.3"' not in select
    assert "target_level" not in offered  # a condition has no level to choose
    levels = page[page.index('id="plan-add"') :]
    assert 'value="1.1"' not in levels[: levels.index("</select>")]


def test_a_condition_is_added_on_the_page_and_shows_its_target_met(
    client, assessment, teacher, participation
):
    client.force_login(teacher)
    assert post(client, participation).status_code == 302
    assert PlanTarget.objects.get().target_level is None
    page = client.get(reverse("assessments:plan", args=[participation.pk])).content.decode()
    card = page[page.index('id="plan-1.1"') :]
    card = card[: card.index("</section>")]
    assert "Mục tiêu: Đáp ứng" in card and "Điều kiện bắt buộc: chưa đạt" in card
    assert "target_level" not in card  # its change form has no level
    history = client.get(reverse("assessments:history", args=[participation.pk])).content.decode()
    assert "Mục tiêu" in history and "Đáp ứng" in history


def test_a_met_condition_is_refused_on_its_field_and_nothing_typed_is_lost(
    client, assessment, teacher, participation
):
    save_fact(assessment, "1.1", True, revision=0, by=teacher)
    client.force_login(teacher)
    response = post(
        client, participation, **{"dk-actions": "Rà soát kế hoạch", "dk-owner": "Cô Hoa"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    form = page[page.index('id="plan-add-condition"') : page.index('id="plan-add"')]
    assert '<p class="field-error">Điều kiện bắt buộc 1.1 đã đạt' in form
    assert "Rà soát kế hoạch" in form and 'value="Cô Hoa"' in form
    assert not PlanTarget.objects.exists()


# -- the report, the authority, next year -----------------------------------------------------------


def test_section_iv_of_the_report_says_the_condition_is_to_be_met(
    assessment, teacher, participation
):
    from edudx.documents.institution import AssessmentData, report

    condition(assessment, teacher)
    (first,) = report(AssessmentData(participation))["sections"]["directions"][:1]
    assert first.startswith("Điều kiện bắt buộc 1.1 (")
    assert "phấn đấu đáp ứng (hiện chưa đạt)" in first and "mức độ None" not in first


def test_the_authority_counts_condition_targets_on_its_page_and_workbook(
    client, assessment, teacher, officer_x
):
    condition(assessment, teacher)
    target(assessment, teacher)  # 1.3 → level 2
    client.force_login(officer_x)
    page = client.get("/don-vi/X01/ke-hoach-cai-thien/?nam-hoc=2025-2026")
    counts = {
        r["criterion"]: (r["level2"], r["level3"], r["conditions"])
        for r in page.context["criteria"]
    }
    assert counts == {"1.1": (0, 0, 1), "1.3": (1, 0, 0)}
    assert "Hướng tới đáp ứng (điều kiện bắt buộc)" in page.content.decode()
    wb = load_workbook(
        io.BytesIO(client.get("/bang-tinh/ke-hoach-cai-thien/X01/?nam-hoc=2025-2026").content)
    )
    header, *criteria = list(wb["Tiêu chí"].iter_rows(min_row=3, values_only=True))
    assert header[-1] == "Hướng tới đáp ứng (điều kiện bắt buộc)"
    assert {r[1]: r[-1] for r in criteria} == {"1.1": 1, "1.3": 0}
    rows = {r[3]: r[5] for r in wb["Kế hoạch"].iter_rows(min_row=4, values_only=True)}
    assert rows == {"1.1": "Đáp ứng", "1.3": 2}


@pytest.mark.parametrize(("met", "badge"), [(True, "badge ok"), (False, "badge warn")])
def test_next_years_form_says_whether_last_years_condition_is_met_now(
    client, assessment, teacher, tree, bundled_frameworks, met, badge
):
    condition(assessment, teacher)
    nxt = next_year(tree, bundled_frameworks)
    this_year = start_assessment(nxt)
    save_fact(this_year, "1.1", met, revision=0, by=teacher)
    client.force_login(teacher)
    page = client.get(reverse("assessments:form", args=[nxt.pk])).content.decode()
    line = page[page.index('id="last-target-1.1"') :].split("</p>")[0]
    assert "đáp ứng điều kiện bắt buộc này trước" in line and badge in line
    years = client.get("/don-vi/T01/qua-cac-nam/").content.decode()
    assert "đáp ứng điều kiện bắt buộc này trước" in years and "mức độ None" not in years
