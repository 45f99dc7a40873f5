"""What a page asks before an irreversible action: the question and its consequence, from the
one table of transitions (`data-confirm` of the action's form)."""

from django import template

from edudx.assessments.transitions import confirmation

register = template.Library()


@register.simple_tag
def confirm_text(action: str, participation) -> str:
    question, consequence = confirmation(action, participation)
    return f"{question} {consequence}"
