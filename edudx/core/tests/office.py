"""Open generated files in a real office suite, as the offices that receive them do: LibreOffice
headless converts each .docx / .xlsx to PDF, and a file that does not open, or opens empty, is
reported.

One `soffice` call per batch (starting LibreOffice costs seconds, converting a file a fraction of
one), with a private profile directory so that parallel test runs do not share (and lock) one."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

#: Debian packages that provide `soffice` (scripts/system_deps.sh installs them for `make test`).
PACKAGES = "libreoffice-writer-nogui libreoffice-calc-nogui"


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise AssertionError(
            f"LibreOffice is not installed: run `bash scripts/system_deps.sh` (Debian: {PACKAGES})"
        )
    return found


def convert_to_pdf(files: dict[str, bytes], timeout: int = 300) -> dict[str, bytes | None]:
    """{file name: bytes} → {file name: the PDF LibreOffice made of it, or None when it made
    none (the file did not open)}."""
    with tempfile.TemporaryDirectory(prefix="edudx-office-") as tmp:
        root = Path(tmp)
        (root / "in").mkdir()
        (root / "out").mkdir()
        paths = []
        for name, data in files.items():
            path = root / "in" / name
            path.write_bytes(data)
            paths.append(str(path))
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{root / 'profile'}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(root / "out"),
                *paths,
            ],
            check=False,
            capture_output=True,
            timeout=timeout,
        )
        out = {}
        for name in files:
            pdf = root / "out" / (Path(name).stem + ".pdf")
            out[name] = pdf.read_bytes() if pdf.is_file() else None
        return out


def problems(converted: dict[str, bytes | None], expected: dict[str, str] | None = None) -> list:
    """What is wrong with each conversion: no PDF (did not open), no page, no text, or a phrase
    the file must show (`expected[name]`) missing from what LibreOffice laid out."""
    from pypdf import PdfReader

    out = []
    for name, pdf in converted.items():
        if pdf is None:
            out.append((name, "did not open in LibreOffice"))
            continue
        reader = PdfReader(io.BytesIO(pdf))
        if not reader.pages:
            out.append((name, "converted to a PDF without pages"))
            continue
        text = " ".join((page.extract_text() or "") for page in reader.pages)
        if not text.strip():
            out.append((name, "converted to an empty document"))
        elif expected and expected.get(name) and expected[name] not in " ".join(text.split()):
            out.append((name, f"does not show {expected[name]!r}"))
    return out
