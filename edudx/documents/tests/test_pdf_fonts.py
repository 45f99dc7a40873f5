"""Every glyph of an official PDF comes from one Times-compatible family: a Vietnamese letter
drawn from a fallback font inside a word set in another shows on paper as a letter of another
shape and weight. Text typed or imported in decomposed form (NFD) must not bring one in either."""

import io
import re
import unicodedata

import pytest

from edudx.documents import registry
from edudx.documents.tests.textual import pdf_text

STYLE = re.compile(r"(-?(Bold|Italic|Oblique|Regular|Book))+$")
TIMES_COMPATIBLE = {"LiberationSerif", "Tinos", "TimesNewRoman"}


def _fonts_of(resources, seen: set[str]) -> None:
    resources = resources.get_object() if resources is not None else None
    if not resources:
        return
    for font in (resources.get("/Font") or {}).values():
        seen.add(str(font.get_object()["/BaseFont"]).lstrip("/"))
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        _fonts_of(xobject.get("/Resources"), seen)


def font_families(data: bytes) -> set[str]:
    """The families of the fonts a PDF draws with: "ABCDEF+Liberation-Serif-Bold-Italic" and
    "LiberationSerif-BoldItalic" are LiberationSerif (the subset tag and the style are not a
    family)."""
    from pypdf import PdfReader

    names: set[str] = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        _fonts_of(page.get("/Resources"), names)
    return {STYLE.sub("", name.split("+", 1)[-1]).replace("-", "") for name in names}


def _object_of(kind, participation, decision):
    return {
        registry.ASSESSMENT: participation,
        registry.CAMPAIGN: participation.campaign,
        registry.DECISION: decision,
    }[kind.scope]


def test_every_document_is_set_in_one_times_compatible_family(evaluated, decision, participation):
    rendered = {}
    for code, kind in registry.KINDS.items():
        try:
            _, _, data = registry.render_document(
                kind, _object_of(kind, participation, decision), "pdf"
            )
        except registry.DocumentUnavailable:
            continue
        rendered[code] = font_families(data)
    assert len(rendered) == len(registry.KINDS)  # the fixtures make every kind renderable
    for code, families in rendered.items():
        assert len(families) == 1 and families <= TIMES_COMPATIBLE, (code, families)


@pytest.mark.parametrize("form", ["NFD", "NFC"])
def test_decomposed_vietnamese_is_set_in_the_same_family(form, assessment, participation, head_a):
    name_last, name_first = "Nguyễn Thị Hướng", "Ượm"
    head_a.last_name = unicodedata.normalize(form, name_last)
    head_a.first_name = unicodedata.normalize(form, name_first)
    head_a.save()
    unit = participation.institution
    unit.name = unicodedata.normalize(form, "Trường Tiểu học Sở Ưu Việt Đức Thắng")
    unit.save()
    _, _, data = registry.render_document("council_decision", participation, "pdf")
    families = font_families(data)
    assert len(families) == 1 and families <= TIMES_COMPATIBLE, families
    text = pdf_text(data)
    assert "TRƯỜNG TIỂU HỌC SỞ ƯU VIỆT ĐỨC THẮNG" in text
    assert f"{name_last} {name_first}" in text


@pytest.mark.parametrize("file_format", ["docx", "pdf"])
def test_decomposed_text_is_composed_before_rendering(file_format, assessment, participation):
    import zipfile

    from edudx.documents.render import render_html

    unit = participation.institution
    unit.name = unicodedata.normalize("NFD", "Trường Tiểu học Sở Ưu Việt")
    unit.save()
    kind = registry.KINDS["council_decision"]
    context = registry.context_for(kind, participation)
    if file_format == "pdf":
        printed = render_html(kind.code, context)
    else:
        _, _, data = registry.render_document(kind, participation, "docx")
        printed = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "TRƯỜNG TIỂU HỌC SỞ ƯU VIỆT" in printed
    assert printed == unicodedata.normalize("NFC", printed)
