"""The change history reads as Vietnamese: one change of each kind, and not one raw value on the
page — no JSON braces, no True/False/None, no ISO date, no storage path, no code without its
name."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from edudx.assessments import council, workflow
from edudx.assessments.evidence.changes import add_evidence, remove_evidence, update_evidence
from edudx.assessments.facts import assessment_for, save_fact
from edudx.assessments.history_format import FIELDS, Formatter
from edudx.assessments.transitions import transition
from edudx.core.models import AuditRecord, record
from edudx.documents.models import SECTIONS

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
RAW = ("{", "}", "True", "False", "None", "2026-05-31", "evidence/", "rented", "self_built")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def one_change_of_each_kind(participation, head, teacher, officer):
    """Facts, evidence, council, report sections, state changes, extension, a return, a workbook."""
    a = assessment_for(participation)
    save_fact(a, "1.4.1", 12, revision=0, by=teacher)
    save_fact(
        a,
        "1.3.2",
        True,
        revision=0,
        by=teacher,
        details={"software_name": "K12Online", "provenance": "rented", "link": "https://k12.vn"},
    )
    save_fact(a, "1.1", True, revision=0, by=teacher, details={"document_date": "31/05/2026"})
    save_fact(a, "1.6.2", None, revision=0, by=teacher, details={"part": "3", "whole": "4"})
    ev = add_evidence(
        a,
        by=teacher,
        title="Quyết định",
        criteria=["1.3"],
        issued_on=dt.date(2026, 5, 31),
        upload=SimpleUploadedFile("quyet-dinh.pdf", PDF, content_type="application/pdf"),
    )
    update_evidence(ev, by=teacher, title="Quyết định số 1", criteria=["1.3", "1.4"])
    remove_evidence(
        add_evidence(a, by=teacher, title="Link", criteria=["1.4"], url="https://a.vn"), by=teacher
    )
    member = council.add_member(a, teacher, "member", by=head)
    council.assign_criterion(a, "1.3", member, by=head)
    council.change_member(member, position="secretary", job_title="Giáo viên", by=head)
    record(  # the shape documents/services.py writes
        "assessment.report_narrative",
        a,
        actor=head,
        before={"directives": ""},
        after={"directives": "Đã triển khai"},
        note="directives",
    )
    record(  # the shape workbooks/services.py writes
        "assessment.workbook_upload", a, actor=teacher, after={"items": ["1.4.1"]}, note="1 mục"
    )
    record(  # the shape reviews/services.py writes on a return
        "review.return",
        a,
        actor=officer,
        after={"round": 1, "comments": {"1.4": "Thiếu"}, "due": "2026-05-31"},
        note="Bổ sung",
    )
    council.remove_member(member, by=head)
    transition(a, "approve", by=head, check=lambda _a: None)
    transition(a, "submit", by=head, check=lambda _a: None)
    a.refresh_from_db()
    camp = participation.campaign
    workflow.extend_deadline(
        a, camp.self_assessment_due + dt.timedelta(days=1), by=officer, reason="Mưa bão"
    )
    return a


def test_history_page_shows_no_raw_value(client, participation, head_a, teacher, officer_x):
    a = one_change_of_each_kind(participation, head_a, teacher, officer_x)
    assert AuditRecord.objects.filter(object_id=str(a.pk)).count() >= 15
    client.force_login(head_a)
    body = client.get(f"/tu-danh-gia/{participation.pk}/lich-su/").content.decode()
    table = body[body.index("<table") : body.index("</table>")]
    for raw in RAW:
        assert raw not in table, raw
    stored = a.evidence.get(code="[1.3-01]").file.name.rsplit("/", 1)[-1]
    assert stored not in table  # the storage name; the file's own name is shown
    assert "(trống) → (trống)" not in table
    for words in (
        "Thuê",
        "31/05/2026",
        "quyet-dinh.pdf",
        "Có",
        "(trống)",
        "Thư ký",
        "Nguồn gốc",
        "Tên phần mềm / giải pháp",
        "I.1. Triển khai các văn bản chỉ đạo",
        "Gia hạn đến",
    ):
        assert words in table, words
    fw = participation.version.framework()
    item = fw.fact_codes()["1.4.1"].title
    criterion = next(c for c in fw.criteria() if c.code == "1.4").title
    assert f"1.4.1 — {item}" in table and f"1.4 — {criterion}" in table


def test_unknown_keys_are_humanised_and_nested_values_flattened():
    class R:
        action, note = "something.new", ""
        before = None
        after = {"odd_key": {"inner": True}, "when": "2026-05-31T08:30:00+07:00"}

    rows = Formatter().changes(R)
    assert rows == [
        ("Odd key — Inner", "(trống)", "Có"),
        ("When", "(trống)", "31/05/2026 08:30"),
    ]


def test_report_section_labels_match_the_documents():
    assert all(FIELDS[name] == label for name, label in SECTIONS)
