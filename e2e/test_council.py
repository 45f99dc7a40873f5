"""On a phone, the head of a school forms the self-assessment council and gives criterion 1.3 to
a teacher; the teacher then finds 1.3 under "my criteria", linked to the form."""

import pytest
from django.utils.translation import gettext, override
from playwright.sync_api import expect

from conftest import make_assigned_user
from e2e.helpers import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def vi(text):
    """What the page shows for an English msgid (Vietnamese once the slice's fragment is merged)."""
    with override("vi"):
        return gettext(text)


@pytest.fixture
def site(school_year):
    school = school_year.school
    people = {
        "head": make_assigned_user(
            "leloi.ht",
            "institution_head",
            school,
            password=PASSWORD,
            last_name="Nguyễn Văn",
            first_name="Hùng",
        ),
        "teacher": make_assigned_user(
            "leloi.gv",
            "institution_staff",
            school,
            password=PASSWORD,
            last_name="Trần Thị",
            first_name="Lan",
        ),
    }
    people["participation"] = school_year.participation
    people["url"] = school_year.url
    return people


def add_member(page, user, position, job_title):
    form = page.locator("#add-member")
    form.get_by_label(vi("Account of the institution")).select_option(str(user.pk))
    form.get_by_label(vi("Position in the council")).select_option(position)
    form.get_by_label(vi("Job title")).fill(job_title)
    form.get_by_role("button", name=vi("Add to the council")).click()


def test_head_forms_the_council_and_the_teacher_sees_her_criterion(page, site):
    base = f"{site['url']}/tu-danh-gia/{site['participation'].pk}/hoi-dong/"
    log_in(page, site["url"], "leloi.ht")
    page.goto(base)
    add_member(page, site["head"], "chair", "Hiệu trưởng")
    expect(page.locator(".council-members > li").first).to_contain_text("Nguyễn Văn Hùng")

    add_member(page, site["teacher"], "chair", "Giáo viên lớp 3")  # a second chair: refused
    form = page.locator("#add-member")
    expect(form.locator(".field-error")).to_contain_text("mỗi Hội đồng chỉ có một Chủ tịch")
    expect(form.get_by_label(vi("Job title"))).to_have_value("Giáo viên lớp 3")  # nothing lost
    form.get_by_label(vi("Position in the council")).select_option("secretary")
    form.get_by_role("button", name=vi("Add to the council")).click()
    members = page.locator(".council-members > li")
    expect(members).to_have_count(2)
    expect(members.nth(1)).to_contain_text("Trần Thị Lan")
    expect(members.nth(1)).to_contain_text(vi("Secretary"))

    page.get_by_role("link", name=vi("Criteria assignment")).click()
    row = page.locator("#a-1\\.3")
    row.get_by_role("combobox").select_option(label=f"Trần Thị Lan ({vi('Secretary')})")
    expect(page.locator("#a-1\\.3").get_by_role("status")).to_have_text(vi("Saved"))
    page.get_by_role("link", name=vi("Progress")).click()
    expect(page.locator("#pc-1\\.3")).to_contain_text("Trần Thị Lan")

    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, site["url"], "leloi.gv")
    page.goto(base + "cua-toi/")
    mine = page.locator(".my-criteria > li")
    expect(mine).to_have_count(1)
    expect(mine.first).to_contain_text("1.3")
    mine.first.get_by_role("link").click()
    expect(page).to_have_url(f"{site['url']}/tu-danh-gia/{site['participation'].pk}/#c-1.3")
