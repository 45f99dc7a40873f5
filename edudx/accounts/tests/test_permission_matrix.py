"""Every page × every persona (in and out of scope) → the expected answer.

Outside a user's scope a page answers 404: the unit does not exist for them. Adding a page means
adding its rows here."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from edudx.accounts.permissions import Action, can, visible_units, visible_users
from edudx.organizations.models import Unit

User = get_user_model()

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
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
ALL_IN = dict.fromkeys(PERSONAS[1:], 200)


def row(url, anonymous=302, **expected):
    statuses = {"anonymous": anonymous}
    statuses.update(expected)
    return pytest.param(url, statuses, id=url)


def only(*allowed, default=404):
    return {p: (200 if p in allowed else default) for p in PERSONAS[1:]}


# The evaluation-team member's role opens no unit page (least privilege): a team opens exactly
# the institutions assigned to it, through the evaluation pages.
SEES_T01 = ("sysadmin", "dept_admin", "viewer_s", "officer_x")
EXCEPT_EVALUATOR = {**ALL_IN, "evaluator_x": 404}
PAGES = [
    row("/", **ALL_IN),
    row("/bo-chi-so/", **ALL_IN),
    row("/bo-chi-so/nhap-excel/", **only("sysadmin")),
    row("/don-vi/", **EXCEPT_EVALUATOR),
    row("/don-vi/BGD/", **only("sysadmin")),
    row("/don-vi/S01/", **only("sysadmin", "dept_admin", "viewer_s")),
    row("/don-vi/S02/", **only("sysadmin", "dept_admin_2")),
    row("/don-vi/X01/", **only(*SEES_T01)),
    row("/don-vi/T01/", **only(*SEES_T01, "head_a", "teacher")),
    row("/don-vi/T02/", **only(*SEES_T01)),
    row("/don-vi/T03/", **only("sysadmin", "dept_admin_2", "officer_y")),
    row("/don-vi/KHONG-CO/", **only()),
    row("/don-vi/mau-danh-muc/", **only("sysadmin", "dept_admin", "dept_admin_2")),
    row("/don-vi/S01/nhap-danh-muc/", **only("sysadmin", "dept_admin")),
    row("/don-vi/S02/nhap-danh-muc/", **only("sysadmin", "dept_admin_2")),
    row("/don-vi/S01/xuat-danh-muc/", **only("sysadmin", "dept_admin")),
    # The head creates the school's staff accounts at their own school only (MANAGE_STAFF).
    row("/don-vi/T01/tai-khoan/them/", **only("sysadmin", "dept_admin", "officer_x", "head_a")),
    row("/don-vi/T02/tai-khoan/them/", **only("sysadmin", "dept_admin", "officer_x")),
    row("/don-vi/T03/tai-khoan/them/", **only("sysadmin", "dept_admin_2", "officer_y")),
    row("/don-vi/X01/tai-khoan/nhap/", **only("sysadmin", "dept_admin", "officer_x")),
    row("/don-vi/X01/tai-khoan/mau/", **only("sysadmin", "dept_admin", "officer_x")),
    row("/dot-danh-gia/", **ALL_IN),
    row("/don-vi/X01/dot-danh-gia/mo/", **only("sysadmin", "dept_admin", "officer_x")),
    row("/don-vi/X02/dot-danh-gia/mo/", **only("sysadmin", "dept_admin_2", "officer_y")),
]


def _registry_csv(persona):
    body = (
        "Mã đơn vị,Tên đơn vị,Loại đơn vị,Cấp học,Mã đơn vị quản lý\n"
        f"N-{persona},Trường Tiểu học {persona},Cơ sở giáo dục,Tiểu học,X01\n"
    )
    return {"file": SimpleUploadedFile("dm.csv", body.encode())}


def _account(persona):
    return {
        "username": f"moi.{persona}",
        "full_name": "Nguyễn Văn Mới",
        "email": f"moi.{persona}@example.edu.vn",
        "role": "institution_staff",
    }


def _accounts_sheet(persona):
    wb = Workbook()
    wb.active.append(["Tên đăng nhập", "Họ và tên", "Email", "Điện thoại", "Mã đơn vị", "Vai trò"])
    wb.active.append(
        [
            f"nhap.{persona}",
            "Trần Thị Nhập",
            f"nhap.{persona}@example.edu.vn",
            "",
            "T01",
            "Cán bộ, giáo viên",
        ]
    )
    out = io.BytesIO()
    wb.save(out)
    return {"file": SimpleUploadedFile("tk.xlsx", out.getvalue())}


# Actions (POST): who may, and proof that a refused action changed nothing.
ACTIONS = [
    pytest.param(
        "/don-vi/S01/nhap-danh-muc/",
        _registry_csv,
        lambda p: Unit.objects.filter(code=f"N-{p}").exists(),
        only("sysadmin", "dept_admin"),
        id="import registry into S01",
    ),
    pytest.param(
        "/don-vi/T01/tai-khoan/them/",
        _account,
        lambda p: User.objects.filter(username=f"moi.{p}").exists(),
        only("sysadmin", "dept_admin", "officer_x", "head_a"),
        id="create an account at T01",
    ),
    pytest.param(
        "/don-vi/T02/tai-khoan/them/",
        lambda p: {**_account(p), "username": f"moi2.{p}", "email": f"moi2.{p}@example.edu.vn"},
        lambda p: User.objects.filter(username=f"moi2.{p}").exists(),
        only("sysadmin", "dept_admin", "officer_x"),
        id="create an account at T02",
    ),
    pytest.param(
        "/don-vi/X01/tai-khoan/nhap/",
        _accounts_sheet,
        lambda p: User.objects.filter(username=f"nhap.{p}").exists(),
        only("sysadmin", "dept_admin", "officer_x"),
        id="import accounts under X01",
    ),
]


@pytest.fixture
def personas(request, tree):
    return {
        name: (None if name == "anonymous" else request.getfixturevalue(name)) for name in PERSONAS
    }


@pytest.mark.parametrize(("url", "expected"), PAGES)
def test_page_answers_each_persona_as_expected(client, personas, url, expected):
    answers = {}
    for name, user in personas.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        answers[name] = client.get(url).status_code
    assert answers == expected


@pytest.mark.parametrize(("url", "payload", "done", "expected"), ACTIONS)
def test_action_is_done_only_by_those_allowed(client, personas, url, payload, done, expected):
    expected = {"anonymous": 302, **expected}
    answers, effects = {}, {}
    for name, user in personas.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        answers[name] = client.post(url, payload(name)).status_code
        effects[name] = done(name)
    assert answers == expected
    assert effects == {name: status == 200 for name, status in expected.items()}


@pytest.mark.parametrize(
    ("persona", "codes"),
    [
        ("sysadmin", {"BGD", "S01", "S02", "T10", "X01", "X02", "T01", "T02", "T03"}),
        ("dept_admin", {"S01", "T10", "X01", "T01", "T02"}),
        ("officer_x", {"X01", "T01", "T02"}),
        ("officer_y", {"X02", "T03"}),
        ("head_a", {"T01"}),
        ("viewer_s", {"S01", "T10", "X01", "T01", "T02"}),
    ],
)
def test_visible_units_is_the_subtree_of_the_assignments(request, persona, codes):
    user = request.getfixturevalue(persona)
    assert set(visible_units(user).values_list("code", flat=True)) == codes


def test_viewer_sees_but_cannot_manage(viewer_s, tree):
    assert can(viewer_s, Action.VIEW_UNIT, tree["T01"])
    assert not can(viewer_s, Action.MANAGE_USERS, tree["T01"])
    assert not can(viewer_s, Action.MANAGE_UNITS, tree["S01"])


def test_inactive_user_can_do_nothing(officer_x, tree):
    officer_x.is_active = False
    officer_x.save()
    assert not can(officer_x, Action.VIEW_UNIT, tree["T01"])
    assert not visible_units(officer_x).exists()


def test_role_on_a_merged_unit_no_longer_grants_anything(officer_x, tree):
    Unit.objects.filter(pk=tree["X01"].pk).update(active=False)
    officer_x.refresh_from_db()
    assert not can(officer_x, Action.VIEW_UNIT, tree["T01"])


def test_users_visible_to_an_officer_are_those_of_their_units(
    officer_x, officer_y, head_a, teacher
):
    assert set(visible_users(officer_x).values_list("username", flat=True)) == {
        "lechan.canbo",
        "leloi.hieutruong",
        "leloi.giaovien",
    }
    assert "leloi.hieutruong" not in set(
        visible_users(officer_y).values_list("username", flat=True)
    )


def test_visible_to_scopes_any_queryset_by_a_path_field(officer_x, officer_y, head_a):
    from edudx.accounts.models import RoleAssignment
    from edudx.accounts.permissions import visible_to

    everything = RoleAssignment.objects.all()
    mine = visible_to(officer_x, everything, path_field="unit__path")
    assert {a.user.username for a in mine} == {"lechan.canbo", "leloi.hieutruong"}
    assert "namsach.canbo" not in {a.user.username for a in mine}
