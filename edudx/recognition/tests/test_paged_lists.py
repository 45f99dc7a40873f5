"""The campaign page and the roll-up list an authority's institutions a page at a time: the
number of queries does not grow with the number of institutions, and every one is reachable."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edudx.assessments.facts import start_assessment
from edudx.reviews.tests.test_queue import facts_for, open_year
from edudx.reviews.tests.test_queue_paging import named_schools

pytestmark = pytest.mark.django_db


def queries(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_campaign_page_and_roll_up_cost_the_same_for_few_and_many(
    client, tree, bundled_frameworks, officer_x
):
    v = bundled_frameworks["4725"]
    client.force_login(officer_x)
    seen = []
    for n, prefix, first in ((3, "TA", 2020), (120, "TB", 2022)):
        units = named_schools(tree, n, prefix)
        campaign = open_year(tree, v, f"{first}-{first + 1}", units)
        facts_for(campaign, {"1.1": True})
        start_assessment(campaign.participations.first())
        year = f"{first}-{first + 1}"
        seen.append(
            (
                queries(client, f"/dot-danh-gia/{campaign.pk}/")[0],
                queries(client, "/tong-hop/X01/", **{"nam-hoc": year})[0],
            )
        )
    assert seen[0] == seen[1]
    _n, last = queries(client, f"/dot-danh-gia/{campaign.pk}/", page=3)
    assert "Trang 3/3" in last and "Trường Tiểu học số 99" in last  # by name: 99 after 119
    _n, roll_up = queries(client, "/tong-hop/X01/", **{"nam-hoc": "2022-2023", "page": 2})
    assert "(120)" in roll_up and "Trang 2/3" in roll_up
