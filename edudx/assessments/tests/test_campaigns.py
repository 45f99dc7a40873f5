"""Opening a campaign: indices per level, participants, deadlines no later than the level above."""

import datetime as dt

import pytest

from edudx.assessments.campaigns import (
    current_school_year,
    default_deadlines,
    open_campaign,
    timeline,
)
from edudx.assessments.errors import CampaignError
from edudx.assessments.models import Campaign, Participation
from edudx.core.models import AuditRecord
from edudx.organizations.models import UnitKind
from edudx.organizations.services import create_unit

pytestmark = pytest.mark.django_db
YEAR = "2025-2026"


@pytest.fixture
def v4725(bundled_frameworks):
    return bundled_frameworks["4725"]


def versions_all(v4725):
    return {lv: v4725 for lv in ("primary", "lower_secondary", "upper_secondary")}


def open_(authority, v4725, **kwargs):
    kwargs.setdefault("deadlines", default_deadlines(YEAR))
    kwargs.setdefault("versions", versions_all(v4725))
    return open_campaign(authority=authority, school_year=YEAR, **kwargs)


def test_national_deadlines_are_the_defaults():
    assert default_deadlines(YEAR) == {
        "self_assessment_due": dt.date(2026, 5, 31),
        "evaluation_due": dt.date(2026, 6, 20),
        "publication_due": dt.date(2026, 6, 30),
    }
    assert current_school_year(dt.date(2025, 8, 15)) == YEAR
    assert current_school_year(dt.date(2026, 3, 1)) == YEAR


def test_authority_opens_for_all_it_manages_by_default(tree, v4725, officer_x):
    opened = open_(tree["X01"], v4725, by=officer_x)
    rows = {(p.institution.code, p.version.code) for p in opened.campaign.participations.all()}
    assert rows == {("T01", "4725"), ("T02", "4725")}  # T02 (TH&THCS) once, not once per level
    assert AuditRecord.objects.filter(action="campaign.open", actor=officer_x).count() == 1


def test_a_level_without_an_index_is_not_assessed(tree, v4725):
    mn = create_unit(
        code="T05",
        name="Trường MN&TH Sao Mai",
        kind=UnitKind.INSTITUTION,
        parent=tree["X01"],
        education_levels=["preschool", "primary"],
    )
    open_(tree["X01"], v4725, versions={"primary": v4725})
    assert list(
        Participation.objects.filter(institution=mn).values_list("version__code", flat=True)
    ) == ["4725"]


def test_incomplete_index_cannot_be_chosen(tree, bundled_frameworks):
    with pytest.raises(CampaignError, match="chưa đầy đủ"):
        open_(tree["X02"], None, versions={"preschool": bundled_frameworks["3276"]})


def test_index_must_apply_to_the_level(tree, v4725):
    with pytest.raises(CampaignError, match="không áp dụng cho cấp Mầm non"):
        open_(tree["X02"], v4725, versions={"preschool": v4725})


def test_a_later_deadline_than_the_national_one_is_refused(tree, v4725):
    late = {**default_deadlines(YEAR), "self_assessment_due": dt.date(2026, 6, 5)}
    with pytest.raises(CampaignError, match="muộn hơn hạn chung toàn quốc") as info:
        open_(tree["X01"], v4725, deadlines=late)
    assert info.value.field == "self_assessment_due"
    assert not Campaign.objects.exists()


def test_deadlines_must_follow_each_other(tree, v4725):
    odd = {**default_deadlines(YEAR), "evaluation_due": dt.date(2026, 5, 1)}
    with pytest.raises(CampaignError, match="phải sau"):
        open_(tree["X01"], v4725, deadlines=odd)


def test_department_cascades_and_children_may_only_be_earlier(tree, v4725, dept_admin):
    early = {**default_deadlines(YEAR), "self_assessment_due": dt.date(2026, 5, 10)}
    opened = open_(tree["S01"], v4725, deadlines=early, cascade=True, by=dept_admin)
    assert [c.authority.code for c in opened.children] == ["X01"]
    child = opened.children[0]
    assert child.parent == opened.campaign and child.self_assessment_due == dt.date(2026, 5, 10)
    assert set(opened.campaign.participations.values_list("institution__code", flat=True)) == {
        "T10"
    }
    # a commune opening on its own under that department may not be later than 10/05
    with pytest.raises(CampaignError, match="muộn hơn hạn của Sở GDĐT Hải Phòng"):
        Campaign.objects.filter(pk=child.pk).delete()
        open_(tree["X01"], v4725)


def test_one_campaign_per_authority_and_year(tree, v4725):
    open_(tree["X01"], v4725)
    with pytest.raises(CampaignError, match="đã mở đợt đánh giá"):
        open_(tree["X01"], v4725)


def test_only_an_authority_opens_a_campaign(tree, v4725):
    with pytest.raises(CampaignError, match="Chỉ cơ quan quản lý"):
        open_(tree["T01"], v4725)


def test_timeline_says_where_the_campaign_stands(tree, v4725):
    campaign = open_(tree["X01"], v4725).campaign
    steps = timeline(campaign, dt.date(2026, 6, 1))
    assert [s.state for s in steps] == ["past", "next", "later"]
    assert steps[1].days_left == 19


def test_timeline_marks_the_steps_the_institutions_are_past(tree, v4725):
    campaign = open_(tree["X01"], v4725).campaign
    day = dt.date(2026, 5, 1)
    mine = timeline(campaign, day, ["submitted"])
    assert [s.state for s in mine] == ["done", "next", "later"]
    all_ = timeline(campaign, day, ["submitted", "draft", "evaluated"])
    assert [(s.state, s.done, s.total) for s in all_] == [
        ("next", 2, 3),
        ("later", 1, 3),
        ("later", 0, 3),
    ]


# -- pages -----------------------------------------------------------------------------------------


def form_data(**overrides):
    data = {
        "school_year": YEAR,
        "self_assessment_due": "31/05/2026",
        "evaluation_due": "20/06/2026",
        "publication_due": "30/06/2026",
        "version_primary": "",
        "version_lower_secondary": "",
    }
    return data | overrides


def test_officer_opens_a_campaign_from_the_page(client, officer_x, tree, v4725):
    client.force_login(officer_x)
    page = client.get("/don-vi/X01/dot-danh-gia/mo/")
    assert page.status_code == 200
    assert (
        page.context["form"].initial["self_assessment_due"].month == 5
    )  # national default filled in
    data = form_data(
        version_primary=v4725.pk, version_lower_secondary=v4725.pk, institutions=[tree["T01"].pk]
    )
    response = client.post("/don-vi/X01/dot-danh-gia/mo/", data)
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response.url == f"/dot-danh-gia/{campaign.pk}/"
    assert list(campaign.participations.values_list("institution__code", flat=True)) == ["T01"]
    html = client.get(response.url).content.decode()
    assert "Trường Tiểu học Lê Lợi" in html and "31/05/2026" in html


def test_bad_dates_keep_what_was_typed_and_say_why(client, officer_x, tree, v4725):
    client.force_login(officer_x)
    data = form_data(version_primary=v4725.pk, self_assessment_due="05/06/2026")
    html = client.post("/don-vi/X01/dot-danh-gia/mo/", data).content.decode()
    assert "muộn hơn hạn chung toàn quốc" in html and "05/06/2026" in html
    assert not Campaign.objects.exists()


def test_teacher_sees_the_campaign_of_their_school_but_not_others(client, teacher, tree, v4725):
    mine = open_(tree["X01"], v4725).campaign
    other = open_(tree["X02"], v4725, versions={"primary": v4725}).campaign
    client.force_login(teacher)
    assert client.get(f"/dot-danh-gia/{mine.pk}/").status_code == 200
    assert client.get(f"/dot-danh-gia/{other.pk}/").status_code == 404
    html = client.get("/dot-danh-gia/").content.decode()
    assert "UBND phường Lê Chân" in html and "UBND xã Nam Sách" not in html
