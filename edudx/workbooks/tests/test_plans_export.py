"""The authority's improvement plans as an .xlsx: the same people as the page, the page's numbers
in full, every institution's plan rows, and a file LibreOffice opens."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from edudx.assessments.models import PlanTarget
from edudx.assessments.tests.test_plan_access import PERSONAS, SEES_X01, only, plan_for
from edudx.core.tests.office import convert_to_pdf, problems

pytestmark = pytest.mark.django_db
YEAR = "2025-2026"


@pytest.fixture
def plans(campaign, tree, teacher):
    t01 = campaign.participations.get(institution=tree["T01"])
    t02 = campaign.participations.get(institution=tree["T02"])
    plan_for(t01, teacher, c1_3="Tập huấn giáo viên\nMua máy chiếu", c2_3="Số hóa hồ sơ")
    plan_for(t02, None, c1_3="  tập huấn   GIÁO VIÊN ")
    return campaign


def sheet(wb, title) -> list[tuple]:
    return list(wb[title].iter_rows(min_row=4, values_only=True))


def test_the_download_answers_whoever_sees_the_page(client, request, plans):
    urls = {
        "/bang-tinh/ke-hoach-cai-thien/X01/": only(*SEES_X01),
        "/bang-tinh/ke-hoach-cai-thien/S01/": only("sysadmin", "dept_admin", "viewer_s"),
        "/bang-tinh/ke-hoach-cai-thien/T01/": only(),  # an institution reads its own file
    }
    got = {}
    for url in urls:
        got[url] = {}
        for name in PERSONAS:
            client.logout()
            if name != "anonymous":
                client.force_login(request.getfixturevalue(name))
            got[url][name] = client.get(url).status_code
    assert got == urls


def test_the_workbook_holds_the_pages_numbers_and_every_plan_row(client, plans, officer_x):
    client.force_login(officer_x)
    page = client.get(f"/don-vi/X01/ke-hoach-cai-thien/?nam-hoc={YEAR}")
    assert f"/bang-tinh/ke-hoach-cai-thien/X01/?nam-hoc={YEAR}" in page.content.decode()
    response = client.get(f"/bang-tinh/ke-hoach-cai-thien/X01/?nam-hoc={YEAR}")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Tiêu chí", "Nhiệm vụ lặp lại", "Kế hoạch"]
    shown = [
        (r["criterion"], r["institutions"], r["level2"], r["level3"])
        for r in page.context["criteria"]
    ]
    assert (
        [(r[1], r[3], r[4], r[5]) for r in sheet(wb, "Tiêu chí")]
        == shown
        == [
            ("1.3", 2, 2, 0),
            ("2.3", 1, 1, 0),
        ]
    )
    assert [(r["text"], r["institutions"]) for r in page.context["actions"]] == [
        (r[0], r[1]) for r in sheet(wb, "Nhiệm vụ lặp lại")
    ]
    rows = sheet(wb, "Kế hoạch")
    assert len(rows) == PlanTarget.objects.count() == 3
    assert {(r[0], r[3]) for r in rows} == {("T01", "1.3"), ("T01", "2.3"), ("T02", "1.3")}
    assert all(r[4] for r in rows)  # the criterion's title beside its code
    assert (
        problems(
            convert_to_pdf({"plans.xlsx": response.content}), {"plans.xlsx": "Tập huấn giáo viên"}
        )
        == []
    )


def test_the_workbook_reads_on_a_phone(client, plans, officer_x):
    """Names and tasks not cut, the header bold and frozen, the deadline a real date dd/mm/yyyy."""
    import datetime as dt

    client.force_login(officer_x)
    content = client.get(f"/bang-tinh/ke-hoach-cai-thien/X01/?nam-hoc={YEAR}").content
    wb = load_workbook(io.BytesIO(content))
    for ws in wb:
        assert ws.freeze_panes == "A4", ws.title
        assert all(c.font.b for c in ws[3] if c.value), ws.title
    plan = wb["Kế hoạch"]
    header = [c.value for c in plan[3]]
    name = plan.column_dimensions[chr(ord("A") + header.index("Cơ sở giáo dục"))]
    assert name.width > 13  # the default width cuts a school's name
    assert plan.column_dimensions["A"].width < name.width <= 50  # sized per column, capped
    due = plan.cell(row=4, column=header.index("Thời hạn") + 1)
    assert isinstance(due.value, dt.datetime) and due.number_format == "dd/mm/yyyy"
    tasks = [r[header.index("Nhiệm vụ, giải pháp")] for r in plan.iter_rows(min_row=4)]
    lines = [c for c in tasks if "\n" in c.value]
    assert lines and all(c.alignment.wrap_text for c in lines)  # several tasks shown as lines
    assert all(plan.row_dimensions[c.row].height >= 30 for c in lines)  # not over the next row
