"""The menu's "Thẩm định" finds the review queue: straight to it when the officer reviews one
campaign this year, a list of campaigns otherwise, nothing outside the officer's scope."""

import pytest
from django.urls import reverse
from django.utils import timezone

from edudx.assessments.campaigns import current_school_year, default_deadlines, open_campaign

pytestmark = pytest.mark.django_db


def _open(authority, year, v):
    return open_campaign(
        authority=authority,
        school_year=year,
        versions={"primary": v, "lower_secondary": v, "upper_secondary": v},
        deadlines=default_deadlines(year),
    ).campaign


@pytest.fixture
def campaigns(tree, bundled_frameworks):
    year = current_school_year(timezone.localdate())
    v = bundled_frameworks["4725"]
    return {code: _open(tree[code], year, v) for code in ("X01", "S01", "X02")}


def test_an_officer_of_one_campaign_goes_straight_to_its_queue(client, officer_x, campaigns):
    client.force_login(officer_x)
    response = client.get(reverse("reviews:queues"))
    assert response.status_code == 302
    assert response.url == reverse("reviews:queue", args=[campaigns["X01"].pk])
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("reviews:queues")}"' in page  # the menu offers it


def test_a_wider_scope_lists_its_campaigns_and_nothing_else(client, dept_admin, campaigns):
    client.force_login(dept_admin)  # Sở Hải Phòng: its own campaign and X01's, not X02 (Hải Dương)
    response = client.get(reverse("reviews:queues"))
    assert {c.authority.code for c in response.context["page"].object_list} == {"S01", "X01"}
    assert reverse("reviews:queue", args=[campaigns["X01"].pk]) in response.content.decode()


def test_someone_who_reviews_nothing_gets_no_menu_entry_and_no_page(client, teacher, campaigns):
    client.force_login(teacher)
    assert client.get(reverse("reviews:queues")).status_code == 404
    assert reverse("reviews:queues") not in client.get(reverse("home")).content.decode()
