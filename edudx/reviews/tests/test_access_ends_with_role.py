"""Rule 2 of issue 12: sitting on an evaluation team opens the assigned institution only while
the person still holds a role under the campaign's authority and has no conflict of interest
*now* — not only when they were added to the team. Rows of the permission matrix: every page a
team member uses, for a member in good standing, one whose role was revoked, and one who has
since become staff of the evaluated school."""

import pytest

from edudx.accounts.models import RoleAssignment
from edudx.accounts.permissions import team_role
from edudx.reviews import services

pytestmark = pytest.mark.django_db

PAGES = [
    "/tham-dinh/danh-gia/{p}/",  # the evaluator's side-by-side form
    "/tu-danh-gia/{p}/",  # the institution's self-assessment, read-only
    "/tu-danh-gia/{p}/minh-chung/",  # its evidence catalogue
]


def _make(persona, team_member, tree):
    if persona == "revoked":
        RoleAssignment.objects.filter(user=team_member).delete()
    elif persona == "became_staff":
        RoleAssignment.objects.create(user=team_member, role="institution_staff", unit=tree["T01"])
    elif persona == "moved_away":  # now works for another authority only
        RoleAssignment.objects.filter(user=team_member).update(unit=tree["X02"])
    return team_member


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("member", [200, 200, 200]),
        ("revoked", [404, 404, 404]),
        # Staff of the school now: they see their own school's file as staff, never evaluate it.
        ("became_staff", [404, 200, 200]),
        ("moved_away", [404, 404, 404]),
    ],
)
@pytest.mark.parametrize("page", range(len(PAGES)))
def test_team_member_pages_follow_the_role_held_now(
    client, submitted, team, team_member, officer_x, tree, persona, expected, page
):
    services.accept(submitted, by=officer_x)
    user = _make(persona, team_member, tree)
    client.force_login(user)
    url = PAGES[page].format(p=submitted.participation.pk)
    assert client.get(url).status_code == expected[page]


@pytest.mark.parametrize("persona", ["revoked", "became_staff"])
def test_a_member_without_standing_cannot_save_an_entry(
    client, submitted, team, team_member, officer_x, tree, persona
):
    services.accept(submitted, by=officer_x)
    client.force_login(_make(persona, team_member, tree))
    response = client.post(
        f"/tham-dinh/danh-gia/{submitted.participation.pk}/muc/1.4.1/",
        {"value": "5", "comment": "Chỉ 5 học liệu", "revision": "0"},
    )
    assert response.status_code == 404
    assert not submitted.evaluation.entries.exists()


def test_the_access_module_decides_standing(submitted, team, team_member, tree):
    participation = submitted.participation
    assert team_role(team_member, participation) == "member"
    RoleAssignment.objects.filter(user=team_member).delete()
    del team_member._edudx_grants  # a new request reads the assignments again
    assert team_role(team_member, participation) is None
