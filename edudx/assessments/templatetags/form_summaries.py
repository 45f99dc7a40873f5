"""The form's score summaries (assessments/form_summaries.py) as tags: a criterion's and a
group's heading, the progress line and the headline, each optionally out of band (the answer to
an autosave sends them again beside the item)."""

from django import template

from edudx.assessments import form_summaries as html

register = template.Library()


@register.simple_tag
def criterion_heading(c, oob=False):
    return html.criterion_heading(c, oob=oob)


@register.simple_tag
def group_heading(g, oob=False):
    return html.group_heading(g, oob=oob)


@register.simple_tag(takes_context=True)
def form_progress(context, oob=False):
    return html.progress(context["groups"], context["answered"], context["total"], oob=oob)


@register.simple_tag(takes_context=True)
def form_headline(context, oob=False):
    return html.headline_block(context.get("headline"), oob=oob)
