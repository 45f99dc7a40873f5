"""Who reaches the improvement plan pages (persona × page; outside the scope: 404), and the
authority's aggregate of its institutions' plans."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from edudx.assessments import plans
from edudx.assessments.facts import save_fact, start_assessment

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "sysadmin",
    "dept_admin",
    "dept_admin_2",
    "officer_x",
    "officer_y",
    "evaluator_x",
    "head_a",
    "teacher",
    "viewer_s",
]
SEES_T01 = ("sysadmin", "dept_admin", "officer_x", "viewer_s", "head_a", "teacher")
SEES_X01 = ("sysadmin", "dept_admin", "officer_x", "viewer_s")


def only(*allowed, ok=200, anonymous=302):
    return {"anonymous": anonymous} | {p: (ok if p in allowed else 404) for p in PERSONAS[1:]}


@pytest.fixture
def personas(request, tree):
    return {n: (None if n == "anonymous" else request.getfixturevalue(n)) for n in PERSONAS}


def later() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=90)


def plan_for(participation, by, **targets):
    assessment = start_assessment(participation)
    for code, actions in targets.items():
        plans.save_target(
            assessment,
            code.removeprefix("c").replace("_", "."),
            target_level=2,
            actions=actions,
            owner="Tổ chuyên môn",
            due=later(),
            revision=0,
            by=by,
        )
    return assessment


def test_plan_pages_answer_each_persona_as_expected(client, personas, participation, teacher):
    plan_for(participation, teacher, c1_3="Tập huấn giáo viên")
    pk = participation.pk
    pages = {
        f"/tu-danh-gia/{pk}/ke-hoach/": only(*SEES_T01),
        "/don-vi/X01/ke-hoach-cai-thien/": only(*SEES_X01),
        "/don-vi/S01/ke-hoach-cai-thien/": only("sysadmin", "dept_admin", "viewer_s"),
        "/don-vi/T01/ke-hoach-cai-thien/": only(),  # an institution reads its own file
        "/don-vi/T01/qua-cac-nam/": only(*SEES_T01),
        "/don-vi/X01/qua-cac-nam/": only(),  # not an institution
    }
    got = {}
    for url in pages:
        got[url] = {}
        for name, user in personas.items():
            client.logout()
            if user is not None:
                client.force_login(user)
            got[url][name] = client.get(url).status_code
    assert got == pages


def test_only_the_institutions_council_changes_the_plan(client, personas, participation):
    start_assessment(participation)
    url = f"/tu-danh-gia/{participation.pk}/ke-hoach/luu/"
    post = {
        "criterion": "1.3",
        "target_level": "2",
        "actions": "Tập huấn",
        "owner": "Cô Lan",
        "due": later().strftime("%d/%m/%Y"),
        "revision": "0",
    }
    got = {}
    for name, user in personas.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        got[name] = client.post(url, post).status_code
        if got[name] == 302 and name != "anonymous":  # saved: take it out for the next persona
            target = participation.assessment.plan_targets.get()
            plans.remove_target(participation.assessment, "1.3", revision=target.revision, by=user)
    assert got == only("head_a", "teacher", ok=302)


def test_the_authority_sees_which_criteria_and_actions_repeat(
    client, campaign, tree, teacher, officer_x, django_assert_max_num_queries
):
    t01 = campaign.participations.get(institution=tree["T01"])
    t02 = campaign.participations.get(institution=tree["T02"])
    plan_for(t01, teacher, c1_3="Tập huấn giáo viên\nMua máy chiếu", c2_3="Số hóa hồ sơ")
    plan_for(t02, None, c1_3="  tập huấn   GIÁO VIÊN ")
    from edudx.assessments.plan_area import actions_repeated, criteria_targeted

    criteria = list(criteria_targeted(tree["X01"], "2025-2026"))
    assert [(r["criterion"], r["institutions"]) for r in criteria] == [("1.3", 2), ("2.3", 1)]
    actions = list(actions_repeated(tree["X01"], "2025-2026"))
    # only what several institutions wrote: "Mua máy chiếu" and "Số hóa hồ sơ" are T01's own
    assert [(a["key"], a["institutions"]) for a in actions] == [("tập huấn giáo viên", 2)]
    # another area's officer sees none of it
    assert list(criteria_targeted(tree["X02"], "2025-2026")) == []
    client.force_login(officer_x)
    with django_assert_max_num_queries(16):
        page = client.get("/don-vi/X01/ke-hoach-cai-thien/").content.decode()
    assert "Trường Tiểu học Lê Lợi" in page and "Trường TH&amp;THCS Ngô Quyền" in page


def test_the_institutions_page_shows_each_year_and_its_plan(client, participation, head_a):
    assessment = plan_for(participation, head_a, c1_3="Tập huấn giáo viên")
    save_fact(assessment, "1.3.1", True, revision=0, by=head_a)
    client.force_login(head_a)
    page = client.get("/don-vi/T01/qua-cac-nam/").content.decode()
    assert "2025-2026" in page and 'id="criteria-over-years"' in page
    assert "Tổ chuyên môn" in page
