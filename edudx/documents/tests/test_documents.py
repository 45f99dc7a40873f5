"""Every official document, made from the fixture's assessment as Word and as PDF, read back as
text: the national emblem lines, the issuing unit, the number and the place/date line, the title,
the names, points and levels — and no placeholder left unrendered."""

import datetime as dt
import io

import pypdfium2
import pytest

from edudx.assessments.facts import assessment_result
from edudx.assessments.models import AssessmentState
from edudx.documents import common, registry
from edudx.documents.tests.textual import docx_text, flat, pdf_text
from edudx.frameworks.schema import fmt
from edudx.reviews.results import external_result

NATION = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
SCHOOL = "TRƯỜNG TIỂU HỌC LÊ LỢI"
COMMUNE = "ỦY BAN NHÂN DÂN PHƯỜNG LÊ CHÂN"  # two bold lines of the header
TEACHING = "Chuyển đổi số trong dạy, học"

# kind → (issuing unit, number line, title, phrases the body must hold)
EXPECTED = {
    "council_decision": (
        SCHOOL,
        "Số: …/QĐ-THLL",
        "QUYẾT ĐỊNH",
        ["Thành lập Hội đồng tự đánh giá", "Nguyễn Văn An", "Chủ tịch Hội đồng", "Trần Thị Bình"],
    ),
    "self_minutes": (
        SCHOOL,
        "Số: …/BB-THLL",
        "BIÊN BẢN",
        [
            "Nguyễn Văn An",
            "Trần Thị Bình",
            "[1.4-01]",
            "Mức 2",
            "Lê Chân, ngày 04 tháng 5 năm 2026",
        ],
    ),
    "approval_decision": (
        SCHOOL,
        "Số: …/QĐ-THLL",
        "QUYẾT ĐỊNH",
        ["Phê duyệt kết quả tự đánh giá", "Nguyễn Văn An"],
    ),
    "evaluation_request": (SCHOOL, "Số: …/TTr-THLL", "TỜ TRÌNH", ["Kính gửi: UBND phường Lê Chân"]),
    "report": (
        SCHOOL,
        "Số: …/BC-THLL",
        "BÁO CÁO",
        [
            "I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO",
            "II. KẾT QUẢ THỰC HIỆN",
            "III. KHÓ KHĂN, VƯỚNG MẮC",
            "IV. PHƯƠNG HƯỚNG",
            "V. ĐỀ XUẤT, KIẾN NGHỊ",
        ],
    ),
    "evidence_catalogue": (
        SCHOOL,
        None,  # a list kept with the file carries no number
        "DANH MỤC MINH CHỨNG",
        ["[1.4-01]", "Kế hoạch tổ chức dạy học trực tuyến", "12/KH-THLL", "[1.6-01]"],
    ),
    "external_minutes": (
        COMMUNE,
        "Số: …/BB-UBND",
        "BIÊN BẢN",
        ["Lê Cường", "Trưởng đoàn", "Phạm Thu Hà", "Số học liệu thực tế thấp hơn", "(*)"],
    ),
    "supplement_request": (
        COMMUNE,
        "Số: …/UBND",
        "V/v yêu cầu bổ sung hồ sơ",
        [
            "Kính gửi: Trường Tiểu học Lê Lợi",
            "(lần 1)",
            "Hồ sơ thiếu minh chứng cho tiêu chí 1.4",
            "Bổ sung kế hoạch dạy học",
            "trước ngày 20/05/2026",
        ],
    ),
    "team_report": (
        COMMUNE,
        "Số: …/BC-UBND",
        "BÁO CÁO",
        [
            "Kính gửi: UBND phường Lê Chân",
            "Lê Cường",
            "Phạm Thu Hà",
            "Số học liệu thực tế thấp hơn",
            "(*)",
            "TRƯỞNG ĐOÀN",
        ],
    ),
    "certificate": (
        COMMUNE,
        "…/GCN-UBND",
        "GIẤY CHỨNG NHẬN",
        [SCHOOL, "KT. CHỦ TỊCH", "Hoàng Minh Đức", "số 126/QĐ-UBND ngày 15/06/2026"],
    ),
    "campaign_plan": (
        COMMUNE,
        "Số: …/KH-UBND",
        "KẾ HOẠCH",
        ["Phụ lục", "Thời gian thực hiện", "Chậm nhất ngày 31/05/2026", "Trường Tiểu học Lê Lợi"],
    ),
    "team_decision": (
        COMMUNE,
        "Số: …/QĐ-UBND",
        "QUYẾT ĐỊNH",
        ["Đoàn số 1", "Lê Cường", "Trưởng đoàn", "Trường Tiểu học Lê Lợi", "KT. CHỦ TỊCH"],
    ),
    "recognition_draft": (
        COMMUNE,
        "Số: …/QĐ-UBND",
        "QUYẾT ĐỊNH",
        ["DỰ THẢO", "DANH SÁCH", "T02", "Trường TH&THCS Ngô Quyền", "KT. CHỦ TỊCH"],
    ),
    "recognition_decision": (
        COMMUNE,
        "Số: 126/QĐ-UBND",
        "QUYẾT ĐỊNH",
        [
            "Lê Chân, ngày 15 tháng 6 năm 2026",
            "DANH SÁCH",
            "T01",
            "Trường Tiểu học Lê Lợi",
            "đối với 1 cơ sở giáo dục",
            "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
            "Hoàng Minh Đức",
            "(Kèm theo Quyết định số 126/QĐ-UBND ngày 15 tháng 6 năm 2026",
        ],
    ),
    "certificates": (COMMUNE, "…/GCN-UBND", "GIẤY CHỨNG NHẬN", [SCHOOL, "Hoàng Minh Đức"]),
    "decision_certificates": (COMMUNE, "…/GCN-UBND", "GIẤY CHỨNG NHẬN", [SCHOOL]),
    "summary_report": (
        COMMUNE,
        "Số: …/BC-UBND",
        "BÁO CÁO",
        [
            "Kính gửi: Sở GDĐT Hải Phòng",
            "Trường Tiểu học Lê Lợi",
            "Đã được công nhận",
            "Trường TH&THCS Ngô Quyền",
            "Đã đánh giá ngoài",
        ],
    ),
}
WITHOUT_RECIPIENTS = {"certificate", "certificates", "decision_certificates"}


def _text(data: bytes, file_format: str) -> str:
    return flat(docx_text(data) if file_format == "docx" else pdf_text(data))


def _figures(kind, assessment, evaluation) -> list[str]:
    """The points and level each document must show, as the engine computes them."""
    own = assessment_result(assessment).groups
    ext = external_result(evaluation).groups
    teaching_own, teaching_ext = fmt(own["1"].points), fmt(ext["1"].points)
    level = f"Mức độ {ext['1'].level} (Chưa đáp ứng)"
    return {
        "self_minutes": [f"{teaching_own}/100 điểm", f"Mức độ {own['1'].level}"],
        "approval_decision": [f"{teaching_own}/100", f"Mức độ {own['1'].level}"],
        "evaluation_request": [f"{teaching_own}/100"],
        "report": [f"{TEACHING}: {teaching_own} điểm", f"{teaching_own}/100"],
        "external_minutes": [f"{TEACHING}: {teaching_ext} điểm", level],
        "recognition_decision": [f"Mức độ {ext['1'].level} ({teaching_ext} điểm)"],
        "certificate": [f"{TEACHING}: {level}"],
        "certificates": [f"{TEACHING}: {level}"],
        "decision_certificates": [f"{TEACHING}: {level}"],
        "summary_report": [f"Mức độ {ext['1'].level} ({teaching_ext} điểm)"],
    }.get(kind, [])


@pytest.mark.parametrize("file_format", ["docx", "pdf"])
@pytest.mark.parametrize("code", list(EXPECTED))
def test_document_carries_the_official_form_names_points_and_levels(
    code, file_format, evaluated, decision, assessment, participation
):
    kind = registry.KINDS[code]
    obj = {
        registry.ASSESSMENT: participation,
        registry.CAMPAIGN: participation.campaign,
        registry.DECISION: decision,
    }[kind.scope]
    filename, _mimetype, data = registry.render_document(kind, obj, file_format)
    assert filename.endswith(f".{file_format}") and len(data) > 1000
    text = _text(data, file_format)
    unit, number, title, phrases = EXPECTED[code]
    for line in NATION:
        assert line in text
    assert unit in flat(text)
    if number is None:
        assert "Số:" not in text
    else:
        assert number in text
    assert "Lê Chân, ngày" in text
    assert title in text
    for phrase in phrases + _figures(code, assessment, evaluated):
        assert phrase in text, phrase
    if code not in WITHOUT_RECIPIENTS:
        assert "Nơi nhận" in text
    assert "{{" not in text and "{%" not in text and "%}" not in text


def test_pdf_page_is_drawn_not_blank(assessment, participation):
    _, _, data = registry.render_document("self_minutes", participation, "pdf")
    pdf = pypdfium2.PdfDocument(io.BytesIO(data))
    assert len(pdf) >= 2  # the score table runs onto a second page
    image = pdf[0].render(scale=0.5).to_pil().convert("L")
    dark = sum(image.histogram()[:128])
    assert dark / (image.width * image.height) > 0.005
    assert image.width < image.height  # A4 portrait


def test_report_shows_the_schools_own_sections(assessment, participation, head_a):
    from edudx.documents.services import save_narrative

    assessment.state = AssessmentState.DRAFT
    assessment.save()
    save_narrative(
        assessment,
        {
            "difficulties": "Thiếu máy tính cho học sinh.\nĐường truyền chậm.",
            "proposals": "Cấp thêm 20 máy tính.",
        },
        revisions={"difficulties": 0, "proposals": 0},
        by=head_a,
    )
    for file_format in ("docx", "pdf"):
        _, _, data = registry.render_document("report", participation, file_format)
        text = _text(data, file_format)
        assert "Thiếu máy tính cho học sinh." in text and "Đường truyền chậm." in text
        assert "Cấp thêm 20 máy tính." in text
        assert text.index("III. KHÓ KHĂN") < text.index("Thiếu máy tính") < text.index("IV. PHƯƠNG")


def test_recognition_documents_follow_the_decisions(evaluated, decision, campaign, tree, officer_x):
    from edudx.recognition.services import issue_decision

    # The draft lists who waits for recognition: T02, not T01 already recognised.
    _, _, data = registry.render_document("recognition_draft", campaign, "docx")
    text = docx_text(data)
    assert "Trường TH&THCS Ngô Quyền" in text and "Trường Tiểu học Lê Lợi" not in text
    other = campaign.participations.get(institution=tree["T02"]).assessment
    second = issue_decision(
        campaign,
        [other],
        number="127/QĐ-UBND",
        date=dt.date(2026, 6, 18),
        signer_name="Hoàng Minh Đức",
        signer_title="Chủ tịch",
        by=officer_x,
    )
    _, _, data = registry.render_document("recognition_decision", second, "docx")
    text = docx_text(data)
    assert "Số: 127/QĐ-UBND" in text and "Trường TH&THCS Ngô Quyền" in text
    assert "Trường Tiểu học Lê Lợi" not in text and "KT. CHỦ TỊCH" not in text
    # Every standing recognition of the campaign: one certificate page each, its own decision.
    _, _, pdf = registry.render_document("certificates", campaign, "pdf")
    assert len(pypdfium2.PdfDocument(io.BytesIO(pdf))) == 2
    text = flat(pdf_text(pdf))
    assert "số 126/QĐ-UBND ngày 15/06/2026" in text and "số 127/QĐ-UBND ngày 18/06/2026" in text
    with pytest.raises(registry.DocumentUnavailable):
        registry.render_document("recognition_draft", campaign, "pdf")


def test_external_minutes_need_an_external_evaluation(assessment, participation):
    with pytest.raises(registry.DocumentUnavailable):
        registry.render_document("external_minutes", participation, "pdf")


def test_a_template_in_the_override_directory_replaces_the_bundled_one(
    settings, tmp_path, assessment, participation
):
    import docx

    (tmp_path / "approval_decision.html").write_text(
        '{% extends "_base.html" %}{% block body %}<p>ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH</p>'
        "<p>{{ doc.unit_name }} — {{ institution }}</p>{% endblock %}",
        encoding="utf-8",
    )
    word = docx.Document()
    word.add_paragraph("MẪU CỦA TỈNH {{ doc.unit_name }}")
    word.save(tmp_path / "approval_decision.docx")
    settings.DOCUMENT_TEMPLATES_DIR = str(tmp_path)
    _, _, pdf = registry.render_document("approval_decision", participation, "pdf")
    assert "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH" in pdf_text(pdf)
    _, _, data = registry.render_document("approval_decision", participation, "docx")
    assert docx_text(data).strip() == f"MẪU CỦA TỈNH {SCHOOL}"
    # Files not overridden stay the bundled ones.
    _, _, data = registry.render_document("council_decision", participation, "docx")
    assert NATION[0] in docx_text(data)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Trường Tiểu học Lê Lợi", "THLL"),
        ("Trường THPT Trần Phú", "THPTTP"),
        ("Trường Mầm non Hoa Sen", "MNHS"),
        ("Trường Trung học cơ sở Đinh Tiên Hoàng", "THCSĐTH"),
    ],
)
def test_symbol_of_an_institution_is_its_initials(name, expected):
    from edudx.organizations.models import Unit, UnitKind

    assert common.symbol_of(Unit(name=name, kind=UnitKind.INSTITUTION, code="X")) == expected


def test_date_line_follows_decree_30():
    import datetime as dt

    assert common.date_line("Lê Chân", dt.date(2026, 2, 5)) == "Lê Chân, ngày 05 tháng 02 năm 2026"
    assert (
        common.date_line("Lê Chân", dt.date(2026, 11, 20)) == "Lê Chân, ngày 20 tháng 11 năm 2026"
    )
    assert common.date_line("Lê Chân", None).startswith("Lê Chân, ngày … tháng … năm ")


def test_place_is_the_commune_or_province_name(tree):
    assert common.place_name(tree["T01"]) == "Lê Chân"
    assert common.place_name(tree["T10"]) == "Hải Phòng"
    assert common.place_name(tree["X02"]) == "Nam Sách"


def test_word_and_pdf_pages_are_a4_with_the_decrees_margins_and_font(assessment, participation):
    import docx
    from pypdf import PdfReader

    _, _, data = registry.render_document("approval_decision", participation, "docx")
    document = docx.Document(io.BytesIO(data))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    normal = document.styles["Normal"].font
    assert normal.name == "Times New Roman" and normal.size.pt == 14
    _, _, pdf = registry.render_document("approval_decision", participation, "pdf")
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points


def test_bundled_word_templates_are_what_the_build_script_makes():
    from edudx.documents.render import BUNDLED_DOCX
    from scripts import build_document_templates as build_templates

    assert {p.stem for p in BUNDLED_DOCX.glob("*.docx")} == set(build_templates.BUILDERS)
    for name, build in build_templates.BUILDERS.items():
        made = io.BytesIO()
        build().save(made)
        assert docx_text(made.getvalue()) == docx_text((BUNDLED_DOCX / f"{name}.docx").read_bytes())


@pytest.mark.parametrize("file_format", ["docx", "pdf"])
def test_documents_of_an_untouched_assessment_render_with_blanks(file_format, campaign, tree):
    """No council, no facts, no evidence yet: every institution document still renders, with
    blanks for the clerk and no placeholder left."""
    participation = campaign.participations.get(institution=tree["T02"])
    for kind in registry.kinds(registry.ASSESSMENT):
        if kind.side != registry.INSTITUTION_SIDE:
            continue
        _, _, data = registry.render_document(kind, participation, file_format)
        text = _text(data, file_format)
        assert "TRƯỜNG TH&THCS NGÔ QUYỀN" in text
        assert ("Số: …/" in text) == (kind.code != "evidence_catalogue")
        assert "{{" not in text and "{%" not in text


def test_reports_count_only_finalised_evaluations_as_external(campaign, assessment):
    from edudx.documents.authority.campaign import campaign_results
    from edudx.reviews.models import Evaluation, EvaluationEntry

    evaluation = Evaluation.objects.create(assessment=assessment)  # the team is still at work
    EvaluationEntry.objects.create(evaluation=evaluation, code="1.4.1", value=0, comment="Nháp")
    (mine,) = [
        r for r in campaign_results(campaign) if r.participation.pk == assessment.participation_id
    ]
    assert mine.external is False
    evaluation.state = "final"
    evaluation.save()
    (mine,) = [
        r for r in campaign_results(campaign) if r.participation.pk == assessment.participation_id
    ]
    assert mine.external is True
