from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edudx.core.confirm import confirmation_page, confirmed
from edudx.notifications import reminders, services
from edudx.notifications.models import Notification
from edudx.reviews.access import review_campaign
from edudx.reviews.bulk import chosen


@login_required
def notification_list(request):
    rows = Notification.objects.filter(user=request.user)
    only_unread = bool(request.GET.get("chua-doc"))
    if only_unread:
        rows = rows.filter(read_at__isnull=True)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "only_unread": only_unread,
            "unread": services.unread_count(request.user),
        },
    )


@login_required
@require_POST
def mark_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.mark_read(request.user, notification.pk)
    notification.refresh_from_db()
    if request.htmx:
        return render(request, "notifications/_row.html", {"n": notification})
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    services.mark_read(request.user)
    return redirect("notifications:list")


@login_required
@require_POST
def open_notification(request, pk):
    """Follow a notification's link, marking it read on the way."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.mark_read(request.user, notification.pk)
    return redirect(notification.link or "notifications:list")


@login_required
@require_POST
def remind_not_started(request, pk):
    """From the review queue: remind the chosen institutions that have not started (it sends,
    so it asks first); only those who review the campaign."""
    campaign = review_campaign(request, pk)
    rows = chosen(campaign, request)
    back = reverse("reviews:queue", args=[campaign.pk])
    if not rows:
        messages.error(request, _("Choose at least one institution."))
        return redirect(back)
    if not confirmed(request):
        return confirmation_page(
            request,
            question=_("Remind the chosen institutions that have not started?"),
            consequence=_(
                "Their heads (or staff when there is no head) receive a notification and an "
                "e-mail; institutions that have started, or were reminded today, are skipped."
            ),
            back=back,
            items=[p.institution.name for p in rows],
        )
    reminded, skipped = reminders.remind_not_started(rows, today=timezone.localdate())
    text = _("Reminded %(n)d institutions.") % {"n": len(reminded)}
    if skipped:
        text += " " + _("Not reminded: %(names)s") % {
            "names": "; ".join(f"{p.institution.name} ({why})" for p, why in skipped)
        }
    messages.success(request, text)
    return redirect(back)
