from django.utils.functional import SimpleLazyObject

from edudx.accounts.permissions import (
    ROLE_ACTIONS,
    Action,
    can,
    grants_with_kinds,
    is_team_member,
)
from edudx.organizations.models import Unit, UnitKind

#: Roles that open unit pages: the upward view (Tổng hợp) is offered on the units they hold.
VIEWING_ROLES = [role for role, actions in ROLE_ACTIONS.items() if Action.VIEW_UNIT in actions]


def oversees_an_area(user) -> bool:
    """Whether the upward view has a page for the user: a unit-viewing role on a unit above the
    institutions (a teacher's or head's school has no summary of its own). Answered from the
    assignments the permission checks read anyway (every page asks, for its menu); a path an API
    token narrowed a grant to has no known kind and is asked of the database. Under a token the
    answer is for what the token allows (its cut, its viewer roles), as every page's check is."""
    if not user.is_active:
        return False
    viewing = [
        (path, kind) for role, path, kind in grants_with_kinds(user) if role in VIEWING_ROLES
    ]
    if any(kind not in (None, UnitKind.INSTITUTION) for _path, kind in viewing):
        return True
    unknown = [path for path, kind in viewing if kind is None]
    return bool(unknown) and (
        Unit.objects.filter(path__in=unknown, active=True)
        .exclude(kind=UnitKind.INSTITUTION)
        .exists()
    )


def access(request):
    """What the menu may offer this user — only pages that open for them — computed only when a
    template asks."""

    def compute():
        user = request.user
        return {
            "view_units": can(user, Action.VIEW_UNIT),
            "summary": oversees_an_area(user),
            "manage_frameworks": can(user, Action.MANAGE_FRAMEWORKS),
            "django_admin": user.is_active and user.is_staff,
            "evaluates": is_team_member(user),
            "reviews": can(user, Action.REVIEW_ASSESSMENTS),
        }

    return {"access": SimpleLazyObject(compute)}
