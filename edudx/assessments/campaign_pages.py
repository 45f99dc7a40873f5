"""Settings of an open campaign, for the authority that manages it: the headline-level reading and
taking in the preschools once a preschool index is loaded. Views parse, call the service, and
return to the campaign page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edudx.accounts.permissions import Action, can
from edudx.assessments import campaign_settings
from edudx.assessments.models import Campaign
from edudx.core.confirm import confirmation_page, confirmed
from edudx.core.errors import DomainError


def _managed(request, pk) -> Campaign:
    campaign = get_object_or_404(
        Campaign.objects.visible_to(request.user).select_related("authority"), pk=pk
    )
    if not can(request.user, Action.MANAGE_CAMPAIGNS, campaign.authority):
        raise Http404
    return campaign


@login_required
@require_POST
def headline_rule(request, pk):
    campaign = _managed(request, pk)
    try:
        campaign_settings.set_headline_rule(
            campaign,
            request.POST.get("headline_rule", ""),
            revision=request.POST.get("revision"),
            by=request.user,
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The headline level setting was saved."))
    return redirect("assessments:campaign_detail", campaign.pk)


@login_required
@require_POST
def take_in_preschools(request, pk):
    campaign = _managed(request, pk)
    back = reverse("assessments:campaign_detail", args=[campaign.pk])
    versions = {str(v.pk): v for v in campaign_settings.preschool_versions()}
    version = versions.get(request.POST.get("version", ""))
    if version is None:
        messages.error(request, _("Choose a complete preschool index."))
        return redirect(back)
    if not confirmed(request):
        status = campaign_settings.preschool_status(campaign)
        return confirmation_page(
            request,
            question=_("Take the preschools into this campaign?"),
            consequence=_(
                "%(n)s preschools (and those of the campaigns opened under this one) will be "
                "assessed with %(index)s in this campaign, with its deadlines. This cannot be undone "
                "here."
            )
            % {"n": len(status.pending), "index": f"{version.decision_number} ({version.version})"},
            back=back,
            items=[u.name for u in status.pending],
        )
    try:
        n = campaign_settings.take_in_preschools(campaign, version, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)s preschools now take part.") % {"n": n})
    return redirect(back)
