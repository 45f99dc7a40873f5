"""Signed copies: the head (institution documents) or an officer (the authority's) uploads the
scan of an issued document as a PDF; it is kept beside the generated one, audited, shown to
whoever may download the document, and a published decision is offered to the public signed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from edudx.core.models import AuditRecord
from edudx.documents.models import SignedCopy

SCAN = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def scan(name="ban-ky.pdf", data=SCAN):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def upload_url(scope, pk, slug):
    return f"/van-ban/ban-ky/{scope}/{pk}/{slug}/"


def test_head_uploads_the_signed_approval_and_the_officer_sees_it(
    client, assessment, participation, head_a, officer_x, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(head_a)
    url = upload_url("assessment", participation.pk, "quyet-dinh-phe-duyet")
    assert client.get(url).status_code == 200
    response = client.post(url, {"file": scan()})
    assert response.status_code == 302
    copy = SignedCopy.objects.get()
    assert (copy.kind, copy.scope, copy.object_id) == (
        "approval_decision",
        "assessment",
        participation.pk,
    )
    assert copy.file.read() == SCAN and copy.uploaded_by == head_a
    audit = AuditRecord.objects.get(action="document.signed_copy")
    assert audit.after["sha256"] == copy.sha256 and audit.actor == head_a

    client.force_login(officer_x)
    page = client.get(f"/van-ban/tu-danh-gia/{participation.pk}/").content.decode()
    assert f"/van-ban/ban-ky/{copy.pk}.pdf" in page
    response = client.get(f"/van-ban/ban-ky/{copy.pk}.pdf")
    assert response.status_code == 200 and b"".join(response.streaming_content) == SCAN
    assert response["Content-Disposition"].endswith('-ban-ky.pdf"')


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("ban-ky.docx", b"PK\x03\x04whatever", "phải là tệp PDF"),
        ("ban-ky.pdf", b"MZ\x90\x00 a program renamed", "không phải tệp PDF"),
        ("ban-ky.pdf", b"", "trống"),
    ],
)
def test_only_a_real_pdf_is_kept(
    client, assessment, participation, head_a, name, data, says, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(head_a)
    url = upload_url("assessment", participation.pk, "quyet-dinh-phe-duyet")
    response = client.post(url, {"file": scan(name, data)})
    assert response.status_code == 400 and (says in response.content.decode() or not data)
    assert not SignedCopy.objects.exists()


def test_a_scan_over_the_size_bound_is_refused(
    client, assessment, participation, head_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.EVIDENCE_MAX_UPLOAD_MB = 1
    client.force_login(head_a)
    url = upload_url("assessment", participation.pk, "quyet-dinh-phe-duyet")
    response = client.post(url, {"file": scan(data=SCAN + b"0" * (1024 * 1024 + 1))})
    assert response.status_code == 400 and "vượt quá giới hạn" in response.content.decode()
    assert not SignedCopy.objects.exists()


def test_who_may_keep_a_signed_copy(
    client, evaluated, participation, teacher, officer_y, head_a, officer_x
):
    approval = upload_url("assessment", participation.pk, "quyet-dinh-phe-duyet")
    minutes = upload_url("assessment", participation.pk, "bien-ban-danh-gia-ngoai")
    for user, url, expected in (
        (teacher, approval, 404),  # the head signs, not the staff
        (officer_y, approval, 404),  # another authority
        (head_a, minutes, 404),  # the authority's document
        (officer_x, minutes, 200),
    ):
        client.force_login(user)
        assert client.get(url).status_code == expected, (user, url)


def test_a_draft_and_a_document_not_yet_issued_take_no_signed_copy(
    client, assessment, participation, officer_x, campaign, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(officer_x)
    assert (
        client.get(upload_url("campaign", campaign.pk, "du-thao-quyet-dinh-cong-nhan")).status_code
        == 404
    )
    response = client.post(
        upload_url("assessment", participation.pk, "bien-ban-danh-gia-ngoai"), {"file": scan()}
    )
    assert response.status_code == 400 and "chưa ban hành" in response.content.decode()
    assert not SignedCopy.objects.exists()


def test_published_decision_is_offered_signed_to_the_public(
    client, decision, officer_x, participation, tmp_path, settings
):
    from edudx.recognition.services import publish_decision

    settings.MEDIA_ROOT = tmp_path
    client.force_login(officer_x)
    url = upload_url("decision", decision.pk, "quyet-dinh-cong-nhan")
    assert client.post(url, {"file": scan()}).status_code == 302
    client.logout()
    public = f"/van-ban/cong-khai/quyet-dinh/{decision.pk}/ban-ky.pdf"
    assert client.get(public).status_code == 404  # not published yet
    publish_decision(decision, by=officer_x)
    response = client.get(public)
    assert response.status_code == 200 and b"".join(response.streaming_content) == SCAN
    page = client.get(f"/cong-khai/co-so/{participation.institution.code}/").content.decode()
    assert public in page


def test_upload_is_offered_only_for_documents_already_issued(assessment, participation, officer_x):
    from edudx.documents.views import links

    offered = {d["code"] for d in links(officer_x, participation) if d["upload_url"]}
    assert "approval_decision" not in offered  # the head's, not the officer's
    assert not offered & {"external_minutes", "team_report", "supplement_request", "certificate"}
