"""The one place where access is decided.

`can(user, action, unit)` answers every "may this person do this here?" and the `visible_*`
functions scope querysets the same way. A role assignment on a unit covers the unit and its whole
subtree (a path-prefix test, no recursion). Views fetch through `get_unit_or_404`, so anything outside
a user's scope answers 404 — it does not exist for them.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Protocol

from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.http import Http404

from edudx.accounts.models import Role, RoleAssignment
from edudx.organizations.models import Unit, UnitKind


class Action:
    VIEW_UNIT = "unit.view"
    MANAGE_UNITS = "unit.manage"  # edit the tree, import the registry
    VIEW_USERS = "user.view"
    MANAGE_USERS = "user.manage"  # create accounts, grant roles
    # The head creates the accounts of the school's own staff (teachers join and leave every
    # year; waiting on the authority's officer for each one stalls the self-assessment). Which
    # roles: GRANTABLE — the staff role only, so a head can never make another head or officer.
    MANAGE_STAFF = "user.manage_staff"
    MANAGE_FRAMEWORKS = "framework.manage"
    MANAGE_CAMPAIGNS = "campaign.manage"  # open a campaign for the institutions one manages
    EDIT_ASSESSMENT = "assessment.edit"  # enter facts in the institution's self-assessment
    APPROVE_ASSESSMENT = "assessment.approve"  # the head approves, submits, withdraws, reopens
    REVIEW_ASSESSMENTS = (
        "assessment.review"  # the authority accepts, returns, recognises, publishes
    )
    EXTEND_DEADLINE = "assessment.extend"  # the authority extends one institution's due date
    # A department or commune authority publishes its guidance on the criteria (nội hàm, gợi ý
    # minh chứng) for its campaigns; held by the authority's own roles on that unit.
    PUBLISH_GUIDANCE = "guidance.publish"


ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset(
        {
            Action.VIEW_UNIT,
            Action.MANAGE_UNITS,
            Action.VIEW_USERS,
            Action.MANAGE_USERS,
            Action.MANAGE_FRAMEWORKS,
            Action.MANAGE_CAMPAIGNS,
        }
    ),
    Role.DEPARTMENT_ADMIN: frozenset(
        {
            Action.VIEW_UNIT,
            Action.MANAGE_UNITS,
            Action.VIEW_USERS,
            Action.MANAGE_USERS,
            Action.MANAGE_CAMPAIGNS,
            Action.REVIEW_ASSESSMENTS,
            Action.EXTEND_DEADLINE,
            Action.PUBLISH_GUIDANCE,
        }
    ),
    Role.AUTHORITY_OFFICER: frozenset(
        {
            Action.VIEW_UNIT,
            Action.VIEW_USERS,
            Action.MANAGE_USERS,
            Action.MANAGE_CAMPAIGNS,
            Action.REVIEW_ASSESSMENTS,
            Action.EXTEND_DEADLINE,
            Action.PUBLISH_GUIDANCE,
        }
    ),
    # Least privilege: the role itself opens nothing; sitting on a team opens exactly the
    # institutions assigned to that team, in that campaign (`team_role`).
    Role.EVALUATION_MEMBER: frozenset(),
    Role.INSTITUTION_HEAD: frozenset(
        {
            Action.VIEW_UNIT,
            Action.VIEW_USERS,
            Action.MANAGE_STAFF,
            Action.EDIT_ASSESSMENT,
            Action.APPROVE_ASSESSMENT,
        }
    ),
    Role.INSTITUTION_STAFF: frozenset({Action.VIEW_UNIT, Action.EDIT_ASSESSMENT}),
    Role.VIEWER: frozenset({Action.VIEW_UNIT}),
}

# Which roles a holder of a role may grant (within their scope): never above their own.
GRANTABLE: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset(Role.values),
    Role.DEPARTMENT_ADMIN: frozenset(set(Role.values) - {Role.SYSTEM_ADMIN}),
    Role.AUTHORITY_OFFICER: frozenset(
        {Role.AUTHORITY_OFFICER, Role.INSTITUTION_HEAD, Role.INSTITUTION_STAFF, Role.VIEWER}
    ),
    Role.INSTITUTION_HEAD: frozenset({Role.INSTITUTION_STAFF}),
}


# Where each role makes sense: a head belongs to a school, an officer to an authority.
ROLE_UNIT_KINDS: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset({UnitKind.MINISTRY}),
    Role.DEPARTMENT_ADMIN: frozenset({UnitKind.DEPARTMENT}),
    Role.AUTHORITY_OFFICER: frozenset(
        {UnitKind.DEPARTMENT, UnitKind.LOCAL_OFFICE, UnitKind.COMMUNE}
    ),
    Role.EVALUATION_MEMBER: frozenset(
        {UnitKind.DEPARTMENT, UnitKind.LOCAL_OFFICE, UnitKind.COMMUNE, UnitKind.INSTITUTION}
    ),
    Role.INSTITUTION_HEAD: frozenset({UnitKind.INSTITUTION}),
    Role.INSTITUTION_STAFF: frozenset({UnitKind.INSTITUTION}),
    Role.VIEWER: frozenset(UnitKind.values),
}


def _grants(user) -> list[tuple[str, str]]:
    """(role, unit path) of the user's assignments, read once per request object (with the kind
    of each unit: `grant_kinds`)."""
    cached = getattr(user, "_edudx_grants", None)
    if cached is None:
        cached, kinds = [], {}
        if getattr(user, "is_authenticated", False) and user.is_active:
            for role, path, kind in RoleAssignment.objects.filter(
                user=user, unit__active=True
            ).values_list("role", "unit__path", "unit__kind"):
                cached.append((role, path))
                kinds[path] = kind
        user._edudx_grants, user._edudx_grant_kinds = cached, kinds
    return cached


def grants_with_kinds(user) -> list[tuple[str, str, str | None]]:
    """(role, unit path, unit kind) of the grants the checks use — the kind None for a path an
    API token narrowed a grant to (not read)."""
    grants = _grants(user)
    kinds = getattr(user, "_edudx_grant_kinds", {})
    return [(role, path, kinds.get(path)) for role, path in grants]


def restrict_to_token(user, path: str, *, read_only: bool) -> None:
    """Narrow `user` (this request's instance) to what an API token issued by them allows: their
    own assignments cut to the token's subtree `path`, every role seen as a viewer when the token
    is read-only. The token never adds a right its issuer lacks, and since every check below reads
    `_grants`, pages, lists and the API all obey the same cut. A superuser's token carries only
    their role assignments, like anyone's."""
    narrowed = []
    for role, granted in _grants(user):
        if path.startswith(granted):
            narrowed.append((Role.VIEWER if read_only else role, path))
        elif granted.startswith(path):
            narrowed.append((Role.VIEWER if read_only else role, granted))
    user.is_superuser = False
    user._edudx_grants = narrowed


def is_system_admin(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or any(
        role == Role.SYSTEM_ADMIN for role, _ in _grants(user)
    )


def can(user, action: str, unit: Unit | None = None) -> bool:
    """Whether `user` may do `action` on `unit` (None: anywhere — e.g. to show a menu entry)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    for role, path in _grants(user):
        if action in ROLE_ACTIONS[role] and (unit is None or unit.path.startswith(path)):
            return True
    return False


def scope_paths(user, action: str) -> list[str] | None:
    """Paths of the subtrees where `user` may do `action`; None means everywhere."""
    if getattr(user, "is_superuser", False):
        return None
    paths = sorted({path for role, path in _grants(user) if action in ROLE_ACTIONS[role]})
    if "/" in paths:
        return None
    # Drop paths inside another path of the list: fewer OR terms in the query.
    kept: list[str] = []
    for p in paths:
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return kept


def _path_filter(paths: list[str], field: str) -> Q:
    return reduce(or_, (Q(**{f"{field}__startswith": p}) for p in paths))


def visible_to(user, queryset, *, path_field: str = "path", action: str = Action.VIEW_UNIT):
    """`queryset` narrowed to the rows whose unit lies in `user`'s scope for `action`.

    `path_field` leads from a row to its unit's path ("path" for units, "institution__path" for
    anything attached to an institution), so every list of the system is scoped by this one rule."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    paths = scope_paths(user, action)
    if paths is None:
        return queryset
    return queryset.filter(_path_filter(paths, path_field)) if paths else queryset.none()


def visible_units(user, action: str = Action.VIEW_UNIT):
    """Units `user` may see (or do `action` on)."""
    return visible_to(user, Unit.objects.all(), action=action)


def visible_users(user, action: str = Action.VIEW_USERS):
    """Accounts holding a role somewhere inside the user's scope."""
    users = get_user_model().objects.all()
    return visible_to(
        user, users, path_field="role_assignments__unit__path", action=action
    ).distinct()


def get_unit_or_404(user, code: str, action: str = Action.VIEW_UNIT) -> Unit:
    """The unit with this code if `user` may do `action` on it; 404 otherwise."""
    unit = Unit.objects.filter(code=code).select_related("parent").first()
    if unit is None or not can(user, action, unit):
        raise Http404
    return unit


def may_create_accounts(user, unit: Unit) -> bool:
    """Whether `user` may create accounts on `unit` at all: an office managing accounts, or a
    head for their own school's staff (which roles: `grantable_roles`)."""
    return can(user, Action.MANAGE_USERS, unit) or can(user, Action.MANAGE_STAFF, unit)


def account_unit_or_404(user, code: str) -> Unit:
    """The unit whose account page `user` may open (`may_create_accounts`); 404 otherwise."""
    unit = Unit.objects.filter(code=code).select_related("parent").first()
    if unit is None or not may_create_accounts(user, unit):
        raise Http404
    return unit


def grantable_roles(user, unit: Unit) -> list[str]:
    """Roles `user` may grant on `unit`."""
    if getattr(user, "is_superuser", False):
        roles = set(Role.values)
    else:
        roles = set()
        for role, path in _grants(user):
            if unit.path.startswith(path):
                roles |= GRANTABLE.get(role, frozenset())
    return [r for r in Role.values if r in roles and unit.kind in ROLE_UNIT_KINDS[r]]


def registry_scope(user, unit: Unit) -> Unit | None:
    """The subtree a registry import from `unit`'s page may touch: the whole country for a system
    administrator importing at the ministry (None: no limit), otherwise that unit's subtree."""
    return None if unit.parent_id is None and is_system_admin(user) else unit


# -- evaluation teams: access scoped to the institutions assigned to one's team -------------------


class TeamMembership(Protocol):
    """What the access module needs to know of evaluation teams. Teams are the review's data and
    reviews depends on accounts, not the reverse: reviews registers its implementation at
    start-up (`register_team_membership`), and every decision about team access is made here."""

    def role(self, user, participation) -> str | None:
        """The user's role (head, secretary, member) in the team of that campaign assigned to
        this participation, or None."""

    def sits_on_a_team(self, user) -> bool:
        """Whether the user is a member of any evaluation team."""


_teams: TeamMembership | None = None


def register_team_membership(membership: TeamMembership) -> None:
    global _teams
    _teams = membership


def _team_membership() -> TeamMembership:
    if _teams is None:
        raise ImproperlyConfigured("No evaluation-team membership is registered (edudx.reviews).")
    return _teams


def team_role(user, participation) -> str | None:
    """The user's role (head, secretary, member) in the team assigned to this participation —
    that campaign's team only — or None.

    Membership opens the institution only while it is still legitimate *now*: the person still
    holds a role on the campaign's authority or a unit under it (access ends with the role that
    made them eligible), and holds none at the evaluated institution (a conflict of interest
    that arose after they were added)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    role = _team_membership().role(user, participation)
    if role is None or not team_access_stands(user, participation):
        return None
    return role


def team_access_stands(user, participation) -> bool:
    """The half of `team_role` that needs no team row: whether membership of a team assigned to
    this participation would still open it now (a role on the campaign's authority or under it,
    none at the institution). Lists of many participations already known to be the user's
    team's check each with this, without a query per row."""
    paths = [path for _role, path in _grants(user)]
    authority = participation.campaign.authority.path
    institution = participation.institution.path
    return any(path.startswith(authority) for path in paths) and not any(
        path.startswith(institution) for path in paths
    )


def acts_for_authority(user, authority) -> bool:
    """Whether the user works on the authority's side of its campaigns (its officers, the
    department above): its documents, its workbooks."""
    return can(user, Action.REVIEW_ASSESSMENTS, authority) or can(
        user, Action.MANAGE_CAMPAIGNS, authority
    )


def is_team_member(user) -> bool:
    """Whether the user sits on any evaluation team (for the menu)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return _team_membership().sits_on_a_team(user)


def can_evaluate(user, participation) -> bool:
    """A member of the team assigned to this participation may enter the external evaluation
    while the submission is accepted for evaluation (under review)."""
    assessment = getattr(participation, "assessment", None)
    return (
        assessment is not None
        and assessment.state == "under_review"
        and team_role(user, participation) is not None
    )


def may_view_participation(user, participation) -> bool:
    """Whoever sees the institution, and the members of the team assigned to evaluate it in that
    campaign, may read its self-assessment and evidence."""
    return can(user, Action.VIEW_UNIT, participation.institution) or (
        team_role(user, participation) is not None
    )
