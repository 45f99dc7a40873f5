"""Shared fixtures: a small organisation tree and one persona per role, in and out of scope.

Tree:  BGD (ministry)
       ├── S01 Sở GDĐT Hải Phòng ── T10 THPT Trần Phú (upper secondary, managed by the Sở)
       │    └── X01 UBND phường Lê Chân ── T01 TH Lê Lợi, T02 TH&THCS Ngô Quyền
       └── S02 Sở GDĐT Hải Dương
            └── X02 UBND xã Nam Sách ── T03 MN Hoa Sen
"""

import pytest

from edudx.frameworks import loader

PASSWORD = "mat-khau-thu-123"


def make_user(username: str, *, staff: bool = False, password: str = PASSWORD, **extra):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        username=username,
        password=password,
        is_staff=staff,
        email=extra.pop("email", f"{username}@example.edu.vn"),
        **extra,
    )


def make_assigned_user(username: str, role: str, unit, **extra):
    from edudx.accounts.models import RoleAssignment

    user = make_user(username, **extra)
    RoleAssignment.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def tree(db):
    from edudx.organizations.models import UnitKind as K
    from edudx.organizations.services import create_unit

    units = {}

    def add(code, name, kind, parent=None, levels=None):
        units[code] = create_unit(
            code=code, name=name, kind=kind, parent=units.get(parent), education_levels=levels or []
        )

    add("BGD", "Bộ Giáo dục và Đào tạo", K.MINISTRY)
    add("S01", "Sở GDĐT Hải Phòng", K.DEPARTMENT, "BGD")
    add("S02", "Sở GDĐT Hải Dương", K.DEPARTMENT, "BGD")
    add("T10", "Trường THPT Trần Phú", K.INSTITUTION, "S01", ["upper_secondary"])
    add("X01", "UBND phường Lê Chân", K.COMMUNE, "S01")
    add("X02", "UBND xã Nam Sách", K.COMMUNE, "S02")
    add("T01", "Trường Tiểu học Lê Lợi", K.INSTITUTION, "X01", ["primary"])
    add("T02", "Trường TH&THCS Ngô Quyền", K.INSTITUTION, "X01", ["primary", "lower_secondary"])
    add("T03", "Trường Mầm non Hoa Sen", K.INSTITUTION, "X02", ["preschool"])
    return units


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many accounts; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Personas — each comment says what they may see.
@pytest.fixture
def sysadmin(tree):
    """System administrator: everything, everywhere."""
    return make_assigned_user("quantri", "system_admin", tree["BGD"])


@pytest.fixture
def dept_admin(tree):
    """Administrator of Sở Hải Phòng: S01 and below (T10, X01, T01, T02); not S02."""
    return make_assigned_user("sohp.admin", "department_admin", tree["S01"])


@pytest.fixture
def officer_x(tree):
    """Officer of UBND phường Lê Chân: X01, T01, T02."""
    return make_assigned_user("lechan.canbo", "authority_officer", tree["X01"])


@pytest.fixture
def officer_y(tree):
    """Officer of UBND xã Nam Sách: X02, T03 — nothing of Hải Phòng."""
    return make_assigned_user("namsach.canbo", "authority_officer", tree["X02"])


@pytest.fixture
def head_a(tree):
    """Head (Thủ trưởng) of TH Lê Lợi: T01 only."""
    return make_assigned_user("leloi.hieutruong", "institution_head", tree["T01"])


@pytest.fixture
def teacher(tree):
    """A teacher of TH Lê Lợi: T01 only, may read the frameworks."""
    return make_assigned_user("leloi.giaovien", "institution_staff", tree["T01"])


@pytest.fixture
def evaluator_x(tree):
    """An evaluation-team member at UBND phường Lê Chân: sees X01, T01, T02; manages nothing."""
    return make_assigned_user("lechan.doan", "evaluation_member", tree["X01"])


@pytest.fixture
def dept_admin_2(tree):
    """Administrator of Sở Hải Dương: S02 and below (X02, T03); nothing of Hải Phòng."""
    return make_assigned_user("sohd.admin", "department_admin", tree["S02"])


@pytest.fixture
def viewer_s(tree):
    """A leader of Sở Hải Phòng who reads everything under S01 and changes nothing."""
    return make_assigned_user("sohp.lanhdao", "viewer", tree["S01"])


@pytest.fixture
def admin_user_vn(sysadmin):
    return sysadmin


@pytest.fixture
def bundled_frameworks(db):
    """4725 (complete) and 3276 (metadata only) published as `make run` does."""
    return {o.version.code: o.version for o in loader.load_bundled()}


CAMPAIGN_YEAR = "2025-2026"


@pytest.fixture
def campaign(tree, bundled_frameworks):
    """UBND phường Lê Chân's (X01) 2025-2026 campaign: T01 and T02, assessed with 4725;
    self-assessment due 31/05/2026."""
    from edudx.assessments.campaigns import default_deadlines, open_campaign

    v = bundled_frameworks["4725"]
    return open_campaign(
        authority=tree["X01"],
        school_year=CAMPAIGN_YEAR,
        versions={"primary": v, "lower_secondary": v},
        deadlines=default_deadlines(CAMPAIGN_YEAR),
    ).campaign


@pytest.fixture
def participation(campaign, tree):
    """T01 (TH Lê Lợi) in that campaign."""
    return campaign.participations.get(institution=tree["T01"])


def pytest_report_header(config):
    from django.db import connection

    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"
