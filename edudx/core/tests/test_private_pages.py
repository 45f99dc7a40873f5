"""Rule 5 of issue 12: private pages stay private. Every page and download answered to a
logged-in person is sent `Cache-Control: no-store`; every page carries a Content-Security-Policy
that runs no inline script; uploaded files are served so that nothing in them runs in EduDX's
origin (`edudx/core/headers.py`)."""

import re
from pathlib import Path

import pytest

from edudx.core.headers import SANDBOX_POLICY, sandboxed

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[3] / "templates"

PRIVATE = ["/", "/dot-danh-gia/", "/don-vi/T01/", "/thong-bao/", "/bo-chi-so/"]


@pytest.mark.parametrize("url", PRIVATE)
def test_a_page_for_a_logged_in_person_is_never_cached(client, head_a, url):
    client.force_login(head_a)
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_download_for_a_logged_in_person_is_never_cached(client, officer_x):
    client.force_login(officer_x)
    response = client.get("/don-vi/X01/tai-khoan/mau/")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/dang-nhap/", "/", "/dot-danh-gia/"])
def test_every_page_allows_scripts_only_from_its_own_files(client, head_a, url):
    client.force_login(head_a)
    policy = client.get(url)["Content-Security-Policy"]
    script = re.search(r"script-src ([^;]*)", policy).group(1)
    assert script.split() == ["'self'"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_no_template_holds_an_inline_script_or_handler():
    """The policy would block them: behaviour belongs in static/js/app.js. A JSON data block
    (`type="application/json"`) is never run, so the policy lets it be."""
    found = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(
            r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>|\son[a-z]+\s*=|\sstyle\s*=",
            text,
        ):
            found.append(f"{path.relative_to(TEMPLATES)}: {match.group(0).strip()}")
    assert found == []


def test_an_uploaded_file_is_served_sandboxed():
    from django.http import HttpResponse

    response = sandboxed(HttpResponse(b"<script>alert(1)</script>", content_type="text/html"))
    assert response["Content-Security-Policy"] == SANDBOX_POLICY
    assert SANDBOX_POLICY.startswith("sandbox") and response["X-Content-Type-Options"] == "nosniff"
