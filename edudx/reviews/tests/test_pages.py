"""Every review page × every persona (in and out of scope) → the expected answer. Outside one's
scope a page answers 404; the evaluation form is open to the reviewers and to the members of the
team assigned to that institution."""

import pytest

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "sysadmin",
    "dept_admin",
    "dept_admin_2",
    "officer_x",
    "officer_y",
    "evaluator_x",  # head of the team assigned to T01
    "team_member",  # member of that team
    "head_a",
    "teacher",
    "viewer_s",
]
REVIEWERS = ("dept_admin", "officer_x")


def only(*allowed):
    out = {p: (200 if p in allowed else 404) for p in PERSONAS}
    out["anonymous"] = 302
    return out


PAGES = {
    "queue": ("/tham-dinh/dot/{c}/", only(*REVIEWERS)),
    "teams": ("/tham-dinh/dot/{c}/doan/", only(*REVIEWERS)),
    "detail": ("/tham-dinh/ho-so/{p}/", only(*REVIEWERS)),
    "evaluation": ("/tham-dinh/danh-gia/{p}/", only(*REVIEWERS, "evaluator_x", "team_member")),
    "mine": ("/tham-dinh/danh-gia/", only(*PERSONAS[1:])),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_review_pages_answer_by_persona(request, client, submitted, team, officer_x, persona):
    from edudx.reviews import services

    services.accept(submitted, by=officer_x)
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    p = submitted.participation
    got = {
        name: client.get(url.format(c=p.campaign_id, p=p.pk)).status_code
        for name, (url, _) in PAGES.items()
    }
    assert got == {name: expected[persona] for name, (_, expected) in PAGES.items()}


def test_campaign_links_partial_shows_what_each_may_open(rf, submitted, team, officer_x, teacher):
    from django.template.loader import render_to_string

    campaign = submitted.participation.campaign
    for user, expected in (
        (officer_x, "/tham-dinh/dot/"),
        (team.members.first().user, "/tham-dinh/danh-gia/"),
    ):
        request = rf.get("/")
        request.user = user
        html = render_to_string("reviews/_campaign_links.html", {"campaign": campaign}, request)
        assert expected in html
    request = rf.get("/")
    request.user = teacher
    assert "tham-dinh" not in render_to_string(
        "reviews/_campaign_links.html", {"campaign": campaign}, request
    )


def test_criterion_comments_partial(submitted, officer_x):
    from django.template.loader import render_to_string

    from edudx.reviews import rounds, services

    services.return_for_supplement(
        submitted, by=officer_x, reason="x", comments={"1.3": "Ghi tên phần mềm"}
    )
    comments = rounds.open_comments(submitted)
    html = render_to_string("reviews/_criterion_comments.html", {"comments": comments["1.3"]})
    assert "Ghi tên phần mềm" in html
    assert render_to_string("reviews/_criterion_comments.html", {"comments": []}).strip() == ""
