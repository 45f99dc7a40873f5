"""The workbooks offices send upward: content, query count independent of size, background job
with its progress and its permission-checked download."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from edudx.assessments.campaigns import default_deadlines, open_campaign
from edudx.assessments.facts import assessment_result, save_fact, start_assessment
from edudx.assessments.models import Evidence
from edudx.core.models import ExportJob, JobState
from edudx.organizations.models import UnitKind
from edudx.organizations.services import create_unit
from edudx.reviews.models import Evaluation, EvaluationEntry, EvaluationState
from edudx.workbooks import exporters, views
from edudx.workbooks.tests.conftest import YEAR, logged_in

pytestmark = pytest.mark.django_db


def rows_of(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


def table(rows):
    """Header and data rows (after the heading lines and the blank line)."""
    start = next(i for i, r in enumerate(rows) if r and r[0] == "STT")
    header = rows[start]
    return header, [dict(zip(header, r, strict=False)) for r in rows[start + 1 :]]


def test_campaign_workbook_has_one_row_per_institution_with_points_and_levels(
    client, campaign, participation, assessment, tree, officer_x, teacher
):
    save_fact(assessment, "1.4.1", 45, revision=0, by=teacher)
    save_fact(assessment, "1.1", True, revision=0, by=teacher)
    save_fact(assessment, "1.2", True, revision=0, by=teacher)
    evaluation = Evaluation.objects.create(assessment=assessment, state=EvaluationState.FINAL)
    EvaluationEntry.objects.create(evaluation=evaluation, code="1.4.1", value=15, comment="Sai số")
    logged_in(client, officer_x)
    response = client.post(f"/bang-tinh/dot-danh-gia/{campaign.pk}/")
    assert response.status_code == 200
    header, data = table(rows_of(response.content))
    assert "Tự đánh giá — Nhóm 1: điểm" in header and "Đánh giá ngoài — Nhóm 2: mức độ" in header
    by_code = {r["Mã đơn vị"]: r for r in data}
    assert set(by_code) == {"T01", "T02"}
    t01 = by_code["T01"]
    result = assessment_result(assessment)
    assert t01["Tên cơ sở giáo dục"] == "Trường Tiểu học Lê Lợi"
    assert t01["Cấp học"] == "Tiểu học"
    assert t01["Trạng thái"] == "Bản nháp"
    assert t01["Tự đánh giá — Nhóm 1: điểm"] == result.groups["1"].points == 10
    assert t01["Tự đánh giá — Nhóm 1: mức độ"] == result.groups["1"].level
    assert t01["Đánh giá ngoài — Nhóm 1: điểm"] == 3  # 15 học liệu → tối đa 3 điểm
    assert by_code["T02"]["Trạng thái"] == exporters.NOT_STARTED
    assert by_code["T02"]["Tự đánh giá — Nhóm 1: điểm"] is None


def _more_institutions(tree, campaign, n, prefix="TX"):
    from edudx.assessments.models import Participation

    version = campaign.participations.first().version
    for i in range(n):
        unit = create_unit(
            code=f"{prefix}{i:03d}",
            name=f"Trường Tiểu học số {i}",
            kind=UnitKind.INSTITUTION,
            parent=tree["X01"],
            education_levels=["primary"],
        )
        p = Participation.objects.create(campaign=campaign, institution=unit, version=version)
        a = start_assessment(p)
        save_fact(a, "1.4.1", i, revision=0, by=None)


def _queries(campaign):
    with CaptureQueriesContext(connection) as ctx:
        list(exporters.authority_rows([campaign], chunk=10))
    return len(ctx.captured_queries)


def test_campaign_workbook_queries_do_not_grow_with_institutions(tree, campaign, assessment):
    few = _queries(campaign)
    _more_institutions(tree, campaign, 8)
    assert _queries(campaign) == few  # 10 rows, still one chunk
    _more_institutions(tree, campaign, 20, prefix="TY")
    assert _queries(campaign) <= few * 3  # 30 rows: three chunks, never one query per row


def test_campaign_workbook_query_count_is_pinned(
    tree, campaign, participation, django_assert_max_num_queries
):
    _more_institutions(tree, campaign, 15)
    with django_assert_max_num_queries(12):
        list(exporters.authority_rows([campaign]))


def test_department_workbook_includes_the_local_authorities_campaigns(tree, bundled_frameworks):
    v = bundled_frameworks["4725"]
    opened = open_campaign(
        authority=tree["S01"],
        school_year=YEAR,
        versions={"primary": v, "lower_secondary": v, "upper_secondary": v},
        deadlines=default_deadlines(YEAR),
        cascade=True,
    )
    out = io.BytesIO()
    assert exporters.authority_workbook(opened.campaign, out, with_children=True) == 3
    _, data = table(rows_of(out.getvalue()))
    assert [r["Mã đơn vị"] for r in data] == ["T10", "T02", "T01"]  # by authority, then name
    assert data[1]["Cơ quan quản lý"] == "UBND phường Lê Chân"
    only_own = io.BytesIO()
    assert exporters.authority_workbook(opened.campaign, only_own, with_children=False) == 1


def test_detail_workbook_lists_every_item_with_evaluator_and_evidence(
    client, participation, assessment, teacher, head_a
):
    save_fact(assessment, "1.4.1", 45, revision=0, by=teacher, details={"link": "https://a.vn"})
    save_fact(assessment, "1.5.2", True, revision=0, by=teacher, awarded=3, reason="Một khối")
    Evidence.objects.create(
        assessment=assessment, institution=participation.institution, code="[1.4-01]",
        criteria=["1.4"], title="Kho học liệu",
    )  # fmt: skip
    evaluation = Evaluation.objects.create(assessment=assessment, state=EvaluationState.FINAL)
    EvaluationEntry.objects.create(evaluation=evaluation, code="1.4.1", value=15, comment="Chỉ 15")
    logged_in(client, head_a)
    response = client.get(f"/bang-tinh/tu-danh-gia/{participation.pk}/chi-tiet/")
    assert response.status_code == 200
    rows = rows_of(response.content)
    header = next(r for r in rows if r and r[0] == "Nhóm")
    items = {r[2]: dict(zip(header, r, strict=False)) for r in rows if r and r[2]}
    assert len([c for c in items if c != "Mã"]) == 29  # every fact code of 4725
    row = items["1.4.1"]
    assert row["Dữ kiện tự đánh giá"] == 45 and row["Điểm tự chấm"] == 10
    assert row["Thông tin kèm theo"] == "Đường link: https://a.vn"
    assert row["Dữ kiện của đoàn đánh giá"] == 15 and row["Điểm đánh giá ngoài"] == 3
    assert row["Nhận xét của đoàn đánh giá"] == "Chỉ 15"
    assert row["Minh chứng"] == "[1.4-01]"
    assert items["1.5.2"]["Điểm gợi ý"] == 5 and items["1.5.2"]["Điểm tự chấm"] == 3
    assert items["1.5.2"]["Lý do chấm thấp hơn"] == "Một khối"


def test_detail_workbook_keeps_an_unfinished_evaluation_from_the_school(
    client, participation, assessment, head_a
):
    evaluation = Evaluation.objects.create(assessment=assessment)  # the team is still at work
    EvaluationEntry.objects.create(evaluation=evaluation, code="1.4.1", value=15, comment="Nháp")
    logged_in(client, head_a)
    response = client.get(f"/bang-tinh/tu-danh-gia/{participation.pk}/chi-tiet/")
    rows = rows_of(response.content)
    assert not any("Nháp" in str(cell) for row in rows for cell in row)
    assert not any(cell == 15 for row in rows for cell in row)


def test_large_workbook_runs_as_a_job_with_progress_and_a_download(
    client, monkeypatch, campaign, participation, officer_x, dept_admin, officer_y, teacher
):
    monkeypatch.setattr(views, "DIRECT_ROWS", 0)
    logged_in(client, officer_x)
    response = client.post(f"/bang-tinh/dot-danh-gia/{campaign.pk}/")
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/bang-tinh/tac-vu/{job.pk}/"
    assert job.state == JobState.DONE and (job.done, job.total) == (2, 2)
    assert job.requested_by == officer_x
    page = client.get(f"/bang-tinh/tac-vu/{job.pk}/", headers={"HX-Request": "true"})
    assert b"<progress" in page.content and b"tai-ve" in page.content
    assert b"every 2s" not in page.content  # finished: the page stops polling
    download = client.get(f"/bang-tinh/tac-vu/{job.pk}/tai-ve/")
    assert download.status_code == 200
    _, data = table(rows_of(b"".join(download.streaming_content)))
    assert {r["Mã đơn vị"] for r in data} == {"T01", "T02"}
    for user, status in ((dept_admin, 200), (officer_y, 404), (teacher, 404)):
        client.force_login(user)
        assert client.get(f"/bang-tinh/tac-vu/{job.pk}/tai-ve/").status_code == status


def test_queued_job_page_polls_and_shows_its_progress(client, campaign, officer_x):
    job = ExportJob.objects.create(
        kind="campaign", params={"campaign": campaign.pk}, requested_by=officer_x,
        done=250, total=1000, state=JobState.RUNNING,
    )  # fmt: skip
    logged_in(client, officer_x)
    page = client.get(f"/bang-tinh/tac-vu/{job.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page and 'value="25"' in page
    assert client.get(f"/bang-tinh/tac-vu/{job.pk}/tai-ve/").status_code == 404  # no file yet


def test_failed_job_shows_its_error(campaign, officer_x, monkeypatch):
    from edudx.core import tasks

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exporters, "authority_workbook", boom)
    job = tasks.start_job(kind="campaign", params={"campaign": campaign.pk}, title="x",
                          file_name="x.xlsx", by=officer_x)  # fmt: skip
    assert job.state == JobState.FAILED and "Không tạo được tệp" in job.error


def test_campaign_workbook_shows_the_standing_recognition_decision_number(
    campaign, participation, assessment
):
    from django.db import connection as db

    from edudx.recognition.models import RecognisedResult, RecognitionDecision

    if RecognisedResult._meta.db_table not in db.introspection.table_names():
        pytest.skip("recognition models are not migrated yet")
    decision = RecognitionDecision.objects.create(
        campaign=campaign, authority=campaign.authority, number="15/QĐ-UBND",
        date="2026-06-15", signer_name="Nguyễn Văn A", signer_title="Chủ tịch",
    )  # fmt: skip
    RecognisedResult.objects.create(
        decision=decision, assessment=assessment, institution=participation.institution,
        framework_code="4725", framework_version="2022.1",
    )  # fmt: skip
    rows = {r[1]: r for r in list(exporters.authority_rows([campaign]))[1:]}
    assert rows["T01"][-1] == "15/QĐ-UBND" and rows["T02"][-1] is None
