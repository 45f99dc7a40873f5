from django import template

from edudx.frameworks.schema import fmt

register = template.Library()


@register.filter
def points(value) -> str:
    """Points as Vietnamese write them: 6, 4,5 (never 6.0)."""
    return "" if value is None else fmt(float(value))
