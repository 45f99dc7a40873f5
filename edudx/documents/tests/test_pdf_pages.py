"""How a long document falls on pages: a table's header row is printed again at the top of each
page it runs onto; the signature block and "Nơi nhận" stay on the page of the text they close;
a long link wraps inside its cell instead of running off the page."""

import io

from edudx.documents import registry
from edudx.documents.render import render_pdf


def pages_of(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(data)).pages]


def page_with(pages: list[str], phrase: str) -> int:
    found = [i for i, text in enumerate(pages) if phrase in text]
    assert found, phrase
    return found[-1]


def test_a_300_row_decision_repeats_the_annex_header_on_every_page(decision):
    context = registry.context_for(registry.KINDS["recognition_decision"], decision)
    row = context["rows"][0]
    context["rows"] = [
        {**row, "n": n, "code": f"T{n:04d}", "name": f"Trường Tiểu học số {n}"}
        for n in range(1, 301)
    ]
    pages = pages_of(render_pdf("recognition_decision", context))
    annex = page_with(pages, "DANH SÁCH")
    assert len(pages) - annex >= 5  # the annex runs over several pages
    for text in pages[annex:]:
        assert "STT Mã đơn vị Cơ sở giáo dục" in text, text[:200]
    assert "Trường Tiểu học số 300" in pages[-1]


def test_signature_and_recipients_stay_with_the_last_row_wherever_the_page_ends(
    assessment, participation
):
    """The catalogue grows one row at a time across a page end: at no length are "Nơi nhận" and
    the signature left on a page of their own, or parted from the last row."""
    context = registry.context_for(registry.KINDS["evidence_catalogue"], participation)
    row = context["rows"][0]
    signer = context["sign"]["name"]
    assert signer
    moved = 0
    for n in range(14, 30):
        context["rows"] = [{**row, "n": i, "title": f"Minh chứng số {i}"} for i in range(1, n)]
        context["rows"].append({**row, "n": n, "title": "MINH CHỨNG CUỐI CÙNG"})
        pages = pages_of(render_pdf("evidence_catalogue", context))
        last, recipients, signature = (
            page_with(pages, "MINH CHỨNG CUỐI CÙNG"),
            page_with(pages, "Nơi nhận"),
            page_with(pages, signer),
        )
        assert last == recipients == signature, (n, last, recipients, signature)
        moved += last > 0
    assert moved  # the lengths tried do reach a second page


def test_a_long_link_wraps_inside_its_cell(assessment, participation):
    context = registry.context_for(registry.KINDS["evidence_catalogue"], participation)
    piece = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123"  # wider than the cell, no place to break
    link = "https://drive.google.com/file/d/" + piece * 4 + "/view"
    context["rows"][0]["location"] = link
    from pypdf import PdfReader

    data = render_pdf("evidence_catalogue", context)
    lines = PdfReader(io.BytesIO(data)).pages[0].extract_text().splitlines()
    assert not any(piece in line for line in lines)  # broken over lines inside the cell
    assert link in "".join("".join(lines).split())  # but all of it is printed
