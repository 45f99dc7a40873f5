"""A self-assessed level is a claim only once the head approved it: a draft, a reopened file or a
file returned for supplement moves no self-side figure — the level counts, the criteria, the
change since last year, the workbook — while the funnel still counts it."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from edudx.assessments.models import EDITABLE_STATES, Campaign
from edudx.assessments.models import AssessmentState as S
from edudx.dashboards.figures import build
from edudx.dashboards.lines import CLAIMED_STATES, rebuild
from edudx.dashboards.tests.conftest import HIGH, LAST, LOW, YEAR, add_schools, assess
from edudx.dashboards.tests.test_brute_force import APPROVED_OR_LATER, TODAY, _clean, figures

pytestmark = pytest.mark.django_db
SELF_SIDE = ("self", "current", "education", "ownership", "criteria", "points", "change")


def test_the_claimed_states_are_those_from_the_heads_approval_on():
    assert set(CLAIMED_STATES) == set(APPROVED_OR_LATER)
    assert set(CLAIMED_STATES) == set(S.values) - set(EDITABLE_STATES)


def _levels_sheet(client, code) -> list[tuple]:
    response = client.get(f"/bang-dieu-hanh/{code}/bang-tinh.xlsx?nam-hoc={YEAR}")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content), read_only=True)
    return [row for row in wb["Mức độ"].iter_rows(values_only=True)]


@pytest.mark.parametrize("state", [S.DRAFT, S.RETURNED])
def test_a_file_not_approved_moves_no_self_figure(area, campaign, tree, client, viewer_s, state):
    client.force_login(viewer_s)
    before = {code: figures(build(tree[code], YEAR, TODAY)) for code in ("S01", "X01")}
    before_last = figures(build(tree["X01"], LAST, TODAY))
    sheet_before = _levels_sheet(client, "X01")

    # This year: a new school whose file (every answer at the top) is in `state`.
    add_schools(campaign, 1, 400, state=state, facts=HIGH)
    # Last year: T02's file in `state`; this year T02 is evaluated, so counted it would compare.
    last = Campaign.objects.get(authority=campaign.authority, school_year=LAST)
    assess(last.participations.get(institution=tree["T02"]), state, LOW)
    rebuild()

    for code in ("S01", "X01"):
        after = figures(build(tree[code], YEAR, TODAY))
        for key in (*SELF_SIDE, "exemplary"):
            assert _clean(after[key]) == _clean(before[code][key]), (code, key)
        assert after["states"][state] == before[code]["states"][state] + 1  # the funnel counts it
    after_last = figures(build(tree["X01"], LAST, TODAY))
    for key in SELF_SIDE:
        assert _clean(after_last[key]) == _clean(before_last[key]), key
    assert _levels_sheet(client, "X01") == sheet_before


def test_an_approved_file_counts(area, campaign, tree):
    """The other side of the rule: from the head's approval on, the file is counted."""
    before = figures(build(tree["X01"], YEAR, TODAY))
    add_schools(campaign, 1, 400, state=S.APPROVED, facts=HIGH)
    rebuild()
    after = figures(build(tree["X01"], YEAR, TODAY))
    assert sum(after["self"].values()) > sum(before["self"].values())
    assert sum(after["current"].values()) > sum(before["current"].values())


def test_the_page_says_which_files_count(client, area, viewer_s):
    client.force_login(viewer_s)
    page = client.get(f"/bang-dieu-hanh/X01/?nam-hoc={YEAR}")
    assert "hồ sơ đã được thủ trưởng phê duyệt; " in page.content.decode()
