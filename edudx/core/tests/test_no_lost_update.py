"""Rule 1 of issue 12: no save overwrites a colleague's newer save. Every object more than one
person edits is saved only from the revision its page was loaded at (`edudx/core/revisions.py`);
a text of sections keeps one revision per section, so two people writing different sections both
keep their words. Each test saves as two people who loaded the same page."""

import pytest

from edudx.assessments.models import AssessmentState
from edudx.core.errors import DomainError
from edudx.core.revisions import StaleEdit, parse_revision
from edudx.reviews.tests.conftest import submitted, team, team_member  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_a_missing_or_broken_revision_is_refused_never_taken_as_any():
    for posted in (None, "", "abc", "-1"):
        with pytest.raises(DomainError):
            parse_revision(posted)
    assert parse_revision(" 3 ") == 3


# -- the school report's narrative: per section -------------------------------------------------


@pytest.fixture
def drafting(participation, head_a):
    from edudx.assessments.facts import start_assessment

    assessment = start_assessment(participation)
    assert assessment.state == AssessmentState.DRAFT
    return assessment


def loaded_form(client, url) -> dict:
    """What a browser posts back from the page as it was loaded: every field and hidden input."""
    context = client.get(url).context
    data = {name: value or "" for name, value in context["form"].initial.items()}
    data.update({f"revision-{name}": token for name, token in context["revisions"]})
    return data


def test_two_people_writing_different_sections_both_keep_their_words(
    client, drafting, participation, head_a, teacher
):
    from edudx.documents.models import ReportNarrative

    url = f"/van-ban/tu-danh-gia/{participation.pk}/bao-cao/"
    client.force_login(head_a)
    heads_page = loaded_form(client, url)
    client.force_login(teacher)
    teachers_page = loaded_form(client, url)  # loaded before the head saved
    client.force_login(head_a)
    first = client.post(url, {**heads_page, "difficulties": "Thiếu máy."})
    client.force_login(teacher)
    second = client.post(url, {**teachers_page, "proposals": "Thêm máy."})
    assert first.status_code == second.status_code == 302
    narrative = ReportNarrative.objects.get(assessment=drafting)
    assert (narrative.difficulties, narrative.proposals) == ("Thiếu máy.", "Thêm máy.")


def test_the_same_section_saved_from_a_stale_page_is_refused_showing_the_stored_text(
    client, drafting, participation, head_a, teacher
):
    from edudx.documents.models import ReportNarrative

    url = f"/van-ban/tu-danh-gia/{participation.pk}/bao-cao/"
    client.force_login(teacher)
    teachers_page = loaded_form(client, url)
    client.force_login(head_a)
    client.post(url, {**loaded_form(client, url), "difficulties": "Bản của hiệu trưởng."})
    client.force_login(teacher)
    response = client.post(url, {**teachers_page, "difficulties": "Bản của giáo viên."})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Bản của hiệu trưởng." in page and "Bản của giáo viên." in page  # stored and typed
    narrative = ReportNarrative.objects.get(assessment=drafting)
    assert narrative.difficulties == "Bản của hiệu trưởng."


def test_the_narrative_service_refuses_a_stale_section(drafting, head_a, teacher):
    from edudx.documents.services import save_narrative

    save_narrative(drafting, {"process": "A"}, revisions={"process": 0}, by=head_a)
    with pytest.raises(StaleEdit, match="“A”"):
        save_narrative(drafting, {"process": "B"}, revisions={"process": 0}, by=teacher)


# -- the visit record: per section; evaluator entries; teams --------------------------------------


@pytest.fixture
def evaluating(submitted, team, officer_x):
    from edudx.reviews import services

    services.accept(submitted, by=officer_x)
    return submitted.evaluation


def _visit_page(client, participation) -> dict:
    context = client.get(f"/tham-dinh/danh-gia/{participation.pk}/").context
    ev = context["evaluation"]
    data = {
        "visit_date": f"{ev.visit_date:%d/%m/%Y}" if ev.visit_date else "",
        "members_present": ev.members_present,
        "findings": ev.findings,
        "conclusions": ev.conclusions,
    }
    data.update({f"revision-{name}": token for name, token in context["visit_tokens"]})
    return data


def test_two_members_writing_different_parts_of_the_visit_record_both_keep_them(
    client, evaluating, evaluator_x, team_member
):
    participation = evaluating.assessment.participation
    url = f"/tham-dinh/danh-gia/{participation.pk}/bien-ban/"
    client.force_login(evaluator_x)
    heads = _visit_page(client, participation)
    client.force_login(team_member)
    members = _visit_page(client, participation)
    assert client.post(url, {**members, "findings": "Học liệu ít hơn."}).status_code == 302
    client.force_login(evaluator_x)
    assert client.post(url, {**heads, "conclusions": "Mức 2."}).status_code == 302
    evaluating.refresh_from_db()
    assert (evaluating.findings, evaluating.conclusions) == ("Học liệu ít hơn.", "Mức 2.")
    stale = client.post(url, {**heads, "findings": "Đủ học liệu."})
    assert stale.status_code == 400 and "Học liệu ít hơn." in stale.content.decode()
    evaluating.refresh_from_db()
    assert evaluating.findings == "Học liệu ít hơn."


def test_an_evaluator_entry_saved_from_a_stale_page_is_refused(
    evaluating, evaluator_x, team_member
):
    from edudx.reviews import evaluation

    evaluation.save_entry(
        evaluating, "1.4.1", 5, awarded=None, comment="Ít hơn", revision=0, by=team_member
    )
    with pytest.raises(StaleEdit, match="“5”"):
        evaluation.save_entry(
            evaluating, "1.4.1", 8, awarded=None, comment="Khác", revision=0, by=evaluator_x
        )
    assert evaluating.entries.get().value == 5


def test_a_team_changed_since_the_page_was_loaded_is_not_changed_again(
    client, campaign, officer_x, evaluator_x, team_member
):
    from edudx.reviews.models import Team

    team = Team.objects.create(campaign=campaign, name="Đoàn 2")
    client.force_login(officer_x)
    url = f"/tham-dinh/dot/{campaign.pk}/doan/{team.pk}/thanh-vien/"
    first = client.post(url, {"user": evaluator_x.username, "role": "head", "revision": "0"})
    second = client.post(url, {"user": team_member.username, "role": "head", "revision": "0"})
    assert first.status_code == 302 and second.status_code == 400
    assert evaluator_x.username in second.content.decode()  # the stored members are shown
    assert list(team.members.values_list("user__username", flat=True)) == [evaluator_x.username]


# -- the council: its members and who prepares which criterion ----------------------------------


@pytest.fixture
def deputy(tree):
    """A second head of TH Lê Lợi (a vice-principal holding the head's role): manages the
    council as head_a does."""
    from conftest import make_assigned_user

    return make_assigned_user("leloi.phohieutruong", "institution_head", tree["T01"])


@pytest.fixture
def council_member(drafting, teacher):
    from edudx.assessments import council

    return council.add_member(drafting, teacher, "member", job_title="Giáo viên")


def _council(participation, *parts) -> str:
    return f"/tu-danh-gia/{participation.pk}/hoi-dong/" + "".join(f"{p}/" for p in parts)


def _member_page(client, participation, member) -> dict:
    """What a browser posts back from a member's change form as the council page showed it."""
    context = client.get(_council(participation)).context
    row = next(r for r in context["rows"] if r["member"].pk == member.pk)
    form = row["form"]
    data = {f"{form.prefix}-{name}": value for name, value in form.initial.items()}
    return {**data, "revision": str(row["member"].revision)}


def test_a_council_member_changed_since_the_page_was_loaded_is_not_overwritten(
    client, participation, council_member, head_a, deputy
):
    prefix, target = f"m{council_member.pk}", _council(participation, council_member.pk)
    client.force_login(head_a)
    heads = _member_page(client, participation, council_member)
    client.force_login(deputy)
    deputys = _member_page(client, participation, council_member)
    client.force_login(head_a)
    assert client.post(target, {**heads, f"{prefix}-job_title": "Tổ trưởng"}).status_code == 302
    client.force_login(deputy)
    stale = client.post(target, {**deputys, f"{prefix}-job_title": "Tổ phó chuyên môn"})
    page = stale.content.decode()
    assert stale.status_code == 400
    assert "Nội dung hiện tại" in page and "Tổ trưởng" in page  # what is stored
    assert 'value="Tổ phó chuyên môn"' in page  # what the deputy typed, kept
    council_member.refresh_from_db()
    assert council_member.job_title == "Tổ trưởng"


def test_a_council_member_changed_since_the_page_was_loaded_is_not_removed(
    client, participation, council_member, head_a, deputy
):
    from edudx.assessments.models import CouncilMember

    prefix = f"m{council_member.pk}"
    client.force_login(deputy)
    deputys = _member_page(client, participation, council_member)
    client.force_login(head_a)
    heads = _member_page(client, participation, council_member)
    client.post(
        _council(participation, council_member.pk),
        {**heads, f"{prefix}-position": "secretary", f"{prefix}-duty": "Tổng hợp minh chứng"},
    )
    client.force_login(deputy)
    stale = client.post(
        _council(participation, council_member.pk, "xoa"), {"revision": deputys["revision"]}
    )
    assert stale.status_code == 400 and "Tổng hợp minh chứng" in stale.content.decode()
    assert CouncilMember.objects.get(pk=council_member.pk).position == "secretary"


def test_a_criterion_assigned_since_the_page_was_loaded_is_not_reassigned(
    client, drafting, participation, council_member, head_a, deputy
):
    from edudx.assessments import council
    from edudx.assessments.models import CriterionAssignment

    other = council.add_member(drafting, head_a, "chair")
    target = _council(participation, "phan-cong")
    client.force_login(deputy)
    shown = client.get(target).context["figures"].of("1.3").revision
    client.force_login(head_a)
    first = client.post(
        target, {"criterion": "1.3", "member": council_member.pk, "revision": shown}
    )
    client.force_login(deputy)
    stale = client.post(target, {"criterion": "1.3", "member": other.pk, "revision": shown})
    page = stale.content.decode()
    assert first.status_code == 302 and stale.status_code == 400
    assert "leloi.giaovien" in page.split('id="a-1.3"')[1].split("</form>")[0]  # stored, named
    assert f'value="{other.pk}" selected' in page  # the deputy's choice, kept
    assert CriterionAssignment.objects.get(criterion="1.3").member == council_member


# -- evidence items: changed or removed only from the revision their page showed -----------------


@pytest.fixture
def evidence_item(drafting, teacher):
    from edudx.assessments.evidence.changes import add_evidence

    return add_evidence(
        drafting, by=teacher, title="Kế hoạch CĐS", criteria=["1.3"], url="https://a.vn/kh"
    )


def _evidence_page(client, participation, item) -> dict:
    """What a browser posts back from an item's edit page as it was loaded."""
    context = client.get(f"/tu-danh-gia/{participation.pk}/minh-chung/{item.pk}/sua/").context
    initial = context["form"].initial
    data = {name: initial.get(name) or "" for name in ("title", "number", "issuer", "note")}
    data.update(criterion=initial["criterion"], also=initial["also"], url=initial["url"])
    return {**data, "revision": str(context["evidence"].revision)}


def test_an_evidence_item_changed_since_the_page_was_loaded_is_not_overwritten(
    client, participation, evidence_item, head_a, teacher
):
    target = f"/tu-danh-gia/{participation.pk}/minh-chung/{evidence_item.pk}/sua/"
    client.force_login(head_a)
    heads = _evidence_page(client, participation, evidence_item)
    client.force_login(teacher)
    teachers = _evidence_page(client, participation, evidence_item)
    assert client.post(target, {**teachers, "number": "12/KH-THLL"}).status_code == 302
    client.force_login(head_a)
    stale = client.post(target, {**heads, "title": "Kế hoạch chuyển đổi số 2025"})
    page = stale.content.decode()
    assert stale.status_code == 400
    assert "12/KH-THLL" in page and 'value="Kế hoạch chuyển đổi số 2025"' in page
    evidence_item.refresh_from_db()
    assert (evidence_item.title, evidence_item.number) == ("Kế hoạch CĐS", "12/KH-THLL")


def test_an_evidence_item_changed_since_the_page_was_loaded_is_not_removed(
    client, participation, evidence_item, head_a, teacher
):
    from edudx.assessments.models import Evidence

    base = f"/tu-danh-gia/{participation.pk}/minh-chung/{evidence_item.pk}/"
    client.force_login(head_a)
    shown = client.get(base + "xoa/").context["evidence"].revision
    client.force_login(teacher)
    teachers = _evidence_page(client, participation, evidence_item)
    client.post(base + "sua/", {**teachers, "title": "Kế hoạch CĐS (bản sửa)"})
    client.force_login(head_a)
    stale = client.post(base + "xoa/", {"revision": shown})
    assert stale.status_code == 400 and "Kế hoạch CĐS (bản sửa)" in stale.content.decode()
    assert Evidence.objects.filter(pk=evidence_item.pk).exists()


def test_a_catalogue_workbook_never_overwrites_an_item_changed_after_its_download(
    client, participation, evidence_item, head_a, teacher
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook, load_workbook

    from edudx.assessments.evidence.changes import update_evidence

    base = f"/tu-danh-gia/{participation.pk}/minh-chung/"
    client.force_login(head_a)
    rows = [
        list(r)
        for r in load_workbook(
            io.BytesIO(client.get(base + "xuat-excel/").content)
        ).active.iter_rows(values_only=True)
    ]
    update_evidence(  # a colleague edits the item after the head downloaded the catalogue
        evidence_item,
        by=teacher,
        title="Kế hoạch của giáo viên",
        criteria=["1.3"],
        url="https://a.vn/kh",
    )
    rows[1][2] = "Kế hoạch của hiệu trưởng"
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    response = client.post(
        base + "nhap-excel/", {"file": SimpleUploadedFile("dm.xlsx", out.getvalue())}
    )
    assert response.status_code == 400
    assert "Kế hoạch của giáo viên" in response.content.decode()
    evidence_item.refresh_from_db()
    assert evidence_item.title == "Kế hoạch của giáo viên"
