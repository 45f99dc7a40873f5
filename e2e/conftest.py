"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium) against live_server."""

import os
from types import SimpleNamespace

import pytest
from playwright.sync_api import sync_playwright

from e2e.helpers import deadlines_from_today

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body
# are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite the browser tests run on a database FILE (in WAL mode, by the settings' OPTIONS),
    not on pytest-django's in-memory one, so the live server locks as production's single node does.

    The session-scoped `live_server` is started before the test database is set up, so it never
    gets the test thread's in-memory connection to share: each request thread opens its own
    connection to "file:memorydb_default?mode=memory&cache=shared". Shared-cache connections lock
    whole tables and a conflict fails at once with "database table is locked" (the busy timeout
    does not apply), so a save that overlapped another request, or the test body's ORM calls,
    answered 500 and the saves queued behind it never went out. On a file each connection waits
    its turn for the write lock (IMMEDIATE, DB_BUSY_TIMEOUT) and readers never wait (WAL).
    e2e/test_live_server_locking.py proves it (README.md, "Two commands")."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        folder = tmp_path_factory.mktemp("e2e-db")
        database.setdefault("TEST", {})["NAME"] = str(folder / "edudx-e2e.sqlite3")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)  # a loaded 2-core CI machine; a failure still fails
    yield page
    context.close()


@pytest.fixture
def school_tree(live_server):
    """The bundled indices and the units every flow starts from: the ministry → Sở GDĐT Hải Phòng
    → UBND phường Lê Chân → Trường Tiểu học Lê Lợi. Each test adds the accounts it needs."""
    from edudx.frameworks import loader
    from edudx.organizations.models import UnitKind
    from edudx.organizations.services import create_unit

    versions = {o.version.code: o.version for o in loader.load_bundled()}
    bo = create_unit(code="BGD", name="Bộ Giáo dục và Đào tạo", kind=UnitKind.MINISTRY)
    so = create_unit(code="SGD31", name="Sở GDĐT Hải Phòng", kind=UnitKind.DEPARTMENT, parent=bo)
    xa = create_unit(code="31X001", name="UBND phường Lê Chân", kind=UnitKind.COMMUNE, parent=so)
    school = create_unit(
        code="31X001TH01",
        name="Trường Tiểu học Lê Lợi",
        kind=UnitKind.INSTITUTION,
        parent=xa,
        education_levels=["primary"],
    )
    return SimpleNamespace(
        url=live_server.url,
        ministry=bo,
        department=so,
        authority=xa,
        school=school,
        version=versions["4725"],
    )


@pytest.fixture
def open_this_years_campaign(live_server):
    """Open `authority`'s campaign of the current school year (the one the pages show today) with
    deadlines relative to today (`deadlines_from_today`).

    open_campaign refuses dates later than the national ones of Decision 4725 (31/5, 20/6, 30/6 of
    the school year's second calendar year). From mid-May to 31 July today + N is past them and
    no campaign of the current school year can have a step ahead; the campaign is then opened with
    the latest dates the service accepts and its dates are moved to today + N afterwards, the one
    place where test data departs from the rules, so the flows still find an open step."""
    from django.utils import timezone

    from edudx.assessments.campaigns import current_school_year, default_deadlines, open_campaign
    from edudx.assessments.models import Campaign

    def open_(*, authority, versions, **kwargs):
        today = timezone.localdate()
        year = current_school_year(today)
        wanted, national = deadlines_from_today(today), default_deadlines(year)
        allowed = {name: min(day, national[name]) for name, day in wanted.items()}
        opened = open_campaign(
            authority=authority, school_year=year, versions=versions, deadlines=allowed, **kwargs
        )
        if allowed != wanted:
            campaigns = [opened.campaign, *opened.children]
            Campaign.objects.filter(pk__in=[c.pk for c in campaigns]).update(**wanted)
            for campaign in campaigns:
                campaign.refresh_from_db()
        return opened

    return open_


@pytest.fixture
def school_year(school_tree, open_this_years_campaign):
    """The same units with this school year's campaign of the phường (4725 for primary), every
    deadline ahead of today."""
    campaign = open_this_years_campaign(
        authority=school_tree.authority, versions={"primary": school_tree.version}
    ).campaign
    school_tree.year = campaign.school_year
    school_tree.campaign = campaign
    school_tree.participation = campaign.participations.get()
    return school_tree
