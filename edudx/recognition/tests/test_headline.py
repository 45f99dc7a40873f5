"""A recognised result keeps the headline level in force at recognition and the public pages show
it with its note; without a rule nothing extra is shown."""

import pytest
from django.template.loader import render_to_string

from edudx.assessments.facts import start_assessment
from edudx.recognition.services import frozen_result
from edudx.reviews.models import Evaluation, EvaluationState

pytestmark = pytest.mark.django_db


def test_frozen_result_keeps_the_campaign_headline(campaign, participation):
    evaluation = Evaluation.objects.create(
        assessment=start_assessment(participation), state=EvaluationState.FINAL
    )
    assert frozen_result(evaluation)["headline"] == {}
    campaign.headline_rule = "lowest_group"
    campaign.save()
    evaluation = Evaluation.objects.get(pk=evaluation.pk)
    frozen = frozen_result(evaluation)["headline"]
    assert frozen["rule"] == "lowest_group" and frozen["level"] == min(
        frozen_result(evaluation)["levels"].values()
    )
    assert frozen["by_index"] is False and "không quy định" in frozen["note"]


def test_levels_partial_shows_the_headline_with_its_note():
    html = render_to_string(
        "recognition/_levels.html",
        {
            "rows": [],
            "headline": {"rule": "lowest_group", "level": 2, "level_name": "Đáp ứng cơ bản",
                         "note": "Quyết định không quy định mức chung"},
        },
    )  # fmt: skip
    assert "Mức chung" in html and "Mức độ 2 — Đáp ứng cơ bản" in html
    assert "Quyết định không quy định mức chung" in html
    assert "Mức chung" not in render_to_string("recognition/_levels.html", {"rows": []})
