"""Recognition pages and actions × personas (in and out of scope) × states. Outside the scope of
the campaign's authority everything answers 404; a refused action changes nothing."""

import datetime as dt

import pytest
from django.db import transaction

from edudx.assessments.models import AssessmentState as S
from edudx.assessments.models import SelfAssessment
from edudx.core.models import AuditRecord
from edudx.recognition.models import RecognisedResult, RecognitionDecision
from edudx.recognition.services import issue_decision, publish_decision, reopen_recognition
from edudx.recognition.tests.conftest import DECISION

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "sysadmin",
    "dept_admin",
    "dept_admin_2",
    "officer_x",
    "officer_y",
    "evaluator_x",
    "head_a",
    "teacher",
    "viewer_s",
]
RECOGNISERS = ("officer_x", "dept_admin")  # REVIEW_ASSESSMENTS on X01


def only(*allowed, ok=200, default=404, anonymous=302):
    return {"anonymous": anonymous} | {p: (ok if p in allowed else default) for p in PERSONAS[1:]}


@pytest.fixture
def personas(request, tree):
    return {
        name: (None if name == "anonymous" else request.getfixturevalue(name)) for name in PERSONAS
    }


@pytest.fixture
def recognised(campaign, make_assessment, officer_x):
    """T01 recognised by an unpublished decision; T02 evaluated."""
    decision = issue_decision(
        campaign, [make_assessment("T01")], **DECISION, date=dt.date(2026, 6, 1), by=officer_x
    )
    make_assessment("T02")
    return decision


def answers_of(client, personas, request_for):
    answers = {}
    for name, user in personas.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        answers[name] = request_for(client).status_code
    return answers


def test_pages_answer_each_persona_as_expected(client, personas, recognised, campaign):
    sees_x01 = ("sysadmin", "dept_admin", "viewer_s", "officer_x")
    pages = {
        f"/dot-danh-gia/{campaign.pk}/cong-nhan/": only(*RECOGNISERS),
        f"/quyet-dinh-cong-nhan/{recognised.pk}/": only(*RECOGNISERS),
        "/tong-hop/X01/": only(*sees_x01),
        "/tong-hop/S01/": only("sysadmin", "dept_admin", "viewer_s"),
        "/tong-hop/S02/": only("sysadmin", "dept_admin_2"),
        "/tong-hop/BGD/": only("sysadmin"),
        "/tong-hop/T01/": only(),
        "/cong-khai/X01/": dict.fromkeys(PERSONAS, 200),
        "/cong-khai/co-so/T01/": dict.fromkeys(PERSONAS, 200),
        "/cong-khai/T01/": dict.fromkeys(PERSONAS, 404),  # not an authority
        "/cong-khai/co-so/X01/": dict.fromkeys(PERSONAS, 404),  # not an institution
        "/thong-bao/": only(*PERSONAS[1:]),
    }
    got = {url: answers_of(client, personas, lambda c, u=url: c.get(u)) for url in pages}
    assert got == pages


def snapshot():
    return (
        list(SelfAssessment.objects.order_by("pk").values_list("state", flat=True)),
        RecognitionDecision.objects.count(),
        list(RecognisedResult.objects.order_by("pk").values_list("withdrawn_at", flat=True)),
        list(RecognitionDecision.objects.order_by("pk").values_list("published_at", flat=True)),
        AuditRecord.objects.count(),
    )


def run_matrix(client, personas, url, payload, expected):
    """POST as each persona, each inside a savepoint rolled back afterwards; return the answers
    and whether anything changed."""
    answers, changed = {}, {}
    for name, user in personas.items():
        with transaction.atomic():
            client.logout()
            if user is not None:
                client.force_login(user)
            before = snapshot()
            answers[name] = client.post(url, {**payload, "confirmed": "1"}).status_code
            changed[name] = snapshot() != before
            transaction.set_rollback(True)
    assert answers == expected
    assert changed == {name: name in RECOGNISERS and code == 302 for name, code in expected.items()}


@pytest.mark.parametrize("state", list(S))
def test_recognise_matrix(client, personas, campaign, make_assessment, state):
    t01 = make_assessment("T01", state=state)
    payload = {
        "assessments": [t01.pk],
        **DECISION,
        "date": "01/06/2026",
    }
    expected = only(*RECOGNISERS, ok=302 if state == S.EVALUATED else 400)
    run_matrix(client, personas, f"/dot-danh-gia/{campaign.pk}/cong-nhan/", payload, expected)


@pytest.mark.parametrize("state", list(S))
def test_reopen_matrix(client, personas, recognised, state):
    result = recognised.results.get()
    SelfAssessment.objects.filter(pk=result.assessment_id).update(state=state)
    expected = only(*RECOGNISERS, ok=302 if state == S.RECOGNISED else 400)
    run_matrix(
        client, personas, f"/ket-qua-cong-nhan/{result.pk}/mo-lai/", {"reason": "Sai"}, expected
    )


def test_reopen_without_a_reason_is_refused_for_everyone(client, personas, recognised):
    result = recognised.results.get()
    expected = only(*RECOGNISERS, ok=400)
    run_matrix(
        client, personas, f"/ket-qua-cong-nhan/{result.pk}/mo-lai/", {"reason": " "}, expected
    )


@pytest.mark.parametrize("decision_state", ["unpublished", "published", "all_reopened"])
def test_publish_matrix(client, personas, recognised, officer_x, decision_state):
    if decision_state == "published":
        publish_decision(recognised, by=officer_x)
    elif decision_state == "all_reopened":
        reopen_recognition(recognised.results.get(), by=officer_x, reason="Xem lại")
    expected = only(*RECOGNISERS, ok=302 if decision_state == "unpublished" else 400)
    run_matrix(client, personas, f"/quyet-dinh-cong-nhan/{recognised.pk}/cong-bo/", {}, expected)
