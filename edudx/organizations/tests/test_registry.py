"""The unit registry file: import (.xlsx/.csv), export, template (edudx.organizations.registry)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from edudx.core.models import AuditRecord
from edudx.organizations.models import ParentPeriod, Unit, UnitKind
from edudx.organizations.registry import (
    RegistryError,
    export_units,
    export_units_bytes,
    import_units,
    template_xlsx,
)
from edudx.organizations.services import create_unit

HEADER = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Loại đơn vị",
    "Cấp học",
    "Mã đơn vị quản lý",
    "Loại hình",
    "Địa chỉ",
    "Điện thoại",
    "Email",
    "Website",
]
# A small tree, parents first: ministry → Sở → UBND cấp xã → school (file rows 2 to 5).
BASE = [
    ["BGD", "Bộ Giáo dục và Đào tạo", "Bộ GDĐT", "", ""],
    ["SGD01", "Sở GDĐT Hà Nội", "Sở GDĐT", "", "BGD"],
    ["X01", "UBND phường Ba Đình", "UBND cấp xã", "", "SGD01"],
    ["TH01", "Trường Tiểu học Ba Đình", "Cơ sở giáo dục", "Tiểu học", "X01", "Công lập"],
]
KINDS = "Bộ GDĐT, Sở GDĐT, Phòng GDĐT, UBND cấp xã, Cơ sở giáo dục"
LEVELS = "Mầm non, Tiểu học, THCS, THPT, GDTX"


def xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows, header=HEADER, delimiter=",", bom=False) -> bytes:
    def quote(value):
        value = str(value)
        return f'"{value}"' if delimiter in value or '"' in value else value

    lines = [delimiter.join(quote(v) for v in row) for row in [header, *rows]]
    return ("\ufeff" if bom else "").encode() + "\r\n".join(lines).encode("utf-8")


def load(rows, **kwargs):
    return import_units(xlsx(rows), "danh-muc.xlsx", **kwargs)


def errors_of(rows, **kwargs) -> list[str]:
    with pytest.raises(RegistryError) as exc:
        load(rows, **kwargs)
    return exc.value.errors


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def school(code: str, parent: str, name: str | None = None, levels="Tiểu học") -> list[str]:
    return [code, name or f"Trường {code}", "Cơ sở giáo dục", levels, parent]


def writes(captured) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]


# -- creating --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_children_before_parents_are_created_with_paths_and_history():
    report = load(list(reversed(BASE)))

    assert (report.rows, report.created, report.updated, report.unchanged) == (4, 4, 0, 0)
    bgd, sgd, x01, th01 = (unit(c) for c in ("BGD", "SGD01", "X01", "TH01"))
    assert th01.path == f"/{bgd.pk}/{sgd.pk}/{x01.pk}/{th01.pk}/"
    assert (bgd.depth, sgd.depth, x01.depth, th01.depth) == (0, 1, 2, 3)
    assert th01.parent == x01 and th01.kind == UnitKind.INSTITUTION
    assert th01.education_levels == ["primary"] and th01.ownership == "public"
    assert Unit.objects.subtree(sgd).count() == 3
    period = ParentPeriod.objects.get(unit=th01)
    assert (period.parent, period.since, period.until) == (x01, timezone.localdate(), None)
    audit = AuditRecord.objects.get()
    assert audit.action == "units.import" and audit.object_id == str(bgd.pk)
    assert audit.after == {"created": 4, "updated": 0, "moved": 0, "file": "danh-muc.xlsx"}


@pytest.mark.django_db
def test_new_units_may_hang_under_units_already_in_the_database():
    load(BASE)
    report = load([school("TH02", "X01", levels="Tiểu học; THCS")])

    assert (report.created, report.unchanged) == (1, 0)
    th02 = unit("TH02")
    assert th02.path == f"{unit('X01').path}{th02.pk}/"
    assert th02.education_levels == ["primary", "lower_secondary"]


# -- re-importing ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_reimport_of_the_same_file_writes_nothing():
    data = xlsx(BASE)
    import_units(data, "danh-muc.xlsx")
    stamps = dict(Unit.objects.values_list("code", "updated_at"))

    with CaptureQueriesContext(connection) as captured:
        report = import_units(data, "danh-muc.xlsx")

    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert writes(captured) == []
    assert dict(Unit.objects.values_list("code", "updated_at")) == stamps
    assert AuditRecord.objects.count() == 1
    assert report.summary() == "Đã nhập 4 dòng: 0 tạo mới, 0 cập nhật, 4 không đổi."


@pytest.mark.django_db
def test_changed_name_updates_only_that_unit():
    load(BASE)
    before = dict(Unit.objects.values_list("code", "updated_at"))
    rows = [list(r) for r in BASE]
    rows[3][1] = "Trường Tiểu học Ba Đình (mới)"

    report = load(rows)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 3)
    th01 = unit("TH01")
    assert th01.name == "Trường Tiểu học Ba Đình (mới)"
    assert th01.updated_at > before["TH01"]
    assert unit("X01").updated_at == before["X01"]
    assert ParentPeriod.objects.filter(unit=th01).count() == 1
    assert AuditRecord.objects.filter(action="units.import").count() == 2


@pytest.mark.django_db
def test_changed_parent_moves_the_subtree_and_keeps_the_history():
    load(
        [
            *BASE,
            ["SGD02", "Sở GDĐT Hải Phòng", "Sở GDĐT", "", "BGD"],
            ["X02", "UBND xã An Lư", "UBND cấp xã", "", "SGD02"],
            school("TH02", "X01"),
        ]
    )
    ParentPeriod.objects.update(since=dt.date(2020, 8, 1))
    # X01 moves from SGD01 to SGD02 with its schools (TH01 in the file, TH02 not).
    report = load([["X01", "UBND phường Ba Đình", "UBND cấp xã", "", "SGD02"], BASE[3]])

    assert (report.created, report.updated, report.unchanged, report.moved) == (0, 1, 1, 1)
    bgd, sgd2, x01 = unit("BGD"), unit("SGD02"), unit("X01")
    assert x01.parent == sgd2 and x01.path == f"/{bgd.pk}/{sgd2.pk}/{x01.pk}/"
    for code in ("TH01", "TH02"):
        child = unit(code)
        assert child.path == f"{x01.path}{child.pk}/" and child.depth == 3
        assert child.is_within(sgd2)
    assert Unit.objects.subtree(unit("SGD01")).count() == 1
    assert unit("X02").path == f"{sgd2.path}{unit('X02').pk}/"
    old, new = ParentPeriod.objects.filter(unit=x01).order_by("since", "id")
    today = timezone.localdate()
    assert (old.parent.code, old.since, old.until) == ("SGD01", dt.date(2020, 8, 1), today)
    assert (new.parent, new.since, new.until) == (sgd2, today, None)
    assert new.reason == "Nhập danh mục đơn vị"
    assert ParentPeriod.objects.filter(unit__code="TH01").count() == 1


@pytest.mark.django_db
def test_units_absent_from_the_file_are_left_alone():
    load([*BASE, school("TH02", "X01")])
    report = load(BASE[:3])

    assert report.unchanged == 3
    assert Unit.objects.filter(code__in=["TH01", "TH02"]).count() == 2


@pytest.mark.django_db
def test_absent_optional_column_keeps_the_value_and_an_empty_cell_clears_it():
    load([*BASE[:3], [*BASE[3], "1 Phố Đội Cấn", "024 3823 0000", "th01@hanoi.edu.vn"]])
    short = [*HEADER[:5], "Email"]  # no Loại hình, Địa chỉ, …: those keep their values
    rows = [[*r[:5], ""] for r in BASE]

    report = import_units(xlsx(rows, header=short), "khong-dia-chi.xlsx")

    th01 = unit("TH01")
    assert report.updated == 1
    assert (th01.address, th01.ownership, th01.email) == ("1 Phố Đội Cấn", "public", "")


# -- bad rows --------------------------------------------------------------------------------

BAD_ROWS = [
    pytest.param(
        ["TH02", "Trường X", "Truong hoc", "Tiểu học", "X01"],
        f"Dòng 6: Loại đơn vị 'Truong hoc' không hợp lệ (một trong: {KINDS})",
        id="unknown-kind",
    ),
    pytest.param(
        school("TH02", "KHONGCO"),
        "Dòng 6: Mã đơn vị quản lý 'KHONGCO' không có trong tệp và chưa có trong danh mục",
        id="missing-parent",
    ),
    pytest.param(
        school("TH01", "X01", name="Trường khác"),
        "Dòng 6: Mã đơn vị 'TH01' trùng với dòng 5",
        id="duplicate-code",
    ),
    pytest.param(school("TH02", "X01", name=" "), "Dòng 6: thiếu Tên đơn vị", id="empty-name"),
    pytest.param(school("", "X01"), "Dòng 6: thiếu Mã đơn vị", id="empty-code"),
    pytest.param(
        school("TH02", "X01", levels=""),
        f"Dòng 6: Cơ sở giáo dục phải có Cấp học (một hoặc nhiều, cách nhau bởi dấu ;: {LEVELS})",
        id="institution-without-level",
    ),
    pytest.param(
        school("TH02", "X01", levels="Tiểu học; Trung học"),
        f"Dòng 6: Cấp học 'Trung học' không hợp lệ (một trong: {LEVELS})",
        id="unknown-level",
    ),
    pytest.param(
        [*school("TH02", "X01"), "Tư thục"],
        "Dòng 6: Loại hình 'Tư thục' không hợp lệ (một trong: Công lập, Ngoài công lập)",
        id="unknown-ownership",
    ),
    pytest.param(
        school("TH02", "BGD"),
        "Dòng 6: Cơ sở giáo dục không thể trực thuộc Bộ GDĐT 'BGD' "
        "(đơn vị quản lý phải là: Sở GDĐT, Phòng GDĐT, UBND cấp xã)",
        id="kind-not-allowed-under-parent",
    ),
    pytest.param(
        ["X02", "UBND xã Mới", "UBND cấp xã", "", ""],
        "Dòng 6: thiếu Mã đơn vị quản lý (chỉ Bộ GDĐT không có đơn vị quản lý)",
        id="no-parent",
    ),
    pytest.param(
        [*school("TH02", "X01"), "", "", "", "khong-phai-email"],
        "Dòng 6: Email 'khong-phai-email' không hợp lệ",
        id="invalid-email",
    ),
    pytest.param(
        [*school("TH02", "X01"), "", "", "", "", "http://không hợp lệ"],
        "Dòng 6: Website 'http://không hợp lệ' không hợp lệ",
        id="invalid-website",
    ),
    pytest.param(
        ["BGD2", "Bộ khác", "Bộ GDĐT", "", ""],
        "Dòng 6: chỉ có một Bộ GDĐT (đã có: BGD)",
        id="second-ministry",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "message"), BAD_ROWS)
def test_a_bad_row_rejects_the_file_with_its_row_number(row, message):
    assert errors_of([*BASE, row]) == [message]
    assert not Unit.objects.exists()
    assert not ParentPeriod.objects.exists()
    assert not AuditRecord.objects.exists()


@pytest.mark.django_db
def test_a_cycle_of_managing_units_is_reported_on_its_rows():
    errors = errors_of(
        [*BASE, school("TH02", "TH03"), school("TH03", "TH02"), school("TH04", "TH04")]
    )
    assert "Dòng 6: vòng lặp đơn vị quản lý: TH02 → TH03 → TH02" in errors
    assert "Dòng 7: vòng lặp đơn vị quản lý: TH03 → TH02 → TH03" in errors
    assert "Dòng 8: đơn vị TH04 không thể tự quản lý chính nó" in errors


@pytest.mark.django_db
def test_a_move_under_its_own_descendant_is_a_cycle():
    load(BASE)
    # X01 (in the database, not in the file) is under SGD01; SGD01 may not go under X01.
    errors = errors_of([["SGD01", "Sở GDĐT Hà Nội", "Sở GDĐT", "", "X01"]])
    assert "Dòng 2: vòng lặp đơn vị quản lý: SGD01 → X01 → SGD01" in errors
    assert unit("SGD01").parent == unit("BGD")


@pytest.mark.django_db
def test_every_error_is_reported_at_once_in_row_order_and_nothing_is_written():
    rows = [
        *BASE,
        [],  # row 6: empty, skipped but counted
        ["TH02", "Trường A", "Truong hoc", "Tiểu học", "X01"],
        school("TH03", "KHONGCO"),
        [*school("TH04", "X01", levels="Đại học"), "", "", "", "sai@"],
    ]
    assert errors_of(rows) == [
        f"Dòng 7: Loại đơn vị 'Truong hoc' không hợp lệ (một trong: {KINDS})",
        "Dòng 8: Mã đơn vị quản lý 'KHONGCO' không có trong tệp và chưa có trong danh mục",
        f"Dòng 9: Cấp học 'Đại học' không hợp lệ (một trong: {LEVELS})",
        "Dòng 9: Email 'sai@' không hợp lệ",
    ]
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_children_of_a_bad_row_are_not_reported_as_orphans():
    errors = errors_of([*BASE, ["X02", "UBND", "Xa", "", "SGD01"], school("TH02", "X02")])
    assert errors == [f"Dòng 6: Loại đơn vị 'Xa' không hợp lệ (một trong: {KINDS})"]


@pytest.mark.django_db
def test_a_long_error_list_is_capped():
    with pytest.raises(RegistryError) as exc:
        load([*BASE, *(school(f"T{i}", "KHONGCO") for i in range(250))])
    assert exc.value.total == 250
    assert len(exc.value.errors) == 201
    assert exc.value.errors[0].startswith("Dòng 6: ")
    assert exc.value.errors[-1] == "… và 50 lỗi khác"


@pytest.mark.django_db
def test_changing_a_kind_must_suit_the_units_left_under_it():
    load(BASE)
    errors = errors_of([["X01", "UBND phường Ba Đình", "Cơ sở giáo dục", "THCS", "SGD01"]])
    assert errors == [
        "Dòng 2: không thể đổi Loại đơn vị của X01 thành Cơ sở giáo dục: "
        "đơn vị trực thuộc TH01 là Cơ sở giáo dục"
    ]


@pytest.mark.django_db
def test_missing_headers_unreadable_files_and_other_formats_are_refused():
    with pytest.raises(RegistryError) as exc:
        import_units(xlsx([["BGD", "Bộ"]], header=["Mã đơn vị", "Tên"]), "a.xlsx")
    assert exc.value.errors == [
        "Thiếu cột bắt buộc: Tên đơn vị, Loại đơn vị, Cấp học, Mã đơn vị quản lý "
        "(dòng 1 của tệp phải là dòng tiêu đề)"
    ]
    with pytest.raises(RegistryError) as exc:
        import_units(b"not a zip file", "a.xlsx")
    assert exc.value.errors[0].startswith("Tệp không đọc được: ")
    with pytest.raises(RegistryError) as exc:
        import_units("Mã đơn vị\tTên".encode("utf-16"), "a.csv")  # Excel "Unicode Text"
    assert exc.value.errors[0].startswith("Tệp không đọc được: tệp CSV phải được lưu")
    with pytest.raises(RegistryError) as exc:
        import_units(b"", "a.xls")
    assert "chỉ nhận tệp .xlsx hoặc .csv" in exc.value.errors[0]
    with pytest.raises(RegistryError) as exc:
        import_units(xlsx([]), "a.xlsx")
    assert exc.value.errors == ["Tệp không có đơn vị nào (chỉ có dòng tiêu đề hoặc để trống)"]


# -- tolerance -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_csv_with_bom_semicolons_shuffled_headers_spaces_and_case():
    header = [
        "  mã đơn vị quản lý ",
        "TÊN ĐƠN VỊ",
        "Mã  đơn vị",
        "loại đơn vị",
        "cấp học",
        "Ghi chú",
    ]
    rows = [
        ["X01", " Trường Tiểu học Ba Đình ", "TH01", "cơ sở giáo dục", "tiểu học ; thcs", "x"],
        ["", "", "", "", "", ""],
        ["SGD01", "UBND phường Ba Đình", "X01", "ubnd cấp xã", "", ""],
        ["BGD", "Sở GDĐT Hà Nội; thủ đô", "SGD01", "SỞ GDĐT", "", ""],
        ["", "Bộ Giáo dục và Đào tạo", "BGD", "Bộ GDĐT", "", ""],
    ]
    report = import_units(csv_bytes(rows, header, delimiter=";", bom=True), "danh-muc.csv")

    assert (report.rows, report.created) == (4, 4)
    th01 = unit("TH01")
    assert th01.name == "Trường Tiểu học Ba Đình"
    assert th01.education_levels == ["primary", "lower_secondary"]
    assert unit("SGD01").name == "Sở GDĐT Hà Nội; thủ đô"


@pytest.mark.django_db
def test_csv_with_commas_without_bom_and_errors_by_row():
    data = csv_bytes([*BASE, school("TH02", "X01", name="Trường, có dấu phẩy"), ["", "", ""]])
    report = import_units(data, "DANH-MUC.CSV")
    assert report.created == 5 and unit("TH02").name == "Trường, có dấu phẩy"

    with pytest.raises(RegistryError) as exc:
        import_units(csv_bytes([*BASE, school("TH03", "KHONGCO")]), "a.csv")
    assert exc.value.errors[0].startswith("Dòng 6: Mã đơn vị quản lý 'KHONGCO'")


# -- export, round trip, template ------------------------------------------------------------


@pytest.mark.django_db
def test_export_then_import_changes_nothing():
    load([*BASE, [*school("TH02", "X01", levels="THCS; Tiểu học"), "Ngoài công lập", "Số 1"]])
    data = export_units_bytes()

    ws = load_workbook(io.BytesIO(data)).active
    assert [c.value for c in ws[1]] == HEADER
    assert [c.value for c in ws[2]][:5] == ["BGD", "Bộ Giáo dục và Đào tạo", "Bộ GDĐT", None, None]
    report = import_units(data, "xuat.xlsx")
    assert (report.created, report.updated, report.unchanged) == (0, 0, 5)


@pytest.mark.django_db
def test_export_wipe_import_gives_the_same_units(tmp_path):
    rows = [
        *BASE,
        [*school("TH02", "X01", levels="Mầm non"), "Ngoài công lập", "1 Đội Cấn"],
        [*school("TH03", "SGD01", levels="THCS; THPT"), "", "", "024 1", "a@b.vn", "a.edu.vn"],
        ["=SUM(1)", "Mã trông như công thức", "UBND cấp xã", "", "SGD01"],
    ]
    import_units(csv_bytes(rows), "danh-muc.csv")  # CSV: "=SUM(1)" stays text
    fields = ("code", "name", "kind", "levels", "parent__code", "ownership", "address", "phone")
    fields += ("email", "website", "depth")
    before = sorted(Unit.objects.values_list(*fields))
    path = tmp_path / "danh-muc.xlsx"
    assert export_units(path) == 7

    ParentPeriod.objects.all().delete()
    for depth in (3, 2, 1, 0):
        Unit.objects.filter(depth=depth).delete()
    report = import_units(path, path.name)

    assert report.created == 7
    assert sorted(Unit.objects.values_list(*fields)) == before
    assert unit("TH03").website == "https://a.edu.vn"


@pytest.mark.django_db
def test_template_examples_import_cleanly_into_an_empty_database():
    data = template_xlsx()
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Danh mục đơn vị", "Hướng dẫn"]
    assert [c.value for c in wb["Danh mục đơn vị"][1]] == HEADER
    assert "Mã đơn vị quản lý" in " ".join(str(c.value) for c in wb["Hướng dẫn"]["A"])

    report = import_units(data, "mau.xlsx")

    assert report.created == 4
    assert sorted(Unit.objects.values_list("kind", flat=True)) == sorted(
        [UnitKind.MINISTRY, UnitKind.DEPARTMENT, UnitKind.COMMUNE, UnitKind.INSTITUTION]
    )


# -- scope -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_department_admin_may_only_import_inside_their_department():
    load([*BASE, ["SGD02", "Sở GDĐT Hải Phòng", "Sở GDĐT", "", "BGD"], school("TH09", "SGD02")])
    scope = unit("SGD01")

    errors = errors_of(
        [
            ["X02", "UBND xã Mới", "UBND cấp xã", "", "SGD02"],
            school("TH09", "X01", name="Trường của Sở khác"),
            school("TH10", "X01"),
            ["SGD01", "Sở GDĐT Hà Nội (đổi tên)", "Sở GDĐT", "", "BGD"],
        ],
        scope=scope,
    )
    assert errors == [
        "Dòng 2: đơn vị X02 nằm ngoài phạm vi quản lý của bạn (SGD01)",
        "Dòng 3: đơn vị TH09 nằm ngoài phạm vi quản lý của bạn (SGD01)",
        "Dòng 5: không thể sửa chính đơn vị SGD01 (phạm vi quản lý của bạn); "
        "chỉ sửa được các đơn vị trực thuộc",
    ]
    assert not Unit.objects.filter(code__in=["X02", "TH10"]).exists()

    export = export_units_bytes(Unit.objects.subtree(scope))
    report = import_units(xlsx([*BASE[1:], school("TH10", "X01")]), "so.xlsx", scope=scope)
    assert (report.created, report.unchanged) == (1, 3)
    assert import_units(export, "so.xlsx", scope=scope).unchanged == 3
    assert AuditRecord.objects.filter(action="units.import").first().object_id == str(scope.pk)


# -- scale -----------------------------------------------------------------------------------


def national_like(schools: int) -> list[list[str]]:
    return [*BASE, *(school(f"T{i:04d}", "X01" if i % 2 else "SGD01") for i in range(schools))]


@pytest.mark.django_db
@pytest.mark.parametrize("schools", [20, 200])
def test_query_count_does_not_grow_with_rows(schools, django_assert_max_num_queries):
    first, moved = xlsx(national_like(schools)), national_like(schools)
    for row in moved[4:]:
        row[1] += " (đổi tên)"
        row[4] = "SGD01" if row[4] == "X01" else "X01"
    # Batches, not rows: on SQLite an INSERT carries at most 999 values (66 units).
    with django_assert_max_num_queries(16):
        import_units(first, "a.xlsx")
    with django_assert_max_num_queries(13):  # its audit record reads and moves its stream's head
        report = import_units(xlsx(moved), "b.xlsx")
    assert report.updated == schools
    with django_assert_max_num_queries(4):  # 3, and the tree lock on PostgreSQL
        import_units(xlsx(moved), "b.xlsx")


@pytest.mark.django_db
def test_units_created_by_the_services_import_without_change():
    bgd = create_unit(code="BGD", name="Bộ Giáo dục và Đào tạo", kind=UnitKind.MINISTRY)
    sgd = create_unit(code="SGD01", name="Sở GDĐT Hà Nội", kind=UnitKind.DEPARTMENT, parent=bgd)
    x01 = create_unit(code="X01", name="UBND phường Ba Đình", kind=UnitKind.COMMUNE, parent=sgd)
    create_unit(
        code="TH01",
        name="Trường Tiểu học Ba Đình",
        kind=UnitKind.INSTITUTION,
        parent=x01,
        education_levels=["primary"],
        ownership="public",
    )
    assert load(BASE).unchanged == 4


# -- commands --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_command_prints_the_summary_and_export_command_writes_the_file(tmp_path):
    source = tmp_path / "danh-muc.csv"
    source.write_bytes(csv_bytes(BASE, bom=True))
    out = io.StringIO()
    call_command("import_units", str(source), stdout=out)
    assert out.getvalue().strip() == "Đã nhập 4 dòng: 4 tạo mới, 0 cập nhật, 0 không đổi."

    target = tmp_path / "xuat.xlsx"
    out = io.StringIO()
    call_command("export_units", str(target), stdout=out)
    assert "Đã xuất 4 đơn vị" in out.getvalue()
    out = io.StringIO()
    call_command("import_units", str(target), stdout=out)
    assert out.getvalue().strip() == "Đã nhập 4 dòng: 0 tạo mới, 0 cập nhật, 4 không đổi."

    call_command("export_units", str(tmp_path / "mau.xlsx"), "--template", stdout=io.StringIO())
    assert load_workbook(tmp_path / "mau.xlsx").sheetnames[1] == "Hướng dẫn"


@pytest.mark.django_db
def test_import_command_fails_with_every_error(tmp_path):
    source = tmp_path / "sai.xlsx"
    source.write_bytes(xlsx([*BASE, school("TH02", "KHONGCO"), school("", "X01")]))
    with pytest.raises(CommandError) as exc:
        call_command("import_units", str(source), stdout=io.StringIO())
    assert str(exc.value).splitlines() == [
        "Tệp sai.xlsx có 2 lỗi; không có thay đổi nào được ghi.",
        "Dòng 6: Mã đơn vị quản lý 'KHONGCO' không có trong tệp và chưa có trong danh mục",
        "Dòng 7: thiếu Mã đơn vị",
    ]
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_export_lists_active_units_parents_first_and_an_upload_imports_as_is():
    from django.core.files.uploadedfile import SimpleUploadedFile

    load([*BASE, ["X02", "UBND xã Cũ", "UBND cấp xã", "", "SGD01"]])
    Unit.objects.filter(code="X02").update(active=False)  # merged away
    ws = load_workbook(io.BytesIO(export_units_bytes())).active

    assert [row[0] for row in ws.iter_rows(min_row=2, values_only=True)] == [
        "BGD",
        "SGD01",
        "X01",
        "TH01",
    ]
    upload = SimpleUploadedFile("tai-len.xlsx", xlsx(BASE))
    assert import_units(upload, upload.name).unchanged == 4


# -- rules of the tree that a file cannot break ---------------------------------------------------


@pytest.mark.django_db
def test_a_unit_holding_roles_cannot_change_kind():
    from django.contrib.auth import get_user_model

    from edudx.accounts.models import RoleAssignment

    User = get_user_model()

    load(BASE)
    head = User.objects.create_user("hieutruong", password="x")
    RoleAssignment.objects.create(user=head, unit=unit("TH01"), role="institution_head")
    changed = [*BASE[:3], ["TH01", "Trường Tiểu học Ba Đình", "UBND cấp xã", "", "SGD01"]]
    errors = errors_of(changed)
    assert any(e.startswith("Dòng 5:") and "đang có tài khoản được phân quyền" in e for e in errors)
    assert unit("TH01").kind == UnitKind.INSTITUTION


@pytest.mark.django_db
def test_only_institutions_have_education_levels():
    rows = [*BASE[:2], ["X01", "UBND phường Ba Đình", "UBND cấp xã", "Tiểu học", "SGD01"]]
    assert any(
        e.startswith("Dòng 4:") and "chỉ cơ sở giáo dục có Cấp học" in e for e in errors_of(rows)
    )


@pytest.mark.django_db
def test_an_upper_secondary_school_must_be_managed_by_the_department():
    rows = [*BASE, school("THPT01", "X01", levels="THPT")]
    assert any(e.startswith("Dòng 6:") and "do Sở GDĐT quản lý" in e for e in errors_of(rows))
    load([*BASE, school("THPT01", "SGD01", levels="THCS;THPT")])
    assert unit("THPT01").parent.code == "SGD01"


@pytest.mark.django_db
def test_history_of_a_move_can_be_dated_in_the_past():
    from edudx.organizations.services import authority_on

    load(BASE, since=dt.date(2020, 8, 1))
    rows = [*BASE, ["X02", "UBND xã Đông Anh", "UBND cấp xã", "", "SGD01"]]
    load(rows, since=dt.date(2020, 8, 1))
    moved = [*rows[:3], rows[4], school("TH01", "X02", name="Trường Tiểu học Ba Đình")]
    load(moved, since=dt.date(2025, 7, 1))
    assert authority_on(unit("TH01"), dt.date(2023, 10, 1)).code == "X01"
    assert authority_on(unit("TH01"), dt.date(2025, 9, 5)).code == "X02"


@pytest.mark.django_db
def test_command_takes_the_date_of_the_change(tmp_path, capsys):
    path = tmp_path / "dm.xlsx"
    path.write_bytes(xlsx(BASE))
    call_command("import_units", str(path), "--since", "01/08/2023")
    assert ParentPeriod.objects.get(unit=unit("TH01")).since == dt.date(2023, 8, 1)
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command("import_units", str(path), "--since", "2023-13-01")


@pytest.mark.django_db
def test_a_move_dated_before_the_current_period_is_refused_and_nothing_written():
    load(BASE, since=dt.date(2024, 8, 1))
    rows = [*BASE, ["X02", "UBND xã Đông Anh", "UBND cấp xã", "", "SGD01"]]
    load(rows, since=dt.date(2024, 8, 1))
    moved = [*rows[:3], rows[4], school("TH01", "X02", name="Trường Tiểu học Ba Đình")]
    errors = errors_of(moved, since=dt.date(2023, 9, 1))
    assert any(e.startswith("Dòng 6:") and "trước ngày bắt đầu" in e for e in errors)
    assert unit("TH01").parent.code == "X01"
