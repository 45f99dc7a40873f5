"""The dashboard page and its workbook: who may open them, what they show, a fixed number of
queries whatever the number of institutions, and the summary rows kept by the transitions."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from edudx.assessments.models import AssessmentState as S
from edudx.assessments.transitions import transition
from edudx.dashboards.lines import rebuild
from edudx.dashboards.models import ScoreLine, Side
from edudx.dashboards.tests.conftest import HIGH, add_schools, assess

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "persona, code, status",
    [
        ("viewer_s", "S01", 200),  # a leader of the department: their area
        ("viewer_s", "X01", 200),  # and the communes under it
        ("viewer_s", "S02", 404),  # not another department
        ("viewer_s", "BGD", 404),  # nor the ministry above
        ("officer_x", "X01", 200),
        ("officer_x", "S01", 404),
        ("officer_y", "X01", 404),
        ("head_a", "X01", 404),  # a school's head has no area
        ("head_a", "T01", 404),  # and an institution has no dashboard
        ("sysadmin", "BGD", 200),
        ("sysadmin", "T01", 404),
    ],
)
def test_only_those_whose_role_covers_the_unit_open_its_dashboard(
    client, area, request, persona, code, status
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/bang-dieu-hanh/{code}/").status_code == status
    assert client.get(f"/bang-dieu-hanh/{code}/bang-tinh.xlsx").status_code == status


def test_anonymous_visitors_are_sent_to_log_in(client, area):
    response = client.get("/bang-dieu-hanh/S01/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_home_opens_the_dashboard_of_the_users_highest_unit(client, viewer_s, head_a):
    client.force_login(viewer_s)
    assert client.get("/bang-dieu-hanh/")["Location"] == "/bang-dieu-hanh/S01/"
    client.force_login(head_a)
    assert client.get("/bang-dieu-hanh/").status_code == 404


def test_department_page_drills_down_to_communes_and_names_what_is_not_applicable(
    client, area, viewer_s, sysadmin
):
    client.force_login(viewer_s)
    page = client.get("/bang-dieu-hanh/S01/").content.decode()
    assert "/bang-dieu-hanh/X01/?nam-hoc=2025-2026" in page
    assert "<svg" in page and "<title" in page  # charts drawn on the server
    assert "Chưa bắt đầu" in page and "Bản nháp" in page
    commune = client.get("/bang-dieu-hanh/X01/").content.decode()
    assert "Trường Tiểu học Lê Lợi" in commune and "/don-vi/T01/" in commune
    client.force_login(sysadmin)
    ministry = client.get("/bang-dieu-hanh/BGD/").content.decode()
    assert "Trường Mầm non Hoa Sen" in ministry  # 3276 is incomplete: named, not dropped


def test_workbook_holds_the_page_tables(client, area, viewer_s):
    client.force_login(viewer_s)
    response = client.get("/bang-dieu-hanh/S01/bang-tinh.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == [
        "Tiến độ",
        "Đơn vị",
        "Mức độ",
        "Tiêu chí",
        "Điển hình",
        "Chưa áp dụng",
    ]
    progress = [row for row in wb["Tiến độ"].iter_rows(values_only=True)]
    assert ("Tổng", 3) in [row[:2] for row in progress]
    units = [row[0] for row in wb["Đơn vị"].iter_rows(values_only=True)]
    assert "UBND phường Lê Chân" in units


@pytest.mark.parametrize("code", ["BGD", "S01", "X01"])
def test_query_count_does_not_grow_with_the_number_of_institutions(
    client, area, campaign, sysadmin, code
):
    client.force_login(sysadmin)
    add_schools(campaign, 2, 0)
    rebuild()
    client.get(f"/bang-dieu-hanh/{code}/")  # warm the session and the framework cache
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/bang-dieu-hanh/{code}/").status_code == 200
    add_schools(campaign, 12, 100)
    add_schools(campaign, 3, 200, state=S.EVALUATED)
    rebuild()
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/bang-dieu-hanh/{code}/").status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    assert len(many) <= 25


def test_a_transition_refreshes_the_summary_rows(campaign, tree, head_a, bundled_frameworks):
    """No rebuild here: approving writes the self-assessed rows, as the standing result."""
    assessment = assess(campaign.participations.get(institution=tree["T01"]), S.DRAFT, HIGH)
    assert not ScoreLine.objects.filter(assessment=assessment).exists()
    transition(assessment, "approve", by=head_a, check=lambda locked: None)
    lines = ScoreLine.objects.filter(assessment=assessment)
    assert lines.filter(side=Side.SELF, criterion="").count() == 2
    assert all(line.current for line in lines)
    transition(assessment, "reopen", by=head_a, reason="Sửa số liệu")
    assert not ScoreLine.objects.filter(assessment=assessment, current=True).exists()


def test_workbook_lists_every_exemplary_and_not_applicable_institution(
    client, area, campaign, sysadmin, monkeypatch
):
    """The page names the first few; the .xlsx names them all."""
    from edudx.dashboards import queries
    from edudx.dashboards.figures import build
    from edudx.dashboards.tests.conftest import YEAR
    from edudx.frameworks.tests._fixtures import load_4725, top_fact
    from edudx.organizations.models import UnitKind
    from edudx.organizations.services import create_unit

    top = {**HIGH, **{item.code: top_fact(item) for item in load_4725().items()}}
    add_schools(campaign, 3, 30, state=S.APPROVED, facts=top)
    for i in range(3):
        create_unit(
            code=f"MN{i}",
            name=f"Trường Mầm non số {i}",
            kind=UnitKind.INSTITUTION,
            parent=campaign.authority,
            education_levels=["preschool"],
        )
    rebuild()
    monkeypatch.setattr(queries, "EXEMPLARY_CAP", 1)
    monkeypatch.setattr(queries, "NOT_APPLICABLE_CAP", 1)
    board = build(campaign.authority, YEAR, campaign.self_assessment_due)
    assert len(board.exemplary) == 1 < board.exemplary_total
    assert len(board.not_applicable_list) == 1 < board.not_applicable_total
    client.force_login(sysadmin)
    response = client.get(f"/bang-dieu-hanh/{campaign.authority.code}/bang-tinh.xlsx")
    wb = load_workbook(io.BytesIO(response.content))
    exemplary = list(wb["Điển hình"].iter_rows(min_row=4, values_only=True))
    assert len(exemplary) == board.exemplary_total
    assert [r[1] for r in exemplary] == sorted(r[1] for r in exemplary)
    named = list(wb["Chưa áp dụng"].iter_rows(min_row=4, values_only=True))
    assert len(named) == board.not_applicable_total
    assert {r[3] for r in named} == {"Mầm non"}
    from edudx.core.tests.office import convert_to_pdf, problems

    files = {"dashboard.xlsx": response.content}
    assert problems(convert_to_pdf(files), {"dashboard.xlsx": "UBND phường Lê Chân"}) == []


def test_workbook_reads_like_the_page(client, area, officer_x):
    """Columns wide enough for names and dates, the header bold and frozen, shares as numbers
    formatted as percentages (27 %, not 0.2727), dates as real dates shown dd/mm/yyyy."""
    import datetime as dt

    client.force_login(officer_x)
    content = client.get("/bang-dieu-hanh/X01/bang-tinh.xlsx").content
    wb = load_workbook(io.BytesIO(content))
    for ws in wb:
        assert ws.freeze_panes == "A4", ws.title
        assert all(c.font.b for c in ws[3] if c.value), ws.title
    units = wb["Đơn vị"]
    assert units["A3"].value == "Đơn vị"
    assert units.column_dimensions["A"].width > 13  # the default width cuts a school's name
    header = [c.value for c in units[3]]
    rate = units.cell(row=4, column=header.index("Tỷ lệ đã nộp") + 1)
    assert isinstance(rate.value, (int, float)) and 0 < rate.value <= 1  # a number, not text
    assert rate.number_format == "0%"
    progress = wb["Tiến độ"]
    dated = [c for row in progress.iter_rows(min_row=4) for c in row if c.is_date]
    assert dated and all(c.number_format == "dd/mm/yyyy" for c in dated)
    assert all(isinstance(c.value, dt.datetime) for c in dated)
    assert progress.column_dimensions["B"].width >= 12  # a date shows whole, not "###"
    milestones = next(r for r in progress.iter_rows(min_row=4) if r[0].value == "Mốc")
    assert milestones[0].font.b  # the second table's header is bold too
    from edudx.core.tests.office import convert_to_pdf, problems

    files = {"dashboard.xlsx": content}
    assert problems(convert_to_pdf(files), {"dashboard.xlsx": "Tỷ lệ đã nộp"}) == []
