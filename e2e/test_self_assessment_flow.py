"""The issue's whole flow on a phone: a council member answers every item of 4725, with the details
each claim needs, attaches a PDF (for several criteria at once) and a link, and watches the levels
follow; the head approves and submits; the member can no longer change anything."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import PASSWORD, autosaved, confirm, log_in

pytestmark = pytest.mark.django_db(transaction=True)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
DETAILS = {
    "document_number": "12/KH-THLL",
    "document_date": f"{timezone.localdate() - dt.timedelta(days=30):%d/%m/%Y}",
    "link": "https://leloi.edu.vn/van-ban",
    "software_name": "VnEdu LMS",
    "members": "Tổ Tin học",
    "channel": "Website nhà trường",
}


@pytest.fixture
def site(school_year):
    make_assigned_user("leloi.gv", "institution_staff", school_year.school, password=PASSWORD)
    make_assigned_user("leloi.ht", "institution_head", school_year.school, password=PASSWORD)
    return school_year.url, school_year.participation, school_year.version.framework()


def by_id(page, ident):
    return page.locator(f'[id="{ident}"]')


def saved(page, code):
    return autosaved(page, code)


def answer(page, code, kind, spec, claim):
    """Answer one item as a person would: choose or type, leave the field, wait for the save."""
    if kind == "percentage":
        by_id(page, f"p-{code}").fill("27")
        with saved(page, code):
            by_id(page, f"w-{code}").fill("36")
            by_id(page, f"w-{code}").press("Tab")
        expect(by_id(page, f"f-{code}")).to_have_text("= 75 %")
        return
    field = by_id(page, f"f-{code}")
    with saved(page, code):
        if kind == "boolean":
            field.select_option("true" if claim else "false")
        elif kind == "level":
            field.select_option("2")
        elif kind == "choice":
            field.select_option(index=1)
        else:
            field.fill("45")
            field.press("Tab")
    if claim or kind == "count":
        for name in spec.details:
            detail = by_id(page, f"d-{code}-{name}")
            with saved(page, code):
                if name == "provenance":
                    detail.select_option("rented")
                else:
                    detail.fill(DETAILS[name])
                    detail.press("Tab")


def test_a_member_fills_4725_on_a_phone_and_the_head_approves_and_submits(page, site):
    url, participation, fw = site
    form = f"{url}/tu-danh-gia/{participation.pk}/"
    log_in(page, url, "leloi.gv")
    page.goto(form)
    expect(by_id(page, "group-1")).to_contain_text("0/100 · Mức độ 1")

    # criteria claimed (a yes, or a figure above zero) other than 1.3, which gets its own link
    claimed = [
        cr.code
        for g in fw.groups
        for cr in g.criteria
        if cr.mandatory or any(it.kind in ("count", "percentage", "level") for it in cr.items)
    ]
    for group in fw.groups:
        for criterion in group.criteria:
            specs = [criterion] if criterion.mandatory else list(criterion.items)
            for spec in specs:
                kind = getattr(spec, "kind", "boolean")
                answer(
                    page, spec.code, kind, spec, claim=criterion.mandatory or spec.code == "1.3.1"
                )
    expect(by_id(page, "crit-1.1")).to_contain_text("Điều kiện bắt buộc: đạt")
    expect(by_id(page, "crit-1.3")).to_contain_text("6/30")

    # one PDF (one code) for every claimed criterion, one link for 1.3
    page.locator('[id="evidence-of-1.1"]').get_by_role("link", name="+ Thêm minh chứng").click()
    page.get_by_label("Tên minh chứng").fill("Kế hoạch và quy chế dạy học trực tuyến")
    for code in claimed[1:]:
        page.get_by_role("checkbox", name=code, exact=False).first.check()
    page.get_by_label("Tệp minh chứng").set_input_files(
        {"name": "ke-hoach.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator('[id="evidence-of-1.2"]')).to_contain_text("[1.1-01]")
    page.locator('[id="evidence-of-1.3"]').get_by_role("link", name="+ Thêm minh chứng").click()
    page.get_by_label("Tên minh chứng").fill("Hệ thống dạy học trực tuyến VnEdu")
    page.get_by_label("hoặc đường link (http/https)").fill("https://lms.leloi.edu.vn")
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator('[id="evidence-of-1.3"]')).to_contain_text("[1.3-01]")

    page.reload()  # everything was saved as it went
    expect(by_id(page, "f-1.4.1")).to_have_value("45")
    expect(by_id(page, "group-1")).to_contain_text("49/100 · Mức độ 1")  # just below 50

    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, url, "leloi.ht")
    page.goto(form)
    expect(page.get_by_text("Cần hoàn thiện trước khi phê duyệt")).to_have_count(0)
    page.get_by_role("button", name="Phê duyệt kết quả tự đánh giá").click()
    confirm(page)
    expect(page.locator(".flash-success")).to_contain_text("Đã phê duyệt")
    page.get_by_role("button", name="Nộp cơ quan quản lý").click()
    confirm(page)
    expect(page.locator(".flash-success")).to_contain_text("Đã nộp")

    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, url, "leloi.gv")
    page.goto(form)
    expect(by_id(page, "f-1.4.1")).to_be_disabled()
    expect(by_id(page, "d-1.3.1-software_name")).to_be_disabled()
    expect(page.get_by_role("link", name="+ Thêm minh chứng")).to_have_count(0)


def test_typing_on_while_a_slow_save_is_under_way_loses_nothing(page, site, monkeypatch):
    from edudx.assessments import facts
    from edudx.assessments.models import FactEntry

    url, participation, _ = site
    real_save = facts.save_fact

    def slow_save(*args, **kwargs):
        import time

        time.sleep(1.5)  # a slow connection: the answer comes while the person types on
        return real_save(*args, **kwargs)

    monkeypatch.setattr(facts, "save_fact", slow_save)
    log_in(page, url, "leloi.gv")
    page.goto(f"{url}/tu-danh-gia/{participation.pk}/")
    by_id(page, "f-1.3.2").select_option("true")  # saved slowly…
    by_id(page, "d-1.3.2-software_name").fill("VnEdu LMS")  # …while these are typed
    by_id(page, "d-1.3.2-link").fill("https://lms.leloi.edu.vn")
    by_id(page, "d-1.3.2-link").press("Tab")
    expect(by_id(page, "d-1.3.2-link")).to_have_value("https://lms.leloi.edu.vn")

    def stored():
        entry = FactEntry.objects.filter(code="1.3.2").first()
        return entry and entry.value, entry and entry.details

    page.wait_for_function("() => !document.querySelector('.htmx-request')", timeout=15_000)
    page.wait_for_timeout(3500)
    assert stored() == (True, {"software_name": "VnEdu LMS", "link": "https://lms.leloi.edu.vn"})
    page.reload()
    expect(by_id(page, "d-1.3.2-software_name")).to_have_value("VnEdu LMS")
