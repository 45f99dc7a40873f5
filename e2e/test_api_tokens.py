"""An authority's officer, on a phone, issues an API key for the commune, sees it once, uses it
(the API answers), then revokes it after confirming — and the key no longer opens the API."""

import urllib.request

import pytest
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def _call(url, secret):
    request = urllib.request.Request(
        url + "/api/v1/units", headers={"Authorization": f"Bearer {secret}"}
    )
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_officer_issues_a_key_sees_it_once_and_revokes_it(page, school_tree):
    make_assigned_user("lechan.canbo", "authority_officer", school_tree.authority)
    log_in(page, school_tree.url, "lechan.canbo")
    page.goto(f"{school_tree.url}/don-vi/{school_tree.authority.code}/")
    page.get_by_role("link", name="Khóa API").click()
    expect(page.get_by_role("heading", name="Khóa API", exact=False).first).to_be_visible()

    page.get_by_label("Tên khóa").fill("vnEdu – đồng bộ kết quả")
    page.get_by_label("Chỉ đọc").check()
    page.get_by_role("button", name="Cấp khóa", exact=True).click()

    secret = page.locator("#token-secret").inner_text().strip()
    assert secret.startswith("edx_")
    expect(page.get_by_text("chỉ hiện lần này")).to_be_visible()
    assert _call(school_tree.url, secret) == 200

    page.goto(page.url)  # shown once: the page no longer holds it
    expect(page.locator("#token-secret")).to_have_count(0)
    row = page.locator("tr", has_text="vnEdu – đồng bộ kết quả")
    expect(row).to_contain_text("Chỉ đọc")

    row.get_by_role("button", name="Thu hồi").click()
    dialog = page.locator("dialog.confirm-dialog")
    expect(dialog).to_contain_text("không hoàn tác được")
    dialog.get_by_role("button", name="Thu hồi").click()
    expect(page.get_by_text("Đã thu hồi khóa.")).to_be_visible()
    expect(page.locator("tr", has_text="vnEdu – đồng bộ kết quả")).to_contain_text("Đã thu hồi")
    assert _call(school_tree.url, secret) == 401
