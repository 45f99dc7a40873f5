from django.utils.functional import SimpleLazyObject

from edudx.accounts.permissions import Action, can, is_team_member


def access(request):
    """What the menu may offer this user, computed only when a template asks."""

    def compute():
        user = request.user
        return {
            "view_units": can(user, Action.VIEW_UNIT),
            "manage_frameworks": can(user, Action.MANAGE_FRAMEWORKS),
            "django_admin": user.is_active and user.is_staff,
            "evaluates": is_team_member(user),
        }

    return {"access": SimpleLazyObject(compute)}
