"""Rule 4 of issue 12: uploads are bounded by what they unpack to. Every upload path refuses a zip
whose unpacked size, member count or compression ratio passes a limit before any parser opens it
(400, a Vietnamese message naming the limit, nothing written); honest files pass; a large unit
registry is imported by a background job with its progress."""

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from edudx.assessments.models import Evidence
from edudx.core.files import MB, ArchiveTooLarge, check_archive
from edudx.core.models import AuditRecord
from edudx.frameworks.models import FrameworkVersion
from edudx.organizations.models import Unit

pytestmark = pytest.mark.django_db

REGISTRY_HEADER = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Cấp học", "Mã đơn vị quản lý"]


@pytest.fixture(autouse=True)
def small_limits(settings, tmp_path):
    """Limits low enough that a bomb of a few kilobytes passes them: the tests stay fast."""
    settings.MEDIA_ROOT = tmp_path
    settings.UPLOAD_MAX_UNPACKED_MB = 1
    settings.UPLOAD_MAX_MEMBERS = 20
    return settings


def bomb(folder="xl", *, unpacked=2 * MB, members=3) -> bytes:
    """A tiny zip shaped like an Office file whose one member unpacks to `unpacked` zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(f"{folder}/payload.xml", b"\0" * unpacked)
        for i in range(members - 2):
            z.writestr(f"{folder}/part{i}.xml", "<x/>")
    return out.getvalue()


def xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def stored(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


def _evidence_fields(name, data):
    return {"title": "Kế hoạch", "criterion": "1.3", "file": SimpleUploadedFile(name, data)}


# (persona, url, the POST data for a file, what the path would write)
PATHS = {
    "unit registry": (
        "dept_admin",
        lambda p: "/don-vi/S01/nhap-danh-muc/",
        lambda name, data: {"file": SimpleUploadedFile(name, data)},
        lambda: Unit.objects.count(),
    ),
    "accounts sheet": (
        "officer_x",
        lambda p: "/don-vi/X01/tai-khoan/nhap/",
        lambda name, data: {"file": SimpleUploadedFile(name, data)},
        lambda: get_user_model().objects.count(),
    ),
    "index workbook": (
        "sysadmin",
        lambda p: "/bo-chi-so/nhap-excel/",
        lambda name, data: {"file": SimpleUploadedFile(name, data)},
        lambda: FrameworkVersion.objects.count(),
    ),
    "offline workbook": (
        "teacher",
        lambda p: f"/bang-tinh/tu-danh-gia/{p.pk}/tai-len/",
        lambda name, data: {"file": SimpleUploadedFile(name, data)},
        lambda: 0,  # a preview writes nothing anyway; the audit and the disk are checked too
    ),
    "evidence catalogue": (
        "teacher",
        lambda p: f"/tu-danh-gia/{p.pk}/minh-chung/nhap-excel/",
        lambda name, data: {"file": SimpleUploadedFile(name, data)},
        lambda: Evidence.objects.count(),
    ),
    "evidence file": (
        "teacher",
        lambda p: f"/tu-danh-gia/{p.pk}/minh-chung/them/",
        _evidence_fields,
        lambda: Evidence.objects.count(),
    ),
}


def _post(request, client, participation, path, name, data):
    persona, url, fields, count = PATHS[path]
    client.force_login(request.getfixturevalue(persona))
    before = (count(), AuditRecord.objects.count())
    response = client.post(url(participation), fields(name, data))
    return response, before, (count(), AuditRecord.objects.count())


@pytest.mark.parametrize("path", PATHS)
def test_a_zip_bomb_is_refused_on_every_upload_path(
    request, client, participation, small_limits, path
):
    response, before, after = _post(request, client, participation, path, "tep.xlsx", bomb())
    page = response.content.decode()
    assert response.status_code == 400
    assert "Tệp giải nén ra quá lớn (2,0 MB, tối đa 1,0 MB)" in page
    assert after == before and stored(small_limits.MEDIA_ROOT) == []


@pytest.mark.parametrize("path", PATHS)
def test_an_archive_of_too_many_members_is_refused_on_every_upload_path(
    request, client, participation, small_limits, path
):
    data = bomb(unpacked=10, members=30)
    response, before, after = _post(request, client, participation, path, "tep.xlsx", data)
    assert response.status_code == 400
    assert "Tệp chứa quá nhiều thành phần (30, tối đa 20)" in response.content.decode()
    assert after == before and stored(small_limits.MEDIA_ROOT) == []


def test_a_word_file_that_is_a_bomb_is_refused_as_evidence(
    request, client, participation, small_limits
):
    data = bomb("word")
    response, before, after = _post(
        request, client, participation, "evidence file", "ke-hoach.docx", data
    )
    assert response.status_code == 400
    assert "Tệp giải nén ra quá lớn" in response.content.decode()
    assert after == before and stored(small_limits.MEDIA_ROOT) == []


def test_a_member_compressed_beyond_the_ratio_is_refused(settings):
    settings.UPLOAD_MAX_UNPACKED_MB = 100
    with pytest.raises(ArchiveTooLarge, match=r"nén bất thường .* tối đa 100 lần"):
        check_archive(bomb(unpacked=2 * MB))
    check_archive(bomb(unpacked=2 * MB), max_ratio=100_000)  # the ratio alone refused it


def test_an_honest_workbook_passes_the_default_limits(settings):
    settings.UPLOAD_MAX_UNPACKED_MB, settings.UPLOAD_MAX_MEMBERS = 100, 2000
    rows = [REGISTRY_HEADER] + [
        [f"TH{i}", f"Trường {i}", "Cơ sở giáo dục", "Tiểu học", "X01"] for i in range(5000)
    ]
    check_archive(xlsx(rows))


def test_an_honest_registry_workbook_is_imported_through_its_page(client, dept_admin):
    rows = [
        REGISTRY_HEADER,
        ["TH91", "Trường Tiểu học Hòa Bình", "Cơ sở giáo dục", "Tiểu học", "X01"],
    ]
    client.force_login(dept_admin)
    response = client.post(
        "/don-vi/S01/nhap-danh-muc/", {"file": SimpleUploadedFile("dm.xlsx", xlsx(rows))}
    )
    assert response.status_code == 200
    assert Unit.objects.filter(code="TH91").exists()


def test_an_honest_word_file_is_accepted_as_evidence(client, participation, teacher):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>" * 100)
    client.force_login(teacher)
    response = client.post(
        f"/tu-danh-gia/{participation.pk}/minh-chung/them/",
        _evidence_fields("ke-hoach.docx", out.getvalue()),
    )
    assert response.status_code == 302 and Evidence.objects.count() == 1


def test_an_import_larger_than_its_raw_limit_is_refused(client, sysadmin, settings):
    settings.UPLOAD_MAX_MB = 1
    data = b"PK\x03\x04" + b"\1" * MB
    client.force_login(sysadmin)
    response = client.post("/bo-chi-so/nhap-excel/", {"file": SimpleUploadedFile("a.xlsx", data)})
    assert response.status_code == 400 and "Tệp lớn hơn 1 MB." in response.content.decode()


def test_a_registry_csv_past_its_row_limit_is_refused(client, dept_admin, settings):
    settings.REGISTRY_MAX_ROWS = 3
    lines = [",".join(REGISTRY_HEADER)] + [
        f"TH{i},Trường {i},Cơ sở giáo dục,Tiểu học,X01" for i in range(4)
    ]
    before = Unit.objects.count()
    client.force_login(dept_admin)
    response = client.post(
        "/don-vi/S01/nhap-danh-muc/",
        {"file": SimpleUploadedFile("dm.csv", "\n".join(lines).encode())},
    )
    assert response.status_code == 400
    assert "Tệp có quá nhiều dòng dữ liệu (tối đa 3 dòng)" in response.content.decode()
    assert Unit.objects.count() == before


# -- a large registry is imported in the background, with progress -----------------------------


def _registry_csv(rows) -> SimpleUploadedFile:
    lines = [",".join(REGISTRY_HEADER)] + [",".join(row) for row in rows]
    return SimpleUploadedFile("danh-muc.csv", "\n".join(lines).encode())


def _schools(n, parent="X01"):
    return [
        [f"TH{i:03}", f"Trường Tiểu học số {i}", "Cơ sở giáo dục", "Tiểu học", parent]
        for i in range(n)
    ]


def test_a_large_registry_import_runs_as_a_job_and_completes_with_progress(
    client, dept_admin, settings, monkeypatch
):
    from edudx.core.models import ExportJob, JobState
    from edudx.organizations import tasks
    from edudx.organizations.registry import reader

    settings.REGISTRY_DIRECT_ROWS = 5
    monkeypatch.setattr(reader, "PROGRESS_EVERY", 3)
    seen = []
    real_import = tasks.import_units

    def watched(*args, progress, **kwargs):
        def record(done):
            progress(done)
            seen.append(ExportJob.objects.values_list("done", "total").get())

        return real_import(*args, progress=record, **kwargs)

    monkeypatch.setattr(tasks, "import_units", watched)
    client.force_login(dept_admin)
    response = client.post("/don-vi/S01/nhap-danh-muc/", {"file": _registry_csv(_schools(8))})

    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/don-vi/S01/nhap-danh-muc/{job.pk}/"
    assert seen == [(2, 8), (5, 8), (8, 8)]  # rows read, of the rows counted, while it ran
    assert job.state == JobState.DONE and (job.done, job.total) == (8, 8)
    assert Unit.objects.filter(code__startswith="TH").count() == 8
    assert not list((settings.MEDIA_ROOT / "imports").rglob("*.*"))  # the upload is not kept
    page = client.get(response["Location"]).content.decode()
    assert "Đã nhập 8 dòng: 8 tạo mới, 0 cập nhật, 0 không đổi." in page
    assert "hx-get" not in page  # finished: no more polling


def test_a_large_registry_import_with_a_bad_row_writes_nothing_and_lists_it(
    client, dept_admin, settings
):
    from edudx.core.models import ExportJob, JobState

    settings.REGISTRY_DIRECT_ROWS = 5
    rows = _schools(8)
    rows[6][4] = "S02"  # outside the importer's department
    before = Unit.objects.count()
    client.force_login(dept_admin)
    response = client.post("/don-vi/S01/nhap-danh-muc/", {"file": _registry_csv(rows)})

    job = ExportJob.objects.get()
    assert job.state == JobState.FAILED and Unit.objects.count() == before
    page = client.get(response["Location"]).content.decode()
    assert "Dòng 8: đơn vị TH006 nằm ngoài phạm vi quản lý của bạn (S01)" in page
    assert not list((settings.MEDIA_ROOT / "imports").rglob("*.*"))


def test_a_running_registry_job_page_polls_its_progress(client, dept_admin):
    from edudx.core.models import ExportJob, ExportKind, JobState

    job = ExportJob.objects.create(
        kind=ExportKind.REGISTRY,
        params={"name": "danh-muc.xlsx"},
        requested_by=dept_admin,
        state=JobState.RUNNING,
        done=1500,
        total=53000,
    )
    client.force_login(dept_admin)
    url = f"/don-vi/S01/nhap-danh-muc/{job.pk}/"
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert f'hx-get="{url}"' in partial and "1500/53000" in partial
    assert "<html" not in partial


def test_a_small_registry_import_stays_in_the_request(client, dept_admin, settings):
    from edudx.core.models import ExportJob

    settings.REGISTRY_DIRECT_ROWS = 5
    client.force_login(dept_admin)
    response = client.post("/don-vi/S01/nhap-danh-muc/", {"file": _registry_csv(_schools(4))})
    assert response.status_code == 200 and not ExportJob.objects.exists()
    assert Unit.objects.filter(code__startswith="TH").count() == 4
