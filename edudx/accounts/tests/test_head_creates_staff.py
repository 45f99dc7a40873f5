"""The head of a school creates the accounts of its teachers and staff (Action.MANAGE_STAFF): the
staff role only, at their own school only, with the same one-time password as an office's."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from edudx.accounts import services
from edudx.accounts.models import Role, RoleAssignment
from edudx.accounts.permissions import grantable_roles

User = get_user_model()


def staff(**overrides):
    data = {
        "username": "gv.moi",
        "full_name": "Phạm Thị Lan",
        "email": "gv.moi@example.edu.vn",
        "phone": "",
        "role": Role.INSTITUTION_STAFF,
    }
    return data | overrides


def test_head_creates_a_staff_account_with_a_one_time_password(client, head_a):
    client.force_login(head_a)
    page = client.post(reverse("user_create", args=["T01"]), staff())
    assert page.status_code == 200 and page.templates[0].name == "accounts/user_created.html"
    user = User.objects.get(username="gv.moi")
    assert user.must_change_password and user.check_password(page.context["password"])
    ra = RoleAssignment.objects.get(user=user)
    assert (ra.unit.code, ra.role, ra.granted_by) == ("T01", Role.INSTITUTION_STAFF, head_a)


def test_head_is_offered_the_staff_role_only(client, head_a, tree):
    assert grantable_roles(head_a, tree["T01"]) == [Role.INSTITUTION_STAFF]
    client.force_login(head_a)
    page = client.get(reverse("user_create", args=["T01"]))
    offered = [value for value, _label in page.context["form"].fields["role"].choices if value]
    assert offered == [Role.INSTITUTION_STAFF]


@pytest.mark.parametrize(
    "role", [Role.INSTITUTION_HEAD, Role.AUTHORITY_OFFICER, Role.VIEWER, Role.DEPARTMENT_ADMIN]
)
def test_head_cannot_grant_another_role(client, head_a, role):
    client.force_login(head_a)
    page = client.post(reverse("user_create", args=["T01"]), staff(role=role))
    assert page.status_code == 200 and "role" in page.context["form"].errors
    assert not User.objects.filter(username="gv.moi").exists()


def test_service_refuses_a_head_granting_head(tree, head_a):
    with pytest.raises(services.AccountError, match="không được cấp vai trò"):
        services.create_account(unit=tree["T01"], by=head_a, **staff(role=Role.INSTITUTION_HEAD))
    assert not User.objects.filter(username="gv.moi").exists()


def test_service_refuses_a_head_at_another_school(tree, head_a):
    with pytest.raises(services.AccountError, match="không được quản lý"):
        services.create_account(unit=tree["T02"], by=head_a, **staff())


def test_head_cannot_import_accounts(client, head_a):
    """Bulk import stays with the offices (MANAGE_USERS)."""
    client.force_login(head_a)
    assert client.get(reverse("users_import", args=["T01"])).status_code == 404


def test_unit_page_shows_the_head_the_add_staff_link(client, head_a, teacher):
    url = reverse("user_create", args=["T01"])
    client.force_login(head_a)
    body = client.get(reverse("organizations:unit_detail", args=["T01"])).content.decode()
    assert "Thêm cán bộ, giáo viên" in body and f'href="{url}"' in body
    assert reverse("users_import", args=["T01"]) not in body
    client.force_login(teacher)
    body = client.get(reverse("organizations:unit_detail", args=["T01"])).content.decode()
    assert url not in body
