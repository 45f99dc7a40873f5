from django import template

from edudx.accounts.permissions import Action, can
from edudx.recognition.access import can_recognise

register = template.Library()


@register.simple_tag(takes_context=True)
def may_recognise(context, campaign) -> bool:
    """Whether the signed-in user recognises and publishes for this campaign's authority."""
    request = context.get("request")
    return bool(request) and can_recognise(request.user, campaign)


@register.simple_tag(takes_context=True)
def may_view_summary(context, unit) -> bool:
    """Whether the signed-in user may open the upward view of `unit`."""
    request = context.get("request")
    return bool(request) and can(request.user, Action.VIEW_UNIT, unit)
