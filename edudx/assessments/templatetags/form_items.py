"""`{% form_item row %}`: one item of the self-assessment form, written in Python
(assessments/form_items.py) with what the page's context holds."""

from django import template

from edudx.assessments.form_items import item_html

register = template.Library()


@register.simple_tag(takes_context=True)
def form_item(context, row):
    return item_html(
        row,
        editable=bool(context.get("editable")),
        participation_pk=context["participation"].pk,
        provenance=context.get("provenance") or {},
        csrf_token=context.get("csrf_token"),
    )
