"""Numbers as the dashboard prints them: shares as whole percentages, points with one decimal
(Vietnamese comma), a missing figure as a dash rather than a misleading zero."""

from django import template

register = template.Library()


@register.filter
def pct(share):
    return "—" if share is None else f"{share * 100:.0f}%"


@register.filter
def dec(value):
    if value is None:
        return "—"
    return f"{value:.1f}".replace(".", ",")


@register.filter
def signed(value):
    if value is None:
        return "—"
    return (f"{value:+.1f}").replace(".", ",")


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
