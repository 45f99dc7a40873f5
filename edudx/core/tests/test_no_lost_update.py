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
