from django import template

from edudx.accounts.permissions import Action, can
from edudx.reviews.models import TeamMember
from edudx.reviews.rounds import latest_round, open_comments

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


@register.simple_tag
def open_review_comments(assessment) -> dict:
    """The open comments of the latest return, by criterion (the institution's form shows
    them under each criterion concerned)."""
    return open_comments(assessment)


@register.simple_tag
def return_notice(assessment):
    """The return the institution must answer, while the file is returned."""
    return latest_round(assessment) if assessment.state == "returned" else None


@register.filter
def comments_on(comments: dict, code: str) -> list:
    return comments.get(code, [])
