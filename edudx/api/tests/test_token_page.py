"""The page of API keys: an administrator issues a key (shown once), revokes it after confirming;
others get 404."""

import datetime as dt

import pytest
from django.utils import timezone

from edudx.accounts.models import ApiToken

URL = "/don-vi/{code}/khoa-api/"


def _issue(client, code="X01", **extra):
    data = {
        "name": "vnEdu",
        "access": "read",
        "expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        **extra,
    }
    return client.post(URL.format(code=code), data)


def test_the_administrator_issues_a_key_and_sees_it_once(client, officer_x):
    client.force_login(officer_x)
    issued = _issue(client)
    assert issued.status_code == 302  # reloading the page never issues a second key
    page = client.get(issued.url).content.decode()
    token = ApiToken.objects.get()
    secret = page.split('id="token-secret" class="secret">')[1].split("<")[0]
    assert secret.startswith(token.prefix) and token.read_only and token.user == officer_x
    again = client.get(URL.format(code="X01")).content.decode()
    assert secret not in again and token.prefix in again


def test_a_bad_expiry_is_refused_in_vietnamese(client, officer_x):
    client.force_login(officer_x)
    r = _issue(client, expires_on=timezone.localdate().isoformat())
    assert r.status_code == 400 and "Ngày hết hạn phải sau hôm nay" in r.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_asks_first_then_revokes(client, officer_x):
    client.force_login(officer_x)
    _issue(client)
    token = ApiToken.objects.get()
    asked = client.post(f"/khoa-api/{token.pk}/thu-hoi/")
    assert asked.status_code == 200 and "Thu hồi khóa API" in asked.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    client.post(f"/khoa-api/{token.pk}/thu-hoi/", {"confirmed": "1"})
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == officer_x


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("officer_x", 200),
        ("head_a", 404),
        ("teacher", 404),
        ("officer_y", 404),
        ("dept_admin", 200),
    ],
)
def test_who_may_open_the_keys_of_a_commune(request, client, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL.format(code="X01")).status_code == status


def test_someone_outside_cannot_revoke(client, officer_x, officer_y):
    client.force_login(officer_x)
    _issue(client)
    token = ApiToken.objects.get()
    client.force_login(officer_y)
    assert client.post(f"/khoa-api/{token.pk}/thu-hoi/", {"confirmed": "1"}).status_code == 404
