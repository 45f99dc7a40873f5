"""The OpenAPI document is the contract: every answer of every operation — real calls on real
data, then calls generated from the document itself (schemathesis, hypothesis) — is one the
document describes, and none is a server error."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from edudx.api.tests.conftest import Api, token_for
from edudx.recognition.services import issue_decision, publish_decision
from edudx.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _no_duplicates(pairs):
    keys = [k for k, _v in pairs]
    assert len(keys) == len(set(keys)), keys
    return dict(pairs)


def test_the_document_and_its_docs_page_are_served_without_a_cdn(client):
    document = client.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert "/api/v1/participations/{participation_id}/facts/{code}" in document["paths"]
    # every key once (Swagger UI refuses a document with a duplicated key)
    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=_no_duplicates)
    page = client.get("/api/v1/docs/").content.decode()
    assert "swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page


@pytest.fixture
def world(campaign, make_assessment, officer_x, head_a, tree, settings):
    settings.API_RATE_LIMIT = 100_000
    t01 = make_assessment("T01")
    decision = issue_decision(
        campaign,
        [t01],
        number="7/QĐ",
        date=campaign.self_assessment_due,
        signer_name="Nguyễn Văn Bình",
        signer_title="Chủ tịch",
        by=officer_x,
    )
    publish_decision(decision, by=officer_x)
    return {
        "t01": t01.participation_id,
        "t02": campaign.participations.get(institution=tree["T02"]).pk,
        "officer": token_for(officer_x, tree["X01"])[1],
        "head": token_for(head_a, tree["T01"])[1],
    }


@pytest.fixture
def api_schema(db):
    """The document, called through the project's WSGI application as a server would be. Unlike
    Django's test client, a bare WSGI call starts and ends with `close_old_connections`, which
    drops the test's connection inside its transaction (PostgreSQL; an in-memory SQLite is never
    closed): kept away for the test, as the test client does."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


# (method, path, path parameters, body, token) — one real call per operation of the document
def _calls(w):
    p, q = w["t01"], w["t02"]
    return [
        ("GET", "/api/v1/units", {}, None, "officer"),
        ("GET", "/api/v1/indices", {}, None, "officer"),
        ("GET", "/api/v1/indices/{index_id}", {"index_id": 1}, None, "officer"),
        ("GET", "/api/v1/campaigns", {}, None, "officer"),
        ("GET", "/api/v1/participations", {}, None, "officer"),
        ("GET", "/api/v1/results", {}, None, "officer"),
        (
            "GET",
            "/api/v1/participations/{participation_id}/result",
            {"participation_id": p},
            None,
            "officer",
        ),
        ("GET", "/api/v1/recognition-decisions", {}, None, "officer"),
        (
            "GET",
            "/api/v1/participations/{participation_id}/facts",
            {"participation_id": p},
            None,
            "head",
        ),
        (
            "GET",
            "/api/v1/participations/{participation_id}/facts/{code}",
            {"participation_id": p, "code": "1.1"},
            None,
            "head",
        ),
        (
            "PUT",
            "/api/v1/participations/{participation_id}/facts/{code}",
            {"participation_id": q, "code": "1.1"},
            {"value": True, "revision": 0},
            "officer",
        ),
        (
            "PUT",
            "/api/v1/participations/{participation_id}/facts/{code}",
            {"participation_id": p, "code": "1.1"},
            {"value": False, "revision": 1},
            "head",
        ),
        (
            "POST",
            "/api/v1/participations/{participation_id}/evidence",
            {"participation_id": q},
            {"title": "Kế hoạch", "criteria": ["1.1"], "url": "https://a.edu.vn/k"},
            "officer",
        ),
        (
            "POST",
            "/api/v1/participations/{participation_id}/actions/{action}",
            {"participation_id": p, "action": "approve"},
            {},
            "head",
        ),
        ("GET", "/api/v1/public/dictionary", {}, None, None),
        (
            "GET",
            "/api/v1/public/results/{authority}/{school_year}.csv",
            {"authority": "X01", "school_year": "2025-2026"},
            None,
            None,
        ),
        (
            "GET",
            "/api/v1/public/results/{authority}/{school_year}.json",
            {"authority": "X01", "school_year": "2025-2026"},
            None,
            None,
        ),
        (
            "GET",
            "/api/v1/public/results/{authority}/{school_year}.xlsx",
            {"authority": "X01", "school_year": "2025-2026"},
            None,
            None,
        ),
        (
            "GET",
            "/api/v1/sector/{authority}/{school_year}.csv",
            {"authority": "X01", "school_year": "2025-2026"},
            None,
            "officer",
        ),
        (
            "GET",
            "/api/v1/sector/{authority}/{school_year}.xlsx",
            {"authority": "X01", "school_year": "2025-2026"},
            None,
            "officer",
        ),
    ]


def test_every_operation_of_the_document_answers_as_documented(world, api_schema):
    calls = _calls(world)
    documented = {
        (m.upper(), path) for path, ops in api_schema.raw_schema["paths"].items() for m in ops
    }
    assert documented == {(m, path) for m, path, *_ in calls}
    statuses = []
    for method, path, params, body, who in calls:
        operation = api_schema[path][method]
        extra = {"body": body, "media_type": "application/json"} if body is not None else {}
        case = operation.Case(path_parameters=params, **extra)
        headers = {"Authorization": f"Bearer {world[who]}"} if who else {}
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS)
        statuses.append(response.status_code)
    # the officer edits nothing at a school (403); the head's evaluated file is locked (409) —
    # every refusal is a documented answer
    assert statuses[10] == 403 and statuses[11] == 409 and statuses[13] == 409


@pytest.mark.parametrize("who", ["head", "officer"])
def test_generated_requests_find_no_server_error_and_no_answer_outside_the_document(
    world, api_schema, who
):
    """For every operation, hypothesis generates requests from the document (valid and odd
    parameters, bodies, cursors); each answer must be documented and none a 5xx."""
    headers = {"Authorization": f"Bearer {world[who]}"}
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        run()


def test_errors_are_json_with_a_vietnamese_message_and_a_stable_code(world):
    api = Api(world["head"])
    r = api.get("/participations/999999/result")
    body = json.loads(r.content)
    assert r.status_code == 404 and body["code"] == "not_found" and "Không" in body["message"]


def test_changed_since_takes_any_offset_iso_8601_allows(world):
    """PostgreSQL refuses an offset beyond ±15:59 (found by the generated requests above)."""
    api = Api(world["head"])
    r = api.get("/participations?changed_since=2123-04-15T06:49:24-18:55")
    assert r.status_code == 200, r.content
    assert api.get("/participations?changed_since=2026-01-01T00:00:00").status_code == 200
