"""Evidence (minh chứng): codes, what files are accepted, nothing half-written, locking, audit,
the catalogue pages, the protected file, the Excel catalogue out and in, and who may do what."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from openpyxl import load_workbook

from edudx.assessments.errors import EvidenceError
from edudx.assessments.evidence import catalogue, changes, checks
from edudx.assessments.evidence.changes import add_evidence, remove_evidence
from edudx.assessments.facts import start_assessment
from edudx.assessments.models import AssessmentState, Evidence
from edudx.core.files import XLSX, workbook_bytes
from edudx.core.models import AuditRecord

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def assessment(participation):
    return start_assessment(participation)


def stored_files(root):
    return sorted(p.name for p in root.rglob("*") if p.is_file())


def pdf(name="quyet-dinh.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def office(name, folder):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(f"{folder}/document.xml", "<x/>")
    return SimpleUploadedFile(name, out.getvalue())


def add(assessment, user, criteria=("1.3",), **kw):
    kw.setdefault("url", "" if "upload" in kw else "https://truong.edu.vn/ke-hoach")
    return add_evidence(assessment, by=user, title="Kế hoạch dạy học", criteria=criteria, **kw)


def approve(assessment):
    assessment.state = AssessmentState.APPROVED
    assessment.save()


# -- codes ------------------------------------------------------------------------------------------


def test_codes_are_numbered_within_their_criterion(assessment, teacher):
    assert add(assessment, teacher).code == "[1.3-01]"
    assert add(assessment, teacher).code == "[1.3-02]"
    assert add(assessment, teacher, criteria=["2.4"]).code == "[2.4-01]"
    assert add(assessment, teacher).code == "[1.3-03]"


def test_evidence_for_several_criteria_has_one_code_from_the_main_one(assessment, teacher):
    ev = add(assessment, teacher, criteria=["2.4", "1.3", "1.5"])
    assert ev.code == "[2.4-01]"
    assert ev.criteria == ["2.4", "1.3", "1.5"]
    assert Evidence.objects.count() == 1
    grouped = catalogue.by_criterion(assessment)
    assert grouped["2.4"] == grouped["1.3"] == grouped["1.5"] == [ev]
    assert add(assessment, teacher).code == "[1.3-01]"  # 1.3's own numbering is not used up


def test_code_prefix_comes_from_the_setting(assessment, teacher, settings):
    settings.EVIDENCE_CODE_PREFIX = "H"
    assert add(assessment, teacher).code == "[H1.3-01]"
    assert add(assessment, teacher).code == "[H1.3-02]"


def test_catalogue_is_in_the_index_order_not_the_text_order(assessment, teacher):
    add(assessment, teacher, criteria=["2.4"])
    add(assessment, teacher, criteria=["1.7"])
    add(assessment, teacher, criteria=["1.3"])
    rows = catalogue.catalogue_rows(assessment)
    assert [(r.number, r.evidence.code) for r in rows] == [
        (1, "[1.3-01]"),
        (2, "[1.7-01]"),
        (3, "[2.4-01]"),
    ]


def test_changing_the_main_criterion_gives_a_new_code(assessment, teacher):
    ev = add(assessment, teacher)
    kept = changes.update_evidence(
        ev, by=teacher, title="Kế hoạch", criteria=["1.3", "2.4"], url=ev.url
    )
    assert kept.code == "[1.3-01]"
    moved = changes.update_evidence(
        ev, by=teacher, title="Kế hoạch", criteria=["2.4", "1.3"], url=ev.url
    )
    assert moved.code == "[2.4-01]" and moved.criteria == ["2.4", "1.3"]


def test_unknown_criterion_and_missing_title_are_refused(assessment, teacher):
    with pytest.raises(EvidenceError, match=r"9\.9 không có"):
        add(assessment, teacher, criteria=["9.9"])
    with pytest.raises(EvidenceError, match="ít nhất một"):
        add(assessment, teacher, criteria=[])
    with pytest.raises(EvidenceError, match="tên minh chứng"):
        add_evidence(assessment, by=teacher, title=" ", criteria=["1.3"], url="https://a.vn")
    assert not Evidence.objects.exists()


# -- files and links --------------------------------------------------------------------------------


def test_a_pdf_is_stored_under_a_generated_name_with_its_own_name_kept(assessment, teacher, media):
    ev = add(assessment, teacher, upload=pdf("Quyết định số 12.pdf"))
    assert ev.file_name == "Quyết định số 12.pdf"
    assert ev.content_type == "application/pdf" and ev.size == len(PDF) and ev.url == ""
    assert ev.file.name.startswith(f"evidence/{assessment.participation.institution_id}/")
    assert "Quyết" not in ev.file.name
    assert (media / ev.file.name).read_bytes() == PDF


@pytest.mark.parametrize(
    ("upload", "content_type"),
    [
        (lambda: SimpleUploadedFile("anh.png", PNG), "image/png"),
        (lambda: office("bien-ban.docx", "word"), checks.DOCX),
        (lambda: office("so-lieu.xlsx", "xl"), XLSX),
        (
            lambda: SimpleUploadedFile("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
            "application/msword",
        ),
    ],
)
def test_images_word_and_excel_files_are_accepted(assessment, teacher, upload, content_type):
    assert add(assessment, teacher, upload=upload()).content_type == content_type


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: pdf("hop-le.pdf", EXE), "không phải tệp PDF"),
        (lambda: office("bang-tinh.docx", "xl"), "không phải văn bản Word"),
        (lambda: SimpleUploadedFile("anh.jpg", PNG), "không phải ảnh JPEG"),
        (lambda: SimpleUploadedFile("chuong-trinh.exe", EXE), "chỉ nhận tệp PDF"),
        (lambda: SimpleUploadedFile("khong-duoi", PDF), "chỉ nhận tệp PDF"),
        (lambda: pdf("trong.pdf", b""), "trống"),
    ],
    ids=["exe renamed pdf", "xlsx renamed docx", "png renamed jpg", "exe", "no extension", "empty"],
)
def test_bad_files_are_refused_and_nothing_is_written(assessment, teacher, media, upload, message):
    with pytest.raises(EvidenceError, match=message) as refused:
        add(assessment, teacher, upload=upload())
    assert refused.value.field == "file"
    assert not Evidence.objects.exists()
    assert stored_files(media) == []
    assert not AuditRecord.objects.filter(action="evidence.add").exists()


def test_a_file_over_the_size_limit_is_refused(assessment, teacher, media, settings):
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    big = pdf("lon.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(EvidenceError, match="vượt quá giới hạn 1 MB"):
        add(assessment, teacher, upload=big)
    assert not Evidence.objects.exists() and stored_files(media) == []
    assert add(assessment, teacher, upload=pdf("vua.pdf", PDF + b"0" * 1000)).size > 0


def test_a_failure_after_the_file_was_stored_leaves_no_file(
    assessment, teacher, media, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(changes, "record", broken)
    with pytest.raises(RuntimeError):
        add(assessment, teacher, upload=pdf())
    assert not Evidence.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize(
    "url", ["ftp://truong.edu.vn/a", "javascript:alert(1)", "truong.edu.vn", "https://"]
)
def test_only_http_and_https_links_are_accepted(assessment, teacher, url):
    with pytest.raises(EvidenceError, match="http") as refused:
        add(assessment, teacher, url=url)
    assert refused.value.field == "url"


def test_evidence_is_a_file_or_a_link_not_both_nor_neither(assessment, teacher):
    with pytest.raises(EvidenceError, match="không phải cả hai"):
        add(assessment, teacher, upload=pdf(), url="https://truong.edu.vn/a")
    with pytest.raises(EvidenceError, match="tệp minh chứng hoặc nhập đường link"):
        add_evidence(assessment, by=teacher, title="X", criteria=["1.3"])
    assert not Evidence.objects.exists()


# -- removal and shared files -----------------------------------------------------------------------


def test_removal_keeps_a_file_another_item_still_uses(
    assessment, teacher, media, django_capture_on_commit_callbacks
):
    first = add(assessment, teacher, upload=pdf())
    copy = add(assessment, teacher, url="https://a.vn/x")  # as prefill from last year would do
    Evidence.objects.filter(pk=copy.pk).update(file=first.file.name, url="")
    with django_capture_on_commit_callbacks(execute=True):
        remove_evidence(first, by=teacher)
    assert (media / first.file.name).exists()
    with django_capture_on_commit_callbacks(execute=True):
        remove_evidence(Evidence.objects.get(pk=copy.pk), by=teacher)
    assert stored_files(media) == []


def test_replacing_the_file_removes_the_old_one_once_saved(
    assessment, teacher, media, django_capture_on_commit_callbacks
):
    ev = add(assessment, teacher, upload=pdf("cu.pdf"))
    old = ev.file.name
    with django_capture_on_commit_callbacks(execute=True):
        ev = changes.update_evidence(
            ev, by=teacher, title="Kế hoạch", criteria=["1.3"], upload=pdf("moi.pdf")
        )
    assert ev.file_name == "moi.pdf" and ev.code == "[1.3-01]"
    assert stored_files(media) == [ev.file.name.rsplit("/", 1)[-1]]
    assert not (media / old).exists()


# -- locking and audit ------------------------------------------------------------------------------


def test_nothing_changes_after_approval(assessment, teacher, media):
    ev = add(assessment, teacher)
    approve(assessment)
    with pytest.raises(EvidenceError, match="đã được phê duyệt"):
        add(assessment, teacher, upload=pdf())
    with pytest.raises(EvidenceError, match="đã được phê duyệt"):
        changes.update_evidence(ev, by=teacher, title="Khác", criteria=["1.3"], url=ev.url)
    with pytest.raises(EvidenceError, match="đã được phê duyệt"):
        remove_evidence(ev, by=teacher)
    assert Evidence.objects.get().title == "Kế hoạch dạy học"
    assert stored_files(media) == []


def test_each_change_is_audited_with_before_and_after(assessment, teacher):
    ev = add(assessment, teacher)
    changes.update_evidence(ev, by=teacher, title="Kế hoạch mới", criteria=["1.3"], url=ev.url)
    changes.update_evidence(  # nothing changed: nothing recorded
        ev, by=teacher, title="Kế hoạch mới", criteria=["1.3"], url=ev.url
    )
    remove_evidence(ev, by=teacher)
    records = list(AuditRecord.objects.filter(action__startswith="evidence.").order_by("id"))
    assert [(r.action, r.note, r.actor) for r in records] == [
        ("evidence.add", "[1.3-01]", teacher),
        ("evidence.change", "[1.3-01]", teacher),
        ("evidence.remove", "[1.3-01]", teacher),
    ]
    assert records[0].before is None and records[0].after["title"] == "Kế hoạch dạy học"
    assert records[1].before["title"] == "Kế hoạch dạy học"
    assert records[1].after["title"] == "Kế hoạch mới"
    assert records[2].after is None
    assert all(r.object_id == str(assessment.pk) for r in records)


def test_may_view_evidence_follows_the_institution_scope(assessment, teacher, officer_x, officer_y):
    ev = add(assessment, teacher)
    assert catalogue.may_view_evidence(teacher, ev)
    assert catalogue.may_view_evidence(officer_x, ev)
    assert not catalogue.may_view_evidence(officer_y, ev)


# -- pages ----------------------------------------------------------------------------------------


def url(p, tail=""):
    return f"/tu-danh-gia/{p.pk}/minh-chung/{tail}"


def test_catalogue_lists_codes_titles_and_links(client, teacher, assessment, participation):
    add(assessment, teacher, criteria=["1.3", "2.4"], number="12/QĐ-THLL")
    file_item = add(assessment, teacher, upload=pdf())
    client.force_login(teacher)
    html = client.get(url(participation)).content.decode()
    assert "[1.3-01]" in html and "[1.3-02]" in html
    assert "12/QĐ-THLL" in html and "1.3, 2.4" in html
    assert 'href="https://truong.edu.vn/ke-hoach"' in html
    assert url(participation, f"{file_item.pk}/tep/") in html
    assert url(participation, "them/") in html


def test_adding_a_file_on_the_page(client, teacher, participation, media):
    client.force_login(teacher)
    response = client.post(
        url(participation, "them/"),
        {
            "title": "Quyết định thành lập tổ CNTT",
            "number": "15/QĐ-THLL",
            "issued_on": "05/09/2025",
            "issuer": "Trường Tiểu học Lê Lợi",
            "criterion": "2.1",
            "also": ["1.3", "2.1"],
            "file": pdf("qd-15.pdf"),
        },
    )
    assert response.status_code == 302 and response["Location"] == url(participation)
    ev = Evidence.objects.get()
    assert ev.code == "[2.1-01]" and ev.criteria == ["2.1", "1.3"]
    assert ev.issued_on.strftime("%d/%m/%Y") == "05/09/2025"
    assert (media / ev.file.name).read_bytes() == PDF


def test_adding_a_link_and_going_back_to_the_criterion(client, teacher, participation):
    client.force_login(teacher)
    response = client.post(
        url(participation, "them/"),
        {
            "title": "Trang LMS",
            "criterion": "1.3",
            "url": "https://lms.truong.edu.vn",
            "back": "form",
        },
    )
    assert response["Location"] == f"/tu-danh-gia/{participation.pk}/#crit-1.3"
    assert Evidence.objects.get().url == "https://lms.truong.edu.vn"


def test_the_add_page_preselects_the_criterion(client, teacher, participation):
    client.force_login(teacher)
    html = client.get(url(participation, "them/?criterion=1.5")).content.decode()
    assert '<option value="1.5" selected>' in html


def test_a_refused_upload_keeps_what_was_typed(client, teacher, participation, media):
    client.force_login(teacher)
    response = client.post(
        url(participation, "them/"),
        {"title": "Biên bản họp", "number": "07/BB", "criterion": "1.4", "file": pdf("x.pdf", EXE)},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "không phải tệp PDF" in html
    assert 'value="Biên bản họp"' in html and 'value="07/BB"' in html
    assert not Evidence.objects.exists() and stored_files(media) == []


def test_editing_and_removing_on_the_page(client, teacher, assessment, participation):
    ev = add(assessment, teacher)
    client.force_login(teacher)
    page = client.get(url(participation, f"{ev.pk}/sua/")).content.decode()
    assert 'value="Kế hoạch dạy học"' in page and 'value="https://truong.edu.vn/ke-hoach"' in page
    client.post(
        url(participation, f"{ev.pk}/sua/"),
        {"title": "Kế hoạch năm học", "criterion": "1.3", "url": ev.url, "revision": "0"},
    )
    assert Evidence.objects.get().title == "Kế hoạch năm học"
    assert client.get(url(participation, f"{ev.pk}/xoa/")).status_code == 200
    assert Evidence.objects.exists()  # asking is not removing
    client.post(url(participation, f"{ev.pk}/xoa/"), {"revision": "1"})
    assert not Evidence.objects.exists()


def test_changes_are_refused_on_the_page_after_approval(client, teacher, assessment, participation):
    approve(assessment)
    client.force_login(teacher)
    response = client.post(
        url(participation, "them/"),
        {"title": "Muộn", "criterion": "1.3", "url": "https://a.vn/b"},
        follow=True,
    )
    assert "đã được phê duyệt" in response.content.decode()
    assert not Evidence.objects.exists()
    assert url(participation, "them/") not in client.get(url(participation)).content.decode()


def test_the_file_is_served_to_the_institution_with_its_own_name(
    client, teacher, officer_x, assessment, participation
):
    ev = add(assessment, teacher, upload=pdf("Quyết định 15.pdf"))
    client.force_login(officer_x)
    response = client.get(url(participation, f"{ev.pk}/tep/"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%2015.pdf" in response["Content-Disposition"]


def test_the_file_is_404_outside_the_scope_and_needs_a_login(
    client, teacher, officer_y, assessment, participation
):
    ev = add(assessment, teacher, upload=pdf())
    client.force_login(officer_y)
    assert client.get(url(participation, f"{ev.pk}/tep/")).status_code == 404
    client.logout()
    response = client.get(url(participation, f"{ev.pk}/tep/"))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]
    client.force_login(teacher)
    wrong_path = f"/tu-danh-gia/{participation.pk + 1}/minh-chung/{ev.pk}/tep/"
    assert client.get(wrong_path).status_code == 404


@pytest.mark.parametrize(
    ("content_type", "attachment"),
    [("image/svg+xml", True), ("text/html", True), ("application/xml", True), ("image/png", False)],
)
def test_an_uploaded_file_is_served_sandboxed_and_a_runnable_one_as_a_download(
    client, teacher, assessment, participation, content_type, attachment
):
    """Rule 5 of issue 12: nothing a person uploaded runs in EduDX's origin."""
    from edudx.core.headers import SANDBOX_POLICY

    ev = add(assessment, teacher, upload=SimpleUploadedFile("anh.png", PNG))
    Evidence.objects.filter(pk=ev.pk).update(content_type=content_type)  # as an older row might
    client.force_login(teacher)
    response = client.get(url(participation, f"{ev.pk}/tep/"))
    assert response["Content-Security-Policy"] == SANDBOX_POLICY
    assert response["Content-Disposition"].startswith("attachment") is attachment


def test_the_criterion_partial_lists_its_evidence_and_an_add_link(
    assessment, teacher, participation
):
    ev = add(assessment, teacher, criteria=["1.3", "2.4"])
    html = render_to_string(
        "assessments/_criterion_evidence.html",
        {
            "participation": participation,
            "evidence_list": catalogue.by_criterion(assessment)["2.4"],
            "editable": True,
            "criterion_code": "2.4",
        },
    )
    assert "[1.3-01]" in html and ev.url in html
    assert url(participation, "them/?criterion=2.4&amp;back=form") in html
    fw = participation.version.framework()
    locked = render_to_string(  # as the form includes it: `c` is the criterion of the loop
        "assessments/_criterion_evidence.html",
        {
            "participation": participation,
            "c": {"spec": next(fw.criteria())},
            "evidence_list": [],
            "editable": False,
        },
    )
    assert 'id="evidence-of-1.1"' in locked and "them/" not in locked


# -- the catalogue in Excel -------------------------------------------------------------------------


def sheet_rows(data):
    ws = load_workbook(io.BytesIO(data)).active
    return [[c if c is not None else "" for c in row] for row in ws.iter_rows(values_only=True)]


def workbook(rows):
    from openpyxl import Workbook

    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    return workbook_bytes(wb)


def upload_xlsx(client, participation, data):
    return client.post(
        url(participation, "nhap-excel/"), {"file": SimpleUploadedFile("dm.xlsx", data)}
    )


def test_export_has_the_catalogue_columns(client, teacher, assessment, participation):
    add(assessment, teacher, criteria=["1.3", "2.4"], number="12/QĐ", issuer="Trường")
    add(assessment, teacher, upload=pdf("bien-ban.pdf"), note="Bản ký số")
    client.force_login(teacher)
    response = client.get(url(participation, "xuat-excel/"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = sheet_rows(response.content)
    assert rows[0] == catalogue.COLUMNS
    assert rows[1] == [
        1,
        "[1.3-01]",
        "Kế hoạch dạy học",
        "12/QĐ",
        "Trường",
        "",
        "https://truong.edu.vn/ke-hoach",
        "1.3, 2.4",
        0,  # the item's revision: an import never overwrites a colleague's later change
    ]
    assert rows[2][1] == "[1.3-02]" and rows[2][5:7] == ["Bản ký số", "bien-ban.pdf"]


def test_export_then_import_changes_nothing_and_edits_apply(
    client, teacher, assessment, participation
):
    import datetime as dt

    add(assessment, teacher, number="12/QĐ", issued_on=dt.date(2025, 9, 5))
    add(assessment, teacher, upload=pdf())
    client.force_login(teacher)
    exported = client.get(url(participation, "xuat-excel/")).content
    before = list(Evidence.objects.values())
    response = upload_xlsx(client, participation, exported)
    assert response.status_code == 302
    assert list(Evidence.objects.values()) == before

    rows = sheet_rows(exported)
    rows[1][2] = "Kế hoạch đã sửa"
    rows.append(["", "", "Cổng thông tin", "", "", "", "https://truong.edu.vn", "2.4, 1.3"])
    response = upload_xlsx(client, participation, workbook(rows))
    assert response.status_code == 302
    items = {e.code: e for e in Evidence.objects.all()}
    assert items["[1.3-01]"].title == "Kế hoạch đã sửa"
    assert items["[1.3-01]"].issued_on == dt.date(2025, 9, 5)
    assert items["[1.3-02]"].file_name == "quyet-dinh.pdf"  # the file stays
    assert items["[2.4-01]"].criteria == ["2.4", "1.3"]


def test_an_invalid_import_lists_every_row_and_changes_nothing(
    client, teacher, assessment, participation
):
    add(assessment, teacher)
    client.force_login(teacher)
    before = list(Evidence.objects.values())
    data = workbook(
        [
            catalogue.COLUMNS,
            ["", "", "Không có link", "", "", "", "", "1.3"],
            ["", "", "Ngày sai", "12/QĐ, 31/02/2025", "", "", "https://a.vn", "1.3"],
            ["", "", "Tiêu chí lạ", "", "", "", "https://a.vn", "9.9"],
            ["", "", "Đường dẫn lạ", "", "", "", "C:\\minh-chung\\a.pdf", "1.3"],
            ["", "[1.3-09]", "Mã lạ", "", "", "", "https://a.vn", "1.3"],
            ["", "", "Link hỏng", "", "", "", "https://", "1.3"],
            ["", "", "Hợp lệ", "", "", "", "https://a.vn/ok", "1.3"],
        ]
    )
    response = upload_xlsx(client, participation, data)
    html = response.content.decode()
    assert response.status_code == 400
    for line in ("Dòng 2: chưa có đường link", "Dòng 3: Số/ngày ban hành", "Dòng 4: Tiêu chí"):
        assert line in html
    assert "Dòng 5: “C:\\minh-chung\\a.pdf” không phải đường link" in html
    assert "Dòng 6: mã [1.3-09] không có trong danh mục" in html
    assert "Dòng 7: đường link “https://” không hợp lệ" in html
    assert "Dòng 8" not in html
    assert list(Evidence.objects.values()) == before


def test_an_import_needs_the_columns(client, teacher, participation):
    client.force_login(teacher)
    html = upload_xlsx(client, participation, workbook([["Tên", "Link"], ["A", "https://a.vn"]]))
    assert "Dòng 1: thiếu cột Tên minh chứng, Đường link/Nơi lưu, Tiêu chí" in html.content.decode()


# -- who may do what ------------------------------------------------------------------------------

PERSONAS = [
    "anonymous",
    "sysadmin",
    "dept_admin",
    "dept_admin_2",
    "officer_x",
    "officer_y",
    "evaluator_x",
    "head_a",
    "teacher",
    "viewer_s",
]
# The evaluation-team role alone opens nothing (least privilege): a team opens its institutions.
SEES_T01 = {"sysadmin", "dept_admin", "viewer_s", "officer_x", "head_a", "teacher"}
EDITS_T01 = {"head_a", "teacher"}


def expected(allowed, ok=200):
    return {"anonymous": 302} | {p: (ok if p in allowed else 404) for p in PERSONAS[1:]}


@pytest.fixture
def personas(request, tree):
    return {p: (None if p == "anonymous" else request.getfixturevalue(p)) for p in PERSONAS}


@pytest.fixture
def item(assessment, head_a):
    return add(assessment, head_a, upload=pdf())


@pytest.mark.parametrize(
    ("tail", "allowed"),
    [
        ("", SEES_T01),
        ("xuat-excel/", SEES_T01),
        ("{item}/tep/", SEES_T01),
        ("them/", EDITS_T01),
        ("nhap-excel/", EDITS_T01),
        ("{item}/sua/", EDITS_T01),
        ("{item}/xoa/", EDITS_T01),
    ],
)
def test_page_answers_each_persona_as_expected(
    client, personas, participation, item, tail, allowed
):
    path = url(participation, tail.format(item=item.pk))
    answers = {}
    for name, user in personas.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        answers[name] = client.get(path).status_code
    assert answers == expected(allowed)


def test_adding_is_done_only_by_the_institutions_staff(client, personas, participation):
    answers, done = {}, {}
    for name, user in personas.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        answers[name] = client.post(
            url(participation, "them/"),
            {"title": f"Minh chứng của {name}", "criterion": "1.3", "url": "https://a.vn"},
        ).status_code
        done[name] = Evidence.objects.filter(title=f"Minh chứng của {name}").exists()
    assert answers == expected(EDITS_T01, ok=302)
    assert done == {name: name in EDITS_T01 for name in PERSONAS}


def test_removing_is_done_only_by_the_institutions_staff(client, personas, participation, item):
    for name, user in personas.items():
        if name in EDITS_T01:
            continue
        client.logout()
        if user is not None:
            client.force_login(user)
        status = client.post(url(participation, f"{item.pk}/xoa/")).status_code
        assert status == (302 if name == "anonymous" else 404), name
        assert Evidence.objects.filter(pk=item.pk).exists()
    client.force_login(personas["teacher"])
    removal = client.post(url(participation, f"{item.pk}/xoa/"), {"revision": item.revision})
    assert removal.status_code == 302
    assert not Evidence.objects.filter(pk=item.pk).exists()


def test_importing_is_done_only_by_the_institutions_staff(client, personas, participation):
    for name, user in personas.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        data = workbook(
            [catalogue.COLUMNS, ["", "", f"Nhập bởi {name}", "", "", "", "https://a.vn", "1.3"]]
        )
        status = upload_xlsx(client, participation, data).status_code
        assert status == {"anonymous": 302}.get(name, 302 if name in EDITS_T01 else 404), name
        assert Evidence.objects.filter(title=f"Nhập bởi {name}").exists() == (name in EDITS_T01)


def test_catalogue_queries_do_not_grow_with_the_catalogue(
    client, teacher, assessment, participation, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add(assessment, teacher)
    client.force_login(teacher)
    with CaptureQueriesContext(connection) as one:
        client.get(url(participation))
    for criterion in ("1.4", "1.5", "2.4", "2.3", "1.3"):
        add(assessment, teacher, criteria=[criterion, "1.3"], upload=pdf())
    with django_assert_num_queries(len(one)):
        assert client.get(url(participation)).status_code == 200


def test_the_form_shows_the_evidence_under_each_criterion_it_supports(
    client, teacher, assessment, participation
):
    add(assessment, teacher, criteria=["1.3", "2.4"])
    client.force_login(teacher)
    html = client.get(f"/tu-danh-gia/{participation.pk}/").content.decode()
    for code in ("1.3", "2.4"):
        block = html.split(f'id="evidence-of-{code}"')[1].split("</p>")[0]
        assert "[1.3-01]" in block
        assert f"them/?criterion={code}&amp;back=form" in block
    assert "[1.3-01]" not in html.split('id="evidence-of-1.4"')[1].split("</p>")[0]


def test_an_edit_page_that_sends_no_revision_is_refused_and_changes_nothing(
    client, teacher, assessment, participation
):
    ev = add(assessment, teacher)
    client.force_login(teacher)
    response = client.post(
        url(participation, f"{ev.pk}/sua/"), {"title": "Khác", "criterion": "1.3", "url": ev.url}
    )
    assert response.status_code == 400 and "Trang đã cũ" in response.content.decode()
    assert Evidence.objects.get().title == "Kế hoạch dạy học"
