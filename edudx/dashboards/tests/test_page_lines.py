"""The lines that tie the page's figures to the files behind them: how many files the self-side
figures count out of those taking part, how many institutions the change since last year stands
on, and why the "external minus self" figures are blank. Their numbers are the page's own."""

from __future__ import annotations

import re

import pytest
from django.utils.html import strip_tags

from edudx.assessments.campaigns import default_deadlines, open_campaign
from edudx.assessments.models import AssessmentState as S
from edudx.assessments.models import Participation
from edudx.dashboards.figures import build
from edudx.dashboards.lines import CLAIMED_STATES, rebuild
from edudx.dashboards.tests.conftest import LAST, YEAR, add_schools, assess
from edudx.dashboards.tests.test_brute_force import TODAY

pytestmark = pytest.mark.django_db

NO_EXTERNAL = "Chưa có hồ sơ nào được đánh giá ngoài."
NO_COMPARISON = "Chưa có cơ sở nào có kết quả cả hai năm học để so sánh."
COUNTED = re.compile(
    r"Tính (\d+)/(\d+) hồ sơ đã được thủ trưởng phê duyệt; (\d+) hồ sơ nháp, bị trả lại hoặc "
    r"chưa bắt đầu chưa được tính\."
)


def _page(client, user, code="X01") -> str:
    client.force_login(user)
    response = client.get(f"/bang-dieu-hanh/{code}/?nam-hoc={YEAR}")
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


def _brute(unit_code: str, tree) -> tuple[int, int]:
    """(claimed, taking part) counted file by file, without the dashboard's queries."""
    unit = tree[unit_code]
    taking_part = Participation.objects.filter(
        campaign__school_year=YEAR, campaign__authority__path__startswith=unit.path
    )
    claimed = taking_part.filter(assessment__state__in=CLAIMED_STATES)
    return claimed.count(), taking_part.count()


def test_the_counted_files_line_agrees_with_the_funnel_the_chart_and_the_files(
    client, area, campaign, tree, viewer_s
):
    # Files in every state: two approved-or-later ones more, a draft, a returned, a blank one.
    add_schools(campaign, 1, 500, state=S.APPROVED)
    add_schools(campaign, 1, 501, state=S.SUBMITTED)
    add_schools(campaign, 1, 502, state=S.DRAFT)
    add_schools(campaign, 1, 503, state=S.RETURNED)
    add_schools(campaign, 1, 504, state="not_started")
    rebuild()
    for code in ("X01", "S01"):
        text = _page(client, viewer_s, code)
        counted, total, rest = map(int, COUNTED.search(text).groups())
        board = build(tree[code], YEAR, TODAY)
        assert (counted, total) == _brute(code, tree) == (board.claimed, board.total)
        assert rest == total - counted == 3 + (code == "S01")  # S01 also manages T10
        # The chart's "Group N — self-assessed" counts are the same files, one row per group.
        fw = board.frameworks[0]
        assert {g.self.total for g in fw.total.values()} == {counted}
        assert f"cùng {counted} hồ sơ đã phê duyệt như phần Mức độ" in text
        assert "phê duyệt trở đi" not in text  # the long rule is gone from the page


def test_with_results_the_page_says_how_many_institutions_compare(client, area, viewer_s):
    text = _page(client, viewer_s)
    # T01 has a result in both years; T02 only this year.
    assert "1 cơ sở có kết quả cả hai năm học." in text
    assert NO_COMPARISON not in text
    assert NO_EXTERNAL not in text  # T01 and T02 are evaluated


@pytest.fixture
def nothing_yet(campaign, tree, bundled_frameworks):
    """X01's two years, nobody evaluated, last year's file a draft: nothing to compare."""
    v = bundled_frameworks["4725"]
    last = open_campaign(
        authority=tree["X01"],
        school_year=LAST,
        versions={"primary": v, "lower_secondary": v},
        deadlines=default_deadlines(LAST),
    ).campaign
    assess(last.participations.get(institution=tree["T01"]), S.DRAFT, {"1.1": True})
    assess(campaign.participations.get(institution=tree["T01"]), S.SUBMITTED, {"1.1": True})
    rebuild()
    return campaign


def test_with_nothing_evaluated_nor_comparable_the_page_says_why(client, nothing_yet, viewer_s):
    text = _page(client, viewer_s)
    assert NO_COMPARISON in text
    assert "có kết quả cả hai năm học." not in text.replace(NO_COMPARISON, "")
    assert text.count(NO_EXTERNAL) == 2  # under the units and under the criteria
    assert "Tính 1/2 hồ sơ đã được thủ trưởng phê duyệt; 1 hồ sơ nháp" in text
