from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from edudx.accounts import throttle


class Clock:
    def __init__(self):
        self.now = timezone.now()

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    """The log-in and reset throttle's clock, stopped: a wait passes only when the test says so,
    so no test sleeps and none depends on how fast the machine is."""
    stopped = Clock()
    monkeypatch.setattr(throttle, "timezone", SimpleNamespace(now=lambda: stopped.now))
    return stopped
