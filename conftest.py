"""Shared fixtures. Personas (each says what they may see):

- `admin_user_vn`: a system administrator (staff) — every page, may import frameworks.
- `teacher`: a logged-in staff member of a school — may read the frameworks, may not import.
"""

import pytest

from edudx.frameworks import loader


def make_user(username: str, *, staff: bool = False, password: str = "mat-khau-thu-123"):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        username=username, password=password, is_staff=staff, email=f"{username}@example.edu.vn"
    )


@pytest.fixture
def admin_user_vn(db):
    return make_user("quantri", staff=True)


@pytest.fixture
def teacher(db):
    return make_user("giaovien")


@pytest.fixture
def bundled_frameworks(db):
    """4725 (complete) and 3276 (metadata only) published as `make run` does."""
    return {o.version.code: o.version for o in loader.load_bundled()}


def pytest_report_header(config):
    from django.db import connection

    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"
