"""The summary report to the level above (Báo cáo tổng hợp): figures by state and level, by
education level, by authority (a department's campaign counts the campaigns cascaded to its local
authorities), and the difficulties and proposals the institutions wrote in their own reports."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import CAMPAIGN_YEAR
from edudx.assessments.campaigns import default_deadlines, open_campaign
from edudx.assessments.facts import assessment_result, start_assessment
from edudx.assessments.models import AssessmentState, FactEntry, Participation
from edudx.documents import registry
from edudx.documents.authority.summary_report import DOTS, summary_report
from edudx.documents.models import ReportNarrative
from edudx.documents.tests.conftest import FACTS
from edudx.documents.tests.textual import docx_text, flat, pdf_text

SO = "Sở GDĐT Hải Phòng"
LE_CHAN = "UBND phường Lê Chân"
KIEN_AN = "UBND phường Kiến An"


@pytest.fixture
def province(tree, bundled_frameworks, officer_x):
    """Sở Hải Phòng's campaign cascaded to UBND phường Lê Chân (T01, T02) and to a second commune,
    UBND phường Kiến An (T04, lower secondary); the Sở manages T10 (upper secondary) itself.
    T01 submitted, T04 recognised by Kiến An's decision, T02 and T10 not started; T01 and T04
    wrote their difficulties and proposals."""
    from edudx.organizations.models import UnitKind
    from edudx.organizations.services import create_unit
    from edudx.recognition.services import issue_decision
    from edudx.reviews.models import Evaluation

    tree["X03"] = create_unit(code="X03", name=KIEN_AN, kind=UnitKind.COMMUNE, parent=tree["S01"])
    tree["T04"] = create_unit(
        code="T04",
        name="Trường THCS Kiến An",
        kind=UnitKind.INSTITUTION,
        parent=tree["X03"],
        education_levels=["lower_secondary"],
    )
    v = bundled_frameworks["4725"]
    opened = open_campaign(
        authority=tree["S01"],
        school_year=CAMPAIGN_YEAR,
        versions={"primary": v, "lower_secondary": v, "upper_secondary": v},
        deadlines=default_deadlines(CAMPAIGN_YEAR),
        cascade=True,
    )
    children = {c.authority.code: c for c in opened.children}

    def started(campaign, code, state):
        a = start_assessment(campaign.participations.get(institution=tree[code]))
        for fact, value in FACTS.items():
            FactEntry.objects.create(assessment=a, code=fact, value=value, revision=1)
        a.state = state
        a.save()
        return a

    t01 = started(children["X01"], "T01", AssessmentState.SUBMITTED)
    t04 = started(children["X03"], "T04", AssessmentState.EVALUATED)
    Evaluation.objects.create(assessment=t04, state="final")
    issue_decision(
        children["X03"],
        [t04],
        number="15/QĐ-UBND",
        date=timezone.localdate(),
        signer_name="Đỗ Văn Hùng",
        signer_title="Phó Chủ tịch",
        by=officer_x,
    )
    ReportNarrative.objects.create(
        assessment=t01,
        difficulties="Thiếu máy tính cho học sinh.\nĐường truyền Internet chậm.",
        proposals="Đề nghị cấp bổ sung 20 máy tính.",
    )
    ReportNarrative.objects.create(
        assessment=t04,
        difficulties="Giáo viên lớn tuổi ngại dùng phần mềm.",
        proposals="Đề nghị mở lớp bồi dưỡng kỹ năng số cho giáo viên.",
    )
    return {"campaign": opened.campaign, "children": children, "t01": t01, "t04": t04}


def _levels(assessment):
    result = assessment_result(assessment)
    return result.groups["1"].level, result.groups["2"].level


def _first_lines(table):
    return {row["label"]: row for row in table if row["span"]}


def test_department_report_has_a_row_per_local_authority_and_counts_the_whole_province(province):
    data = summary_report(province["campaign"])
    rows = _first_lines(data["by_authority"])
    assert list(rows) == [f"{SO} (trực tiếp quản lý)", KIEN_AN, LE_CHAN, "Tổng cộng"]  # by name
    counts = {label: (r["count"], r["sent"], r["recognised"]) for label, r in rows.items()}
    assert counts == {
        f"{SO} (trực tiếp quản lý)": (1, 0, 0),
        LE_CHAN: (2, 1, 0),
        KIEN_AN: (1, 1, 1),
        "Tổng cộng": (4, 2, 1),
    }
    # Each authority has one line per criteria group; the levels are the institutions'.
    teaching_level, _ = _levels(province["t04"])
    kien_an = rows[KIEN_AN]
    assert kien_an["span"] == 2 and kien_an["group"] == "Chuyển đổi số trong dạy, học"
    assert kien_an[f"level{teaching_level}"] == 1
    le_chan = rows[LE_CHAN]
    assert le_chan["none"] == 1  # T02 not started
    # The totals are the province's: four institutions, every one in the overall tables.
    assert data["states"][-1] == {"label": "Tổng số", "count": 4}
    teaching = data["level_counts"][0]
    assert sum(teaching[k] for k in ("level1", "level2", "level3", "none")) == 4
    names = [r["name"] for r in data["rows"]]
    assert names[0] == "Trường THPT Trần Phú"  # the Sở's own institution first
    assert f"Trường Tiểu học Lê Lợi ({LE_CHAN})" in names
    assert f"Trường THCS Kiến An ({KIEN_AN})" in names
    assert "4 cơ sở giáo dục tham gia" in data["steps"][0]
    assert "Công nhận mức độ chuyển đổi số cho 1 cơ sở giáo dục." in data["steps"]


def test_report_counts_institutions_and_levels_by_education_level(province):
    data = summary_report(province["campaign"])
    lines = _first_lines(data["by_education"])
    assert {label: r["count"] for label, r in lines.items()} == {
        "Tiểu học": 2,  # T01, T02 (TH&THCS)
        "THCS": 2,  # T02, T04
        "THPT": 1,  # T10
    }
    assert list(lines) == ["Tiểu học", "THCS", "THPT"]  # the sector's order
    t01_teaching, t01_management = _levels(province["t01"])
    primary = [r for r in data["by_education"] if r["label"] in ("Tiểu học", "")][:2]
    assert primary[0]["group"] == "Chuyển đổi số trong dạy, học"
    assert primary[0][f"level{t01_teaching}"] == 1 and primary[0]["none"] == 1
    assert primary[1]["label"] == "" and primary[1]["count"] == ""
    assert primary[1][f"level{t01_management}"] == 1
    thpt = lines["THPT"]
    assert (thpt["level1"], thpt["level2"], thpt["level3"], thpt["none"]) == (0, 0, 0, 1)


@pytest.mark.parametrize("file_format", ["docx", "pdf"])
def test_difficulties_and_proposals_of_the_institutions_appear_under_their_names(
    province, file_format
):
    _, _, data = registry.render_document("summary_report", province["campaign"], file_format)
    text = flat(docx_text(data) if file_format == "docx" else pdf_text(data))
    assert "{{" not in text and "{%" not in text and "%}" not in text
    for phrase in (
        "Kết quả theo cấp học",
        "Kết quả theo cơ quan quản lý",
        KIEN_AN,
        "Tổng cộng",
        "THCS",
        "IV. KHÓ KHĂN, VƯỚNG MẮC",
        "V. ĐỀ XUẤT, KIẾN NGHỊ",
        f"Trường Tiểu học Lê Lợi ({LE_CHAN}): Thiếu máy tính cho học sinh.",
        "Đường truyền Internet chậm.",
        f"Trường THCS Kiến An ({KIEN_AN}): Giáo viên lớn tuổi ngại dùng phần mềm.",
        f"Trường Tiểu học Lê Lợi ({LE_CHAN}): Đề nghị cấp bổ sung 20 máy tính.",
        f"Trường THCS Kiến An ({KIEN_AN}): Đề nghị mở lớp bồi dưỡng kỹ năng số",
    ):
        assert phrase in text, phrase
    difficulties = text.index("IV. KHÓ KHĂN")
    proposals = text.index("V. ĐỀ XUẤT, KIẾN NGHỊ")
    assert difficulties < text.index("Thiếu máy tính") < proposals < text.index("bổ sung 20")
    assert DOTS not in text  # the institutions gave theirs: no line to fill by hand


@pytest.mark.parametrize("file_format", ["docx", "pdf"])
def test_a_local_authoritys_report_has_no_authority_table_and_dotted_lines_when_nothing_written(
    campaign, participation, file_format
):
    ReportNarrative.objects.create(  # blanks only: nothing said
        assessment=start_assessment(participation), difficulties=" \n  ", proposals="\n"
    )
    data = summary_report(campaign)
    assert data["by_authority"] == [] and data["difficulties"] == [] == data["proposals"]
    _, _, made = registry.render_document("summary_report", campaign, file_format)
    text = flat(docx_text(made) if file_format == "docx" else pdf_text(made))
    assert "theo cơ quan quản lý" not in text
    assert "3. Kết quả theo cấp học" in text and "4. Kết quả từng cơ sở giáo dục" in text
    assert "Trường Tiểu học Lê Lợi (" not in text  # one authority: names without it
    tail = text[text.index("IV. KHÓ KHĂN") :]
    assert tail.count(DOTS) == 2
    assert "{{" not in text and "{%" not in text


def test_department_report_queries_do_not_grow_with_institutions(province, tree):
    from edudx.organizations.models import UnitKind
    from edudx.organizations.services import create_unit

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            summary_report(province["campaign"])
        return len(ctx.captured_queries)

    before = queries()
    kien_an = province["children"]["X03"]
    for i in range(3):
        unit = create_unit(
            code=f"T5{i}",
            name=f"Trường THCS Số {i}",
            kind=UnitKind.INSTITUTION,
            parent=tree["X03"],
            education_levels=["lower_secondary"],
        )
        p = Participation.objects.create(
            campaign=kien_an, institution=unit, version=province["t04"].participation.version
        )
        a = start_assessment(p)
        FactEntry.objects.create(assessment=a, code="1.1", value=True, revision=1)
        ReportNarrative.objects.create(assessment=a, difficulties=f"Khó khăn {i}")
    assert queries() == before
    assert before < 25
