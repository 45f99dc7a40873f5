"""One way to tell people something: an in-app row per person and the same text by e-mail."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from edudx.notifications.models import Notification


def absolute(link: str) -> str:
    return f"{settings.SITE_URL}{link}" if link.startswith("/") else link


def notify(users, kind: str, title: str, body: str = "", link: str = "") -> list[Notification]:
    """Store one notification per (distinct, active) user and e-mail those with an address once
    the surrounding transaction commits (a refused change sends nothing)."""
    unique = {u.pk: u for u in users if u is not None and u.is_active}
    rows = Notification.objects.bulk_create(
        Notification(user=u, kind=kind, title=title[:300], body=body, link=link)
        for u in unique.values()
    )
    text = body + (f"\n\n{absolute(link)}" if link else "")
    messages = [
        (title, text, settings.DEFAULT_FROM_EMAIL, [u.email]) for u in unique.values() if u.email
    ]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=True))
    return rows


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user, pk: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) as read."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        rows = rows.filter(pk=pk)
    return rows.update(read_at=timezone.now())
