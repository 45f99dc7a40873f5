"""The certificate is a certificate: one landscape page per institution, framed, and a QR code
that a phone reads as the institution's public results page, which answers without a login."""

import io
import shutil
import subprocess
import zipfile
from urllib.parse import urlsplit

import docx
import pytest
from django.conf import settings

from edudx.documents import registry
from edudx.documents.qr import permalink
from edudx.documents.tests.textual import flat, pdf_text


def _decode_qr(pdf: bytes, tmp_path) -> list[str]:
    """Every QR code on the PDF's first page, read by zbar from the page drawn at 200 dpi."""
    for tool in ("pdftoppm", "zbarimg"):
        assert shutil.which(tool), f"{tool} missing: run `bash scripts/system_deps.sh`"
    (tmp_path / "c.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", "-singlefile", "c.pdf", "c"],
        cwd=tmp_path,
        check=True,
    )
    out = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", "c.png"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.split()


def test_certificate_pdf_is_a_landscape_page_whose_qr_opens_the_public_page(
    decision, participation, tmp_path, client
):
    from pypdf import PdfReader

    _, _, data = registry.render_document("certificate", participation, "pdf")
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) == 1
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert width > height  # landscape
    url = permalink(participation.institution)
    assert url == f"{settings.SITE_URL}/cong-khai/co-so/{participation.institution.code}/"
    assert _decode_qr(data, tmp_path) == [url]
    text = flat(pdf_text(data))
    for phrase in ("GIẤY CHỨNG NHẬN", "TRƯỜNG TIỂU HỌC LÊ LỢI", "126/QĐ-UBND", url):
        assert phrase in text, phrase
    assert client.get(urlsplit(url).path).status_code == 200  # anyone, without a login


def test_every_certificate_of_a_decision_has_its_own_page_and_code(decision, tmp_path):
    _, _, data = registry.render_document("decision_certificates", decision, "pdf")
    assert _decode_qr(data, tmp_path) == [permalink(decision.results.get().institution)]


@pytest.mark.parametrize("code", ["certificate", "decision_certificates"])
def test_certificate_word_file_is_landscape_with_its_qr_picture(code, decision, participation):
    obj = participation if code == "certificate" else decision
    _, _, data = registry.render_document(code, obj, "docx")
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert section.page_width > section.page_height
    assert b"w:pgBorders" in zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    pictures = [
        n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/media/")
    ]
    assert pictures
    assert permalink(participation.institution) in "\n".join(
        p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs
    )
