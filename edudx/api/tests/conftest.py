"""Tokens for the personas of the root conftest, and a client that speaks JSON with them."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from edudx.accounts.tokens import issue_token
from edudx.recognition.tests.conftest import make_assessment  # noqa: F401 — shared fixture


def token_for(user, unit, *, read_only=False, days=30, name="Phần mềm quản lý trường"):
    """(token row, secret) issued by `user` for `unit`."""
    return issue_token(
        unit,
        by=user,
        name=name,
        read_only=read_only,
        expires_on=timezone.localdate() + dt.timedelta(days=days),
    )


class Api:
    """A client sending `Authorization: Bearer <secret>` (or a session, without one)."""

    def __init__(self, secret=None, client=None):
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def send(self, method, path, body=None, headers=None):
        return getattr(self.client, method)(
            f"/api/v1{path}",
            body or {},
            content_type="application/json",
            headers={**self.headers, **(headers or {})},
        )


@pytest.fixture
def api_as():
    def make(user, unit, **kw):
        return Api(token_for(user, unit, **kw)[1])

    return make
