"""Every workbook page × every persona → the expected answer (404 outside one's scope)."""

import pytest

from edudx.core import tasks
from edudx.workbooks.tests.conftest import logged_in

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous", "sysadmin", "dept_admin", "dept_admin_2", "officer_x", "officer_y",
    "evaluator_x", "head_a", "teacher", "viewer_s",
]  # fmt: skip


def only(*allowed, status=200):
    return {"anonymous": 302, **{p: (status if p in allowed else 404) for p in PERSONAS[1:]}}


EDITORS_OF_T01 = ("head_a", "teacher")
SEES_T01 = ("sysadmin", "dept_admin", "viewer_s", "officer_x", *EDITORS_OF_T01)
EXPORTERS_OF_X01 = ("sysadmin", "dept_admin", "officer_x")
PAGES = [
    ("get", "/bang-tinh/tu-danh-gia/{p}/tai-ve/", only(*EDITORS_OF_T01)),
    ("get", "/bang-tinh/tu-danh-gia/{p}/tai-len/", only(*EDITORS_OF_T01)),
    ("post", "/bang-tinh/tu-danh-gia/{p}/xac-nhan/", only(*EDITORS_OF_T01, status=409)),
    ("get", "/bang-tinh/tu-danh-gia/{p}/chi-tiet/", only(*SEES_T01)),
    ("get", "/bang-tinh/dot-danh-gia/{c}/", only(*EXPORTERS_OF_X01)),
    ("get", "/bang-tinh/tac-vu/{j}/", only(*EXPORTERS_OF_X01)),
    ("get", "/bang-tinh/tac-vu/{j}/tai-ve/", only(*EXPORTERS_OF_X01)),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("method", "url", "expected"), PAGES, ids=[p[1] for p in PAGES])
def test_workbook_page_answers_by_persona(
    client, request, campaign, participation, officer_x, persona, method, url, expected
):
    job = tasks.start_job(
        kind="campaign", params={"campaign": campaign.pk}, title="t", file_name="t.xlsx",
        by=officer_x,
    )  # fmt: skip
    if persona != "anonymous":
        logged_in(client, request.getfixturevalue(persona))
    target = url.format(p=participation.pk, c=campaign.pk, j=job.pk)
    response = getattr(client, method)(target)
    assert response.status_code == expected[persona]


def test_links_partials_show_only_what_the_user_may_do(
    client, campaign, participation, rf, teacher, viewer_s, officer_x
):
    from django.template.loader import render_to_string

    def render(name, user, **context):
        req = rf.get("/")
        req.user = user
        return render_to_string(f"workbooks/{name}", context, request=req)

    assert "tai-len" in render("_assessment_links.html", teacher, participation=participation)
    viewer = render("_assessment_links.html", viewer_s, participation=participation)
    assert "tai-len" not in viewer and "chi-tiet" in viewer
    assert "dot-danh-gia" in render("_campaign_links.html", officer_x, campaign=campaign)
    assert "dot-danh-gia" not in render("_campaign_links.html", teacher, campaign=campaign)
