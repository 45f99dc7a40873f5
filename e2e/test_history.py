"""On a phone, the history of an assessment with one change of each kind shows no raw value."""

import pytest

from conftest import make_assigned_user
from e2e.helpers import PASSWORD, log_in
from edudx.assessments.tests.test_history import RAW, one_change_of_each_kind

pytestmark = pytest.mark.django_db(transaction=True)


def test_history_reads_as_vietnamese_on_a_phone(page, school_year, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    s = school_year
    head = make_assigned_user("leloi.ht", "institution_head", s.school, password=PASSWORD)
    teacher = make_assigned_user("leloi.gv", "institution_staff", s.school, password=PASSWORD)
    officer = make_assigned_user("lechan.cb", "authority_officer", s.authority, password=PASSWORD)
    one_change_of_each_kind(s.participation, head, teacher, officer)
    log_in(page, s.url, "leloi.ht")
    page.goto(f"{s.url}/tu-danh-gia/{s.participation.pk}/lich-su/")
    text = page.locator("table.data").inner_text()
    for raw in RAW:
        assert raw not in text, raw
    assert "Thuê" in text and "31/05/2026" in text and "quyet-dinh.pdf" in text
    page.screenshot(path="/tmp/edudx-history-phone.png")
