from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from edudx.notifications import services
from edudx.notifications.models import Notification


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
