"""On a phone: the officer returns a school's file and prints the công văn asking for the
supplement; the head, once the file is approved again, uploads the signed scan of the approval
decision; the officer sees the signed copy beside the document and downloads it."""

import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import PASSWORD, confirm, log_in
from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.transitions import transition
from edudx.reviews.tests.conftest import no_guard

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site(school_tree, open_this_years_campaign):
    xa, school, version = school_tree.authority, school_tree.school, school_tree.version
    make_assigned_user("lechan.canbo", "authority_officer", xa, password=PASSWORD)
    head = make_assigned_user("leloi.ht", "institution_head", school, password=PASSWORD)
    campaign = open_this_years_campaign(authority=xa, versions={"primary": version}).campaign
    participation = campaign.participations.get()
    assessment = start_assessment(participation)
    for code, value in {"1.1": True, "1.2": True, "1.3.1": False, "1.4.1": 12}.items():
        save_fact(assessment, code, value, revision=0, by=head)
    for action in ("approve", "submit"):
        transition(assessment, action, by=head, check=no_guard)
    return {
        "url": school_tree.url,
        "participation": participation,
        "assessment": assessment,
        "head": head,
    }


def log_out(page):
    page.locator("form[action$='/dang-xuat/'] button").click()


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_officer_prints_the_supplement_letter_and_sees_the_heads_signed_copy(page, site, tmp_path):
    url, p = site["url"], site["participation"]
    # 1. The officer returns the file with a comment on 1.3, then prints the công văn.
    log_in(page, url, "lechan.canbo")
    page.goto(f"{url}/tham-dinh/ho-so/{p.pk}/")
    page.locator("#return-form summary").click()
    page.locator("#reason-return").fill("Hồ sơ chưa đủ thông tin phần mềm")
    page.locator("#comment-1\\.3").fill("Ghi tên phần mềm dạy học trực tuyến")
    page.locator("button[value=return]").click()
    confirm(page)
    expect(page.locator("#state")).to_have_attribute("data-state", "returned")
    letter = page.locator("#documents a[href$='/cong-van-yeu-cau-bo-sung.pdf']")
    expect(letter).to_be_visible()
    with page.expect_download() as download:
        letter.click()
    text = pdf_text(Path(download.value.path()).read_bytes())
    assert "V/v yêu cầu bổ sung hồ sơ" in text
    assert "Ghi tên phần mềm dạy học trực tuyến" in text and "trước ngày" in text
    log_out(page)

    # 2. The school approves again; the head uploads the signed approval decision.
    from edudx.documents import registry

    transition(site["assessment"], "approve", by=site["head"], check=no_guard)
    _, _, generated = registry.render_document("approval_decision", p, "pdf")
    scan = tmp_path / "quyet-dinh-da-ky.pdf"
    scan.write_bytes(generated)
    wrong = tmp_path / "anh-chup.png"
    wrong.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    log_in(page, url, "leloi.ht")
    page.goto(f"{url}/van-ban/tu-danh-gia/{p.pk}/")
    page.locator(f"a[href$='/ban-ky/assessment/{p.pk}/quyet-dinh-phe-duyet/']").click()
    page.locator("input[type=file]").set_input_files(str(wrong))
    page.locator("form.card button[type=submit]").click()
    expect(page.locator("p.field-error[role=alert]")).to_be_visible()  # a photo is not a PDF
    page.locator("input[type=file]").set_input_files(str(scan))
    page.locator("form.card button[type=submit]").click()
    expect(page.locator("a.signed")).to_have_count(1)
    log_out(page)

    # 3. The officer sees the signed copy beside the approval decision and downloads it.
    log_in(page, url, "lechan.canbo")
    page.goto(f"{url}/van-ban/tu-danh-gia/{p.pk}/")
    signed = page.locator("a.signed")
    expect(signed).to_have_count(1)
    with page.expect_download() as download:
        signed.click()
    assert download.value.suggested_filename.endswith("-ban-ky.pdf")
    assert Path(download.value.path()).read_bytes() == generated
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="/tmp/h14/officer-signed-390.png", full_page=True)
