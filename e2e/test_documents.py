"""A head of school, on a phone, writes the report's own sections and downloads the
self-assessment minutes as Word and as PDF from the documents page."""

import pytest
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(school_year):
    from edudx.assessments.facts import start_assessment

    school = school_year.school
    make_assigned_user(
        "leloi.ht",
        "institution_head",
        school,
        password=PASSWORD,
        last_name="Nguyễn Văn",
        first_name="An",
    )
    participation = school_year.participation
    start_assessment(participation)
    return school_year.url, participation


def _download(page, slug, file_format):
    """Click the link of one document and format; what the browser saved."""
    with page.expect_download() as info:
        page.locator(f"a[href$='/{slug}.{file_format}']").first.click()
    download = info.value
    with open(download.path(), "rb") as fh:
        data = fh.read()
    return download.suggested_filename, data


def test_head_writes_the_report_and_downloads_the_minutes(page, site):
    # Selectors by address and field id: the page works (and is tested) whatever the language.
    url, participation = site
    log_in(page, url, "leloi.ht")
    page.goto(f"{url}/van-ban/tu-danh-gia/{participation.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trường Tiểu học Lê Lợi")

    page.locator(f"a[href$='/van-ban/tu-danh-gia/{participation.pk}/bao-cao/']").click()
    page.locator("#id_difficulties").fill("Thiếu máy tính cho học sinh.")
    page.locator("form.card button[type=submit]").click()
    expect(page.locator(".flash-success")).to_be_visible()

    name, data = _download(page, "bien-ban-tu-danh-gia", "docx")
    assert name.startswith("bien-ban-tu-danh-gia") and name.endswith(".docx")
    assert len(data) > 0 and data[:2] == b"PK"
    name, data = _download(page, "bien-ban-tu-danh-gia", "pdf")
    assert name.endswith(".pdf") and len(data) > 0 and data.startswith(b"%PDF")

    _, data = _download(page, "bao-cao-ket-qua", "docx")
    from edudx.documents.tests.textual import docx_text

    assert "Thiếu máy tính cho học sinh." in docx_text(data)


def test_the_form_lists_its_documents_when_scrolled_to(page, site):
    """The form opens without its documents (each asks its permissions); scrolled to the end, the
    list arrives in place of the link, and a document downloads from it."""
    url, participation = site
    log_in(page, url, "leloi.ht")
    page.goto(f"{url}/tu-danh-gia/{participation.pk}/")
    section = page.locator("#documents")
    expect(section.locator(f"a[href$='/van-ban/tu-danh-gia/{participation.pk}/']")).to_be_visible()
    section.scroll_into_view_if_needed()
    minutes = page.locator("#documents a[href$='/bien-ban-tu-danh-gia.pdf']")
    expect(minutes).to_be_visible()
    name, data = _download(page, "bien-ban-tu-danh-gia", "pdf")
    assert name.endswith(".pdf") and data.startswith(b"%PDF")
