"""Rule 8 of issue 12: small things that mislead. An action that changes nothing says so instead
of "saved"; a rejected import answers with an error status; Django's admin lives at the
configured path (a superuser tool outside the role model)."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

pytestmark = pytest.mark.django_db


def _sheet(rows) -> SimpleUploadedFile:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile("tep.xlsx", out.getvalue())


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("officer_x", "/don-vi/X01/tai-khoan/nhap/"),
        ("dept_admin", "/don-vi/S01/nhap-danh-muc/"),
        ("sysadmin", "/bo-chi-so/nhap-excel/"),
    ],
)
def test_a_rejected_import_answers_with_an_error_status(request, client, persona, url):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(url, {"file": _sheet([["Cột lạ", "Khác"], ["x", "y"]])})
    assert response.status_code == 400


def test_saving_the_report_unchanged_says_nothing_was_saved(client, participation, head_a):
    from edudx.assessments.facts import start_assessment

    start_assessment(participation)
    client.force_login(head_a)
    url = f"/van-ban/tu-danh-gia/{participation.pk}/bao-cao/"
    context = client.get(url).context
    data = {name: value or "" for name, value in context["form"].initial.items()}
    data.update({f"revision-{name}": token for name, token in context["revisions"]})
    page = client.post(url, data, follow=True).content.decode()
    assert "Không có thay đổi nào nên chưa lưu gì." in page
    assert "Đã lưu" not in page


def test_the_admin_lives_at_the_configured_path(client, sysadmin):
    sysadmin.is_staff = sysadmin.is_superuser = True
    sysadmin.save()
    client.force_login(sysadmin)
    assert client.get(f"/{settings.ADMIN_PATH}/").status_code == 200
    assert client.get("/admin/").status_code == 404


def test_saving_an_answer_unchanged_writes_nothing_and_adds_no_history(participation, teacher):
    from edudx.assessments.facts import assessment_for, save_fact
    from edudx.core.models import AuditRecord

    assessment = assessment_for(participation)
    entry = save_fact(assessment, "1.4.1", 12, revision=0, by=teacher)
    records = AuditRecord.objects.filter(action="assessment.fact").count()
    again = save_fact(assessment, "1.4.1", 12, revision=entry.revision, by=teacher)
    assert again.revision == entry.revision
    assert AuditRecord.objects.filter(action="assessment.fact").count() == records
