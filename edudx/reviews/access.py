"""Loading what a reviewer or an evaluator asks for, or 404 outside their scope."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from edudx.accounts.permissions import Action, can, team_role
from edudx.assessments.models import Campaign, Participation


def review_campaign(request, pk) -> Campaign:
    """A campaign of an authority the user reviews for."""
    campaign = get_object_or_404(Campaign.objects.select_related("authority"), pk=pk)
    if not can(request.user, Action.REVIEW_ASSESSMENTS, campaign.authority):
        raise Http404
    return campaign


def _load(pk) -> Participation:
    return get_object_or_404(
        Participation.objects.select_related(
            "campaign__authority", "institution", "version", "assessment"
        ),
        pk=pk,
    )


def review_participation(request, pk) -> Participation:
    """A participation the user reviews (authority officer or department administrator)."""
    participation = _load(pk)
    if not can(request.user, Action.REVIEW_ASSESSMENTS, participation.institution):
        raise Http404
    return participation


def evaluation_participation(request, pk) -> tuple[Participation, str | None, bool]:
    """A participation the user evaluates (member of its team in that campaign) or reviews:
    (participation, role in the team or None, may review)."""
    participation = _load(pk)
    role = team_role(request.user, participation)
    reviews = can(request.user, Action.REVIEW_ASSESSMENTS, participation.institution)
    if role is None and not reviews:
        raise Http404
    return participation, role, reviews


def with_links(participation, evidence):
    """Evidence items with `.link`: their stored file (served to whoever may see it) or their
    web link."""
    for ev in evidence:
        ev.link = ev.url
        if ev.file:
            ev.link = reverse("assessments:evidence_file", args=[participation.pk, ev.pk])
    return evidence
