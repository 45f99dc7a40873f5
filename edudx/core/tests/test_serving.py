"""Production serving (issue 15): probes, request ids, secure defaults, SQLite under concurrent
writes, and `make serve` refusing a configuration unfit for production."""

import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
SECRET = "a-long-random-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz"


def _env_with_only(**given) -> dict:
    """An environment where every EduDX variable is blank (so .env fills in nothing) but `given`."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}
    for line in (BASE_DIR / ".env.example").read_text().splitlines():
        name = line.split("=", 1)[0].strip()
        if "=" in line and not line.startswith("#"):
            env[name] = ""
    env.update(given)
    return env


def _run(code_or_script: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *code_or_script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(autouse=True)
def _storage_in(settings, tmp_path):
    """The readiness probe writes its file in a throw-away directory, not in media/."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def test_healthz_answers_ok_without_the_database(client):
    response = client.get("/healthz")  # no django_db mark: a query would fail the test
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_answers_200_when_database_migrations_and_storage_are_fine(client, tmp_path):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"failed": []}
    assert (tmp_path / "media" / "readyz").is_dir()  # it wrote through the storage …
    assert not any(tmp_path.rglob("*.txt"))  # … and deleted its file


@pytest.mark.django_db
def test_readyz_answers_503_naming_the_storage_when_it_refuses_a_write(client):
    with mock.patch(
        "edudx.core.health.default_storage.save", side_effect=PermissionError("read-only")
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"failed": ["storage"]}


@pytest.mark.django_db
def test_readyz_answers_503_when_a_migration_is_not_applied(client):
    with mock.patch(
        "edudx.core.health.MigrationExecutor.migration_plan", return_value=[("x", False)]
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"failed": ["migrations"]}


def test_probes_answer_over_plain_http_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/bo-chi-so/").status_code == 301


def test_the_request_id_given_by_the_proxy_is_echoed(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"


def test_a_request_without_an_id_or_with_a_forged_one_gets_a_fresh_id(client):
    assert len(client.get("/healthz")["X-Request-ID"]) == 32
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="x\nFAKE LOG LINE")["X-Request-ID"]
    assert forged != "x\nFAKE LOG LINE" and len(forged) == 32


def test_every_log_record_carries_the_request_id():
    import logging

    from edudx.core.requestid import RequestIdFilter, RequestIdMiddleware

    records = []

    def view(request):
        record = logging.LogRecord("x", logging.INFO, "", 0, "hello", None, None)
        RequestIdFilter().filter(record)
        records.append(record)
        from django.http import HttpResponse

        return HttpResponse()

    from django.test import RequestFactory

    RequestIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="rid-7"))
    assert records[0].request_id == "rid-7"


def test_check_deploy_is_clean_with_only_the_four_production_variables():
    env = _env_with_only(
        DEBUG="false",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="edudx.example.gov.vn",
        TRUSTED_PROXY_COUNT="1",
    )
    result = _run(["manage.py", "check", "--deploy"], env)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stdout + result.stderr, result.stdout + result.stderr


def test_make_serve_refuses_debug_true():
    env = _env_with_only(DEBUG="true", TASKS_BACKEND="database")
    result = _run(["scripts/serve.py", "--check"], env)
    assert result.returncode == 2
    assert "DEBUG is true" in result.stderr


def test_make_serve_refuses_inline_tasks_unless_allowed():
    env = _env_with_only(DEBUG="false", SECRET_KEY=SECRET, TASKS_BACKEND="immediate")
    refused = _run(["scripts/serve.py", "--check"], env)
    assert refused.returncode == 2
    assert "TASKS_BACKEND" in refused.stderr
    allowed = _run(["scripts/serve.py", "--check"], {**env, "ALLOW_INLINE_TASKS": "true"})
    assert allowed.returncode == 0, allowed.stderr


SQLITE_WRITERS = """
import json, threading, django
django.setup()
from django.db import connection, connections, transaction
with connection.cursor() as c:
    c.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
    c.execute("INSERT INTO counter VALUES (1, 0)")
    c.execute("PRAGMA journal_mode")
    journal_mode = c.fetchone()[0]
    c.execute("PRAGMA busy_timeout")
    busy_timeout = c.fetchone()[0]
errors = []
def work():
    try:
        for _ in range(40):
            with transaction.atomic(), connection.cursor() as c:
                c.execute("SELECT n FROM counter WHERE id = 1")
                n = c.fetchone()[0]
                c.execute("UPDATE counter SET n = %s WHERE id = 1", [n + 1])
    except Exception as error:
        errors.append(repr(error))
    finally:
        connections.close_all()
threads = [threading.Thread(target=work) for _ in range(8)]
[t.start() for t in threads]
[t.join() for t in threads]
with connection.cursor() as c:
    c.execute("SELECT n FROM counter WHERE id = 1")
    n = c.fetchone()[0]
print(json.dumps({"errors": errors, "n": n, "journal_mode": journal_mode, "busy": busy_timeout}))
"""


def test_sqlite_takes_concurrent_read_then_write_transactions_without_locking_errors(tmp_path):
    env = _env_with_only(
        DEBUG="true",
        DJANGO_SETTINGS_MODULE="edudx.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'office.sqlite3'}",
    )
    result = _run(["-c", SQLITE_WRITERS], env)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["errors"] == []
    assert outcome["n"] == 8 * 40  # no lost update either
    assert outcome["journal_mode"] == "wal"
    assert outcome["busy"] == 20000
