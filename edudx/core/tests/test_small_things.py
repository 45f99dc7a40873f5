"""Rule 8 of issue 12: small things that mislead. An action that changes nothing says so instead
of "saved"; a rejected import answers with an error status; Django's admin lives at the
configured path (a superuser tool outside the role model)."""

import datetime as dt
import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
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


def test_a_date_that_is_not_in_the_calendar_is_named_as_such():
    """31/02/2027 is in the right shape: the person is told the day does not exist, not to
    retype the format; a date in the wrong shape is told the format."""
    from django.utils import translation

    from edudx.core.dates import DateField

    field = DateField(required=False)
    with translation.override("vi"):
        with pytest.raises(ValidationError) as missing:
            field.clean("31/02/2027")
        assert missing.value.messages == [
            "Ngày 31/02/2027 không có trong lịch: hãy kiểm tra lại ngày và tháng."
        ]
        with pytest.raises(ValidationError) as shape:
            field.clean("mai")
        assert shape.value.messages == ["Hãy nhập ngày theo dạng dd/mm/yyyy."]
        assert field.clean("29/02/2028") == dt.date(2028, 2, 29)


@pytest.mark.django_db
def test_an_address_with_a_nul_character_is_refused_not_a_server_error(client):
    """PostgreSQL refuses NUL in text: a filter taken from the address must never reach it."""
    page = client.get("/don-vi/", {"q": "Lê\x00Lợi"})
    assert page.status_code == 400 and "NUL" in page.content.decode()
    api = client.get("/api/v1/results", {"school_year": "2025\x00"})
    assert api.status_code == 400 and api.json()["code"] == "invalid_request"
    assert client.get("/healthz").status_code == 200
