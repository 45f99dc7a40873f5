"""What the browser tests share besides fixtures: the test password, logging in and deadlines
relative to today."""

import datetime as dt
import re
from contextlib import contextmanager

from playwright.sync_api import expect

PASSWORD = "mat-khau-thu-123"


def log_in(page, url, username, password=PASSWORD):
    page.goto(url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc email").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def confirm(page):
    """Answer the dialog an irreversible action opens, naming its consequence (Đồng ý)."""
    dialog = page.locator("dialog.confirm-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Đồng ý").click()


def deadlines_from_today(today: dt.date) -> dict[str, dt.date]:
    """Every deadline ahead of today, so no flow meets a closed step whatever day the suite runs:
    self-assessment in 20 days, external evaluation in 40, publication in 50."""
    return {
        "self_assessment_due": today + dt.timedelta(days=20),
        "evaluation_due": today + dt.timedelta(days=40),
        "publication_due": today + dt.timedelta(days=50),
    }


@contextmanager
def autosaved(page, code):
    """Wait for an item's autosave as a person does: its answer arrived *and* the item says
    "Đã lưu" (htmx has put the answer in place). Waiting for the response alone let the next
    step type into the item's old form in the moment htmx replaced it: the keystrokes went to a
    form no longer on the page and no save followed (the browser tests' rare timeouts)."""
    with page.expect_response(lambda r: f"/muc/{code}/" in r.url and r.request.method == "POST"):
        yield
    status = page.locator(f'[data-status-for="item-{code}"]')
    expect(status).to_have_class(re.compile(r"\bsave-status saved\b"))
