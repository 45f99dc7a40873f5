"""An authority's guidance per criterion: published from its Excel sheet (all rows or none, row
errors in Vietnamese), versioned per school year, audited, scoped to the authority's own roles;
a commune's schools see their department's guidance and the commune's additions beside each
criterion, the evaluator too, the evidence form offers the suggestions, documents cite the letter."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from edudx.core.models import AuditRecord
from edudx.core.revisions import StaleEdit
from edudx.guidance import services
from edudx.guidance.models import Guidance
from edudx.guidance.sheet import COLUMNS, SHEET, SheetProblems

pytestmark = pytest.mark.django_db
LETTER = dt.date(2025, 9, 5)


def sheet(rows, header=None) -> bytes:
    header = header or tuple(COLUMNS.values())
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = sheet(
    [
        ("1.4", "Học liệu số do giáo viên tự xây dựng", "Danh sách học liệu\nĐường link kho học liệu", "Bài giảng e-learning"),
        ("2.1", "", "Kế hoạch chuyển đổi số", ""),
    ]
)  # fmt: skip


def publish(unit, user, data=GOOD, number="873/SGDĐT-VP", revision=0, year="2025-2026"):
    return services.publish(
        unit, school_year=year, framework_code="4725", letter_number=number,
        letter_date=LETTER, data=data, revision=revision, by=user,
    )  # fmt: skip


def test_department_publishes_and_the_commune_inherits_and_adds(
    tree, bundled_frameworks, dept_admin, officer_x
):
    publish(tree["S01"], dept_admin)
    publish(tree["X01"], officer_x, sheet([("1.4", "", "Sổ theo dõi học liệu", "")]), "12/UBND")
    guide = services.guidance_for(tree["X01"], "2025-2026", "4725")
    blocks = guide["1.4"].blocks
    assert [b.authority for b in blocks] == ["Sở GDĐT Hải Phòng", "UBND phường Lê Chân"]
    assert guide["1.4"].evidence == [
        "Danh sách học liệu", "Đường link kho học liệu", "Sổ theo dõi học liệu",
    ]  # fmt: skip
    assert guide["2.1"].blocks[0].letter == "873/SGDĐT-VP ngày 05/09/2025"
    # a school directly under the department sees only the department's
    assert len(services.guidance_for(tree["S01"], "2025-2026", "4725")["1.4"].blocks) == 1
    # another school year has its own version
    assert services.guidance_for(tree["X01"], "2026-2027", "4725") == {}


def test_bad_rows_are_all_reported_and_nothing_is_published(tree, bundled_frameworks, dept_admin):
    bad = sheet(
        [("9.9", "x", "", ""), ("1.4", "", "", ""), ("2.1", "a", "", ""), ("2.1", "b", "", "")]
    )
    with pytest.raises(SheetProblems) as exc:
        publish(tree["S01"], dept_admin, bad)
    assert exc.value.problems == [
        "Dòng 2: không có tiêu chí '9.9' trong bộ chỉ số (các tiêu chí: "
        + ", ".join(services.criteria_of("4725")) + ").",
        "Dòng 5: tiêu chí 2.1 đã có ở dòng 4.",
    ]  # fmt: skip
    assert not Guidance.objects.exists()


def test_a_sheet_without_any_guidance_is_refused(tree, bundled_frameworks, dept_admin):
    with pytest.raises(SheetProblems) as exc:
        publish(tree["S01"], dept_admin, sheet([("1.4", "", "", "")]))
    assert exc.value.problems[0].startswith("Tệp không có hướng dẫn cho tiêu chí nào")


def test_a_sheet_without_the_criterion_column_is_refused(tree, bundled_frameworks, dept_admin):
    with pytest.raises(SheetProblems) as exc:
        publish(tree["S01"], dept_admin, sheet([("x",)], header=("Nội hàm",)))
    assert exc.value.problems == ["Dòng 1: thiếu cột Tiêu chí."]


def test_republishing_replaces_is_audited_and_refuses_a_stale_page(
    tree, bundled_frameworks, dept_admin
):
    g = publish(tree["S01"], dept_admin)
    assert g.revision == 1
    g = publish(tree["S01"], dept_admin, sheet([("1.1", "Mới", "", "")]), "900/SGDĐT", revision=1)
    assert [e.criterion for e in g.entries.all()] == ["1.1"] and g.revision == 2
    audit = AuditRecord.objects.filter(action="guidance.publish").order_by("pk")
    assert audit.count() == 2 and "1.4" in audit.last().before["criteria"]
    with pytest.raises(StaleEdit):
        publish(tree["S01"], dept_admin, revision=1)


def test_the_guidance_page_publishes_from_an_upload_and_exports(
    client, tree, bundled_frameworks, dept_admin
):
    client.force_login(dept_admin)
    url = "/huong-dan/don-vi/S01/?nam-hoc=2025-2026"
    upload = io.BytesIO(GOOD)
    upload.name = "huong-dan.xlsx"
    response = client.post(
        url,
        {"letter_number": "873/SGDĐT-VP", "letter_date": "05/09/2025", "revision": "0", "file": upload},
    )  # fmt: skip
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "873/SGDĐT-VP" in html and "Đường link kho học liệu" in html
    data = client.get("/huong-dan/don-vi/S01/xuat/?nam-hoc=2025-2026").content
    ws = load_workbook(io.BytesIO(data))[SHEET]
    rows = {r[0]: r for r in ws.iter_rows(values_only=True)}
    assert rows["1.4"][2] == "Danh sách học liệu\nĐường link kho học liệu"
    # the exported sheet imports back to the same guidance
    g = publish(tree["S01"], dept_admin, data, revision=1)
    assert services.snapshot(g)["criteria"]["1.4"]["evidence"] == [
        "Danh sách học liệu", "Đường link kho học liệu",
    ]  # fmt: skip


def test_the_guidance_page_shows_row_errors(client, tree, bundled_frameworks, dept_admin):
    client.force_login(dept_admin)
    upload = io.BytesIO(sheet([("9.9", "x", "", "")]))
    upload.name = "x.xlsx"
    response = client.post(
        "/huong-dan/don-vi/S01/",
        {"letter_number": "1/X", "letter_date": "05/09/2025", "revision": "0", "file": upload},
    )
    assert response.status_code == 400
    assert "Dòng 2: không có tiêu chí" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "unit", "status"),
    [
        ("dept_admin", "S01", 200),
        ("officer_x", "X01", 200),
        ("dept_admin", "X01", 200),  # a department's role covers the communes under it
        ("officer_x", "S01", 404),
        ("officer_y", "X01", 404),
        ("head_a", "T01", 404),
        ("teacher", "X01", 404),
        ("viewer_s", "S01", 404),
    ],
)
def test_only_the_authority_roles_reach_the_guidance_page(
    client, request, bundled_frameworks, persona, unit, status
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/huong-dan/don-vi/{unit}/").status_code == status


def test_the_school_form_and_the_evidence_form_show_the_guidance(
    client, tree, dept_admin, teacher, participation
):
    publish(tree["S01"], dept_admin)
    client.force_login(teacher)
    html = client.get(f"/tu-danh-gia/{participation.pk}/").content.decode()
    assert 'id="guidance-1.4"' in html and "Học liệu số do giáo viên tự xây dựng" in html
    assert "☐</span> Danh sách học liệu" in html
    html = client.get(
        f"/tu-danh-gia/{participation.pk}/minh-chung/them/?criterion=1.4&goi-y=Danh+sách+học+liệu"
    ).content.decode()
    assert 'value="Danh sách học liệu"' in html and "Đường link kho học liệu" in html


def test_documents_cite_the_guidance_letters(tree, dept_admin, officer_x, participation):
    from edudx.documents.authority.campaign import CampaignData
    from edudx.documents.institution import AssessmentData

    publish(tree["S01"], dept_admin)
    publish(tree["X01"], officer_x, number="12/UBND")
    bases = CampaignData(participation.campaign).framework_bases()
    assert bases[1] == "Căn cứ Công văn số 873/SGDĐT-VP ngày 05/09/2025 của Sở GDĐT Hải Phòng;"
    assert bases[2].startswith("Căn cứ Công văn số 12/UBND")
    assert (
        AssessmentData(participation)
        .base()["guidance_bases"][0]
        .startswith("Công văn số 873/SGDĐT-VP")
    )


def test_the_word_document_prints_the_guidance_basis(tree, dept_admin, participation):
    import docx

    from edudx.documents import registry

    publish(tree["S01"], dept_admin)
    _, _, data = registry.render_document("council_decision", participation, "docx")
    lines = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    i = next(i for i, t in enumerate(lines) if t.startswith("Căn cứ Quyết định số 4725"))
    assert lines[i + 1] == (
        "Căn cứ Công văn số 873/SGDĐT-VP ngày 05/09/2025 của Sở GDĐT Hải Phòng;"
    )


def test_an_authority_and_the_authorities_above_it_are_read_in_one_query(
    tree, django_assert_num_queries
):
    """The ministry above the department is not an authority whose guidance applies; the chain
    stops there."""
    commune = type(tree["X01"]).objects.get(pk=tree["X01"].pk)  # nothing above it in hand
    with django_assert_num_queries(1):
        assert services.chain(commune) == [tree["S01"], tree["X01"]]
    with django_assert_num_queries(1):
        assert services.chain(tree["S02"]) == [tree["S02"]]
