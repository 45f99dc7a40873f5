"""Accounts from an Excel sheet: all or nothing, errors by row, the credentials sheet once.

Personas and the tree come from conftest.py: officer_x manages X01 and its schools T01, T02;
officer_y manages X02 and T03; dept_admin manages S01 (T10, X01, T01, T02)."""

import base64
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from edudx.accounts import bulk
from edudx.accounts.models import Role, RoleAssignment
from edudx.core.models import AuditRecord

User = get_user_model()
HEADER = ["Tên đăng nhập", "Họ và tên", "Email", "Điện thoại", "Mã đơn vị", "Vai trò"]


def xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row(username, unit="T01", role="Cán bộ, giáo viên", email=None, name="Trần Văn Bình"):
    return [username, name, email or f"{username}@example.edu.vn", "0987654321", unit, role]


def upload(client, unit_code, data, name="tai-khoan.xlsx"):
    return client.post(
        reverse("users_import", args=[unit_code]),
        {"file": SimpleUploadedFile(name, data)},
    )


def credentials(response):
    href = response.context["credentials_href"]
    prefix, payload = href.split(",", 1)
    assert prefix == f"data:{bulk_xlsx_type()};base64"
    ws = load_workbook(io.BytesIO(base64.b64decode(payload))).active
    return [list(r) for r in ws.iter_rows(values_only=True)]


def bulk_xlsx_type():
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def nothing_written(users_before):
    return (
        User.objects.count() == users_before
        and not AuditRecord.objects.filter(action="user.create").exists()
    )


def test_import_creates_all_accounts_and_offers_the_credentials_once(client, officer_x):
    client.force_login(officer_x)
    data = xlsx(
        [
            row("hieutruong.thx", role="Thủ trưởng", name="Nguyễn Thị Lan Anh"),
            row("gv.thx", role="  cán bộ,  GIÁO VIÊN "),  # any case and spacing
            row("canbo2.x", unit="X01", role="authority_officer"),  # a role code
        ]
    )
    response = upload(client, "X01", data)
    assert response.status_code == 200
    assert "accounts/users_imported.html" in [t.name for t in response.templates]
    assert "no-store" in response["Cache-Control"]

    head = User.objects.get(username="hieutruong.thx")
    assert (head.last_name, head.first_name) == ("Nguyễn Thị Lan", "Anh")
    created = User.objects.filter(username__in=["hieutruong.thx", "gv.thx", "canbo2.x"])
    assert all(u.must_change_password for u in created) and len(created) == 3
    assert sorted(
        RoleAssignment.objects.filter(user__in=created).values_list(
            "user__username", "unit__code", "role", "granted_by__username"
        )
    ) == [
        ("canbo2.x", "X01", Role.AUTHORITY_OFFICER, "lechan.canbo"),
        ("gv.thx", "T01", Role.INSTITUTION_STAFF, "lechan.canbo"),
        ("hieutruong.thx", "T01", Role.INSTITUTION_HEAD, "lechan.canbo"),
    ]
    audits = AuditRecord.objects.filter(action="user.create")
    assert sorted(a.after["username"] for a in audits) == ["canbo2.x", "gv.thx", "hieutruong.thx"]

    sheet = credentials(response)
    assert sheet[0] == ["Tên đăng nhập", "Họ và tên", "Mã đơn vị", "Vai trò", "Mật khẩu ban đầu"]
    assert [r[:4] for r in sheet[1:]] == [
        ["hieutruong.thx", "Nguyễn Thị Lan Anh", "T01", "Thủ trưởng"],
        ["gv.thx", "Trần Văn Bình", "T01", "Cán bộ, giáo viên"],
        ["canbo2.x", "Trần Văn Bình", "X01", "Cán bộ cơ quan quản lý"],
    ]
    for username, *_rest, password in sheet[1:]:
        assert User.objects.get(username=username).check_password(password)
        for a in audits:
            assert password not in str(a.after)
    # passwords are not on the page itself, only in the download
    body = response.content.decode()
    assert sheet[1][4] not in body.replace(response.context["credentials_href"], "")


def test_department_admin_imports_across_its_subtree(client, dept_admin):
    client.force_login(dept_admin)
    response = upload(client, "S01", xlsx([row("gv.t01"), row("gv.t10", unit="T10")]))
    assert response.status_code == 200
    assert User.objects.filter(username__in=["gv.t01", "gv.t10"]).count() == 2


def test_rows_must_lie_under_the_page_unit(client, dept_admin):
    """Importing from X01's page: T10 is in the admin's scope but not under X01."""
    client.force_login(dept_admin)
    response = upload(client, "X01", xlsx([row("gv.t01"), row("gv.t10", unit="T10")]))
    assert response.context["problems"] == [
        "Dòng 3: đơn vị T10 không tồn tại hoặc nằm ngoài phạm vi quản lý của bạn."
    ]


def test_numbers_typed_as_numbers_keep_their_text(client, officer_x):
    client.force_login(officer_x)
    response = upload(
        client,
        "X01",
        xlsx([["so.123", "Lê Văn Số", "so@example.edu.vn", 912345678, "T01", "Xem báo cáo"]]),
    )
    assert response.status_code == 200
    assert User.objects.get(username="so.123").phone == "912345678"


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        (
            row("gv.a", unit="KHONGCO"),
            "Dòng 3: đơn vị KHONGCO không tồn tại hoặc nằm ngoài phạm vi",
        ),
        (row("gv.a", unit="T03"), "Dòng 3: đơn vị T03 không tồn tại hoặc nằm ngoài phạm vi"),
        (row("gv.a", unit=""), "Dòng 3: chưa ghi mã đơn vị."),
        (
            row("gv.a", unit="X01", role="Quản trị Sở"),
            "Dòng 3: bạn không được cấp vai trò «Quản trị Sở» tại đơn vị X01.",
        ),
        (row("gv.a", role="Hiệu phó"), "Dòng 3: vai trò «Hiệu phó» không hợp lệ"),
        (row("gv.a", role=""), "Dòng 3: chưa ghi vai trò."),
        (
            row("namsach.canbo", email="khac@example.edu.vn"),
            "Dòng 3: tên đăng nhập «namsach.canbo» đã được dùng.",
        ),
        (
            row("NAMSACH.CANBO", email="khac@example.edu.vn"),
            "Dòng 3: tên đăng nhập «NAMSACH.CANBO» đã được dùng.",
        ),
        (
            row("gv.ok", email="khac@example.edu.vn"),
            "Dòng 3: tên đăng nhập «gv.ok» trùng với dòng 2.",
        ),
        (
            row("gv.a", email="gv.ok@example.edu.vn"),
            "Dòng 3: email gv.ok@example.edu.vn trùng với dòng 2.",
        ),
        (
            row("gv.a", email="namsach.canbo@example.edu.vn"),
            "Dòng 3: email namsach.canbo@example.edu.vn đã được dùng",
        ),
        (row("gv.a", email="khong-phai-email"), "Dòng 3: Email: "),
        (row("gv.a", email=" "), "Dòng 3: Email: "),
        (row("gv a", email="gva@example.edu.vn"), "Dòng 3: Tên đăng nhập: "),
        (
            row("a@b", email="ab@example.edu.vn"),
            "Dòng 3: tên đăng nhập «a@b» không được chứa ký tự @.",
        ),
        (row("gv.a", name=""), "Dòng 3: Họ và tên: "),
        (row(bulk.EXAMPLE_USERNAME), "Dòng 3: đây là dòng ví dụ của tệp mẫu"),
    ],
)
def test_a_bad_row_is_reported_by_number_and_nothing_is_written(
    client, officer_x, officer_y, bad_row, message
):
    client.force_login(officer_x)
    before = User.objects.count()
    response = upload(client, "X01", xlsx([row("gv.ok"), bad_row, row("gv.ok2")]))
    assert response.status_code == 400  # a rejected file is an error
    problems = response.context["problems"]
    assert len(problems) == 1, problems
    assert problems[0].startswith(message), problems
    assert message in response.content.decode()
    assert nothing_written(before)


def test_every_error_is_reported_with_its_row(client, officer_x):
    client.force_login(officer_x)
    before = User.objects.count()
    data = xlsx(
        [
            row("gv.ok"),
            [],  # a blank line is skipped but keeps the numbering
            row("gv.a", unit="T03"),
            row("gv.b", role="Quản trị hệ thống"),
        ]
    )
    response = upload(client, "X01", data)
    problems = response.context["problems"]
    assert [p.split(":")[0] for p in problems] == ["Dòng 4", "Dòng 5"]
    assert nothing_written(before)


def test_missing_columns_are_named(client, officer_x):
    client.force_login(officer_x)
    response = upload(
        client, "X01", xlsx([["gv.a", "Lê An"]], header=["Tên đăng nhập", "Họ và tên"])
    )
    assert response.context["problems"] == [
        "Dòng 1: thiếu cột Email, Điện thoại, Mã đơn vị, Vai trò."
    ]


def test_empty_sheet_is_refused(client, officer_x):
    client.force_login(officer_x)
    response = upload(client, "X01", xlsx([]))
    assert response.context["problems"] == ["Tệp không có dòng dữ liệu nào (dòng 1 là tiêu đề)."]


def test_a_file_that_is_not_xlsx_is_refused(client, officer_x):
    client.force_login(officer_x)
    response = upload(client, "X01", b"Ten dang nhap,Ho va ten\n", name="tai-khoan.xlsx")
    assert "file" in response.context["form"].errors
    assert not User.objects.filter(must_change_password=True).exists()


def test_officer_of_other_authority_gets_404(client, officer_y):
    client.force_login(officer_y)
    assert client.get(reverse("users_import", args=["X01"])).status_code == 404
    assert upload(client, "X01", xlsx([row("gv.a")])).status_code == 404
    assert client.get(reverse("users_template", args=["X01"])).status_code == 404
    assert not User.objects.filter(username="gv.a").exists()


def test_head_of_school_may_not_import(client, head_a):
    client.force_login(head_a)
    assert client.get(reverse("users_import", args=["T01"])).status_code == 404


def test_template_has_the_columns_an_example_and_instructions(client, officer_x):
    client.force_login(officer_x)
    response = client.get(reverse("users_template", args=["X01"]))
    assert response.status_code == 200
    assert response["Content-Type"] == bulk_xlsx_type()
    assert "mau-tai-khoan-X01.xlsx" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Tài khoản", "Hướng dẫn"]
    rows = list(wb["Tài khoản"].iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert rows[1][0] == bulk.EXAMPLE_USERNAME and rows[1][4] == "T01"
    guide = "\n".join(r[0] or "" for r in wb["Hướng dẫn"].iter_rows(values_only=True))
    for label in bulk.ROLE_LABELS_VI.values():
        assert label in guide
    # uploaded untouched, the template creates nothing
    before = User.objects.count()
    refused = upload(client, "X01", response.content)
    assert refused.context["problems"][0].startswith("Dòng 2: đây là dòng ví dụ")
    assert nothing_written(before)


def test_credentials_sheet_keeps_formula_like_text_as_text(tree, officer_x):
    created = [bulk.Created(officer_x, tree["X01"], Role.AUTHORITY_OFFICER, "=1+1")]
    ws = load_workbook(io.BytesIO(bulk.credentials_xlsx(created))).active
    assert ws["E2"].value == "=1+1" and ws["E2"].data_type == "s"


def test_queries_grow_by_five_per_row(client, officer_x):
    """Checking is a constant number of queries; writing is 5 per row: the user, the role, the
    audit record, and reading and moving its audit stream's head (the tamper-evident chain)."""
    client.force_login(officer_x)

    def queries(n, prefix):
        data = xlsx([row(f"{prefix}{i}") for i in range(n)])
        with CaptureQueriesContext(connection) as ctx:
            response = upload(client, "X01", data)
        assert response.status_code == 200 and "created" in response.context
        return len(ctx.captured_queries)

    small, large = queries(2, "a"), queries(12, "b")
    assert large - small <= 5 * 10, (small, large)
    assert small <= 24, small
