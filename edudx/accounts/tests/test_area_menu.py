"""The menu offers the upward view (Tổng hợp) to whoever holds a unit-viewing role on a unit
above the institutions — answered from the assignments the permission checks read anyway, with
no query of its own, except for a path an API token narrowed a grant to."""

import pytest
from django.contrib.auth import get_user_model

from conftest import make_assigned_user
from edudx.accounts.context_processors import oversees_an_area
from edudx.accounts.permissions import _grants, restrict_to_token

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as a new request reads them (nothing cached on the object)."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.mark.parametrize(
    ("persona", "oversees"),
    [
        ("officer_x", True),  # an authority officer of a commune
        ("viewer_s", True),  # a viewer of a department
        ("evaluator_x", False),  # an evaluation member sees only the files of their team
        ("head_a", False),  # a head: a school has no summary of its own
        ("teacher", False),
    ],
)
def test_who_is_offered_the_upward_view(request, persona, oversees, django_assert_num_queries):
    user = fresh(request.getfixturevalue(persona))
    _grants(user)  # read by the page's permission checks before the menu asks
    with django_assert_num_queries(0):
        assert oversees_an_area(user) is oversees


def test_a_viewer_of_a_school_is_not_offered_it_and_a_closed_unit_counts_for_nothing(tree):
    school_viewer = make_assigned_user("xem.truong", "viewer", tree["T01"])
    assert oversees_an_area(fresh(school_viewer)) is False
    officer = make_assigned_user("canbo.dong", "authority_officer", tree["X02"])
    tree["X02"].active = False
    tree["X02"].save(update_fields=["active"])
    assert oversees_an_area(fresh(officer)) is False


def test_a_grant_narrowed_by_a_token_is_asked_of_the_database(tree, viewer_s):
    """A department viewer's read-only token for a commune still oversees an area; one for a
    school does not."""
    for unit, oversees in ((tree["X01"], True), (tree["T01"], False)):
        user = fresh(viewer_s)
        restrict_to_token(user, unit.path, read_only=True)
        assert oversees_an_area(user) is oversees
