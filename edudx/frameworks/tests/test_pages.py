"""Framework pages: who may see them, what they show, and the Excel import from the browser."""

import dataclasses

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edudx.frameworks import excel, loader
from edudx.frameworks.models import FrameworkVersion

pytestmark = pytest.mark.django_db
DETAIL_4725 = "/bo-chi-so/4725/2022.1/"


def test_anonymous_visitor_is_sent_to_login(client, bundled_frameworks):
    for url in ("/", "/bo-chi-so/", DETAIL_4725):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_login_page_speaks_vietnamese(client):
    html = client.get("/dang-nhap/").content.decode()
    assert "Đăng nhập" in html and "Tên đăng nhập hoặc email" in html and 'lang="vi"' in html


def test_list_shows_both_decisions_and_flags_the_incomplete_one(
    client, teacher, bundled_frameworks
):
    client.force_login(teacher)
    html = client.get("/bo-chi-so/").content.decode()
    assert "4725/QĐ-BGDĐT" in html and "3276/QĐ-BGDĐT" in html
    assert "chưa đầy đủ" in html
    assert "30/12/2022" in html  # dates as dd/mm/yyyy


def test_list_query_count_does_not_grow_with_versions(
    client, teacher, bundled_frameworks, django_assert_max_num_queries
):
    client.force_login(teacher)
    with django_assert_max_num_queries(7):  # session, user, grants, menu (summary, team, notices)
        client.get("/bo-chi-so/")
    for n in range(5):
        loader.publish(
            dataclasses.replace(
                loader.read_yaml(loader.DATA_DIR / "4725.yaml"), version=f"x{n}", cache={}
            )
        )
    with django_assert_max_num_queries(7):  # session, user, grants, menu (summary, team, notices)
        client.get("/bo-chi-so/")


def test_detail_shows_the_annex_table(client, teacher, bundled_frameworks):
    client.force_login(teacher)
    html = client.get(DETAIL_4725).content.decode()
    for header in (
        "STT",
        "Tiêu chí",
        "Điểm tối đa",
        "Điểm thành phần",
        "Mức độ",
        "Ghi chú, minh chứng",
    ):
        assert header in html
    assert "Ít hơn 20 học liệu: tối đa 3 điểm" in html
    assert "Mức độ 3: trên 20 điểm" in html
    assert "Điều kiện bắt buộc" in html
    assert "cộng lại 60" in html  # the 2.3 inconsistency is shown, not hidden


def test_unknown_version_is_404(client, teacher, bundled_frameworks):
    client.force_login(teacher)
    assert client.get("/bo-chi-so/4725/1999/").status_code == 404


def test_excel_download_is_a_workbook(client, teacher, bundled_frameworks):
    client.force_login(teacher)
    response = client.get(DETAIL_4725 + "excel/")
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    assert "bo-chi-so-4725-2022.1.xlsx" in response["Content-Disposition"]


def test_teacher_cannot_open_the_import_page(client, teacher):
    client.force_login(teacher)
    response = client.get(reverse("frameworks:import"))
    assert response.status_code == 404


def test_import_refuses_a_file_that_is_not_a_workbook(client, admin_user_vn):
    client.force_login(admin_user_vn)
    fake = SimpleUploadedFile("bo-chi-so.xlsx", b"STT,Tieu chi\n1,abc\n")
    html = client.post(reverse("frameworks:import"), {"file": fake}).content.decode()
    assert "không phải tệp Excel" in html
    assert not FrameworkVersion.objects.exists()


def test_import_publishes_a_new_version_from_excel(client, admin_user_vn):
    fw = loader.read_yaml(loader.DATA_DIR / "4725.yaml")
    upload = SimpleUploadedFile("4725.xlsx", excel.export_xlsx(fw))
    response = client.post(reverse("frameworks:import"), {"file": upload}, follow=False)
    assert response.status_code == 302  # login required first
    client.force_login(admin_user_vn)
    upload.seek(0)
    response = client.post(reverse("frameworks:import"), {"file": upload}, follow=True)
    assert response.redirect_chain[-1][0] == DETAIL_4725
    assert "Đã nạp bộ chỉ số 4725" in response.content.decode()
    assert FrameworkVersion.objects.get().framework() == fw


def test_import_of_a_conflicting_version_shows_why_and_changes_nothing(
    client, admin_user_vn, bundled_frameworks
):
    fw = loader.read_yaml(loader.DATA_DIR / "4725.yaml")
    changed = dataclasses.replace(fw, title="Bộ chỉ số đã sửa", cache={})
    client.force_login(admin_user_vn)
    upload = SimpleUploadedFile("sua.xlsx", excel.export_xlsx(changed))
    html = client.post(reverse("frameworks:import"), {"file": upload}).content.decode()
    assert "phiên bản mới" in html
    assert FrameworkVersion.objects.get(code="4725").title == fw.title
