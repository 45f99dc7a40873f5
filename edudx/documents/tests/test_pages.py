"""The documents' pages and downloads: who may open what (404 outside scope), the narrative
editor with its lock and audit, and the partials other pages include."""

import pytest
from django.template import engines
from django.test import RequestFactory

from edudx.assessments.models import AssessmentState
from edudx.core.models import AuditRecord
from edudx.documents.models import ReportNarrative

PERSONAS = [
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
SEES_T01 = {"sysadmin", "dept_admin", "viewer_s", "officer_x", "head_a", "teacher"}
AUTHORITY_X01 = {"sysadmin", "dept_admin", "officer_x"}  # review or manage campaigns at X01
EDITS_T01 = {"head_a", "teacher"}

MATRIX = [
    ("documents:assessment", "participation", None, SEES_T01),
    ("documents:assessment_download", "participation", ("bien-ban-tu-danh-gia", "docx"), SEES_T01),
    ("documents:assessment_download", "participation", ("danh-muc-minh-chung", "pdf"), SEES_T01),
    (
        "documents:assessment_download",
        "participation",
        ("bien-ban-danh-gia-ngoai", "docx"),
        AUTHORITY_X01,
    ),
    ("documents:report_narrative", "participation", None, EDITS_T01),
    ("documents:campaign", "campaign", None, AUTHORITY_X01),
    ("documents:campaign_download", "campaign", ("ke-hoach-trien-khai", "docx"), AUTHORITY_X01),
    (
        "documents:campaign_download",
        "campaign",
        ("du-thao-quyet-dinh-cong-nhan", "docx"),
        AUTHORITY_X01,
    ),
    ("documents:decision_download", "decision", ("quyet-dinh-cong-nhan", "pdf"), AUTHORITY_X01),
    ("documents:decision_download", "decision", ("giay-chung-nhan", "docx"), AUTHORITY_X01),
]


def _url(name, obj, extra):
    from django.urls import reverse

    return reverse(name, args=[obj.pk, *(extra or ())])


@pytest.mark.parametrize("name, target, extra, allowed", MATRIX)
def test_permission_matrix(
    request, client, evaluated, decision, participation, name, target, extra, allowed
):
    obj = {
        "participation": participation,
        "campaign": participation.campaign,
        "decision": decision,
    }[target]
    url = _url(name, obj, extra)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    for persona in PERSONAS:
        user = request.getfixturevalue(persona)
        client.force_login(user)
        status = client.get(url).status_code
        assert status == (200 if persona in allowed else 404), (persona, status)
        client.logout()


def test_download_is_an_attachment_with_the_documents_name(
    client, head_a, assessment, participation
):
    client.force_login(head_a)
    response = client.get(
        _url("documents:assessment_download", participation, ("bien-ban-tu-danh-gia", "pdf"))
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="bien-ban-tu-danh-gia-T01-2025-2026.pdf"'
    )
    assert response.content.startswith(b"%PDF")


def test_unknown_format_is_404(client, head_a, assessment, participation):
    client.force_login(head_a)
    url = _url("documents:assessment_download", participation, ("bien-ban-tu-danh-gia", "odt"))
    assert client.get(url).status_code == 404


def test_minutes_without_external_evaluation_explain_why(
    client, officer_x, assessment, participation
):
    client.force_login(officer_x)
    url = _url("documents:assessment_download", participation, ("bien-ban-danh-gia-ngoai", "pdf"))
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == _url("documents:assessment", participation, None)
    assert "chưa được đánh giá ngoài" in response.content.decode()


def test_head_writes_the_reports_sections_and_it_is_audited(
    client, head_a, assessment, participation
):
    assessment.state = AssessmentState.DRAFT
    assessment.save()
    client.force_login(head_a)
    url = _url("documents:report_narrative", participation, None)
    response = client.post(
        url,
        {
            "difficulties": "Thiếu thiết bị.",
            "proposals": "Bổ sung kinh phí.",
            "revision-difficulties": "0",
            "revision-proposals": "0",
        },
    )
    assert response.status_code == 302
    narrative = ReportNarrative.objects.get(assessment=assessment)
    assert narrative.difficulties == "Thiếu thiết bị." and narrative.updated_by == head_a
    audit = AuditRecord.objects.get(action="assessment.report_narrative")
    assert audit.actor == head_a
    assert audit.before == {"difficulties": "", "proposals": ""}
    assert audit.after == {"difficulties": "Thiếu thiết bị.", "proposals": "Bổ sung kinh phí."}


def test_sections_cannot_change_once_approved(client, head_a, assessment, participation):
    assert assessment.state == AssessmentState.APPROVED
    client.force_login(head_a)
    url = _url("documents:report_narrative", participation, None)
    page = client.get(url).content.decode()
    assert "disabled" in page
    response = client.post(url, {"difficulties": "Đổi sau khi phê duyệt."})
    assert response.status_code == 400
    assert "không sửa được báo cáo" in response.content.decode()
    assert not ReportNarrative.objects.filter(difficulties__contains="Đổi").exists()
    assert not AuditRecord.objects.filter(action="assessment.report_narrative").exists()


def test_bad_submission_keeps_what_was_typed(client, head_a, assessment, participation):
    client.force_login(head_a)
    url = _url("documents:report_narrative", participation, None)
    response = client.post(url, {"directions": "Nội dung đã gõ."})
    assert response.status_code == 400
    assert "Nội dung đã gõ." in response.content.decode()


def _render_partial(name, user, **context):
    request = RequestFactory().get("/")
    request.user = user
    template = engines["django"].from_string(f'{{% include "documents/{name}" %}}')
    return template.render({**context, "request": request}, request)


def test_assessment_partial_lists_what_the_user_may_download(
    evaluated, participation, head_a, officer_x
):
    mine = _render_partial("_assessment_documents.html", head_a, participation=participation)
    assert "Biên bản tự đánh giá" in mine and "Biên bản kiểm tra, đánh giá ngoài" not in mine
    theirs = _render_partial("_assessment_documents.html", officer_x, participation=participation)
    assert "Biên bản kiểm tra, đánh giá ngoài" in theirs and "/van-ban/tu-danh-gia/" in theirs


def test_campaign_partial_is_empty_for_a_school(decision, participation, head_a, officer_x):
    campaign = participation.campaign
    assert "Kế hoạch triển khai" not in _render_partial(
        "_campaign_documents.html", head_a, campaign=campaign
    )
    page = _render_partial("_campaign_documents.html", officer_x, campaign=campaign)
    assert "Kế hoạch triển khai" in page and "Dự thảo quyết định công nhận" in page
    assert "Quyết định công nhận mức độ chuyển đổi số (kèm danh sách) — số 126/QĐ-UBND" in page
    assert f"/van-ban/quyet-dinh-cong-nhan/{decision.pk}/quyet-dinh-cong-nhan.pdf" in page


def test_decision_partial_links_the_decision_and_its_certificates(decision, officer_x, head_a):
    page = _render_partial("_decision_documents.html", officer_x, decision=decision)
    assert f"/van-ban/quyet-dinh-cong-nhan/{decision.pk}/giay-chung-nhan.docx" in page
    assert _render_partial("_decision_documents.html", head_a, decision=decision).strip() == ""


def test_a_broken_replacement_template_is_reported_not_a_server_error(
    client, settings, tmp_path, head_a, assessment, participation
):
    (tmp_path / "approval_decision.html").write_text("{{ khong_co_bien_nay }}", encoding="utf-8")
    settings.DOCUMENT_TEMPLATES_DIR = str(tmp_path)
    client.force_login(head_a)
    url = _url("documents:assessment_download", participation, ("quyet-dinh-phe-duyet", "pdf"))
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert "có lỗi" in response.content.decode()


def test_a_large_batch_of_certificates_is_made_by_a_background_job(
    client, decision, campaign, officer_x, head_a, settings
):
    from edudx.core.models import ExportJob, JobState

    settings.DOCUMENT_DIRECT_PAGES = 0  # every batch counts as large here
    client.force_login(officer_x)
    url = f"/van-ban/dot-danh-gia/{campaign.pk}/giay-chung-nhan.pdf"
    page = client.get(url)  # opening the link only offers the job: reading never writes
    assert page.status_code == 200 and not ExportJob.objects.exists()
    assert 'method="post"' in page.content.decode()
    response = client.post(url)
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/bang-tinh/tac-vu/{job.pk}/"
    assert job.state == JobState.DONE and (job.done, job.total) == (1, 1)
    download = client.get(f"/bang-tinh/tac-vu/{job.pk}/tai-ve/")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(head_a)  # the school may not fetch the authority's batch
    assert client.get(f"/bang-tinh/tac-vu/{job.pk}/tai-ve/").status_code == 404


def test_a_single_certificate_is_still_made_at_once(client, decision, officer_x, settings):
    settings.DOCUMENT_DIRECT_PAGES = 50
    client.force_login(officer_x)
    response = client.get(f"/van-ban/quyet-dinh-cong-nhan/{decision.pk}/giay-chung-nhan.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_team_members_print_the_external_minutes_of_their_institutions(
    client, evaluated, participation, tree
):
    from django.contrib.auth import get_user_model

    member = get_user_model().objects.get(username="lechan.thanhvien")  # a team member only
    client.force_login(member)
    url = f"/van-ban/tu-danh-gia/{participation.pk}/bien-ban-danh-gia-ngoai.docx"
    assert client.get(url).status_code == 200
    other = participation.campaign.participations.get(institution=tree["T02"])
    other_team = other.team_assignment.team
    other.team_assignment.delete()  # T02 no longer evaluated by this team
    assert other_team.members.filter(user=member).exists()
    assert (
        client.get(f"/van-ban/tu-danh-gia/{other.pk}/bien-ban-danh-gia-ngoai.docx").status_code
        == 404
    )


def test_the_form_asks_for_its_document_list_and_gets_only_the_list(
    client, evaluated, participation, head_a
):
    """The form carries a link and asks (htmx, when scrolled to) for the list: the same address
    answers the list alone to htmx and the whole page otherwise, varying on HX-Request."""
    client.force_login(head_a)
    form = client.get(f"/tu-danh-gia/{participation.pk}/").content.decode()
    address = f"/van-ban/tu-danh-gia/{participation.pk}/"
    assert f'hx-get="{address}"' in form and "Biên bản tự đánh giá" not in form
    part = client.get(address, HTTP_HX_REQUEST="true")
    assert "Biên bản tự đánh giá" in part.content.decode()
    assert "<html" not in part.content.decode() and "HX-Request" in part["Vary"]
    whole = client.get(address)
    assert "<html" in whole.content.decode() and "Biên bản tự đánh giá" in whole.content.decode()
