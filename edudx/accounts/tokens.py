"""API tokens: issued by a unit's administrator for that unit's subtree, kept only as a digest,
revocable, limited in requests per minute by a counter on their own row (shared by every
application server, unlike process memory)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from edudx.accounts.models import ApiToken
from edudx.accounts.permissions import may_create_accounts
from edudx.core.errors import DomainError
from edudx.core.models import record

PREFIX = "edx_"
#: The longest life a token may be given: an integration is renewed at least once a year.
MAX_DAYS = 366


class TokenError(DomainError):
    pass


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def may_issue(user, unit) -> bool:
    """Who manages the accounts of a unit (its administrators, a head for the school) manages
    the keys of software acting for it."""
    return may_create_accounts(user, unit)


@transaction.atomic
def issue_token(
    unit, *, by, name: str, read_only: bool, expires_on: dt.date, today=None
) -> tuple[ApiToken, str]:
    """A new token and its secret — the only time the secret exists outside the client."""
    today = today or timezone.localdate()
    name = (name or "").strip()
    if not name:
        raise TokenError("Hãy đặt tên cho khóa (phần mềm nào dùng nó).", field="name")
    if len(name) > 120:
        raise TokenError("Tên khóa dài quá 120 ký tự.", field="name")
    if expires_on is None or expires_on <= today:
        raise TokenError("Ngày hết hạn phải sau hôm nay.", field="expires_on")
    if (expires_on - today).days > MAX_DAYS:
        raise TokenError(
            f"Khóa dùng được tối đa {MAX_DAYS} ngày; hãy chọn ngày hết hạn sớm hơn.",
            field="expires_on",
        )
    secret = PREFIX + secrets.token_urlsafe(32)
    end = dt.datetime.combine(expires_on, dt.time.max)
    token = ApiToken.objects.create(
        user=by,
        unit=unit,
        name=name,
        read_only=bool(read_only),
        prefix=secret[: len(PREFIX) + 6],
        digest=digest(secret),
        expires_at=timezone.make_aware(end),
    )
    record(
        "api.token.issue",
        token,
        actor=by,
        after={"unit": unit.code, "read_only": token.read_only, "expires": str(expires_on)},
        note=name,
    )
    return token, secret


@transaction.atomic
def revoke_token(token: ApiToken, *, by) -> ApiToken:
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is not None:
        raise TokenError("Khóa này đã bị thu hồi trước đó.")
    locked.revoked_at = timezone.now()
    locked.revoked_by = by
    locked.save(update_fields=["revoked_at", "revoked_by"])
    record("api.token.revoke", locked, actor=by, note=locked.name)
    return locked


def usable(secret: str, *, now=None) -> ApiToken | None:
    """The token with this secret if it may be used now (not revoked, not expired, its issuer
    still active); None otherwise — the caller does not learn which."""
    if not secret or not secret.startswith(PREFIX):
        return None
    now = now or timezone.now()
    token = (
        ApiToken.objects.select_related("user", "unit")
        .filter(digest=digest(secret), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if token is None or not token.user.is_active or not token.unit.active:
        return None
    return token


def count_request(token: ApiToken, *, limit: int, now=None) -> bool:
    """Count one request in the token's current minute; False when the limit is passed. Two
    conditional UPDATEs, no read-modify-write: concurrent servers never lose a count."""
    now = now or timezone.now()
    window = now.replace(second=0, microsecond=0)
    rows = ApiToken.objects.filter(pk=token.pk)
    updated = rows.filter(window_start=window).update(
        window_count=F("window_count") + 1, last_used_at=now
    )
    if not updated:
        started = rows.filter(Q(window_start__isnull=True) | ~Q(window_start=window)).update(
            window_start=window, window_count=1, last_used_at=now
        )
        if not started:  # another server opened this minute in between: count on it
            rows.filter(window_start=window).update(window_count=F("window_count") + 1)
    count = rows.values_list("window_count", flat=True).first() or 0
    return count <= limit
