"""Private pages stay private: the headers every response carries.

- A page or download answered to a logged-in person is never kept by a browser or a proxy cache
  (`Cache-Control: no-store`): a shared school computer's back button or a proxy must not show
  one person's file to the next.
- Every page carries a Content-Security-Policy that allows scripts only from EduDX's own static
  files — no inline script, no `eval`, nothing from another origin — so that injected markup
  cannot run. Behaviour lives in static/js/, never in attributes.
- A response marked with `sandboxed(response)` (files people uploaded) is sent with a sandboxing
  policy: even an HTML or SVG file opened in the browser runs nothing in EduDX's origin."""

from __future__ import annotations

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SANDBOX_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"


def sandboxed(response):
    """Mark a response carrying an uploaded file: it is shown, never run."""
    response["Content-Security-Policy"] = SANDBOX_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    return response


class PrivacyHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
            response.headers.pop("Expires", None)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
