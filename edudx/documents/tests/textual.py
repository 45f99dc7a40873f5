"""Documents back to text, as a reader would see them: Word paragraphs and table cells; PDF
pages through pypdf."""

import io
import re
import unicodedata

import docx


def _norm(text: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", unicodedata.normalize("NFC", text))


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]

    def walk(tables):
        for table in tables:
            for row in table.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell appears once per column it spans
                        continue
                    seen.add(id(cell._tc))
                    parts.extend(p.text for p in cell.paragraphs)
                    walk(cell.tables)

    walk(document.tables)
    return _norm("\n".join(parts))


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return _norm("\n".join(page.extract_text() or "" for page in reader.pages))


def flat(text: str) -> str:
    """Line breaks of a PDF's wrapped lines become spaces, for phrase checks."""
    return re.sub(r"\s+", " ", text)
