"""Every kind of document, as Word, opens in LibreOffice and lays out to pages with the text of an
official document — the check an office makes when it receives the file."""

from edudx.core.tests.office import convert_to_pdf, problems
from edudx.documents import registry
from edudx.documents.tests.test_pdf_fonts import _object_of

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def test_every_word_document_opens_in_libreoffice(evaluated, decision, participation):
    files = {}
    for code, kind in registry.KINDS.items():
        _, _, data = registry.render_document(
            kind, _object_of(kind, participation, decision), "docx"
        )
        files[f"{code}.docx"] = data
    assert len(files) == len(registry.KINDS)
    converted = convert_to_pdf(files)
    assert problems(converted, dict.fromkeys(files, NATION)) == []


def test_a_file_that_is_not_a_document_is_reported():
    """The check can fail: a damaged file and an empty workbook do not pass."""
    from openpyxl import Workbook

    from edudx.core.files import workbook_bytes

    converted = convert_to_pdf(
        {"broken.docx": b"PK\x03\x04 not a zip", "empty.xlsx": workbook_bytes(Workbook())}
    )
    found = dict(problems(converted))
    assert set(found) == {"broken.docx", "empty.xlsx"}
