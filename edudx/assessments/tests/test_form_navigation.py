"""The long form kept usable: approval problems that name (and link) their item, the bar of points
and answered items sent again with each save, and evidence started from what its item holds."""

import re

import pytest

from edudx.assessments import workflow
from edudx.assessments.evidence.forms import document_of_item
from edudx.assessments.facts import assessment_for, save_fact

pytestmark = pytest.mark.django_db


def form_url(p, rest=""):
    return f"/tu-danh-gia/{p.pk}/{rest}"


def test_approval_problems_name_their_item_or_criterion_with_the_same_text(participation, teacher):
    assessment = assessment_for(participation)
    save_fact(assessment, "1.3.2", True, revision=0, by=teacher)
    problems = workflow.approval_problems(assessment)
    assert [(p.code, p.anchor, p.text) for p in problems] == [
        ("1.3.2", "item-1.3.2", "Mục 1.3.2: thiếu tên phần mềm / giải pháp, nguồn gốc, đường link"),
        ("1.3", "c-1.3", "Tiêu chí 1.3: chưa có minh chứng"),
    ]


def test_the_head_sees_each_problem_before_approval_linked_to_its_item(
    client, participation, head_a, teacher
):
    save_fact(assessment_for(participation), "1.3.2", True, revision=0, by=teacher)
    client.force_login(head_a)
    html = client.get(form_url(participation)).content.decode()
    assert '<a href="#item-1.3.2">Mục 1.3.2: thiếu' in html
    assert '<a href="#c-1.3">Tiêu chí 1.3: chưa có minh chứng</a>' in html


def test_a_refused_approval_answers_the_form_with_every_problem_linked(
    client, participation, head_a, teacher
):
    save_fact(assessment_for(participation), "1.3.2", True, revision=0, by=teacher)
    client.force_login(head_a)
    response = client.post(form_url(participation, "trang-thai/approve/"), {"confirmed": "1"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Chưa phê duyệt được: còn 2 vấn đề cần xử lý" in html
    assert '<a href="#item-1.3.2">' in html and '<a href="#c-1.3">' in html


def test_the_bar_counts_answered_items_and_a_save_sends_it_again(client, participation, teacher):
    client.force_login(teacher)
    page = client.get(form_url(participation))
    assert (page.context["answered"], page.context["total"]) == (0, 29)
    assert "0/29 đã nhập" in page.content.decode()
    html = client.post(
        form_url(participation, "muc/1.4.1/"),
        {"value": "35", "revision": "0"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'id="form-progress" class="form-progress" hx-swap-oob="true"' in html
    assert "1/29 đã nhập" in html and "<strong>6/100</strong>" in html


def test_a_refused_save_is_not_counted_as_answered(client, participation, teacher):
    client.force_login(teacher)
    html = client.post(
        form_url(participation, "muc/1.4.1/"),
        {"value": "-3", "revision": "0"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "field-error" in html and "0/29 đã nhập" in html


def test_the_jump_list_reaches_every_criterion(client, participation, teacher):
    client.force_login(teacher)
    html = client.get(form_url(participation)).content.decode()
    for code in ("1.1", "1.7", "2.3", "2.4"):
        assert f'<a href="#c-{code}">{code}.' in html and f'id="c-{code}"' in html


def test_new_evidence_starts_with_the_document_its_item_names(client, participation, teacher):
    assessment = assessment_for(participation)
    details = {"document_number": "12/QC-THLL", "document_date": "05/09/2025"}
    save_fact(assessment, "2.3.1", True, revision=0, by=teacher, details=details)
    found = document_of_item(assessment, "2.3", "2.3.1")
    assert found["number"] == "12/QC-THLL" and f"{found['issued_on']:%d/%m/%Y}" == "05/09/2025"
    client.force_login(teacher)
    html = client.get(
        form_url(participation, "minh-chung/them/") + "?criterion=2.3&item=2.3.1&back=form"
    ).content.decode()
    assert 'value="12/QC-THLL"' in html and 'value="05/09/2025"' in html


def test_the_main_criterion_is_not_offered_again_among_the_others(client, participation, teacher):
    client.force_login(teacher)
    html = client.get(form_url(participation, "minh-chung/them/") + "?criterion=1.3").content
    html = html.decode()
    boxes = re.findall(r'<input type="checkbox" name="also" value="([^"]+)"[^>]*?( hidden)?>', html)
    assert [code for code, hidden in boxes if hidden] == ["1.3"]
    assert len(boxes) == 11  # still there, so that choosing another main criterion shows it again
