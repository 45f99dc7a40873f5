"""The review queue of a campaign and the review of one submission."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from edudx.assessments.facts import assessment_for, assessment_result
from edudx.assessments.models import AssessmentState, Participation
from edudx.assessments.progress import PROGRESS_CHOICES
from edudx.assessments.transitions import confirmation, possible
from edudx.core.confirm import confirmation_page, confirmed
from edudx.core.dates import parse_vn_date
from edudx.core.errors import DomainError
from edudx.core.htmx import render_partial_or_page
from edudx.reviews import changes, queue, services
from edudx.reviews.access import review_campaign, review_participation, with_links
from edudx.reviews.models import TeamMember
from edudx.reviews.rows import queue_rows
from edudx.reviews.services import default_supplement_due


@login_required
def review_queue(request, pk):
    campaign = review_campaign(request, pk)
    params = {name: request.GET.get(name, "") for name in ("state", "flag", "team", "q", "sort")}
    if params["sort"] not in queue.SORTS:
        params["sort"] = "name"
    page = queue.queue_page(campaign, timezone.localdate(), params, request.GET.get("page"))
    query = urlencode({k: v for k, v in params.items() if v})
    counts = queue.progress_counts(campaign)
    return render_partial_or_page(
        request,
        "reviews/queue.html",
        "reviews/_queue_rows.html",
        {
            "campaign": campaign,
            "counts": counts,
            "total": sum(n for _value, _label, n in counts),
            "page": page,
            "rows": queue_rows(page.object_list),
            "shown": page.paginator.count,
            "params": params,
            "query": query,
            "flags": queue.FLAGS,
            "states": PROGRESS_CHOICES,
            "teams": queue.team_names(campaign),
            "campaign_teams": list(campaign.teams.order_by("name")),
            "group_codes": queue.group_codes(campaign, page.object_list),
        },
    )


def _detail_context(participation, user, errors=None, typed=None):
    assessment = assessment_for(participation)
    fw = participation.version.framework()
    row = queue.build_queue(
        participation.campaign,
        timezone.localdate(),
        Participation.objects.filter(pk=participation.pk),
    )[0]
    result = assessment_result(assessment)
    diff = (
        changes.changes_since_return(assessment)
        if assessment.state in (AssessmentState.SUBMITTED, AssessmentState.UNDER_REVIEW)
        else None
    )
    rounds = list(
        assessment.return_rounds.prefetch_related("comments").select_related("returned_by")
    )
    typed = typed or {}
    criteria = [
        {
            "spec": c,
            "result": result.criteria[c.code],
            "typed": typed.get(c.code, ""),
        }
        for c in fw.criteria()
    ]
    return {
        "participation": participation,
        "assessment": assessment,
        "fw": fw,
        "row": row,
        "flags": queue.FLAGS,
        "result": result,
        "groups": [(g, result.groups[g.code]) for g in fw.groups],
        "criteria": criteria,
        "diff": diff,
        "rounds": rounds,
        "evidence": with_links(participation, list(assessment.evidence.all())),
        "actions": possible(assessment.state, REVIEW_ACTIONS),
        "errors": errors or {},
        "typed_reason": typed.get("__reason", ""),
        "typed_due": typed.get("__due")
        or f"{default_supplement_due(participation.campaign):%d/%m/%Y}",
        "team_members": TeamMember.objects.filter(
            team__assignments__participation=participation
        ).select_related("user", "team"),
    }


@login_required
def review_detail(request, pk):
    participation = review_participation(request, pk)
    return render(request, "reviews/detail.html", _detail_context(participation, request.user))


#: The actions of the review page (the team head finalises on the evaluation page).
REVIEW_ACTIONS = ("accept", "return", "unaccept")

DONE = {
    "accept": _("The submission is accepted for external evaluation."),
    "return": _("The submission is returned to the institution for supplement."),
    "unaccept": _("The acceptance is withdrawn; the submission waits for review again."),
}


@login_required
@require_POST
def review_action(request, pk, action):
    participation = review_participation(request, pk)
    if action not in REVIEW_ACTIONS:
        raise Http404
    if not confirmed(request):  # without JavaScript: ask on a page of its own
        question, consequence = confirmation(action, participation)
        return confirmation_page(
            request,
            question=question,
            consequence=consequence,
            back=reverse("reviews:detail", args=[pk]),
        )
    assessment = assessment_for(participation)
    reason = request.POST.get(f"reason-{action}", request.POST.get("reason", ""))
    comments = {
        key[len("comment-") :]: value
        for key, value in request.POST.items()
        if key.startswith("comment-")
    }
    try:
        if action == "accept":
            services.accept(assessment, by=request.user)
        elif action == "unaccept":
            services.unaccept(assessment, by=request.user, reason=reason)
        else:
            typed_due = request.POST.get("due", "").strip()
            try:
                due = parse_vn_date(typed_due) if typed_due else None
            except ValueError as exc:
                raise DomainError(str(exc), "due") from None
            services.return_for_supplement(
                assessment, by=request.user, reason=reason, comments=comments, due=due
            )
    except DomainError as exc:
        typed = {**comments, "__reason": reason} if action == "return" else {}
        typed["__due"] = request.POST.get("due", "")
        # a refused deadline is said beside its field (the form stays open, nothing typed is lost)
        on_due = action == "return" and exc.field == "due"
        errors = {"return_due" if on_due else action: str(exc)}
        context = _detail_context(participation, request.user, errors, typed)
        return render(request, "reviews/detail.html", context, status=400)
    messages.success(request, DONE[action])
    return redirect("reviews:detail", pk=pk)


@login_required
def my_evaluations(request):
    """The institutions assigned to the user's teams, campaign by campaign."""
    parts = (
        Participation.objects.filter(team_assignment__team__members__user=request.user)
        .select_related("institution", "campaign__authority", "assessment", "team_assignment__team")
        .order_by("-campaign__school_year", "institution__name")
        .distinct()
    )
    roles = dict(TeamMember.objects.filter(user=request.user).values_list("team_id", "role"))
    rows = [(p, roles.get(p.team_assignment.team_id)) for p in parts[:500]]
    return render(request, "reviews/mine.html", {"rows": rows})
