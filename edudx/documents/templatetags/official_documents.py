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
