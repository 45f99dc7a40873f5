"""Unit pages: search across the scope, the unit with its subtree and accounts, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edudx.organizations.models import UnitKind
from edudx.organizations.services import create_unit

pytestmark = pytest.mark.django_db


def add_schools(parent, n, start=100):
    for i in range(start, start + n):
        create_unit(
            code=f"{parent.code}-{i}",
            name=f"Trường Tiểu học số {i}",
            kind=UnitKind.INSTITUTION,
            parent=parent,
            education_levels=["primary"],
        )


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/don-vi/?q=Trường", "/don-vi/X01/", "/don-vi/S01/", "/don-vi/"])
def test_unit_pages_query_count_does_not_grow_with_units(client, dept_admin, tree, url):
    client.force_login(dept_admin)
    add_schools(tree["X01"], 3)
    before = queries(client, url)
    add_schools(tree["X01"], 60, start=200)
    assert queries(client, url) == before


def test_search_finds_by_code_prefix_and_by_name_within_scope_only(client, officer_x, tree):
    client.force_login(officer_x)
    html = client.get("/don-vi/?q=T0").content.decode()
    assert "Trường Tiểu học Lê Lợi" in html and "Trường TH&amp;THCS Ngô Quyền" in html
    assert "Hoa Sen" not in html  # T03 is in another province
    html = client.get("/don-vi/?q=lê lợi").content.decode()
    assert "Trường Tiểu học Lê Lợi" in html


def test_search_answers_a_partial_for_htmx(client, officer_x, tree):
    client.force_login(officer_x)
    html = client.get("/don-vi/?q=Lê", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and "Trường Tiểu học Lê Lợi" in html


def test_unit_page_shows_subtree_accounts_and_history(client, dept_admin, head_a, tree):
    client.force_login(dept_admin)
    html = client.get("/don-vi/X01/").content.decode()
    assert "Trường Tiểu học Lê Lợi" in html and "Đơn vị trực thuộc" in html
    html = client.get("/don-vi/T01/").content.decode()
    assert "leloi.hieutruong" in html and "Thủ trưởng cơ sở giáo dục" in html
    assert "UBND phường Lê Chân" in html  # breadcrumb and managing unit


def test_children_are_paginated(client, dept_admin, tree):
    client.force_login(dept_admin)
    add_schools(tree["X01"], 55)
    html = client.get("/don-vi/X01/").content.decode()
    assert "Trang 1/2" in html
    assert "Trang 2/2" in client.get("/don-vi/X01/?trang=2").content.decode()


@pytest.mark.parametrize("typed", ["lê lợi", "LÊ LỢI", "le loi", "Le Loi", "  tiểu   học lê "])
def test_search_ignores_case_and_accents(client, officer_x, tree, typed):
    client.force_login(officer_x)
    html = client.get("/don-vi/", {"q": typed}).content.decode()
    assert "Trường Tiểu học Lê Lợi" in html


def test_search_folds_the_letter_d_with_stroke(client, dept_admin, tree):
    create_unit(
        code="T77",
        name="Trường Tiểu học Đinh Tiên Hoàng",
        kind=UnitKind.INSTITUTION,
        parent=tree["X01"],
        education_levels=["primary"],
    )
    client.force_login(dept_admin)
    for typed in ("đinh tiên", "ĐINH", "dinh tien hoang"):
        assert "Đinh Tiên Hoàng" in client.get("/don-vi/", {"q": typed}).content.decode()


def test_authority_page_lists_the_accounts_of_its_schools(
    client, officer_x, head_a, teacher, officer_y
):
    client.force_login(officer_x)
    html = client.get("/don-vi/X01/").content.decode()
    assert "leloi.hieutruong" in html and "leloi.giaovien" in html and "lechan.canbo" in html
    assert "namsach.canbo" not in html  # another province's officer
