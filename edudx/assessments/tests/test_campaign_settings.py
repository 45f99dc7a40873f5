"""An open campaign's settings: the headline-level reading (off by default, EduDX's reading for
4725, shown with that note) and taking in the preschools once a preschool index is loaded.
The preschool index is the synthetic test file (NOT the annex of 3276)."""

from pathlib import Path

import pytest
from django.utils import timezone

import edudx.frameworks.tests
from edudx.assessments import campaign_settings
from edudx.assessments.campaigns import current_school_year, default_deadlines, open_campaign
from edudx.assessments.errors import CampaignError
from edudx.assessments.models import Campaign, Participation
from edudx.core.models import AuditRecord
from edudx.core.revisions import StaleEdit
from edudx.frameworks import loader

pytestmark = pytest.mark.django_db
SYNTHETIC = Path(edudx.frameworks.tests.__file__).parent / "synthetic"


def preschool_index():
    return loader.publish(loader.read_yaml(SYNTHETIC / "preschool.yaml")).version


@pytest.fixture
def namsach(tree, bundled_frameworks):
    """UBND xã Nam Sách's campaign, opened while no preschool index could be chosen: its only
    institution (T03, a preschool) waits. This year's, so it is still open."""
    year = current_school_year(timezone.localdate())
    return open_campaign(
        authority=tree["X02"],
        school_year=year,
        versions={"primary": bundled_frameworks["4725"]},
        deadlines=default_deadlines(year),
    ).campaign


# -- headline ------------------------------------------------------------------------------


def test_headline_is_off_by_default_and_the_form_shows_none(client, teacher, participation):
    assert participation.campaign.headline_rule == ""
    client.force_login(teacher)
    html = client.get(f"/tu-danh-gia/{participation.pk}/").content.decode()
    assert '<div id="headline"></div>' in html


def test_authority_sets_headline_and_the_form_shows_it_with_the_note(
    client, officer_x, teacher, campaign, participation
):
    client.force_login(officer_x)
    client.post(
        f"/dot-danh-gia/{campaign.pk}/muc-chung/",
        {"headline_rule": "lowest_group", "revision": "0"},
    )
    campaign.refresh_from_db()
    assert campaign.headline_rule == "lowest_group" and campaign.revision == 1
    assert AuditRecord.objects.filter(action="campaign.headline_rule").count() == 1
    client.force_login(teacher)
    html = client.get(f"/tu-danh-gia/{participation.pk}/").content.decode()
    assert "Mức thấp nhất trong các nhóm tiêu chí" in html
    assert "Quyết định không quy định mức chung" in html


def test_a_stale_headline_setting_is_refused(campaign, officer_x):
    campaign_settings.set_headline_rule(campaign, "lowest_group", revision="0", by=officer_x)
    with pytest.raises(StaleEdit):
        campaign_settings.set_headline_rule(campaign, "", revision="0", by=officer_x)


def test_an_unknown_headline_rule_is_refused(campaign, officer_x):
    with pytest.raises(CampaignError):
        campaign_settings.set_headline_rule(campaign, "median", revision="0", by=officer_x)


def test_only_the_managing_authority_sets_the_headline(client, teacher, officer_y, campaign):
    for user in (teacher, officer_y):
        client.force_login(user)
        response = client.post(
            f"/dot-danh-gia/{campaign.pk}/muc-chung/",
            {"headline_rule": "lowest_group", "revision": "0"},
        )
        assert response.status_code == 404
    assert Campaign.objects.get(pk=campaign.pk).headline_rule == ""


# -- preschools ----------------------------------------------------------------------------


def test_preschools_are_listed_as_not_applicable_with_counts(client, officer_y, namsach):
    client.force_login(officer_y)
    html = client.get(f"/dot-danh-gia/{namsach.pk}/").content.decode()
    assert "chưa áp dụng — bộ chỉ số 3276 chưa được nạp đầy đủ" in html
    assert "Trường Mầm non Hoa Sen" in html
    status = campaign_settings.preschool_status(namsach)
    assert (status.total, status.taking_part, len(status.pending)) == (1, 0, 1)
    assert status.waiting_for_index  # 3276 as shipped is metadata only


def test_preschools_are_taken_in_once_a_preschool_index_is_loaded(client, officer_y, namsach, tree):
    version = preschool_index()
    client.force_login(officer_y)
    url = f"/dot-danh-gia/{namsach.pk}/mam-non/"
    asked = client.post(url, {"version": version.pk}).content.decode()
    assert (
        "Trường Mầm non Hoa Sen" in asked
        and not Participation.objects.filter(campaign=namsach).exists()
    )  # nothing happens before confirmation
    client.post(url, {"version": version.pk, "confirmed": "1"})
    p = Participation.objects.get(campaign=namsach)
    assert p.institution == tree["T03"] and p.version == version
    assert namsach.frameworks.filter(education_level="preschool", version=version).exists()
    assert AuditRecord.objects.filter(action="campaign.take_in_preschools").count() == 1
    assert campaign_settings.take_in_preschools(namsach, version, by=officer_y) == 0  # idempotent
    html = client.get(f"/dot-danh-gia/{namsach.pk}/").content.decode()
    assert "chưa áp dụng — bộ chỉ số 3276" not in html


def test_an_incomplete_index_cannot_take_preschools_in(namsach, bundled_frameworks, officer_y):
    with pytest.raises(CampaignError):
        campaign_settings.take_in_preschools(namsach, bundled_frameworks["3276"], by=officer_y)
    assert not Participation.objects.filter(campaign=namsach).exists()


def test_a_campaign_past_publication_takes_no_preschools(namsach, officer_y, settings):
    import datetime as dt

    Campaign.objects.filter(pk=namsach.pk).update(publication_due=dt.date(2020, 1, 1))
    namsach.refresh_from_db()
    with pytest.raises(CampaignError):
        campaign_settings.take_in_preschools(namsach, preschool_index(), by=officer_y)


def test_another_authority_cannot_take_preschools_in(client, officer_x, namsach):
    version = preschool_index()
    client.force_login(officer_x)
    response = client.post(
        f"/dot-danh-gia/{namsach.pk}/mam-non/", {"version": version.pk, "confirmed": "1"}
    )
    assert response.status_code == 404
    assert not Participation.objects.filter(campaign=namsach).exists()


def test_the_dashboard_count_agrees_with_the_campaign_page(client, officer_y, namsach):
    assert campaign_settings.pending_preschool_count(namsach) == 1
    client.force_login(officer_y)
    html = client.get("/").content.decode()
    assert "chưa áp dụng — bộ chỉ số 3276 chưa được nạp đầy đủ: 1" in html
    campaign_settings.take_in_preschools(namsach, preschool_index(), by=officer_y)
    assert campaign_settings.pending_preschool_count(namsach) == 0
