"""Every code shown to a person is shown by its Vietnamese label: a filled, submitted, accepted
and evaluated file is rendered on each page and workbook that shows its values, and no stored
code of a choice list (a state, a role, a position, a provenance…) appears there as a word."""

from __future__ import annotations

import html.parser
import io
import re

import openpyxl
import pytest
from django.db import models
from django.urls import reverse
from django.utils import translation

from edudx.assessments import council
from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.transitions import transition
from edudx.portal.demo_assessments import fill
from edudx.reviews import evaluation as evaluations
from edudx.reviews import services as review_services
from edudx.reviews.models import Team, TeamAssignment, TeamMember, TeamRole

#: A value printed as Python prints it (yes/no, nothing) instead of Có/Không or an empty cell.
PYTHON_WORDS = {"True": "Có", "False": "Không", "None": ""}


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def shown_codes() -> dict[str, str]:
    """code → label of every choice list of the project whose code differs from its label."""
    from edudx.assessments.details import PROVENANCE
    from edudx.core.education import EDUCATION_LEVELS
    from edudx.frameworks.excel import KIND_LABELS as FACT_KINDS
    from edudx.reviews.queue import FLAGS

    with translation.override("vi"):
        out = {
            str(value): str(label)  # every TextChoices of the project, found by walking them
            for cls in _subclasses(models.TextChoices)
            if cls.__module__.startswith("edudx.")
            for value, label in cls.choices
        }
        out.update(PROVENANCE)
        out.update(EDUCATION_LEVELS)
        out.update(FACT_KINDS)
        out.update(FLAGS)
        out.update(PYTHON_WORDS)
    return {code: label for code, label in out.items() if code and code != label}


class _Text(html.parser.HTMLParser):
    SKIP = {"script", "style", "template"}
    SHOWN_ATTRS = {"title", "aria-label", "placeholder", "alt"}
    TYPED = {"text", "number", "url", "date", "email", "search", "submit", "button"}

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        attrs = dict(attrs)
        self.parts.extend(v for k, v in attrs.items() if k in self.SHOWN_ATTRS and v)
        if tag == "input" and attrs.get("type", "text") in self.TYPED and attrs.get("value"):
            self.parts.append(attrs["value"])  # what a form shows typed in its boxes

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return "\n".join(parser.parts)


def html_text(data: bytes) -> str:
    return visible_text(data.decode())


def raw_codes_in(text: str) -> set[str]:
    return {
        code
        for code in shown_codes()
        if re.search(rf"(?<![\w/.-]){re.escape(code)}(?![\w/.-])", text)
    }


def no_guard(_assessment) -> None:
    """The file's states are set up here; the guards have their own tests."""


@pytest.fixture
def filled(participation, head_a, teacher):
    """T01's file filled as the demo fills one (details, provenance, evidence), with a council."""
    assessment = start_assessment(participation)
    fill(assessment, by=head_a, seed=7, school_code="T01", year=2025)
    council.add_member(assessment, head_a, "chair", by=head_a)
    council.add_member(assessment, teacher, "secretary", by=head_a)
    return assessment


def submit(assessment, head_a):
    for action in ("approve", "submit"):
        transition(assessment, action, by=head_a, check=no_guard)


def return_and_change_a_provenance(assessment, head_a, officer_x):
    """Returned for supplement, the school changes the origin of one claimed software: the
    reviewer's diff shows the change."""
    submit(assessment, head_a)
    review_services.return_for_supplement(
        assessment, by=officer_x, reason="Bổ sung nguồn gốc", comments={"1.3": "Ghi rõ nguồn gốc"}
    )
    entry = next(e for e in assessment.facts.all() if (e.details or {}).get("provenance"))
    details = {**entry.details, "provenance": "bought"}
    save_fact(
        assessment, entry.code, entry.value, revision=entry.revision, by=head_a, details=details
    )


def evaluate(assessment, participation, head_a, officer_x, evaluator_x):
    """The filled file submitted, accepted, and corrected once by the evaluation team."""
    submit(assessment, head_a)
    team = Team.objects.create(campaign=participation.campaign, name="Đoàn 1")
    TeamMember.objects.create(team=team, user=evaluator_x, role=TeamRole.HEAD)
    TeamAssignment.objects.create(team=team, participation=participation)
    review_services.accept(assessment, by=officer_x)
    ev = evaluations.evaluation_for(assessment)
    evaluations.save_entry(
        ev, "1.1", False, awarded=None, comment="Chưa có kế hoạch", revision=0, by=evaluator_x
    )


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def workbook_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(
        str(cell)
        for sheet in book
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


def draft_pages(participation, head_a):
    """The pages that edit the file while it is a draft: its values typed in their boxes."""
    pk = participation.pk
    evidence = participation.assessment.evidence.first()
    for url in (
        reverse("assessments:form", args=[pk]),
        reverse("assessments:evidence_edit", args=[pk, evidence.pk]),
        reverse("assessments:council", args=[pk]),
    ):
        yield head_a, url, html_text


def pages(participation, head_a, officer_x, evaluator_x):
    """(who, url, how to read it) of every page, workbook and document showing the file."""
    pk, campaign = participation.pk, participation.campaign_id
    html_pages = {
        head_a: [
            reverse("home"),
            reverse("assessments:form", args=[pk]),
            reverse("assessments:evidence_list", args=[pk]),
            reverse("assessments:history", args=[pk]),
            reverse("assessments:council", args=[pk]),
            reverse("assessments:campaign_detail", args=[campaign]),
            reverse("documents:assessment", args=[pk]),
            reverse("notifications:list"),
        ],
        officer_x: [
            reverse("home"),
            reverse("reviews:queue", args=[campaign]),
            reverse("reviews:detail", args=[pk]),
            reverse("reviews:teams", args=[campaign]),
            reverse("assessments:history", args=[pk]),
        ],
        evaluator_x: [
            reverse("home"),
            reverse("reviews:mine"),
            reverse("reviews:evaluation", args=[pk]),
        ],
    }
    for user, urls in html_pages.items():
        for url in urls:
            yield user, url, html_text
    for url in (
        reverse("workbooks:detail_download", args=[pk]),
        reverse("workbooks:offline_download", args=[pk]),
        reverse("assessments:evidence_export", args=[pk]),
    ):
        yield head_a, url, workbook_text
    for user in (head_a, officer_x):
        for link in document_links(user, participation):
            yield user, link, docx_text


def document_links(user, participation) -> list[str]:
    from edudx.documents.views import links

    return [entry["urls"]["docx"] for entry in links(user, participation)]


def docx_text(data: bytes) -> str:
    from edudx.documents.tests.textual import docx_text as text

    return text(data)


def raw_codes_on(client, shown) -> dict[str, list[str]]:
    found = {}
    for user, url, read in shown:
        client.force_login(user)
        response = client.get(url)
        if response.status_code == 302 and read is docx_text:
            continue  # a document not made in this state (the certificate before recognition)
        assert response.status_code == 200, url
        text = read(_body(response))
        assert text.strip(), url
        codes = raw_codes_in(text)
        if codes:
            found[f"{user.username} {url}"] = sorted(codes)
    return found


def test_no_page_workbook_or_document_of_a_file_shows_a_raw_code(
    client, filled, participation, head_a, officer_x, evaluator_x
):
    assert raw_codes_on(client, draft_pages(participation, head_a)) == {}
    return_and_change_a_provenance(filled, head_a, officer_x)
    returned = [
        (head_a, reverse("assessments:form", args=[participation.pk])),
        (officer_x, reverse("reviews:detail", args=[participation.pk])),
        (head_a, reverse("assessments:history", args=[participation.pk])),
    ]
    assert raw_codes_on(client, [(u, url, html_text) for u, url in returned]) == {}
    evaluate(filled, participation, head_a, officer_x, evaluator_x)
    assert raw_codes_on(client, pages(participation, head_a, officer_x, evaluator_x)) == {}


def test_the_scan_sees_a_raw_code():
    """The detector itself: a provenance printed as stored, a state, a yes printed by Python."""
    assert raw_codes_in("Nguồn gốc: rented") == {"rented"}
    assert raw_codes_in("Trạng thái: under_review; đạt: True") == {"under_review", "True"}
    assert raw_codes_in("Nguồn gốc: Thuê · https://x.vn/rented/ · 1.1-open") == set()
    assert "rented" in visible_text('<input type="text" name="provenance" value="rented">')
    assert "rented" not in visible_text(
        '<input type="hidden" value="rented"><script>rented</script>'
    )
