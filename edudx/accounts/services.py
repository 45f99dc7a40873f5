"""Changes to accounts. Every change is one function, in a transaction, with its audit record."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.urls import reverse

from edudx.accounts.models import Role, RoleAssignment
from edudx.accounts.permissions import grantable_roles, may_create_accounts
from edudx.core.errors import DomainError
from edudx.core.models import record
from edudx.organizations.models import Unit

# Generated passwords avoid look-alikes (0/O/o, 1/l/I/i) so they can be read out or copied by hand.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 10  # 55 symbols ** 10 ≈ 2**57.8
# A generated password is a random secret of ~58 bits, so key stretching adds little to it; this
# many PBKDF2 rounds (instead of Django's 1,000,000, ~0.4 s each) keep an import of a thousand
# accounts within a request. Django re-hashes with the full count at the first log-in, and the
# owner must replace the password at once anyway.
INITIAL_PASSWORD_ITERATIONS = 20_000

# Role names in the import/credential files and in domain messages (a user-facing contract, like
# organizations.KIND_LABELS); pages show Role labels through gettext.
ROLE_LABELS_VI = {
    Role.INSTITUTION_HEAD: "Thủ trưởng",
    Role.INSTITUTION_STAFF: "Cán bộ, giáo viên",
    Role.AUTHORITY_OFFICER: "Cán bộ cơ quan quản lý",
    Role.DEPARTMENT_ADMIN: "Quản trị Sở",
    Role.VIEWER: "Xem báo cáo",
    Role.EVALUATION_MEMBER: "Thành viên đoàn đánh giá",
    Role.SYSTEM_ADMIN: "Quản trị hệ thống",
}


class AccountError(DomainError):
    """A change the accounts cannot take."""


def generate_password() -> str:
    """Secure and readable: letters of both cases and at least one digit."""
    while True:
        pw = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_LENGTH))
        if all(any(test(c) for c in pw) for test in (str.isdigit, str.islower, str.isupper)):
            return pw


def hash_initial_password(password: str) -> str:
    hasher = get_hasher()
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(password, hasher.salt(), iterations=INITIAL_PASSWORD_ITERATIONS)
    return make_password(password)


def split_full_name(full_name: str) -> tuple[str, str]:
    """Vietnamese order: 'Nguyễn Văn An' → ('Nguyễn Văn', 'An') as (last_name, first_name)."""
    words = full_name.split()
    if not words:
        return "", ""
    return " ".join(words[:-1]), words[-1]


def check_username(username: str) -> None:
    # The log-in form reads anything with an "@" as an e-mail address.
    if "@" in username:
        raise AccountError(f"Tên đăng nhập «{username}» không được chứa ký tự @.", field="username")


def check_target(by, unit: Unit, role: str) -> None:
    """`by` may create an account with `role` on `unit`."""
    if not unit.active:
        raise AccountError(f"Đơn vị {unit.code} đã ngừng hoạt động, không thể tạo tài khoản.")
    if not may_create_accounts(by, unit):
        raise AccountError(f"Bạn không được quản lý tài khoản của đơn vị {unit.code}.")
    if role not in grantable_roles(by, unit):
        label = ROLE_LABELS_VI.get(role, role)
        raise AccountError(
            f"Bạn không được cấp vai trò «{label}» tại đơn vị {unit.code}.", field="role"
        )


def insert_account(
    *, unit: Unit, role: str, username: str, full_name: str, email: str, phone: str, by, password
):
    """Write an account already checked: three INSERTs (user, role, audit). No transaction of its
    own — callers hold one."""
    last_name, first_name = split_full_name(full_name)
    user = get_user_model()(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        must_change_password=True,
        password=hash_initial_password(password),
    )
    user.save()
    RoleAssignment.objects.create(user=user, unit=unit, role=role, granted_by=by)
    record(
        "user.create",
        user,
        actor=by,
        after={
            "username": username,
            "full_name": " ".join(full_name.split()),
            "email": email,
            "phone": phone,
            "unit": unit.code,
            "role": role,
            "must_change_password": True,
        },
    )
    return user


def create_account(*, unit, role, username, full_name, email, phone="", by):
    """Create an account holding `role` on `unit`, with a generated password it must change at
    the first log-in. Returns (user, password): the password is shown once and stored nowhere."""
    username, email, phone = username.strip(), email.strip(), (phone or "").strip()
    check_username(username)
    check_target(by, unit, role)
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(f"Tên đăng nhập «{username}» đã được dùng.", field="username")
    if User.objects.filter(email__iexact=email).exists():
        raise AccountError(f"Email {email} đã được dùng cho một tài khoản khác.", field="email")
    password = generate_password()
    try:
        with transaction.atomic():
            user = insert_account(
                unit=unit,
                role=role,
                username=username,
                full_name=full_name,
                email=email,
                phone=phone,
                by=by,
                password=password,
            )
    except IntegrityError:  # the same username saved by someone else a moment ago
        raise AccountError(f"Tên đăng nhập «{username}» đã được dùng.", field="username") from None
    return user, password


def demo_accounts() -> list[tuple[str, str, str]]:
    """(username, role label, unit name) of the demo accounts, for the log-in page in demo mode."""
    users = (
        get_user_model()
        .objects.filter(username__startswith="demo.", is_active=True)
        .order_by("username")
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.select_related("unit").order_by(
                    "unit__path", "role"
                ),
            )
        )
    )
    rows = []
    for user in users:
        first = next(iter(user.role_assignments.all()), None)
        rows.append(
            (
                user.username,
                Role(first.role).label if first else "",
                first.unit.name if first else "",
            )
        )
    return rows


def unit_url(unit: Unit) -> str:
    return reverse("organizations:unit_detail", args=[unit.code])
