"""Bulk actions of the review queue: accept several submissions, assign several institutions to
a team. Each asks first (edudx.core.confirm) and goes through the same service as the action on
one file; the reminder of those not started lives in notifications (it sends)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edudx.assessments.facts import assessment_for
from edudx.core.confirm import confirmation_page, confirmed
from edudx.core.errors import DomainError
from edudx.reviews import services, teams
from edudx.reviews.access import review_campaign


def chosen(campaign, request):
    """The participations ticked on the queue, only those of this campaign (anything else sent is
    ignored, as if it did not exist)."""
    pks = [v for v in request.POST.getlist("participation") if v.isdigit()]
    return list(
        campaign.participations.filter(pk__in=pks)
        .select_related("institution", "campaign__authority")
        .order_by("institution__name")
    )


def _back(campaign) -> str:
    return reverse("reviews:queue", args=[campaign.pk])


@login_required
@require_POST
def bulk_accept(request, pk):
    campaign = review_campaign(request, pk)
    rows = chosen(campaign, request)
    if not rows:
        messages.error(request, _("Choose at least one institution."))
        return redirect(_back(campaign))
    if not confirmed(request):
        return confirmation_page(
            request,
            question=_("Accept the %(n)d chosen submissions?") % {"n": len(rows)},
            consequence=_(
                "Each file moves on to external evaluation; its institution can no longer "
                "withdraw it. A file that cannot be accepted is left as it is."
            ),
            back=_back(campaign),
            items=[p.institution.name for p in rows],
        )
    done, refused = 0, []
    for p in rows:
        try:
            services.accept(assessment_for(p), by=request.user)
        except DomainError as exc:
            refused.append(f"{p.institution.name} ({exc})")
        else:
            done += 1
    if refused:
        messages.warning(
            request,
            _("Accepted %(done)d submissions; %(failed)d could not be accepted: %(names)s")
            % {"done": done, "failed": len(refused), "names": "; ".join(refused)},
        )
    else:
        messages.success(request, _("Accepted %(done)d submissions.") % {"done": done})
    return redirect(_back(campaign))


@login_required
@require_POST
def bulk_assign(request, pk):
    campaign = review_campaign(request, pk)
    rows = chosen(campaign, request)
    team = campaign.teams.filter(pk=request.POST.get("team") or 0).first()
    if not rows or team is None:
        messages.error(request, _("Choose at least one institution and a team."))
        return redirect(_back(campaign))
    if not confirmed(request):
        return confirmation_page(
            request,
            question=_("Assign the %(n)d chosen institutions to %(team)s?")
            % {"n": len(rows), "team": team.name},
            consequence=_(
                "The members of the team are notified; an institution assigned to another team "
                "is taken from it."
            ),
            back=_back(campaign),
            items=[p.institution.name for p in rows],
        )
    revisions = {
        int(key.removeprefix("revision-team-")): value
        for key, value in request.POST.items()
        if key.startswith("revision-team-") and key.removeprefix("revision-team-").isdigit()
    }
    try:
        changed = teams.assign(team, rows, by=request.user, revisions=revisions)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect(_back(campaign))
    messages.success(
        request,
        _("%(n)d institutions assigned to %(team)s.") % {"n": changed, "team": team.name},
    )
    return redirect(_back(campaign))
