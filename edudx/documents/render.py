"""Template files → bytes: Word with docxtpl, PDF with WeasyPrint, the same context for both.

A file of the same name in `settings.DOCUMENT_TEMPLATES_DIR` replaces the bundled one (a
province's own header, its own wording), file by file; nothing of a document's text lives in
code."""

from __future__ import annotations

import io
import logging
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
from django.conf import settings
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from markupsafe import Markup

HERE = Path(__file__).parent
BUNDLED_DOCX = HERE / "templates_docx"
BUNDLED_HTML = HERE / "templates_html"
# WeasyPrint reports every layout step at INFO; a document is not news.
for _name in ("weasyprint", "weasyprint.progress"):
    logging.getLogger(_name).setLevel(logging.WARNING)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def nfc(value):
    """Every value a template prints, composed (NFC): text typed or imported decomposed (NFD)
    — "e" + U+0302 + U+0301 for "ế" — would otherwise reach Word and the PDF as loose combining
    marks, which a font may place badly or not have at all."""
    if isinstance(value, Markup):
        return Markup(unicodedata.normalize("NFC", value))
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


def _override_dir() -> Path | None:
    value = getattr(settings, "DOCUMENT_TEMPLATES_DIR", "") or ""
    return Path(value) if value else None


def template_file(name: str) -> Path:
    """The template `name` (e.g. "report.docx"): the administrator's copy if there is one."""
    override = _override_dir()
    if override is not None and (override / name).is_file():
        return override / name
    return BUNDLED_DOCX / name if name.endswith(".docx") else BUNDLED_HTML / name


@lru_cache(maxsize=4)
def _html_env(override: str) -> jinja2.Environment:
    paths = [override, str(BUNDLED_HTML)] if override else [str(BUNDLED_HTML)]
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=nfc,
    )


_DOCX_ENV = jinja2.Environment(autoescape=True, finalize=nfc)


@dataclass(frozen=True)
class Picture:
    """An image a Word template places inline ({{ cert.qr_picture }}): what makes its PNG bytes
    (called only when a Word file is made: 300 certificates as PDF need none) and its printed
    width. The PDF templates draw their own (inline SVG) and never print it."""

    make: Callable[[], bytes]
    width_mm: float

    def __str__(self) -> str:  # an HTML template that printed one by mistake shows nothing
        return ""


def _pictures_to_images(value, tpl):
    """The context with every Picture made an InlineImage of `tpl` (docxtpl needs the template
    it goes into, which the builders do not have)."""
    if isinstance(value, Picture):
        return InlineImage(tpl, io.BytesIO(value.make()), width=Mm(value.width_mm))
    if isinstance(value, dict):
        return {k: _pictures_to_images(v, tpl) for k, v in value.items()}
    if isinstance(value, list):
        return [_pictures_to_images(v, tpl) for v in value]
    return value


def render_docx(template: str, context: dict) -> bytes:
    tpl = DocxTemplate(str(template_file(f"{template}.docx")))
    tpl.render(_pictures_to_images(context, tpl), jinja_env=_DOCX_ENV, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def render_html(template: str, context: dict) -> str:
    override = _override_dir()
    env = _html_env(str(override) if override else "")
    return env.get_template(f"{template}.html").render(**context)


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported on first use: it loads fonts and Pango

    return HTML(string=render_html(template, context), base_url=str(BUNDLED_HTML)).write_pdf()


def render(template: str, context: dict, fmt: str) -> tuple[bytes, str]:
    if fmt == "docx":
        return render_docx(template, context), DOCX
    if fmt == "pdf":
        return render_pdf(template, context), PDF
    raise ValueError(fmt)
