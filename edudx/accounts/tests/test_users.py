"""Creating one account for a unit: who may, which roles, the generated password shown once.

Personas and the tree come from conftest.py: officer_x manages X01 and its schools T01, T02;
officer_y manages X02 and T03; dept_admin manages S01 and everything under it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from conftest import make_user
from edudx.accounts import services
from edudx.accounts.models import Role, RoleAssignment
from edudx.core.models import AuditRecord
from edudx.organizations.models import Unit

User = get_user_model()


def form_data(**overrides):
    data = {
        "username": "hieutruong.x",
        "full_name": "  Nguyễn  Thị Minh   Khai ",
        "email": "hieutruong.x@example.edu.vn",
        "phone": "0912345678",
        "role": Role.INSTITUTION_HEAD,
    }
    return data | overrides


def create_url(code):
    return reverse("user_create", args=[code])


def test_officer_creates_head_for_school_under_authority(client, officer_x):
    client.force_login(officer_x)
    page = client.post(create_url("T01"), form_data())
    assert page.status_code == 200
    assert page.templates[0].name == "accounts/user_created.html"
    assert "no-store" in page["Cache-Control"]

    user = User.objects.get(username="hieutruong.x")
    assert (user.last_name, user.first_name) == ("Nguyễn Thị Minh", "Khai")
    assert user.email == "hieutruong.x@example.edu.vn" and user.phone == "0912345678"
    assert user.must_change_password
    ra = RoleAssignment.objects.get(user=user)
    assert (ra.unit.code, ra.role, ra.granted_by) == ("T01", Role.INSTITUTION_HEAD, officer_x)

    password = page.context["password"]
    assert len(password) == services.PASSWORD_LENGTH
    assert user.check_password(password)
    body = page.content.decode()
    assert password in body and "Nguyễn Thị Minh Khai" in body
    assert 'href="/don-vi/T01/"' in body
    # stored nowhere: not in the session either
    assert password not in str(dict(client.session))
    # a second submission of the same form creates nothing
    again = client.post(create_url("T01"), form_data())
    assert "username" in again.context["form"].errors
    assert User.objects.filter(username="hieutruong.x").count() == 1


def test_creation_writes_an_audit_record_without_the_password(client, officer_x):
    client.force_login(officer_x)
    password = client.post(create_url("T01"), form_data()).context["password"]
    audit = AuditRecord.objects.get(action="user.create")
    assert audit.actor == officer_x
    assert audit.after["username"] == "hieutruong.x"
    assert audit.after["unit"] == "T01" and audit.after["role"] == Role.INSTITUTION_HEAD
    assert password not in str(audit.after) and password not in audit.object_repr


def test_officer_of_other_authority_gets_404(client, officer_y):
    client.force_login(officer_y)
    assert client.get(create_url("T01")).status_code == 404
    assert client.post(create_url("T01"), form_data()).status_code == 404
    assert not User.objects.filter(username="hieutruong.x").exists()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("sysadmin", 200),
        ("dept_admin", 200),
        ("officer_x", 200),
        ("officer_y", 404),
        ("head_a", 200),  # creates the school's staff accounts (test_head_creates_staff.py)
        ("teacher", 404),
        ("viewer_s", 404),
    ],
)
def test_who_may_open_the_create_page_of_t01(client, request, persona, expected):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(create_url("T01")).status_code == expected


def test_anonymous_is_sent_to_login(client, tree):
    response = client.get(create_url("T01"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_unknown_unit_gets_404(client, dept_admin):
    client.force_login(dept_admin)
    assert client.get(create_url("KHONG-CO")).status_code == 404


def test_officer_cannot_grant_department_admin(client, officer_x):
    client.force_login(officer_x)
    page = client.get(create_url("T01"))
    offered = [value for value, _label in page.context["form"].fields["role"].choices if value]
    # On a school: only school roles (and a viewer); never an administrator of a department.
    assert set(offered) == {Role.INSTITUTION_HEAD, Role.INSTITUTION_STAFF, Role.VIEWER}
    response = client.post(create_url("T01"), form_data(role=Role.DEPARTMENT_ADMIN))
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not User.objects.filter(username="hieutruong.x").exists()


def test_department_admin_may_grant_department_admin_on_the_department(client, dept_admin):
    client.force_login(dept_admin)
    response = client.post(create_url("S01"), form_data(role=Role.DEPARTMENT_ADMIN))
    assert response.status_code == 200 and response.context["password"]
    assert RoleAssignment.objects.filter(
        user__username="hieutruong.x", unit__code="S01", role=Role.DEPARTMENT_ADMIN
    ).exists()


def test_a_head_cannot_be_granted_on_an_authority(client, dept_admin):
    client.force_login(dept_admin)
    response = client.post(create_url("X01"), form_data(role=Role.INSTITUTION_HEAD))
    assert response.status_code == 200 and "role" in response.context["form"].errors


def test_duplicate_username_is_refused_keeping_the_values(client, officer_x):
    make_user("Hieutruong.X", email="khac@example.edu.vn")  # same name in another case
    before = User.objects.count()
    client.force_login(officer_x)
    response = client.post(create_url("T01"), form_data())
    assert response.status_code == 200
    message = "Tên đăng nhập «hieutruong.x» đã được dùng."
    assert response.context["form"].errors["username"] == [message]
    body = response.content.decode()
    assert message in body
    assert 'value="hieutruong.x@example.edu.vn"' in body and 'value="0912345678"' in body
    assert User.objects.count() == before


def test_duplicate_email_is_refused(client, officer_x, officer_y):
    client.force_login(officer_x)
    response = client.post(create_url("T01"), form_data(email="NAMSACH.CANBO@example.edu.vn"))
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "Email NAMSACH.CANBO@example.edu.vn đã được dùng cho một tài khoản khác."
    ]


def test_username_with_at_sign_is_refused(client, officer_x):
    client.force_login(officer_x)
    response = client.post(create_url("T01"), form_data(username="a@b"))
    assert response.status_code == 200
    assert "không được chứa ký tự @" in response.context["form"].errors["username"][0]


def test_required_fields(client, officer_x):
    client.force_login(officer_x)
    response = client.post(create_url("T01"), {})
    assert set(response.context["form"].errors) == {"username", "full_name", "email", "role"}


def test_new_account_must_change_password_at_first_login(client, officer_x):
    client.force_login(officer_x)
    password = client.post(create_url("T01"), form_data()).context["password"]
    client.post(reverse("logout"))
    response = client.post(reverse("login"), {"username": "hieutruong.x", "password": password})
    assert response.status_code == 302
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("password_change")


# --- the service itself ---------------------------------------------------------------------


def test_service_refuses_a_unit_outside_the_creators_scope(tree, officer_y):
    with pytest.raises(services.AccountError, match="không được quản lý"):
        services.create_account(
            unit=tree["T01"],
            role=Role.INSTITUTION_STAFF,
            username="gv1",
            full_name="Lê An",
            email="gv1@example.edu.vn",
            phone="",
            by=officer_y,
        )
    assert not User.objects.filter(username="gv1").exists()


def test_service_refuses_an_inactive_unit(tree, dept_admin):
    Unit.objects.filter(code="T01").update(active=False)
    with pytest.raises(services.AccountError, match="ngừng hoạt động"):
        services.create_account(
            unit=Unit.objects.get(code="T01"),
            role=Role.INSTITUTION_STAFF,
            username="gv1",
            full_name="Lê An",
            email="gv1@example.edu.vn",
            by=dept_admin,
        )


@pytest.mark.parametrize(
    ("full_name", "expected"),
    [
        ("Nguyễn Văn An", ("Nguyễn Văn", "An")),
        ("  Lê   Thị  Hồng Nhung ", ("Lê Thị Hồng", "Nhung")),
        ("An", ("", "An")),
        ("", ("", "")),
    ],
)
def test_full_name_split_vietnamese_style(full_name, expected):
    assert services.split_full_name(full_name) == expected


def test_generated_passwords_are_readable_and_distinct():
    passwords = {services.generate_password() for _ in range(200)}
    assert len(passwords) == 200
    ambiguous = set("0Oo1lIi")
    for pw in passwords:
        assert len(pw) == services.PASSWORD_LENGTH
        assert not ambiguous & set(pw)
        assert any(c.isdigit() for c in pw) and any(c.isupper() for c in pw)
        assert any(c.islower() for c in pw)


def test_no_role_is_preselected(client, officer_x):
    client.force_login(officer_x)
    choices = client.get(create_url("T01")).context["form"].fields["role"].choices
    assert choices[0][0] == ""
    response = client.post(create_url("T01"), form_data(role=""))
    assert "role" in response.context["form"].errors
