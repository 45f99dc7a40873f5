"""Read endpoints: scoped like the pages, filtered, in pages of a stable order, and a page costs
the same number of queries whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edudx.api.tests.conftest import Api, token_for
from edudx.assessments.models import AssessmentState as S
from edudx.organizations.models import UnitKind
from edudx.organizations.services import create_unit
from edudx.recognition.services import issue_decision, publish_decision


def test_units_are_the_registry_within_scope(officer_x, tree):
    api = Api(token_for(officer_x, tree["X01"])[1])
    codes = [u["code"] for u in api.get("/units").json()["items"]]
    assert codes == ["X01", "T01", "T02"]
    assert [
        u["code"] for u in api.get("/units", education_level="lower_secondary").json()["items"]
    ] == ["T02"]


def test_indices_carry_their_versions_and_full_criteria(head_a, tree, bundled_frameworks):
    api = Api(token_for(head_a, tree["T01"])[1])
    versions = api.get("/indices").json()["items"]
    v4725 = next(v for v in versions if v["code"] == bundled_frameworks["4725"].code)
    detail = api.get(f"/indices/{v4725['id']}").json()
    assert detail["definition"]["groups"][0]["criteria"][0]["code"] == "1.1"


def test_campaigns_with_deadlines(head_a, tree, campaign):
    body = Api(token_for(head_a, tree["T01"])[1]).get("/campaigns", school_year="2025-2026").json()
    assert [c["self_assessment_due"] for c in body["items"]] == ["2026-05-31"]
    assert {i["education_level"] for i in body["items"][0]["indices"]} == {
        "primary",
        "lower_secondary",
    }


def test_participations_filter_by_state_and_changed_since(officer_x, tree, make_assessment):
    make_assessment("T01", state=S.SUBMITTED)
    api = Api(token_for(officer_x, tree["X01"])[1])
    rows = api.get("/participations", state="submitted").json()["items"]
    assert [r["institution"] for r in rows] == ["T01"]
    rows = api.get("/participations", state="draft").json()["items"]
    assert [r["institution"] for r in rows] == ["T02"]
    rows = api.get("/participations", changed_since="2000-01-01T00:00:00Z").json()["items"]
    assert [r["institution"] for r in rows] == ["T01"]
    assert api.get("/participations", changed_since="2999-01-01T00:00:00Z").json()["items"] == []


def test_results_show_self_assessed_external_and_recognised(
    officer_x, tree, campaign, make_assessment
):
    t01 = make_assessment("T01", corrections={"1.4.1": 10})
    decision = issue_decision(
        campaign,
        [t01],
        number="1/QĐ",
        date=campaign.self_assessment_due,
        signer_name="Nguyễn Văn Bình",
        signer_title="Chủ tịch",
        by=officer_x,
    )
    publish_decision(decision, by=officer_x)
    api = Api(token_for(officer_x, tree["X01"])[1])
    result = api.get(f"/participations/{t01.participation_id}/result").json()
    own = {i["code"]: i for i in result["self_assessed"]["items"]}
    ext = {i["code"]: i for i in result["external"]["items"]}
    assert own["1.4.1"]["fact"] == 45 and ext["1.4.1"]["fact"] == 10
    assert result["recognised"]["decision_number"] == "1/QĐ"
    assert {g["code"] for g in result["recognised"]["groups"]} == {"1", "2"}
    decisions = api.get("/recognition-decisions", school_year="2025-2026").json()["items"]
    assert decisions[0]["results"][0]["institution"] == "T01"


def test_a_cursor_walks_every_row_once_in_a_stable_order(dept_admin, tree):
    api = Api(token_for(dept_admin, tree["S01"])[1])
    seen, cursor = [], None
    while True:
        body = api.get("/units", limit=2, **({"cursor": cursor} if cursor else {})).json()
        seen += [u["code"] for u in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(["S01", "T10", "X01", "T01", "T02"]) and len(seen) == 5
    bad = api.get("/units", cursor="!!!")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_cursor"


def _schools(authority, n, start):
    for i in range(n):
        create_unit(
            code=f"Q{start + i:03d}",
            name=f"Trường thêm {start + i}",
            kind=UnitKind.INSTITUTION,
            parent=authority,
            education_levels=["primary"],
        )


def _join(campaign, tree):
    from edudx.assessments.models import Participation
    from edudx.organizations.models import Unit

    v = campaign.participations.first().version
    for unit in Unit.objects.filter(code__startswith="Q"):
        Participation.objects.get_or_create(campaign=campaign, institution=unit, version=v)


@pytest.mark.parametrize("path", ["/participations", "/results", "/units", "/campaigns"])
def test_a_page_costs_the_same_queries_at_two_sizes(
    officer_x, tree, campaign, make_assessment, path
):
    make_assessment("T01")
    api = Api(token_for(officer_x, tree["X01"])[1])
    _schools(tree["X01"], 2, 0)
    _join(campaign, tree)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(path, limit=100).status_code == 200
        # the token's own bookkeeping (its counter, the audit record) is the same per request
        # but depends on the minute; the page's queries are what must not grow
        return len(
            [
                q
                for q in ctx.captured_queries
                if "apitoken" not in q["sql"] and "audit" not in q["sql"]
            ]
        )

    small = count()
    _schools(tree["X01"], 8, 10)
    _join(campaign, tree)
    assert count() == small
