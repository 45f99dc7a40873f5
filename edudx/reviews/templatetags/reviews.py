from django import template

from edudx.accounts.permissions import Action, can
from edudx.reviews.models import TeamMember

register = template.Library()


@register.simple_tag(takes_context=True)
def review_links(context, campaign) -> dict:
    """What the campaign page links to: the review queue and the teams (for reviewers), and the
    institutions one evaluates (for team members)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not getattr(user, "is_authenticated", False):
        return {"can_review": False, "in_team": False}
    return {
        "can_review": can(user, Action.REVIEW_ASSESSMENTS, campaign.authority),
        "in_team": TeamMember.objects.filter(user=user, team__campaign=campaign).exists(),
    }
