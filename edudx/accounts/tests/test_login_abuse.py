"""Rule 6: log-in and password reset cannot be abused (docs/security.md, section 6).

Per client address, failures across accounts are throttled (django-axes); per account, each
attempt past LOGIN_FAILURE_LIMIT waits a delay that doubles, so the owner is slowed but never shut
out. Password-reset requests are limited per e-mail and per address, answer one neutral page, are
sent by a background task, and link to SITE_URL whatever Host the request claimed.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django_tasks import default_task_backend

from conftest import PASSWORD, make_user
from edudx.accounts import throttle
from edudx.accounts.models import LoginDelay
from edudx.accounts.tasks import send_password_reset

SCHOOL = "203.0.113.7"  # the one public address a whole school shares
ELSEWHERE = "198.51.100.9"

pytestmark = pytest.mark.django_db


def login(client, username, password=PASSWORD, address=SCHOOL):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def logged_in(response) -> bool:
    return response.status_code == 302 and response.url == reverse("home")


def guess_wrong(client, username, times, clock, address=SCHOOL):
    """A colleague guessing as fast as the delay lets them."""
    for _ in range(times):
        response = login(client, username, "sai", address)
        if response.status_code == 429:
            clock.advance(int(response["Retry-After"]))
            response = login(client, username, "sai", address)
        assert response.status_code == 200


# --- log-in ---------------------------------------------------------------------------------


def test_many_usernames_from_one_address_are_throttled(client, clock):
    make_user("hieutruong")
    for i in range(django_settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, f"tai-khoan-{i}", "sai").status_code == 200
    login(client, "tai-khoan-cuoi", "sai")

    refused = login(client, "hieutruong")  # the right password of an untouched account
    assert refused.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in refused.templates]
    assert logged_in(login(client, "hieutruong", address=ELSEWHERE))


def test_head_logs_in_after_a_colleagues_failures_from_the_same_address(client, clock):
    make_user("hieutruong")
    guess_wrong(client, "hieutruong", django_settings.LOGIN_FAILURE_LIMIT + 3, clock)

    refused = login(client, "hieutruong")  # the head, right password, during the delay
    assert refused.status_code == 429
    wait = int(refused["Retry-After"])
    body = refused.content.decode()
    assert f"vui lòng đợi {wait} giây" in body and 'role="alert"' in body
    assert not refused.wsgi_request.user.is_authenticated

    clock.advance(wait)
    assert logged_in(login(client, "hieutruong"))
    assert not LoginDelay.objects.exists()  # the owner's success forgets the failures


def test_delay_doubles_with_each_further_failure(client, clock):
    make_user("giaovien")
    for _ in range(django_settings.LOGIN_FAILURE_LIMIT):
        assert login(client, "giaovien", "sai").status_code == 200
    waits = []
    for _ in range(4):
        refused = login(client, "giaovien")
        assert refused.status_code == 429
        waits.append(int(refused["Retry-After"]))
        clock.advance(waits[-1] - 0.5)
        assert login(client, "giaovien").status_code == 429  # not a moment early
        clock.advance(0.5)
        assert login(client, "giaovien", "sai").status_code == 200
    assert waits == [1, 2, 4, 8]


def test_delay_is_capped_at_lockout_minutes():
    cap = timedelta(minutes=django_settings.LOGIN_LOCKOUT_MINUTES)
    assert throttle.delay_after(django_settings.LOGIN_FAILURE_LIMIT + 40) == cap


def test_failures_are_forgotten_after_a_quiet_day(client, clock):
    make_user("giaovien")
    for _ in range(django_settings.LOGIN_FAILURE_LIMIT + 1):
        throttle.record_failure("giaovien")
    clock.advance(timedelta(days=1).total_seconds() + 1)
    assert login(client, "giaovien", "sai").status_code == 200  # the first failure again: no wait
    assert logged_in(login(client, "giaovien"))


def test_one_attempt_takes_the_turn_when_a_wait_ends(clock):
    """Parallel requests on several servers cannot all slip through the same opening."""
    for _ in range(django_settings.LOGIN_FAILURE_LIMIT):
        throttle.record_failure("giaovien")
    clock.advance(1)
    assert throttle.claim_attempt("giaovien") == 0
    assert throttle.claim_attempt("giaovien") == 1


def test_delay_counts_the_account_from_every_address(client, clock):
    make_user("giaovien")
    for i in range(django_settings.LOGIN_FAILURE_LIMIT):
        assert login(client, "giaovien", "sai", f"192.0.2.{i + 1}").status_code == 200
    assert login(client, "giaovien", address=ELSEWHERE).status_code == 429


def test_unknown_username_waits_like_a_real_one(client, clock):
    for _ in range(django_settings.LOGIN_FAILURE_LIMIT):
        login(client, "khong-ton-tai", "sai")
    refused = login(client, "khong-ton-tai")
    assert refused.status_code == 429 and refused["Retry-After"] == "1"


# --- password reset -------------------------------------------------------------------------


def ask_reset(client, email, address=SCHOOL, **extra):
    response = client.post(
        reverse("password_reset"), {"email": email}, REMOTE_ADDR=address, **extra
    )
    assert (response.status_code, response.url) == (302, reverse("password_reset_done"))
    return response


def test_reset_requests_are_limited_per_email(client, mailoutbox, clock):
    make_user("giaovien")  # giaovien@example.edu.vn
    limit = django_settings.PASSWORD_RESET_PER_EMAIL
    for i in range(limit):
        ask_reset(client, "giaovien@example.edu.vn", f"192.0.2.{i + 1}")
    assert len(mailoutbox) == limit
    ask_reset(client, "GiaoVien@example.edu.vn", ELSEWHERE)  # same neutral answer
    assert len(mailoutbox) == limit

    clock.advance(3601)
    ask_reset(client, "giaovien@example.edu.vn", ELSEWHERE)
    assert len(mailoutbox) == limit + 1


def test_reset_requests_are_limited_per_address(client, mailoutbox, clock):
    limit = django_settings.PASSWORD_RESET_PER_ADDRESS
    for i in range(limit + 1):
        make_user(f"gv{i}", email=f"gv{i}@example.edu.vn")
    for i in range(limit):
        ask_reset(client, f"gv{i}@example.edu.vn")
    assert len(mailoutbox) == limit
    ask_reset(client, f"gv{limit}@example.edu.vn")  # same neutral answer
    assert len(mailoutbox) == limit
    ask_reset(client, f"gv{limit}@example.edu.vn", ELSEWHERE)
    assert len(mailoutbox) == limit + 1


def test_reset_link_uses_site_url_under_a_forged_host(client, mailoutbox, settings):
    settings.ALLOWED_HOSTS = ["*"]  # even a server that answers any Host
    settings.SITE_URL = "https://edudx.example.gov.vn"
    make_user("giaovien")
    ask_reset(client, "giaovien@example.edu.vn", HTTP_HOST="evil.example")
    body = mailoutbox[0].body
    assert "evil.example" not in body
    link = re.search(r"\S+/quen-mat-khau/\S+/", body).group(0)
    assert link.startswith("https://edudx.example.gov.vn/quen-mat-khau/")


def test_reset_email_goes_through_the_task(client, mailoutbox, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    make_user("giaovien")
    ask_reset(client, "giaovien@example.edu.vn")
    assert mailoutbox == []  # nothing sent by the request itself
    [queued] = default_task_backend.results
    assert queued.task.name == send_password_reset.name
    queued.task.call(*queued.args, **queued.kwargs)
    assert [m.to for m in mailoutbox] == [["giaovien@example.edu.vn"]]
