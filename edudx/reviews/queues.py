"""The officer's way in to review: the campaigns of the authorities they review for, this year
first. The queue itself lives on each campaign; this page only finds it, so that the menu has
one entry whatever the number of campaigns (one: straight to its queue)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from edudx.accounts.permissions import Action, can, visible_to
from edudx.assessments.campaigns import current_school_year
from edudx.assessments.models import Campaign

PER_PAGE = 50


def reviewed_campaigns(user):
    return visible_to(
        user,
        Campaign.objects.select_related("authority"),
        path_field="authority__path",
        action=Action.REVIEW_ASSESSMENTS,
    ).order_by("-school_year", "authority__path")


@login_required
def queues(request):
    if not can(request.user, Action.REVIEW_ASSESSMENTS):
        raise Http404
    year = current_school_year(timezone.localdate())
    campaigns = reviewed_campaigns(request.user)
    this_year = list(campaigns.filter(school_year=year)[:2])
    if len(this_year) == 1 and not request.GET.get("page"):
        return redirect("reviews:queue", this_year[0].pk)
    page = Paginator(campaigns, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reviews/queues.html", {"page": page, "year": year})
