"""Rule 1 of issue 12: no save overwrites a colleague's newer save. Every object more than one
person edits is saved only from the revision its page was loaded at (`edudx/core/revisions.py`);
a text of sections keeps one revision per section, so two people writing different sections both
keep their words. Each test saves as two people who loaded the same page."""

import pytest

from edudx.assessments.models import AssessmentState
from edudx.core.errors import DomainError
from edudx.core.revisions import StaleEdit, parse_revision

pytestmark = pytest.mark.django_db


def test_a_missing_or_broken_revision_is_refused_never_taken_as_any():
    for posted in (None, "", "abc", "-1"):
        with pytest.raises(DomainError):
            parse_revision(posted)
    assert parse_revision(" 3 ") == 3


# -- the school report's narrative: per section -------------------------------------------------


@pytest.fixture
def drafting(participation, head_a):
    from edudx.assessments import services

    assessment = services.assessment_for(participation)
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
