from django.utils.functional import SimpleLazyObject

from edudx.accounts.models import RoleAssignment
from edudx.accounts.permissions import ROLE_ACTIONS, Action, can, is_team_member
from edudx.organizations.models import UnitKind

#: Roles that open unit pages: the upward view (Tổng hợp) is offered on the units they hold.
VIEWING_ROLES = [role for role, actions in ROLE_ACTIONS.items() if Action.VIEW_UNIT in actions]


def oversees_an_area(user) -> bool:
    """Whether the upward view has a page for the user: a unit-viewing role on a unit above the
    institutions (a teacher's or head's school has no summary of its own)."""
    return (
        user.is_active
        and RoleAssignment.objects.filter(user=user, unit__active=True, role__in=VIEWING_ROLES)
        .exclude(unit__kind=UnitKind.INSTITUTION)
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
