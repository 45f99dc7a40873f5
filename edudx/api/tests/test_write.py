"""Writes through the API go through the form's services: the same validation, the same revision
check (409 for a stale body revision, 412 for a stale If-Match, with the stored value), the same
lock after approval; each answers with the recomputed result; errors are JSON with a stable code."""

import pytest
from django.urls import reverse

from edudx.api.tests.conftest import Api, token_for
from edudx.assessments.models import AssessmentState as S
from edudx.assessments.models import FactEntry, SelfAssessment
from edudx.core.models import AuditRecord


@pytest.fixture
def head_api(head_a, tree):
    return Api(token_for(head_a, tree["T01"])[1])


def _put(api, p, code, body, **headers):
    return api.send("put", f"/participations/{p.pk}/facts/{code}", body, headers=headers or None)


def test_saving_a_fact_answers_with_the_recomputed_result(head_api, participation):
    r = _put(head_api, participation, "1.4.1", {"value": 45, "revision": 0})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["fact"] == {
        "code": "1.4.1",
        "value": 45,
        "awarded": None,
        "reason": "",
        "details": {},
        "revision": 1,
    }
    item = next(i for i in body["result"]["self_assessed"]["items"] if i["code"] == "1.4.1")
    assert item["fact"] == 45 and item["points"] > 0
    assert r.headers["ETag"] == '"1"'
    entry = FactEntry.objects.get(code="1.4.1")
    assert AuditRecord.objects.filter(action="assessment.fact", note="1.4.1").count() == 1
    assert entry.updated_by.username == "leloi.hieutruong"


def test_a_stale_body_revision_is_409_with_the_stored_value(head_api, participation):
    _put(head_api, participation, "1.4.1", {"value": 45, "revision": 0})
    r = _put(head_api, participation, "1.4.1", {"value": 50, "revision": 0})
    assert r.status_code == 409
    assert r.json()["code"] == "stale_revision" and r.json()["stored"]["value"] == 45
    assert "45" in r.json()["message"]
    assert FactEntry.objects.get(code="1.4.1").value == 45


def test_a_stale_if_match_is_412_and_a_fresh_one_saves(head_api, participation):
    _put(head_api, participation, "1.4.1", {"value": 45}, **{"If-Match": '"0"'})
    r = _put(head_api, participation, "1.4.1", {"value": 50}, **{"If-Match": '"0"'})
    assert r.status_code == 412 and r.json()["stored"]["revision"] == 1
    etag = head_api.get(f"/participations/{participation.pk}/facts/1.4.1").headers["ETag"]
    assert (
        _put(head_api, participation, "1.4.1", {"value": 50}, **{"If-Match": etag}).status_code
        == 200
    )


def test_no_revision_at_all_is_refused(head_api, participation):
    r = _put(head_api, participation, "1.4.1", {"value": 45})
    assert r.status_code == 428 and r.json()["code"] == "revision_required"


def test_the_engine_validation_is_the_forms(head_api, participation):
    r = _put(head_api, participation, "1.1", {"value": "có lẽ", "revision": 0})
    assert r.status_code == 400
    body = r.json()
    assert (
        body["code"] == "invalid_fact"
        and body["field"] == "1.1"
        and body["message"].startswith("Mục 1.1")
    )
    assert not FactEntry.objects.exists()


def test_an_unknown_item_is_404(head_api, participation):
    assert _put(head_api, participation, "9.9.9", {"value": 1, "revision": 0}).status_code == 404


def test_facts_are_locked_after_approval(head_api, participation):
    r = head_api.send("post", f"/participations/{participation.pk}/actions/approve")
    assert r.status_code == 200 and r.json()["state"] == S.APPROVED
    r = _put(head_api, participation, "1.1", {"value": True, "revision": 0})
    assert r.status_code == 409 and r.json()["code"] == "locked"


def test_the_head_submits_and_a_refused_transition_is_409(head_api, participation):
    from django.utils import timezone

    from edudx.assessments.models import Campaign

    Campaign.objects.filter(pk=participation.campaign_id).update(
        self_assessment_due=timezone.localdate()
    )
    r = head_api.send("post", f"/participations/{participation.pk}/actions/submit")
    assert r.status_code == 409 and r.json()["code"] == "transition_refused"
    head_api.send("post", f"/participations/{participation.pk}/actions/approve")
    r = head_api.send("post", f"/participations/{participation.pk}/actions/submit")
    assert r.status_code == 200 and r.json()["result"]["state"] == S.SUBMITTED
    assert (
        head_api.send("post", f"/participations/{participation.pk}/actions/accept").status_code
        == 404
    )


def test_an_officer_token_cannot_approve(officer_x, tree, participation):
    api = Api(token_for(officer_x, tree["X01"])[1])
    r = api.send("post", f"/participations/{participation.pk}/actions/approve")
    assert r.status_code == 403 and r.json()["code"] == "head_only"


def test_approval_refused_lists_the_problems(head_api, participation):
    _put(head_api, participation, "1.1", {"value": True, "revision": 0})
    r = head_api.send("post", f"/participations/{participation.pk}/actions/approve")
    assert r.status_code == 409 and r.json()["code"] == "approval_refused"
    assert any(p["code"] == "1.1" for p in r.json()["problems"])


def test_an_evidence_link_is_attached_and_counted(head_api, participation):
    r = head_api.send(
        "post",
        f"/participations/{participation.pk}/evidence",
        {
            "title": "Quyết định thành lập Ban chỉ đạo",
            "criteria": ["1.1"],
            "url": "https://truong.edu.vn/qd.pdf",
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["evidence"]["code"].startswith("[1.1")
    bad = head_api.send(
        "post",
        f"/participations/{participation.pk}/evidence",
        {"title": "x", "criteria": ["1.1"], "url": "javascript:alert(1)"},
    )
    assert (
        bad.status_code == 400
        and bad.json()["code"] == "invalid_evidence"
        and bad.json()["message"]
    )


def test_a_malformed_body_is_a_json_error_with_the_field(head_api, participation):
    r = head_api.send("post", f"/participations/{participation.pk}/evidence", {"title": "x"})
    assert r.status_code == 422 and r.json()["code"] == "invalid_request" and r.json()["field"]


FACTS = [
    ("1.1", True, "true"),
    ("1.2", False, "false"),
    ("1.4.1", 45, "45"),
    ("1.5.1", True, "true"),
]


def test_facts_saved_through_the_api_equal_the_same_facts_saved_through_the_form(
    client, campaign, tree, head_a
):
    """Round trip: T01 through the API, T02 through the form (htmx), the same facts → the same
    stored facts and the same result."""
    from edudx.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=head_a, unit=tree["T02"], role="institution_head")
    t01 = campaign.participations.get(institution=tree["T01"])
    t02 = campaign.participations.get(institution=tree["T02"])
    api = Api(token_for(head_a, tree["T01"])[1])
    for code, value, _posted in FACTS:
        assert _put(api, t01, code, {"value": value, "revision": 0}).status_code == 200
    client.force_login(head_a)
    for code, _value, posted in FACTS:
        r = client.post(
            reverse("assessments:save_item", args=[t02.pk, code]), {"value": posted, "revision": 0}
        )
        assert r.status_code in (200, 302)

    def stored(p):
        a = SelfAssessment.objects.get(participation=p)
        return {
            e.code: (e.value, e.awarded, e.reason, e.details, e.revision)
            for e in a.facts.order_by("code")
        }

    assert stored(t01) == stored(t02)
    both = Api(client=client)
    r1 = both.get(f"/participations/{t01.pk}/result").json()
    r2 = both.get(f"/participations/{t02.pk}/result").json()
    assert r1["self_assessed"] == r2["self_assessed"]
