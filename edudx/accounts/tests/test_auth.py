"""Log-in (username or e-mail), throttling, log-out, password change and reset by e-mail."""

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse

from conftest import make_user
from edudx.accounts.models import Role, RoleAssignment
from edudx.organizations.models import UnitKind
from edudx.organizations.services import create_unit

PASSWORD = "mat-khau-thu-123"
NEW_PASSWORD = "Mot-mat-khau-moi-7"


def login(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def logged_in_user(client):
    return client.get(reverse("home")).wsgi_request.user


@pytest.mark.django_db
def test_login_by_username_redirects_home(client):
    make_user("giaovien")
    response = login(client, "giaovien")
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert logged_in_user(client).username == "giaovien"


@pytest.mark.django_db
def test_login_by_email_any_case(client):
    make_user("giaovien")  # e-mail giaovien@example.edu.vn
    response = login(client, "GiaoVien@Example.edu.vn")
    assert response.status_code == 302
    assert logged_in_user(client).username == "giaovien"


@pytest.mark.django_db
def test_login_by_email_shared_by_two_accounts_is_refused(client):
    a = make_user("giaovien1")
    b = make_user("giaovien2")
    for u in (a, b):
        u.email = "truong@example.edu.vn"
        u.save()
    response = login(client, "truong@example.edu.vn")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not logged_in_user(client).is_authenticated
    # each can still log in by username
    assert login(client, "giaovien1").status_code == 302


@pytest.mark.django_db
def test_wrong_password_message_is_vietnamese(client):
    make_user("giaovien")
    response = login(client, "giaovien", "sai-mat-khau")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'role="alert"' in body
    assert "mật khẩu chính xác" in body
    assert 'id="id_username"' in body and 'id="id_password"' in body


@pytest.mark.django_db
def test_inactive_account_cannot_log_in(client):
    user = make_user("nghiviec")
    user.is_active = False
    user.save()
    assert login(client, "nghiviec").status_code == 200
    assert not logged_in_user(client).is_authenticated


@pytest.mark.django_db
def test_login_field_is_labelled_username_or_email(client):
    response = client.get(reverse("login"))
    assert str(response.context["form"].fields["username"].label) == "Tên đăng nhập hoặc email"
    assert reverse("password_reset") in response.content.decode()


@pytest.mark.django_db
def test_lockout_after_failure_limit_even_with_right_password(client, clock):
    make_user("giaovien")
    limit = django_settings.LOGIN_FAILURE_LIMIT
    for _ in range(limit):
        assert login(client, "giaovien", "sai").status_code == 200
    response = login(client, "giaovien")  # a wait, not a lock: test_login_abuse.py
    assert response.status_code == 429
    assert not logged_in_user(client).is_authenticated


@pytest.mark.django_db
def test_successful_login_resets_failure_count(client):
    make_user("giaovien")
    limit = django_settings.LOGIN_FAILURE_LIMIT
    for _ in range(limit - 1):
        login(client, "giaovien", "sai")
    assert login(client, "giaovien").status_code == 302
    client.post(reverse("logout"))
    for _ in range(limit - 1):
        assert login(client, "giaovien", "sai").status_code == 200


@pytest.mark.django_db
def test_logout_requires_post(client):
    client.force_login(make_user("giaovien"))
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response.url == reverse("login")
    assert not logged_in_user(client).is_authenticated


# --- demo accounts on the log-in page -------------------------------------------------------


@pytest.fixture
def demo_users(db):
    ministry = create_unit(code="BGD", name="Bộ Giáo dục và Đào tạo", kind=UnitKind.MINISTRY)
    dept = create_unit(code="SGD01", name="Sở GDĐT Demo", kind=UnitKind.DEPARTMENT, parent=ministry)
    b = make_user("demo.b")
    a = make_user("demo.a")
    make_user("khongphaidemo")
    RoleAssignment.objects.create(user=a, unit=dept, role=Role.DEPARTMENT_ADMIN)
    return a, b


def test_demo_mode_lists_demo_accounts_with_password(client, demo_users, settings, monkeypatch):
    settings.DEMO_MODE = True
    settings.DEMO_PASSWORD = "mat-khau-demo"
    response = client.get(reverse("login"))
    accounts = [(u, str(r), n) for u, r, n in response.context["demo_accounts"]]
    assert accounts == [
        ("demo.a", str(Role.DEPARTMENT_ADMIN.label), "Sở GDĐT Demo"),
        ("demo.b", "", ""),
    ]
    body = response.content.decode()
    assert "demo.a" in body and "mat-khau-demo" in body and "khongphaidemo" not in body


def test_demo_password_defaults(client, demo_users, settings, monkeypatch):
    import importlib

    import edudx.settings

    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    assert importlib.reload(edudx.settings).DEMO_PASSWORD == "edudx-demo"


def test_demo_accounts_hidden_when_demo_mode_off(client, demo_users, settings, monkeypatch):
    settings.DEMO_MODE = False
    monkeypatch.setenv("DEMO_PASSWORD", "mat-khau-demo")
    response = client.get(reverse("login"))
    assert "demo_accounts" not in response.context
    body = response.content.decode()
    assert "demo.a" not in body and "mat-khau-demo" not in body


# --- password change ------------------------------------------------------------------------


@pytest.mark.django_db
def test_forced_password_change_redirects_every_page_then_frees(client):
    user = make_user("moi")
    user.must_change_password = True
    user.save()
    assert login(client, "moi").status_code == 302
    for url in (reverse("home"), "/bo-chi-so/", reverse("password_reset")):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("password_change"), url
    assert client.get(reverse("password_change")).status_code == 200

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response.url == reverse("password_change_done")
    user.refresh_from_db()
    assert not user.must_change_password
    assert user.check_password(NEW_PASSWORD)
    done = client.get(response.url)
    assert [m.level_tag for m in done.context["messages"]] == ["success"]
    assert client.get(reverse("home")).status_code == 200  # still logged in, and free


@pytest.mark.django_db
def test_password_change_with_wrong_old_password_keeps_the_flag(client):
    user = make_user("moi")
    user.must_change_password = True
    user.save()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "sai", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    user.refresh_from_db()
    assert user.must_change_password


def test_password_change_requires_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# --- password reset by e-mail ---------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_flow(client, mailoutbox):
    user = make_user("giaovien")
    user.must_change_password = True
    user.save()
    response = client.post(reverse("password_reset"), {"email": "GIAOVIEN@example.edu.vn"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["giaovien@example.edu.vn"]
    assert "giaovien" in mail.body
    link = re.search(r"https?://[^/\s]+(/quen-mat-khau/\S+/)", mail.body).group(1)

    response = client.get(link)  # Django moves the token into the session and redirects
    assert response.status_code == 302
    form_url = response.url
    assert client.get(form_url).context["validlink"]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("password_reset_complete")
    assert client.get(response.url).status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.must_change_password
    # the link works once
    assert not client.get(link, follow=True).context["validlink"]
    assert login(client, "giaovien", NEW_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_password_reset_for_unknown_email_answers_the_same(client, mailoutbox):
    make_user("giaovien")
    known = client.post(reverse("password_reset"), {"email": "giaovien@example.edu.vn"})
    unknown = client.post(reverse("password_reset"), {"email": "ai-do@example.edu.vn"})
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert len(mailoutbox) == 1
    page = client.get(unknown.url)
    assert page.status_code == 200
    assert "registration/password_reset_done.html" in [t.name for t in page.templates]


@pytest.mark.django_db
def test_password_reset_link_with_bad_token_is_refused(client):
    user = make_user("giaovien")
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(user.pk))
    response = client.get(reverse("password_reset_confirm", args=[uid, "sai-token"]))
    assert response.status_code == 200 and not response.context["validlink"]


@pytest.mark.django_db
def test_generated_password_hash_is_upgraded_at_first_login(client, settings):
    """Generated passwords get fewer PBKDF2 rounds (bulk imports); the first log-in re-hashes."""
    from edudx.accounts.services import INITIAL_PASSWORD_ITERATIONS, hash_initial_password

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    user = make_user("moi")
    user.password = hash_initial_password("abcDEF2345")
    assert user.password.startswith(f"pbkdf2_sha256${INITIAL_PASSWORD_ITERATIONS}$")
    user.must_change_password = True
    user.save()
    assert login(client, "moi", "abcDEF2345").status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$") and user.password.split("$")[1] == str(
        PBKDF2PasswordHasher.iterations
    )
    assert get_user_model().objects.get(pk=user.pk).check_password("abcDEF2345")


@pytest.mark.django_db
def test_lockout_counts_the_account_however_it_is_typed(client, clock):
    make_user("giaovien", email="gv.leloi@example.edu.vn")
    limit = django_settings.LOGIN_FAILURE_LIMIT
    spellings = [
        "giaovien",
        "GiaoVien",
        "GIAOVIEN",
        "gv.leloi@example.edu.vn",
        "GV.LeLoi@Example.edu.vn",
    ]
    for i in range(limit):
        login(client, spellings[i % len(spellings)], "sai")
    for typed in ("giaovien", "Giaovien", "gv.leloi@example.edu.vn"):
        assert login(client, typed).status_code == 429
    assert not logged_in_user(client).is_authenticated


@pytest.mark.django_db
def test_username_login_ignores_case(client):
    make_user("giaovien")
    assert login(client, "GiaoVien").status_code == 302
