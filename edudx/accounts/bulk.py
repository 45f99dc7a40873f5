"""Accounts from an Excel sheet: every row checked first, then all created or none.

Row numbers are the sheet's (header = row 1). Checking reads the database a constant number of
times whatever the size of the file (units, usernames and e-mails are fetched in one query each;
permissions come from the uploader's cached assignments); writing costs three INSERTs per row
(user, role assignment, audit record).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from openpyxl import Workbook
from openpyxl.styles import Font

from edudx.accounts.forms import AccountForm
from edudx.accounts.models import Role
from edudx.accounts.services import (
    ROLE_LABELS_VI,
    AccountError,
    check_target,
    check_username,
    generate_password,
    insert_account,
)
from edudx.core.files import (
    TableProblems,
    label_key,
    read_table,
    text_cell,
    workbook_bytes,
)
from edudx.organizations.models import Unit

# The file's columns (a user-facing contract) and the form field each one fills.
COLUMNS = {
    "Tên đăng nhập": "username",
    "Họ và tên": "full_name",
    "Email": "email",
    "Điện thoại": "phone",
    "Mã đơn vị": "unit_code",
    "Vai trò": "role",
}
CREDENTIAL_COLUMNS = ["Tên đăng nhập", "Họ và tên", "Mã đơn vị", "Vai trò", "Mật khẩu ban đầu"]
SHEET = "Tài khoản"
GUIDE = "Hướng dẫn"
MAX_ROWS = 1000
EXAMPLE_USERNAME = "vidu.nguyenvanan"  # the template's example row, refused if left in


# "Cán bộ, giáo viên" or "institution_staff", in any case and spacing.
ROLE_BY_TEXT = {label_key(label): role for role, label in ROLE_LABELS_VI.items()} | {
    label_key(role): role for role in Role.values
}


def _sentence_part(exc: Exception) -> str:
    """A service message placed after "Dòng N: "."""
    message = str(exc)
    return message[:1].lower() + message[1:]


class ImportProblems(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Row:
    number: int
    values: dict[str, str]


@dataclass
class Created:
    user: object
    unit: Unit
    role: str
    password: str


def read_rows(data: bytes) -> list[Row]:
    try:
        table = read_table(data, sheet=SHEET, titles=COLUMNS, max_rows=MAX_ROWS)
    except TableProblems as exc:
        raise ImportProblems(exc.problems) from None
    return [Row(number, values) for number, values in table]


def check_rows(rows: list[Row], *, scope: Unit, by) -> list[tuple[Row, dict, Unit]]:
    """Every problem of every row, or the rows ready to create (cleaned data, unit)."""
    User = get_user_model()
    units = {u.code: u for u in Unit.objects.filter(code__in={r.values["unit_code"] for r in rows})}
    names = {label_key(r.values["username"]) for r in rows}
    emails = {label_key(r.values["email"]) for r in rows}
    taken_names = set(
        User.objects.annotate(k=Lower("username")).filter(k__in=names).values_list("k", flat=True)
    )
    taken_emails = set(
        User.objects.annotate(k=Lower("email")).filter(k__in=emails).values_list("k", flat=True)
    )
    labels = {field: title for title, field in COLUMNS.items()}
    seen_names: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    problems: list[str] = []
    ready = []
    for row in rows:
        n, v = row.number, row.values
        errors: list[str] = []
        form = AccountForm(data=v)
        if not form.is_valid():
            for field, messages in form.errors.items():
                errors += [f"{labels[field]}: {m}" for m in messages]
        data = form.cleaned_data
        username = data.get("username", "")
        if username:
            try:
                check_username(username)
            except AccountError as exc:
                errors.append(_sentence_part(exc))
            name_key = label_key(username)
            if name_key in taken_names:
                errors.append(f"tên đăng nhập «{username}» đã được dùng.")
            elif name_key in seen_names:
                errors.append(f"tên đăng nhập «{username}» trùng với dòng {seen_names[name_key]}.")
            seen_names.setdefault(name_key, n)
            if username == EXAMPLE_USERNAME:
                errors.append("đây là dòng ví dụ của tệp mẫu; hãy xóa hoặc thay bằng dữ liệu thật.")
        email = data.get("email", "")
        if email:
            email_key = label_key(email)
            if email_key in taken_emails:
                errors.append(f"email {email} đã được dùng cho một tài khoản khác.")
            elif email_key in seen_emails:
                errors.append(f"email {email} trùng với dòng {seen_emails[email_key]}.")
            seen_emails.setdefault(email_key, n)
        code = v["unit_code"]
        unit = units.get(code)
        if not code:
            errors.append("chưa ghi mã đơn vị.")
        elif unit is None or not unit.is_within(scope):
            errors.append(f"đơn vị {code} không tồn tại hoặc nằm ngoài phạm vi quản lý của bạn.")
            unit = None
        role = ROLE_BY_TEXT.get(label_key(v["role"]))
        if not v["role"]:
            errors.append("chưa ghi vai trò.")
        elif role is None:
            choices = "; ".join(ROLE_LABELS_VI.values())
            errors.append(f"vai trò «{v['role']}» không hợp lệ (ghi một trong: {choices}).")
        elif unit is not None:
            try:
                check_target(by, unit, role)
            except AccountError as exc:
                errors.append(_sentence_part(exc))
        if errors:
            problems += [f"Dòng {n}: {e}" for e in errors]
        else:
            ready.append((row, {**data, "role": role}, unit))
    if problems:
        raise ImportProblems(problems)
    return ready


def import_accounts(data: bytes, *, scope: Unit, by) -> list[Created]:
    """Create the accounts of the sheet, all or none. `scope`: the unit whose page imports; every
    row's unit must lie in its subtree (and the uploader must manage users there)."""
    ready = check_rows(read_rows(data), scope=scope, by=by)
    created = []
    try:
        with transaction.atomic():
            for _row, fields, unit in ready:
                password = generate_password()
                user = insert_account(unit=unit, by=by, password=password, **fields)
                created.append(Created(user, unit, fields["role"], password))
    except IntegrityError:  # someone took one of the usernames since the check
        raise ImportProblems(
            ["Một số tên đăng nhập vừa được tạo bởi người khác; hãy tải tệp lên lại."]
        ) from None
    return created


def _row(ws, values, *, bold=False):
    font = Font(bold=True) if bold else None
    return [text_cell(ws, value, font=font) for value in values]


def credentials_xlsx(created: list[Created]) -> bytes:
    """The sheet handed to the people concerned: username, name, unit, role, initial password."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    for letter, width in zip("ABCDE", (24, 30, 16, 28, 20), strict=True):
        ws.column_dimensions[letter].width = width
    ws.append(_row(ws, CREDENTIAL_COLUMNS, bold=True))
    for c in created:
        ws.append(
            _row(
                ws,
                [
                    c.user.username,
                    c.user.get_full_name(),
                    c.unit.code,
                    ROLE_LABELS_VI[c.role],
                    c.password,
                ],
            )
        )
    return workbook_bytes(wb)


def template_xlsx(scope: Unit) -> bytes:
    """The sheet to fill in, with one example row and an instructions sheet."""
    example_unit = Unit.objects.subtree(scope).institutions().active().first() or scope
    role = Role.INSTITUTION_STAFF if example_unit.is_institution else Role.AUTHORITY_OFFICER
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.append(
        [
            EXAMPLE_USERNAME,
            "Nguyễn Văn An",
            "nguyenvanan@example.edu.vn",
            "0912345678",
            example_unit.code,
            ROLE_LABELS_VI[role],
        ]
    )
    for letter, width in zip("ABCDEF", (24, 30, 32, 16, 16, 28), strict=True):
        ws.column_dimensions[letter].width = width
        for cell in ws[letter]:
            cell.number_format = "@"  # text: keeps the leading 0 of phones and codes
    ws.freeze_panes = "A2"
    guide = wb.create_sheet(GUIDE)
    guide.column_dimensions["A"].width = 110
    for line in _guide_lines(scope):
        guide.append([line])
    guide["A1"].font = Font(bold=True)
    return workbook_bytes(wb)


def _guide_lines(scope: Unit) -> list[str]:
    lines = [
        "Hướng dẫn nhập tài khoản",
        f"Ghi mỗi tài khoản trên một dòng của trang '{SHEET}', bắt đầu từ dòng 2; dòng 1 là tiêu đề, "
        "giữ nguyên tên các cột.",
        f"Xóa dòng ví dụ ({EXAMPLE_USERNAME}) trước khi tải lên.",
        "",
        "Tên đăng nhập: bắt buộc, không trùng với tài khoản đã có; chỉ gồm chữ, số và . _ + - "
        "(không dấu cách, không @).",
        "Họ và tên: bắt buộc, họ trước tên (Nguyễn Văn An).",
        "Email: bắt buộc, hợp lệ, không trùng; dùng để lấy lại mật khẩu.",
        "Điện thoại: không bắt buộc.",
        f"Mã đơn vị: mã của {scope.name} ({scope.code}) hoặc của một đơn vị trực thuộc.",
        "Vai trò: ghi đúng một trong các tên sau (hoặc mã trong ngoặc):",
    ]
    lines += [f"    {label} ({role})" for role, label in ROLE_LABELS_VI.items()]
    lines += [
        "Bạn chỉ cấp được những vai trò trong quyền của mình; thường là Thủ trưởng, Cán bộ, giáo viên "
        "hoặc Xem báo cáo cho cơ sở giáo dục, Cán bộ cơ quan quản lý cho cơ quan quản lý.",
        "",
        "Tệp được kiểm tra toàn bộ trước: nếu có lỗi, không tài khoản nào được tạo và mỗi lỗi được "
        "báo kèm số dòng.",
        "Khi thành công, hệ thống cho tải về bảng tên đăng nhập và mật khẩu ban đầu (chỉ một lần). "
        "Mỗi người phải đổi mật khẩu ở lần đăng nhập đầu tiên.",
        f"Tối đa {MAX_ROWS} dòng mỗi tệp.",
    ]
    return lines
