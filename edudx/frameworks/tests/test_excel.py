"""Excel import/export of an index in the annex layout (edudx.frameworks.excel and its commands)."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from edudx.frameworks import excel, loader, schema
from edudx.frameworks.models import FrameworkVersion


def bundled(code: str) -> schema.Framework:
    return loader.read_yaml(loader.DATA_DIR / f"{code}.yaml")


def edited(data: bytes, edits: dict[str, object], sheet: str = excel.MAIN) -> bytes:
    """The workbook with some cells of one sheet changed, as a person would in Excel."""
    wb = load_workbook(io.BytesIO(data))
    for ref, value in edits.items():
        wb[sheet][ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row_of(data: bytes, code: str, sheet: str = excel.MAIN) -> int:
    ws = load_workbook(io.BytesIO(data))[sheet]
    return next(c.row for c in ws["A"] if c.value == code)


def cell(data: bytes, ref: str, sheet: str = excel.MAIN):
    return load_workbook(io.BytesIO(data))[sheet][ref].value


def problems(data: bytes) -> list[str]:
    with pytest.raises(schema.FrameworkError) as exc:
        excel.read_xlsx(data, "tệp.xlsx")
    assert exc.value.source == "tệp.xlsx"
    return exc.value.problems


def workbook(main_rows: list[list], info: dict[str, object]) -> bytes:
    """A workbook typed from scratch in the documented layout, without any help from the export."""
    wb = Workbook()
    ws = wb.active
    ws.title = excel.MAIN
    ws.append(["BỘ CHỈ SỐ"])
    ws.append(list(excel.ANNEX_COLUMNS + excel.EXTRA_COLUMNS))
    for row in main_rows:
        ws.append(row)
    info_ws = wb.create_sheet(excel.INFO)
    for label, value in info.items():
        info_ws.append([label, value])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


PRESCHOOL_INFO = {
    "Mã bộ chỉ số": 3276,
    "Phiên bản": "2024.1",
    "Tên bộ chỉ số": "Bộ chỉ số mầm non",
    "Số quyết định": "3276/QĐ-BGDĐT",
    "Ngày ban hành": dt.datetime(2024, 10, 30),
    "Cấp học áp dụng": "Mầm non",
}


# --- Round trip --------------------------------------------------------------------------------


def test_export_then_import_4725_gives_identical_framework():
    fw = bundled("4725")
    back = excel.read_xlsx(excel.export_xlsx(fw), "4725.xlsx")
    assert schema.to_dict(back) == schema.to_dict(fw)
    assert back == fw


def test_export_then_import_3276_metadata_only_gives_identical_framework():
    fw = bundled("3276")
    back = excel.read_xlsx(excel.export_xlsx(fw), "3276.xlsx")
    assert schema.to_dict(back) == schema.to_dict(fw)
    assert back == fw
    assert back.complete is False


def test_warnings_of_the_decision_survive_and_name_their_cell():
    data = excel.export_xlsx(bundled("4725"))
    back = excel.read_xlsx(data, "4725.xlsx")
    (warning,) = back.warnings
    assert warning.startswith(f"Phụ lục!A{row_of(data, '2.3')}: tiêu chí 2.3:")


# --- Layout and wording ------------------------------------------------------------------------


def test_main_sheet_has_the_annex_columns_in_printed_order_then_labelled_extras():
    ws = load_workbook(io.BytesIO(excel.export_xlsx(bundled("4725"))))[excel.MAIN]
    header = next(r for r in ws.iter_rows(values_only=True) if r[0] == "STT")
    assert header[:6] == (
        "STT",
        "Tiêu chí",
        "Điểm tối đa",
        "Điểm thành phần",
        "Mức độ",
        "Ghi chú, minh chứng",
    )
    assert header[6:] == excel.EXTRA_COLUMNS


def test_exported_cells_read_like_the_annex():
    data = excel.export_xlsx(bundled("4725"))
    r = {code: row_of(data, code) for code in ("Nhóm 1", "1.1", "1.3", "1.3.1", "1.4.1", "1.6.1")}
    assert cell(data, f"B{r['Nhóm 1']}") == "Chuyển đổi số trong dạy, học"
    assert cell(data, f"C{r['Nhóm 1']}") == 100
    assert cell(data, f"C{r['1.1']}") == "Điều kiện bắt buộc"
    assert cell(data, f"F{r['1.1']}") == "Điều kiện bắt buộc"
    assert cell(data, f"C{r['1.3']}") == 30
    assert cell(data, f"D{r['1.3.1']}") == "Tối đa 6 điểm"
    assert cell(data, f"G{r['1.3.1']}") == "Có/Không"
    assert cell(data, f"E{r['1.3']}").splitlines() == [
        'Mức độ 1: dưới 10 điểm — "dưới 10 điểm"',
        'Mức độ 2: từ 10 đến 20 điểm — "từ 10 - 20 điểm"',
        'Mức độ 3: trên 20 điểm — "trên 20 điểm"',
    ]
    assert cell(data, f"D{r['1.6.1']}").splitlines() == [
        'Dưới 30%: tối đa 2 điểm — "<30%: tối đa 2 điểm"',
        'Từ 30% đến 60%: tối đa 4 điểm — "30%-60%: tối đa 4 điểm"',
        'Trên 60% đến 100%: tối đa 7 điểm — ">60%: tối đa 7 điểm"',
    ]
    assert cell(data, f"D{r['1.4.1']}").splitlines()[1] == (
        'Từ 20 đến dưới 40 học liệu: tối đa 6 điểm — "Ít hơn 40 học liệu: tối đa 6 điểm"'
    )


def test_choice_options_and_suggestion_thresholds_are_exported_readably():
    data = excel.export_xlsx(bundled("4725"))
    assert cell(data, f"D{row_of(data, '2.3.3')}").splitlines() == [
        "Chưa triển khai [none]: tối đa 0 điểm",
        "File PDF [pdf_file]: tối đa 3 điểm",
        "Áp dụng chứng thư số [digital_certificate]: tối đa 10 điểm",
    ]
    r = row_of(data, "1.7.2", excel.SUGGESTIONS)
    assert cell(data, f"H{r}", excel.SUGGESTIONS).splitlines()[1] == (
        'Mức độ 2: bằng 1 — "mỗi học sinh được học 1 máy tính"'
    )


def test_metadata_sheet_uses_vietnamese_labels_and_dates():
    data = excel.export_xlsx(bundled("4725"))
    ws = load_workbook(io.BytesIO(data))[excel.INFO]
    values = {r[0]: r[1] for r in ws.iter_rows(values_only=True)}
    assert values["Ngày ban hành"] == "30/12/2022"
    assert values["Cấp học áp dụng"] == "Tiểu học; THCS; THPT; GDTX"
    assert values["Đầy đủ"] == "Có"


def test_editing_only_the_quoted_text_changes_the_wording_not_the_rule():
    data = excel.export_xlsx(bundled("4725"))
    r = row_of(data, "1.4")
    lines = cell(data, f"E{r}").splitlines()
    lines[2] = 'Mức độ 3: trên 6 điểm — "trên 6 điểm"'
    back = excel.read_xlsx(edited(data, {f"E{r}": "\n".join(lines)}), "x")
    level_3 = next(c for c in back.criteria() if c.code == "1.4").levels[2]
    assert level_3.text == "trên 6 điểm"
    assert level_3.interval == schema.Interval(6.0, False, None, True)


def test_removing_the_quoted_text_leaves_the_band_without_wording():
    data = excel.export_xlsx(bundled("4725"))
    r = row_of(data, "1.6.1")
    lines = cell(data, f"D{r}").splitlines()
    lines[0] = "Dưới 30%: tối đa 2 điểm"
    back = excel.read_xlsx(edited(data, {f"D{r}": "\n".join(lines)}), "x")
    item = next(i for i in back.items() if i.code == "1.6.1")
    assert item.bands[0].text == ""
    assert item.bands[1].text == "30%-60%: tối đa 4 điểm"


# --- A person's edits that must be refused ------------------------------------------------------


def test_band_text_that_cannot_be_read_is_rejected_with_its_cell():
    data = excel.export_xlsx(bundled("4725"))
    r = row_of(data, "1.6.1")
    (problem,) = problems(edited(data, {f"D{r}": "Dưới 30%: tối đa 2 điểm\nkhoảng một nửa"}))
    assert problem == (
        f"Phụ lục!D{r}: không hiểu quy tắc 'khoảng một nửa' "
        "(ví dụ hợp lệ: 'Dưới 30%: tối đa 2 điểm')"
    )


def test_text_in_max_points_is_rejected_with_its_cell():
    data = excel.export_xlsx(bundled("4725"))
    r = row_of(data, "1.3")
    (problem,) = problems(edited(data, {f"C{r}": "ba mươi"}))
    assert problem.startswith(f"Phụ lục!C{r}: 'ba mươi' không phải là số điểm")


def test_overlapping_bands_are_rejected_with_the_item_cell():
    data = excel.export_xlsx(bundled("4725"))
    r = row_of(data, "1.6.1")
    overlapping = "Dưới 40%: tối đa 2 điểm\nTừ 30% đến 60%: tối đa 4 điểm\nTrên 60%: tối đa 7 điểm"
    (problem,) = problems(edited(data, {f"D{r}": overlapping}))
    assert problem.startswith(f"Phụ lục!D{r}: thành phần 1.6.1.bands:")
    assert "chồng lấn" in problem


def test_every_problem_of_the_workbook_is_reported_not_only_the_first():
    data = excel.export_xlsx(bundled("4725"))
    r13, r15, r161, r233 = (row_of(data, c) for c in ("1.3", "1.5", "1.6.1", "2.3.3"))
    overlapping_levels = "Mức độ 1: dưới 8 điểm\nMức độ 2: từ 5 đến 14 điểm\nMức độ 3: trên 14 điểm"
    edits = {
        f"C{r13}": "nhiều",
        f"D{r161}": "??",
        f"G{r233}": "Chọn một",
        f"E{r15}": overlapping_levels,  # a schema rule, checked alongside the cell problems
    }
    found = problems(edited(data, edits))
    places = [p.split(": ", 1)[0] for p in found]
    assert places == [f"Phụ lục!C{r13}", f"Phụ lục!D{r161}", f"Phụ lục!G{r233}", f"Phụ lục!E{r15}"]
    assert "chồng lấn" in found[3]


def test_overlapping_suggestion_thresholds_are_rejected_with_their_cell():
    data = excel.export_xlsx(bundled("4725"))
    r = row_of(data, "1.7.2", excel.SUGGESTIONS)
    overlapping = "Mức độ 1: trên 1\nMức độ 2: từ 1 đến 2\nMức độ 3: đến 1"
    found = problems(edited(data, {f"G{r}": overlapping}, excel.SUGGESTIONS))
    assert [p.split(": ", 1)[0] for p in found] == [f"Gợi ý mức độ!G{r}"] * len(found)
    assert "thành phần 1.7.2.suggestion.bands.lower_secondary" in found[0]


def test_bad_metadata_values_are_rejected_with_their_cell():
    data = excel.export_xlsx(bundled("4725"))
    found = problems(
        edited(
            data, {"B6": "30.12.2022", "B10": "Tiểu học; Đại học", "B11": "Chắc chắn"}, excel.INFO
        )
    )
    assert [p.split(":")[0] for p in found] == ["Thông tin!B6", "Thông tin!B10", "Thông tin!B11"]
    assert "dd/mm/yyyy" in found[0]
    assert "'Đại học'" in found[1]


def test_workbook_with_another_layout_is_rejected_clearly():
    wb = Workbook()
    wb.active.append(["Họ tên", "Lớp", "Điểm"])
    wb.active.append(["Nguyễn Văn A", "5A", 9])
    out = io.BytesIO()
    wb.save(out)
    found = problems(out.getvalue())
    assert [p.split(":")[0] for p in found] == ["Thông tin", "Phụ lục"]
    assert all("không theo mẫu phụ lục" in p for p in found)


def test_main_sheet_without_the_annex_header_is_rejected():
    data = excel.export_xlsx(bundled("4725"))
    header = row_of(data, "STT")
    (problem,) = problems(edited(data, {f"D{header}": "Điểm"}))
    assert problem.startswith("Phụ lục: không tìm thấy dòng tiêu đề cột 'STT | Tiêu chí")


def test_a_file_that_is_not_excel_is_rejected():
    (problem,) = problems("STT;Tiêu chí\n1.1;abc\n".encode())
    assert problem.startswith("không đọc được tệp Excel (.xlsx)")


def test_item_row_before_any_criterion_is_rejected():
    data = workbook(
        [
            [
                "Nhóm 1",
                "Nhóm ví dụ",
                10,
                None,
                "Mức độ 1: dưới 5 điểm\nMức độ 2: từ 5 đến 8 điểm\nMức độ 3: trên 8 điểm",
            ],
            ["1.1.1", "Có triển khai", None, "Tối đa 10 điểm"],
        ],
        PRESCHOOL_INFO,
    )
    (problem,) = problems(data)
    assert problem == "Phụ lục!A4: dòng điểm thành phần nằm trước mọi tiêu chí"


def test_data_outside_the_template_columns_is_not_silently_dropped():
    data = excel.export_xlsx(bundled("4725"))
    r = row_of(data, "1.3.1")
    (problem,) = problems(edited(data, {f"M{r}": "ghi chú riêng"}))
    assert problem == f"Phụ lục!M{r}: ô nằm ngoài các cột của mẫu"


# --- Typed by hand from an annex -----------------------------------------------------------------


def test_annex_typed_by_hand_is_read_with_its_own_wording():
    levels = "Mức độ 1: dưới 4 điểm\nMức độ 2: từ 4 đến 6 điểm\nMức độ 3: trên 6 điểm"
    decomposed = unicodedata.normalize("NFD", "Có sổ theo dõi trẻ điện tử")
    data = workbook(
        [
            ["Nhóm 1. Chuyển đổi số trong nuôi dưỡng, chăm sóc", None, 10, None, levels],
            [
                "1.1",
                "Có kế hoạch chuyển đổi số",
                "Điều kiện bắt buộc",
                None,
                None,
                "Điều kiện bắt buộc",
            ],
            ["1.2", "Hạ tầng", 10, None, levels, "Đường link"],
            [None, decomposed, None, "Tối đa 2,5 điểm"],
            [
                None,
                "Tỷ lệ nhóm lớp có máy chiếu",
                None,
                "<30%: tối đa 1,5 điểm\n30%-60%: tối đa 3 điểm\n>60%: tối đa 4,5 điểm",
            ],
            [
                None,
                "Số học liệu số",
                None,
                "Ít hơn 20 học liệu: tối đa 1 điểm\nTừ 20 học liệu: tối đa 3 điểm",
                None,
                None,
                None,
                "học liệu",
            ],
        ],
        PRESCHOOL_INFO | {"Đầy đủ": "có"},  # the date is a real Excel date here
    )
    fw = excel.read_xlsx(data, "3276.xlsx")
    assert (fw.code, fw.decision.date, fw.education_levels) == (
        "3276",
        "2024-10-30",
        ("preschool",),
    )
    (group,) = fw.groups
    assert (group.code, group.title) == ("1", "Chuyển đổi số trong nuôi dưỡng, chăm sóc")
    mandatory, scored = group.criteria
    assert mandatory.mandatory and mandatory.evidence == "Điều kiện bắt buộc"
    boolean, ratio, count = scored.items
    assert (boolean.code, boolean.kind, boolean.max_points) == ("1.2.1", "boolean", 2.5)
    assert boolean.title == "Có sổ theo dõi trẻ điện tử"
    assert (ratio.code, ratio.kind, ratio.max_points) == ("1.2.2", "percentage", 4.5)
    assert [b.interval for b in ratio.bands] == [
        schema.Interval(None, True, 30.0, False),
        schema.Interval(30.0, True, 60.0, True),
        schema.Interval(60.0, False, None, True),
    ]
    assert all(b.text == "" for b in ratio.bands)
    assert (count.kind, count.unit, count.bands[0].interval.high) == ("count", "học liệu", 20.0)


# --- Template ------------------------------------------------------------------------------------


def test_untouched_template_is_refused_for_its_missing_metadata_only():
    found = problems(excel.template_xlsx())
    assert found == [
        "Thông tin!B2: chưa ghi 'Mã bộ chỉ số'",
        "Thông tin!B3: chưa ghi 'Phiên bản'",
        "Thông tin!B4: chưa ghi 'Tên bộ chỉ số'",
        "Thông tin!B5: chưa ghi 'Số quyết định'",
        "Thông tin!B6: chưa ghi 'Ngày ban hành'",
        "Thông tin!B10: chưa ghi 'Cấp học áp dụng'",
    ]


def test_template_with_metadata_filled_in_reads_its_example_criterion():
    filled = edited(
        excel.template_xlsx(),
        {
            "B2": "3276",
            "B3": "2024.1",
            "B4": "Mầm non",
            "B5": "3276/QĐ-BGDĐT",
            "B6": "30/10/2024",
            "B10": "Mầm non",
        },
        excel.INFO,
    )
    fw = excel.read_xlsx(filled, "mẫu.xlsx")
    criteria = list(fw.criteria())
    assert [c.code for c in criteria] == ["1.1", "1.2"]
    assert [i.kind for i in criteria[1].items] == ["boolean", "percentage", "choice"]
    assert fw.warnings == ()


def test_template_explains_every_column_and_the_quoted_wording():
    ws = load_workbook(io.BytesIO(excel.template_xlsx()))[excel.GUIDE]
    explained = {r[0] for r in ws.iter_rows(values_only=True)}
    assert set(excel.ANNEX_COLUMNS + excel.EXTRA_COLUMNS) <= explained
    assert "Cách ghi trong văn bản" in explained


# --- Commands ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_command_publishes_then_reports_unchanged(tmp_path, capsys):
    path = tmp_path / "4725.xlsx"
    path.write_bytes(excel.export_xlsx(bundled("4725")))
    call_command("import_framework_xlsx", str(path))
    first = capsys.readouterr().out
    call_command("import_framework_xlsx", str(path))
    second = capsys.readouterr().out
    assert "Bộ chỉ số 4725 phiên bản 2022.1: đã nạp; đầy đủ; 1 lưu ý." in first
    assert "Phụ lục!A" in first  # the warning names its cell
    assert "không đổi" in second
    stored = FrameworkVersion.objects.get(code="4725", version="2022.1")
    assert stored.source == "4725.xlsx"
    assert stored.framework() == bundled("4725")


@pytest.mark.django_db
def test_import_command_refuses_other_content_under_a_published_version(tmp_path):
    loader.publish(bundled("4725"), source="4725.yaml")
    data = excel.export_xlsx(bundled("4725"))
    path = tmp_path / "4725-sua.xlsx"
    path.write_bytes(edited(data, {f"D{row_of(data, '1.3.1')}": "Tối đa 7 điểm"}))
    with pytest.raises(CommandError, match="đã được công bố với nội dung khác"):
        call_command("import_framework_xlsx", str(path))


@pytest.mark.django_db
def test_import_command_prints_every_problem_of_a_bad_workbook(tmp_path):
    data = excel.export_xlsx(bundled("4725"))
    r1, r2 = row_of(data, "1.3"), row_of(data, "1.6.1")
    path = tmp_path / "sai.xlsx"
    path.write_bytes(edited(data, {f"C{r1}": "ba mươi", f"D{r2}": "??"}))
    with pytest.raises(CommandError) as exc:
        call_command("import_framework_xlsx", str(path))
    assert f"Phụ lục!C{r1}" in str(exc.value) and f"Phụ lục!D{r2}" in str(exc.value)
    assert not FrameworkVersion.objects.exists()


@pytest.mark.django_db
def test_import_command_reports_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("import_framework_xlsx", str(tmp_path / "khong-co.xlsx"))


@pytest.mark.django_db
def test_export_command_writes_the_published_version(tmp_path):
    loader.publish(bundled("4725"), source="4725.yaml")
    path = tmp_path / "out.xlsx"
    call_command("export_framework_xlsx", "4725", "2022.1", str(path))
    assert excel.read_xlsx(path.read_bytes(), "out.xlsx") == bundled("4725")


@pytest.mark.django_db
def test_export_command_lists_available_versions_for_an_unknown_one(tmp_path):
    loader.publish(bundled("4725"), source="4725.yaml")
    loader.publish(bundled("3276"), source="3276.yaml")
    with pytest.raises(CommandError) as exc:
        call_command("export_framework_xlsx", "4725", "2030.1", str(tmp_path / "x.xlsx"))
    message = str(exc.value)
    assert "Không có bộ chỉ số 4725 phiên bản 2030.1" in message
    assert "4725 2022.1" in message and "3276 2024.0-metadata" in message
    assert not (tmp_path / "x.xlsx").exists()


def test_export_command_writes_the_template(tmp_path):
    path = tmp_path / "mau.xlsx"
    call_command("export_framework_xlsx", "--template", str(path))
    assert path.read_bytes()[:2] == b"PK"
    assert load_workbook(path).sheetnames == [
        excel.MAIN,
        excel.INFO,
        excel.SUGGESTIONS,
        excel.GUIDE,
    ]


def test_export_command_needs_code_version_and_file():
    with pytest.raises(CommandError, match="MÃ PHIÊN_BẢN TỆP"):
        call_command("export_framework_xlsx", "4725.xlsx")
