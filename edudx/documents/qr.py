"""The QR code a certificate carries: its public page, so anyone holding the paper can check it
against the published record. segno (pure Python, no image library) draws it as inline SVG for
the PDF and as PNG for Word."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.urls import reverse
from markupsafe import Markup


def permalink(institution) -> str:
    """The institution's public results page (its stable address, kept across years)."""
    path = reverse("recognition:public_institution", args=[institution.code])
    return f"{settings.SITE_URL}{path}"


def _code(url: str):
    # Level M (15 % recovery): survives a stamp's edge or a fold across the code.
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str) -> Markup:
    """An <svg> scaled by CSS (viewBox, no fixed size), with its quiet zone."""
    svg = _code(url).svg_inline(scale=1, border=4, omitsize=True, svgclass="qr")
    return Markup(svg)


class LazySvg:
    """The SVG drawn when an HTML template prints it (`__html__`), not when the context is built:
    a Word file of 300 certificates needs none of them."""

    def __init__(self, url: str):
        self.url = url

    def __html__(self) -> str:
        return str(qr_svg(self.url))

    def __str__(self) -> str:
        return ""


def qr_png(url: str) -> bytes:
    out = io.BytesIO()
    _code(url).save(out, kind="png", scale=4, border=4)  # ~145 dpi at 26 mm
    return out.getvalue()
