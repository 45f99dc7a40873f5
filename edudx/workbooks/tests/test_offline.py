"""The offline self-assessment: download → fill → upload → preview → confirm, through the same
rules as the form; a wrong or stale workbook changes nothing."""

import pytest

from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.models import AssessmentState, FactEntry
from edudx.core.models import AuditRecord
from edudx.workbooks import offline, offline_read
from edudx.workbooks.offline import COL
from edudx.workbooks.tests.conftest import as_upload, logged_in, row_of, sheet_of

pytestmark = pytest.mark.django_db

# What a teacher types in the workbook, and what the same person would save on the form.
EDITS = {
    "1.1": {"value": "Có", "document_number": "12/KH-THLL", "document_date": "05/09/2025",
            "link": "https://thleloi.edu.vn/ke-hoach"},
    "1.3.2": {"value": "Có", "software_name": "K12Online", "provenance": "Thuê",
              "link": "https://k12online.vn"},
    "1.4.1": {"value": 45, "link": "https://thleloi.edu.vn/hoc-lieu"},
    "1.6.1": {"value": 72.5},
    "1.6.2": {"part": 30, "whole": 40},
    "1.7.2": {"value": 2},
    "2.3.3": {"value": "File PDF"},
    "1.5.2": {"value": "Có", "awarded": 3, "reason": "Mới triển khai ở một khối lớp"},
}  # fmt: skip
FORM = {
    "1.1": dict(value=True, details={"document_number": "12/KH-THLL", "document_date": "05/09/2025",
                                     "link": "https://thleloi.edu.vn/ke-hoach"}),
    "1.3.2": dict(value=True, details={"software_name": "K12Online", "provenance": "rented",
                                       "link": "https://k12online.vn"}),
    "1.4.1": dict(value=45, details={"link": "https://thleloi.edu.vn/hoc-lieu"}),
    "1.6.1": dict(value=72.5, details={}),
    "1.6.2": dict(value=None, details={"part": "30", "whole": "40"}),
    "1.7.2": dict(value=2),
    "2.3.3": dict(value="pdf_file"),
    "1.5.2": dict(value=True, awarded=3, reason="Mới triển khai ở một khối lớp"),
}  # fmt: skip


def fill(ws, edits):
    for code, cells in edits.items():
        r = row_of(ws, code)
        for key, value in cells.items():
            ws[f"{COL[key]}{r}"] = value
    return ws


def stored(assessment):
    return {
        e.code: (e.value, e.awarded, e.reason, e.details)
        for e in FactEntry.objects.filter(assessment=assessment)
    }


def download(client, participation):
    response = client.get(f"/bang-tinh/tu-danh-gia/{participation.pk}/tai-ve/")
    assert response.status_code == 200
    return sheet_of(response.content)


def upload(client, participation, ws):
    return client.post(
        f"/bang-tinh/tu-danh-gia/{participation.pk}/tai-len/", {"file": as_upload(ws)}
    )


def confirm(client, participation, response):
    token = response.context["token"]
    return client.post(f"/bang-tinh/tu-danh-gia/{participation.pk}/xac-nhan/", {"changes": token})


def test_untouched_workbook_holds_no_change(participation, assessment, teacher):
    save_fact(assessment, "1.4.1", 45, revision=0, by=teacher, details={"link": ""})
    save_fact(assessment, "1.6.2", None, revision=0, by=teacher,
                       details={"part": "3", "whole": "7"})  # fmt: skip
    save_fact(assessment, "1.5.2", True, revision=0, by=teacher, awarded=2.5,
                       reason="Một phần")  # fmt: skip
    data = offline.offline_workbook(participation, assessment)
    assert offline_read.read_offline(participation, assessment, data) == []


def test_round_trip_saves_what_the_form_would_save(client, campaign, tree, participation, teacher):
    logged_in(client, teacher)
    ws = fill(download(client, participation), EDITS)
    preview = upload(client, participation, ws)
    assert preview.status_code == 200, preview.content.decode()
    page = preview.content.decode()
    assert "K12Online" in page and "Thuê" in page and "75" in page  # 30/40 → 75 %
    assert {r["code"] for r in preview.context["rows"]} == set(EDITS)
    assert not FactEntry.objects.filter(assessment__participation=participation).exists()  # preview

    done = confirm(client, participation, preview)
    assert done.status_code == 302 and done["Location"] == f"/tu-danh-gia/{participation.pk}/"

    # The same answers entered one by one as the form does, in T02's assessment.
    other = start_assessment(campaign.participations.get(institution=tree["T02"]))
    for code, kwargs in FORM.items():
        save_fact(other, code, revision=0, by=teacher, **kwargs)
    assert stored(participation.assessment) == stored(other)
    assert stored(other)["1.6.2"][0] == 75.0
    assert AuditRecord.objects.filter(action="assessment.workbook_upload").count() == 1


def test_round_trip_then_the_new_value_shows_on_the_form(client, participation, teacher):
    logged_in(client, teacher)
    ws = fill(download(client, participation), {"1.4.1": {"value": 61}})
    confirm(client, participation, upload(client, participation, ws))
    form = client.get(f"/tu-danh-gia/{participation.pk}/")
    assert 'value="61"' in form.content.decode()


def test_invalid_cells_are_rejected_with_their_reference_and_nothing_changes(
    client, participation, assessment, teacher
):
    save_fact(assessment, "1.4.1", 10, revision=0, by=teacher)
    before, audits = stored(assessment), AuditRecord.objects.count()
    logged_in(client, teacher)
    ws = download(client, participation)
    fill(ws, {"1.4.1": {"value": 45}, "1.6.1": {"value": 140}, "1.5.1": {"value": "Có lẽ"},
              "1.3.1": {"value": "Có", "link": "thleloi.edu.vn"},
              "1.5.2": {"value": "Có", "awarded": 2}})  # fmt: skip
    response = upload(client, participation, ws)
    assert response.status_code == 400
    text = response.content.decode()
    assert f"Ô {COL['value']}{row_of(ws, '1.6.1')}" in text and "0–100" in text
    assert f"Ô {COL['value']}{row_of(ws, '1.5.1')}" in text
    assert f"Ô {COL['link']}{row_of(ws, '1.3.1')}" in text
    assert f"Ô {COL['reason']}{row_of(ws, '1.5.2')}" in text and "lý do" in text
    assert stored(assessment) == before
    assert AuditRecord.objects.count() == audits


def test_unknown_and_repeated_codes_are_named_with_their_cell(client, participation, teacher):
    logged_in(client, teacher)
    ws = download(client, participation)
    r = row_of(ws, "1.5.2")
    ws[f"C{r}"] = "9.9.9"
    ws[f"C{r + 1}"] = "1.5.1"
    ws[f"{COL['value']}{r + 1}"] = "Không"
    text = upload(client, participation, ws).content.decode()
    assert f"Ô C{r}: mã “9.9.9”" in text
    assert f"Ô C{r + 1}: mục 1.5.1 lặp lại" in text


def test_workbook_of_another_assessment_is_refused(client, campaign, tree, participation, head_a):
    logged_in(client, head_a)
    other = campaign.participations.get(institution=tree["T02"])
    ws = sheet_of(offline.offline_workbook(other, start_assessment(other)))
    fill(ws, {"1.4.1": {"value": 45}})
    response = upload(client, participation, ws)
    assert response.status_code == 400
    assert "bản tự đánh giá khác" in response.content.decode()


def test_item_changed_by_a_colleague_since_download_refuses_the_whole_upload(
    client, participation, assessment, teacher, head_a
):
    logged_in(client, teacher)
    ws = fill(download(client, participation), {"1.4.1": {"value": 45}, "1.6.1": {"value": 50}})
    save_fact(assessment, "1.4.1", 20, revision=0, by=head_a)  # meanwhile, online
    response = upload(client, participation, ws)
    assert response.status_code == 400
    assert f"Ô {COL['value']}{row_of(ws, '1.4.1')}: mục 1.4.1 đã được" in response.content.decode()
    assert stored(assessment) == {"1.4.1": (20, None, "", {})}


def test_stale_item_at_confirmation_refuses_every_change(
    client, participation, assessment, teacher, head_a
):
    logged_in(client, teacher)
    ws = fill(download(client, participation), {"1.4.1": {"value": 45}, "1.6.1": {"value": 50}})
    preview = upload(client, participation, ws)
    save_fact(assessment, "1.6.1", 10, revision=0, by=head_a)
    response = confirm(client, participation, preview)
    assert response.status_code == 409
    assert "mục 1.6.1 đã được" in response.content.decode()
    assert stored(assessment) == {"1.6.1": (10, None, "", {})}  # 1.4.1 not saved either


def test_colleagues_change_to_an_item_left_untouched_in_the_workbook_is_kept(
    client, participation, assessment, teacher, head_a
):
    logged_in(client, teacher)
    ws = fill(download(client, participation), {"1.6.1": {"value": 50}})
    save_fact(assessment, "1.4.1", 20, revision=0, by=head_a)
    confirm(client, participation, upload(client, participation, ws))
    assert stored(assessment)["1.4.1"][0] == 20
    assert stored(assessment)["1.6.1"][0] == 50


def test_locked_assessment_takes_no_workbook(client, participation, assessment, teacher):
    logged_in(client, teacher)
    ws = fill(download(client, participation), {"1.4.1": {"value": 45}})
    preview = upload(client, participation, ws)
    assert preview.status_code == 200
    assessment.state = AssessmentState.APPROVED
    assessment.save()
    response = confirm(client, participation, preview)
    assert response.status_code == 409
    assert stored(assessment) == {}
    again = upload(client, participation, ws)
    assert again.status_code == 400
    assert "đã được phê duyệt" in again.content.decode()


def test_percentage_that_contradicts_its_counts_is_refused(client, participation, teacher):
    logged_in(client, teacher)
    ws = fill(download(client, participation), {"1.6.2": {"value": 90, "part": 1, "whole": 4}})
    text = upload(client, participation, ws).content.decode()
    assert f"Ô {COL['value']}{row_of(ws, '1.6.2')}: tỷ lệ 90%" in text


def test_tampered_or_foreign_token_is_refused(client, campaign, tree, participation, teacher):
    logged_in(client, teacher)
    ws = fill(download(client, participation), {"1.4.1": {"value": 45}})
    token = upload(client, participation, ws).context["token"]
    response = client.post(
        f"/bang-tinh/tu-danh-gia/{participation.pk}/xac-nhan/", {"changes": token + "x"}
    )
    assert response.status_code == 409
    assert not FactEntry.objects.filter(assessment__participation=participation).exists()


def test_not_an_xlsx_is_refused(client, participation, teacher):
    from django.core.files.uploadedfile import SimpleUploadedFile

    logged_in(client, teacher)
    response = client.post(
        f"/bang-tinh/tu-danh-gia/{participation.pk}/tai-len/",
        {"file": SimpleUploadedFile("x.xlsx", b"PK\x03\x04garbage")},
    )
    assert response.status_code == 400
    assert "Không đọc được tệp" in response.content.decode()


def test_offline_workbook_has_validation_on_editable_cells_and_a_hidden_machine_column(
    participation, assessment
):
    ws = sheet_of(offline.offline_workbook(participation, assessment))
    assert ws.protection.sheet
    assert ws.column_dimensions[COL["machine"]].hidden
    rules = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for row in ws[rng.coord] if ":" in rng.coord else [[ws[rng.coord]]]:
                for cell in row:
                    rules[cell.coordinate] = (dv.type, dv.formula1)
    v = COL["value"]
    assert rules[f"{v}{row_of(ws, '1.1')}"] == ("list", '"Có,Không"')
    assert rules[f"{v}{row_of(ws, '1.4.1')}"][0] == "whole"
    assert rules[f"{v}{row_of(ws, '1.6.1')}"][0] == "decimal"
    assert rules[f"{v}{row_of(ws, '1.7.2')}"] == ("list", '"1,2,3"')
    assert rules[f"{COL['provenance']}{row_of(ws, '1.3.2')}"][0] == "list"
    assert not ws[f"{v}{row_of(ws, '1.1')}"].protection.locked
    assert ws[f"D{row_of(ws, '1.1')}"].protection.locked
