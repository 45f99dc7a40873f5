"""The log-in page: one centred column on a phone and on a desktop; in demo mode one click on a
demo account logs in with it (static/js/login.js — the CSP forbids inline scripts)."""

import pytest

from conftest import make_assigned_user

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = "/tmp/edudx-login"


@pytest.fixture
def demo(school_tree, settings):
    settings.DEMO_MODE = True
    settings.DEMO_PASSWORD = "edudx-demo"
    make_assigned_user(
        "demo.hieutruong", "institution_head", school_tree.school, password="edudx-demo"
    )
    make_assigned_user(
        "demo.canbo", "authority_officer", school_tree.authority, password="edudx-demo"
    )
    return school_tree


def test_one_click_on_a_demo_account_logs_in_on_a_phone(page, demo):
    page.goto(demo.url + "/dang-nhap/")
    page.screenshot(path=f"{SHOTS}-phone.png", full_page=True)
    box = page.locator(".login").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # no sideways scrolling
    page.get_by_role("button", name="demo.hieutruong").click()
    page.wait_for_url(lambda url: "/dang-nhap/" not in url)
    assert "demo.hieutruong" in page.locator(".topbar").inner_text()


def test_the_log_in_column_is_centred_on_a_desktop(browser, demo):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(demo.url + "/dang-nhap/")
    page.screenshot(path=f"{SHOTS}-desktop.png", full_page=True)
    box = page.locator(".login").bounding_box()
    left, right = box["x"], 1280 - box["x"] - box["width"]
    assert abs(left - right) < 24 and box["width"] < 600
    context.close()
