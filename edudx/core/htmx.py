"""htmx helpers: one URL answers the full page, or only its partial for an htmx request."""

from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def render_partial_or_page(request, page: str, partial: str, context: dict):
    """The partial for an htmx swap; the whole page otherwise — including htmx's history
    restore, which needs a full document. `Vary: HX-Request` keeps caches from mixing the two."""
    htmx = getattr(request, "htmx", None)
    wants_partial = bool(htmx) and not htmx.history_restore_request
    response = render(request, partial if wants_partial else page, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
