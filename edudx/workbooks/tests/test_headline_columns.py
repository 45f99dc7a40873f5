"""Workbooks show the headline level only when a rule is in force, and say it is the campaign's
reading (4725 defines none)."""

import pytest

from edudx.assessments.facts import assessment_result, save_fact
from edudx.workbooks import exporters

pytestmark = pytest.mark.django_db


def test_no_headline_columns_while_the_campaign_sets_no_rule(campaign, participation):
    header = next(iter(exporters.authority_rows([campaign])))
    assert not any("Mức chung" in h for h in header)


def test_headline_columns_follow_the_campaign_rule(campaign, participation, assessment, teacher):
    save_fact(assessment, "1.4.1", 45, revision=0, by=teacher)
    campaign.headline_rule = "lowest_group"
    campaign.save()
    rows = list(exporters.authority_rows([campaign]))
    header = rows[0]
    by_code = {r[1]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    expected = min(g.level for g in assessment_result(assessment).groups.values())
    assert by_code["T01"]["Tự đánh giá — Mức chung"] == expected
    assert by_code["T02"]["Tự đánh giá — Mức chung"] is None


def test_detail_workbook_states_the_headline_and_its_note(campaign, participation, assessment):
    campaign.headline_rule = "lowest_group"
    campaign.save()
    participation.refresh_from_db()
    rows = list(exporters.detail_rows(participation, assessment))
    assert rows[1][3].startswith("Mức chung (mức thấp nhất trong các nhóm tiêu chí)")
    assert "Quyết định không quy định mức chung" in rows[1][3]
