from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def document_links(context, obj):
    """The documents the current user may download for a participation or a campaign."""
    from edudx.documents.views import links

    request = context.get("request")
    if request is None or obj is None:
        return []
    return links(request.user, obj)


@register.simple_tag
def signed_decision_url(decision):
    """The public address of a published decision's signed copy, or "" when none is kept."""
    from django.urls import reverse

    from edudx.documents.signed import current_of

    if decision is None or decision.published_at is None:
        return ""
    if current_of("recognition_decision", decision) is None:
        return ""
    return reverse("documents:public_signed_decision", args=[decision.pk])
