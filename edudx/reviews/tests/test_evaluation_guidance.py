"""The evaluator reads the authority's guidance beside each criterion, as the school does."""

import datetime as dt

import pytest

from edudx.guidance import services as guidance
from edudx.guidance.tests.test_guidance import GOOD
from edudx.reviews import services
from edudx.reviews.tests.test_evaluation import _url

pytestmark = pytest.mark.django_db


def test_the_evaluator_sees_the_guidance_beside_the_criterion(
    client, submitted, team, officer_x, dept_admin, tree, team_member
):
    services.accept(submitted, by=officer_x)
    guidance.publish(
        tree["S01"], school_year=submitted.participation.campaign.school_year,
        framework_code="4725", letter_number="873/SGDĐT-VP", letter_date=dt.date(2025, 9, 5),
        data=GOOD, revision=0, by=dept_admin,
    )  # fmt: skip
    client.force_login(team_member)
    page = client.get(_url(submitted.evaluation)).content.decode()
    assert 'id="guidance-1.4"' in page and "Học liệu số do giáo viên tự xây dựng" in page
