"""The live server locks as production's single node does: autosaves that overlap each other and
the test body's own writes all get their answer (e2e/conftest.py `django_db_modify_db_settings`).

On pytest-django's in-memory shared-cache database most of them answered 500 "database table is
locked" at once (34–37 of 44 in the probe that found it) and every write of the test body failed."""

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client

from conftest import make_assigned_user

pytestmark = pytest.mark.django_db(transaction=True)


def test_overlapping_saves_and_test_body_writes_all_succeed(school_year):
    from edudx.organizations.models import UnitKind
    from edudx.organizations.services import create_unit

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    user = make_assigned_user("leloi.gv", "institution_staff", school_year.school)
    client = Client()
    client.force_login(user)
    cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
    form = f"{school_year.url}/tu-danh-gia/{school_year.participation.pk}/"
    opened = requests.get(form, cookies=cookies, timeout=30)
    assert opened.status_code == 200
    cookies["csrftoken"] = opened.cookies["csrftoken"]
    codes = [
        code
        for code, target in school_year.version.framework().fact_codes().items()
        if target.kind == "boolean"
    ]

    def save(code):
        answer = requests.post(
            f"{form}muc/{code}/",
            data={"value": "true", "revision": "0"},
            cookies=cookies,
            headers={"X-CSRFToken": cookies["csrftoken"], "HX-Request": "true", "Referer": form},
            timeout=30,
        )
        return code, answer.status_code

    with ThreadPoolExecutor(6) as pool:
        answers = pool.map(save, codes)
        for i in range(20):  # the test body writes while the saves are under way
            create_unit(
                code=f"31X9{i:02d}",
                name=f"UBND xã thử {i}",
                kind=UnitKind.COMMUNE,
                parent=school_year.department,
            )
        answers = dict(answers)

    assert answers == dict.fromkeys(codes, 200)
    from edudx.assessments.models import FactEntry

    assert set(FactEntry.objects.values_list("code", flat=True)) >= set(codes)
