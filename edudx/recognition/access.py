"""Fetching what a recognition page acts on, or 404 — the rule itself lives in permissions.py:
the authority's officers (REVIEW_ASSESSMENTS on the campaign's authority) recognise and publish."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from edudx.accounts.permissions import Action, can
from edudx.assessments.models import Campaign
from edudx.recognition.models import RecognisedResult, RecognitionDecision


def can_recognise(user, campaign: Campaign) -> bool:
    return can(user, Action.REVIEW_ASSESSMENTS, campaign.authority)


def campaign_or_404(user, pk) -> Campaign:
    campaign = get_object_or_404(Campaign.objects.select_related("authority"), pk=pk)
    if not can_recognise(user, campaign):
        raise Http404
    return campaign


def decision_or_404(user, pk) -> RecognitionDecision:
    decision = get_object_or_404(
        RecognitionDecision.objects.select_related("campaign__authority", "authority"), pk=pk
    )
    if not can(user, Action.REVIEW_ASSESSMENTS, decision.authority):
        raise Http404
    return decision


def result_or_404(user, pk) -> RecognisedResult:
    result = get_object_or_404(
        RecognisedResult.objects.select_related("decision__authority", "institution", "assessment"),
        pk=pk,
    )
    if not can(user, Action.REVIEW_ASSESSMENTS, result.decision.authority):
        raise Http404
    return result
