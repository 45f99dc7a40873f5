"""Rule 6: log-in and password reset cannot be abused (docs/security.md).

Per client address, django-axes counts failures across accounts (settings.AXES_*). Per account, this
module makes each attempt past LOGIN_FAILURE_LIMIT wait 1, 2, 4 … seconds, capped at
LOGIN_LOCKOUT_MINUTES: a growing delay rather than a lock, so a colleague behind the school's shared
address can slow the head's account down but never shut its owner out. Axes cannot express a delay
that grows with each failure (its lock is a fixed count within a fixed window), hence the small
table. Password-reset requests are counted here too. All state is in the database, because several
application servers answer the same users.
"""

import logging
import math
from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import ngettext

from edudx.accounts.backends import lockout_username
from edudx.accounts.models import LoginDelay, PasswordResetRequest

log = logging.getLogger(__name__)

#: A day without a failure and an account's count starts again from zero.
FORGET_AFTER = timedelta(days=1)
RESET_WINDOW = timedelta(hours=1)


def delay_after(failures: int) -> timedelta:
    """The wait imposed after an account's `failures`-th failure: none before the limit, then
    2^(failures - limit) seconds, never more than LOGIN_LOCKOUT_MINUTES."""
    over = failures - settings.LOGIN_FAILURE_LIMIT
    if over < 0:
        return timedelta(0)
    return timedelta(seconds=min(2 ** min(over, 30), settings.LOGIN_LOCKOUT_MINUTES * 60))


def _whole_seconds(delta: timedelta) -> int:
    return max(1, math.ceil(delta.total_seconds()))


def claim_attempt(key: str) -> int:
    """0 if the account may try a password now, else the seconds it must still wait. Once an
    account is past its limit, the first attempt after the wait takes the turn (a conditional
    update), so parallel requests on several servers cannot all slip through the same opening."""
    now = timezone.now()
    row = LoginDelay.objects.filter(key=key, last_failure_at__gte=now - FORGET_AFTER).first()
    if row is None or row.failures < settings.LOGIN_FAILURE_LIMIT:
        return 0
    if row.wait_until and row.wait_until > now:
        return _whole_seconds(row.wait_until - now)
    held = delay_after(row.failures)
    taken = LoginDelay.objects.filter(pk=row.pk, wait_until=row.wait_until).update(
        wait_until=now + held
    )
    return 0 if taken else _whole_seconds(held)


def record_failure(key: str) -> None:
    now = timezone.now()
    LoginDelay.objects.filter(last_failure_at__lt=now - FORGET_AFTER).delete()
    with transaction.atomic():
        row, _ = LoginDelay.objects.select_for_update().get_or_create(
            key=key, defaults={"last_failure_at": now}
        )
        row.failures += 1
        row.last_failure_at = now
        wait = delay_after(row.failures)
        row.wait_until = now + wait if wait else None
        row.save()


class LoginDelayBackend:
    """Refuses an attempt before its password is checked while the account must wait; otherwise
    passes on to the next backend. It marks the request so the failure receiver below counts only
    attempts whose password was really tried. No get_user: it never logs anyone in (and
    force_login would otherwise pick it as the session's backend)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or request is None:
            return None
        key = lockout_username(request, {"username": username})
        wait = claim_attempt(key)
        request.login_delay_key = key
        if wait:
            request.login_wait = wait
            raise PermissionDenied
        return None


@receiver(user_login_failed, dispatch_uid="accounts.throttle.failed")
def _count_failure(sender, credentials, request=None, **kwargs):
    key = getattr(request, "login_delay_key", None)
    if key is None or getattr(request, "login_wait", 0):
        return  # refused before any password was tried: nothing was guessed
    record_failure(key)


@receiver(user_logged_in, dispatch_uid="accounts.throttle.logged_in")
def _forget_failures(sender, request, user, **kwargs):
    LoginDelay.objects.filter(key=user.get_username().lower()).delete()


def wait_text(seconds: int) -> str:
    if seconds < 60:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = math.ceil(seconds / 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def client_address(request) -> str:
    """The client's address as the log-in throttling sees it (TRUSTED_PROXY_COUNT applies)."""
    return (get_client_ip_address(request) or "")[:45]


def reset_allowed(email: str, address: str) -> bool:
    """Record a password-reset request unless the e-mail or the address already had their share
    within the hour. Insert first, then count: two requests racing on two servers each see the
    other, so the limit holds (at worst both are refused)."""
    now = timezone.now()
    since = now - RESET_WINDOW
    PasswordResetRequest.objects.filter(requested_at__lt=since).delete()
    row = PasswordResetRequest.objects.create(
        email=email.strip().lower()[:254], address=address, requested_at=now
    )
    recent = PasswordResetRequest.objects.filter(requested_at__gte=since)
    if (
        recent.filter(email=row.email).count() > settings.PASSWORD_RESET_PER_EMAIL
        or recent.filter(address=address).count() > settings.PASSWORD_RESET_PER_ADDRESS
    ):
        row.delete()
        log.warning("password reset refused: too many requests (address %s)", address)
        return False
    return True
