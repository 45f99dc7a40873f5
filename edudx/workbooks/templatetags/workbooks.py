"""What the workbook links partials may show to the current user (permissions decided in
accounts.permissions, never in templates)."""

from django import template

from edudx.accounts.permissions import Action, can
from edudx.workbooks.views import may_export

register = template.Library()


@register.simple_tag(takes_context=True)
def workbook_access(context, obj):
    """For a participation: {"offline", "detail"}; for a campaign: {"export"}."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if hasattr(obj, "institution"):
        return {
            "offline": can(user, Action.EDIT_ASSESSMENT, obj.institution),
            "detail": can(user, Action.VIEW_UNIT, obj.institution),
        }
    return {"export": may_export(user, obj)}
