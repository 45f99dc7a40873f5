"""The external evaluation: corrections with a comment, points never above the cap, self vs
external per item, criterion and group; the team head finalises with the visit record; then it
is locked."""

import pytest
from django.utils import timezone

from edudx.assessments.errors import AssessmentError
from edudx.assessments.models import AssessmentState as S
from edudx.core.models import AuditRecord
from edudx.core.revisions import StaleEdit
from edudx.reviews import evaluation, services
from edudx.reviews.models import EvaluationEntry
from edudx.reviews.results import external_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def ev(submitted, team, officer_x):
    services.accept(submitted, by=officer_x)
    return submitted.evaluation


def test_accepting_begins_the_evaluation_with_the_assigned_team(ev, team):
    assert ev.team == team and ev.state == "open"


def test_member_lowers_an_item_with_a_comment(ev, team_member):
    evaluation.save_entry(
        ev,
        "1.4.1",
        5,
        awarded=None,
        comment="Chỉ 5 học liệu được duyệt",
        revision=0,
        by=team_member,
    )
    result = external_result(ev)
    assert result.items["1.4.1"].fact == 5
    entry = EvaluationEntry.objects.get()
    assert entry.comment == "Chỉ 5 học liệu được duyệt" and entry.revision == 1
    assert AuditRecord.objects.filter(action="evaluation.entry", note__startswith="1.4.1").exists()


def test_every_change_needs_a_comment_and_points_stay_under_the_cap(ev, team_member):
    with pytest.raises(services.ReviewError, match="hãy ghi nhận xét"):
        evaluation.save_entry(ev, "1.4.1", 5, awarded=None, comment=" ", revision=0, by=team_member)
    with pytest.raises(services.ReviewError, match="vượt mức tối đa"):
        evaluation.save_entry(ev, "2.3.2", True, awarded=9, comment="x", revision=0, by=team_member)
    assert not EvaluationEntry.objects.exists()
    evaluation.save_entry(
        ev, "2.3.2", True, awarded=3, comment="Mới dùng một phần", revision=0, by=team_member
    )
    assert external_result(ev).items["2.3.2"].points == 3


def test_back_to_the_institutions_own_answer_removes_the_correction(ev, team_member):
    evaluation.save_entry(ev, "1.4.1", 5, awarded=None, comment="x", revision=0, by=team_member)
    assert (
        evaluation.save_entry(ev, "1.4.1", 12, awarded=None, comment="", revision=1, by=team_member)
        is None
    )
    assert not EvaluationEntry.objects.exists()


def test_a_stale_save_is_refused(ev, team_member, evaluator_x):
    evaluation.save_entry(ev, "1.4.1", 5, awarded=None, comment="x", revision=0, by=team_member)
    with pytest.raises(StaleEdit, match=r"vừa được lechan\.thanhvien lưu .*“5”, nhận xét “x”"):
        evaluation.save_entry(ev, "1.4.1", 8, awarded=None, comment="y", revision=0, by=evaluator_x)


def test_only_team_members_evaluate(ev, officer_x, teacher):
    for outsider in (officer_x, teacher):
        with pytest.raises(services.ReviewError, match="Chỉ thành viên của đoàn"):
            evaluation.save_entry(
                ev, "1.4.1", 5, awarded=None, comment="x", revision=0, by=outsider
            )


def _visit(ev, by):
    evaluation.save_visit(
        ev,
        by=by,
        visit_date=timezone.localdate(),  # a visit follows the acceptance (just now)
        members_present="Nguyễn Văn A, Trần Thị B",
        findings="Học liệu số ít hơn khai báo",
        conclusions="Nhóm 1 mức 2",
        revisions={name: ev.section_token(name) for name in evaluation.VISIT_FIELDS},
    )


def test_finalising_needs_the_head_and_the_visit_record(ev, evaluator_x, team_member):
    with pytest.raises(services.ReviewError, match="Biên bản kiểm tra còn thiếu"):
        evaluation.finalise(ev, by=evaluator_x)
    _visit(ev, team_member)
    with pytest.raises(services.ReviewError, match="Chỉ trưởng đoàn"):
        evaluation.finalise(ev, by=team_member)
    ev.assessment.refresh_from_db()
    assert ev.assessment.state == S.UNDER_REVIEW
    evaluation.finalise(ev, by=evaluator_x)
    ev.refresh_from_db()
    assert ev.state == "final" and ev.finalised_by == evaluator_x
    ev.assessment.refresh_from_db()
    assert ev.assessment.state == S.EVALUATED


def test_locked_after_finalising(client, ev, evaluator_x, team_member):
    evaluation.save_entry(ev, "1.4.1", 5, awarded=None, comment="x", revision=0, by=team_member)
    _visit(ev, team_member)
    evaluation.finalise(ev, by=evaluator_x)
    with pytest.raises(services.ReviewError, match="không sửa được nữa"):
        evaluation.save_entry(ev, "1.4.1", 7, awarded=None, comment="y", revision=1, by=evaluator_x)
    with pytest.raises(services.ReviewError, match="không sửa được nữa"):
        _visit(ev, evaluator_x)
    with pytest.raises(AssessmentError):
        evaluation.finalise(ev, by=evaluator_x)
    client.force_login(evaluator_x)
    pk = ev.assessment.participation_id
    response = client.post(
        f"/tham-dinh/danh-gia/{pk}/muc/1.4.1/", {"value": "9", "comment": "z", "revision": "1"}
    )
    assert response.status_code == 400
    assert EvaluationEntry.objects.get().value == 5
    page = client.get(f"/tham-dinh/danh-gia/{pk}/").content.decode()
    assert 'name="comment"' not in page and "Học liệu số ít hơn khai báo" in page


def test_the_form_shows_self_and_external_side_by_side_and_saves_with_htmx(client, ev, team_member):
    client.force_login(team_member)
    pk = ev.assessment.participation_id
    page = client.get(f"/tham-dinh/danh-gia/{pk}/").content.decode()
    assert 'id="eval-1.4.1"' in page and 'id="egroup-1"' in page and 'id="ecrit-1.4"' in page
    response = client.post(
        f"/tham-dinh/danh-gia/{pk}/muc/1.4.1/",
        {"value": "5", "awarded": "", "comment": "", "revision": "0"},
        headers={"HX-Request": "true"},
    )
    assert "hãy ghi nhận xét" in response.content.decode()
    assert 'value="5"' in response.content.decode()  # what was typed stays
    response = client.post(
        f"/tham-dinh/danh-gia/{pk}/muc/1.4.1/",
        {"value": "5", "awarded": "", "comment": "Chỉ 5 học liệu", "revision": "0"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'hx-swap-oob="true"' in body
    assert EvaluationEntry.objects.get().value == 5


# -- the form saves as it is changed, like the school's (issue 11 §2) -----------------------------


def _url(ev, rest=""):
    return f"/tham-dinh/danh-gia/{ev.assessment.participation_id}/{rest}"


def test_finalising_is_refused_while_a_change_lacks_its_comment(ev, evaluator_x, team_member):
    EvaluationEntry.objects.create(evaluation=ev, code="1.4.1", value=5, comment=" ")
    _visit(ev, team_member)
    with pytest.raises(evaluation.UnfinishedItems, match=r"1\.4\.1: thay đổi chưa có nhận xét"):
        evaluation.finalise(ev, by=evaluator_x)
    ev.refresh_from_db()
    ev.assessment.refresh_from_db()
    assert ev.state == "open" and ev.assessment.state == S.UNDER_REVIEW


def test_finalising_is_refused_while_an_item_has_an_error(ev, evaluator_x, team_member):
    EvaluationEntry.objects.create(evaluation=ev, code="2.3.2", value=True, awarded=9, comment="x")
    EvaluationEntry.objects.create(
        evaluation=ev, code="1.6.1", value=50, details={"part": 12, "whole": 40}, comment="x"
    )
    _visit(ev, team_member)
    with pytest.raises(evaluation.UnfinishedItems) as refused:
        evaluation.finalise(ev, by=evaluator_x)
    assert [code for code, _problem in refused.value.items] == ["1.6.1", "2.3.2"]
    assert "vượt mức tối đa" in dict(refused.value.items)["2.3.2"]
    assert ev.assessment.state == S.UNDER_REVIEW


def test_the_refusal_to_finalise_links_to_each_unfinished_item(
    client, ev, evaluator_x, team_member
):
    EvaluationEntry.objects.create(evaluation=ev, code="1.4.1", value=5, comment="")
    _visit(ev, team_member)
    client.force_login(evaluator_x)
    response = client.post(_url(ev, "bien-ban/"), {"finalise": "1", "confirmed": "1"})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'href="#eval-1.4.1"' in body and "thay đổi chưa có nhận xét" in body
    ev.refresh_from_db()
    assert ev.state == "open"


def test_finalising_without_javascript_asks_first(client, ev, evaluator_x, team_member):
    _visit(ev, team_member)
    client.force_login(evaluator_x)
    page = client.get(_url(ev)).content.decode()
    assert 'id="finalise-form"' in page and 'data-confirm="Hoàn thành đánh giá ngoài' in page
    response = client.post(_url(ev, "bien-ban/"), {"finalise": "1"})
    body = response.content.decode()
    assert response.status_code == 200 and 'name="confirmed" value="1"' in body
    assert "bị khóa, không sửa được nữa" in body
    ev.refresh_from_db()
    assert ev.state == "open"
    response = client.post(_url(ev, "bien-ban/"), {"finalise": "1", "confirmed": "1"})
    assert response.status_code == 302
    ev.refresh_from_db()
    assert ev.state == "final"


def test_finalising_keeps_the_visit_record_sent_with_it(client, ev, evaluator_x):
    client.force_login(evaluator_x)
    fields = {
        "visit_date": f"{timezone.localdate():%d/%m/%Y}",  # not before the acceptance
        "members_present": "Cả đoàn",
        "findings": "Đúng như khai báo",
        "conclusions": "Giữ nguyên",
        **{f"revision-{n}": ev.section_token(n) for n in evaluation.VISIT_FIELDS},
    }
    response = client.post(_url(ev, "bien-ban/"), {**fields, "finalise": "1", "confirmed": "1"})
    assert response.status_code == 302
    ev.refresh_from_db()
    assert ev.state == "final" and ev.findings == "Đúng như khai báo"


def test_a_percentage_is_entered_as_counts_and_derived_from_them(client, ev, team_member):
    client.force_login(team_member)
    assert 'id="p-1.6.1"' in client.get(_url(ev)).content.decode()
    response = client.post(
        _url(ev, "muc/1.6.1/"),
        {"part": "12", "whole": "40", "comment": "Theo danh sách tài khoản", "revision": "0"},
        headers={"HX-Request": "true"},
    )
    entry = EvaluationEntry.objects.get(code="1.6.1")
    assert entry.value == 30.0 and entry.details == {"part": 12, "whole": 40}
    body = response.content.decode()
    assert 'value="12"' in body and 'value="40"' in body and "= 30 %" in body
    assert external_result(ev).items["1.6.1"].fact == 30.0


def test_counts_above_their_total_are_refused(ev, team_member):
    with pytest.raises(ValueError, match="không được lớn hơn tổng số"):
        evaluation.save_entry(
            ev,
            "1.6.1",
            None,
            awarded=None,
            comment="x",
            revision=0,
            by=team_member,
            counts={"part": "41", "whole": "40"},
        )
    assert not EvaluationEntry.objects.exists()


def test_a_stale_save_shows_the_stored_value_and_keeps_what_was_typed(
    client, ev, team_member, evaluator_x
):
    evaluation.save_entry(ev, "1.4.1", 5, awarded=None, comment="x", revision=0, by=team_member)
    client.force_login(evaluator_x)
    response = client.post(
        _url(ev, "muc/1.4.1/"),
        {"value": "8", "awarded": "", "comment": "Đếm lại", "revision": "0"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "Nội dung hiện tại: “5”, nhận xét “x”" in body
    assert 'value="8"' in body and "Đếm lại" in body and 'data-unsaved="1"' in body
    assert EvaluationEntry.objects.get().value == 5


def test_an_item_saves_itself_when_changed_and_its_answer_updates_the_scores(
    client, ev, team_member
):
    client.force_login(team_member)
    page = client.get(_url(ev)).content.decode()
    assert 'hx-trigger="change, submit"' in page and 'hx-sync="#evaluation:queue all"' in page
    assert 'class="save-status" aria-live="polite"' in page
    assert "js/evaluation.js" in page
    response = client.post(
        _url(ev, "muc/1.4.1/"),
        {"value": "5", "awarded": "", "comment": "Chỉ 5", "revision": "0"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert 'id="eval-1.4.1"' in body and 'id="ecrit-1.4" hx-swap-oob="true"' in body
    assert 'id="egroup-1" hx-swap-oob="true"' in body and "<html" not in body


def test_a_comment_written_before_the_change_stays_on_screen(client, ev, team_member):
    client.force_login(team_member)
    response = client.post(
        _url(ev, "muc/1.4.1/"),
        {"value": "12", "awarded": "", "comment": "Chỉ 5 học liệu", "revision": "0"},
        headers={"HX-Request": "true"},
    )
    assert "Chỉ 5 học liệu</textarea>" in response.content.decode()
    assert not EvaluationEntry.objects.exists()
