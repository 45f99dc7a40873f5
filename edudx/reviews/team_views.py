"""The teams page of a campaign: form teams, add members with their role, assign institutions,
see the workload."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from edudx.core.errors import DomainError
from edudx.reviews import teams as team_services
from edudx.reviews.access import review_campaign
from edudx.reviews.models import Team, TeamMember, TeamRole


def _context(campaign, errors=None, typed=None):
    teams = list(
        campaign.teams.prefetch_related("members__user", "assignments__participation__institution")
    )
    participations = campaign.participations.select_related(
        "institution", "team_assignment__team"
    ).order_by("institution__name")
    own_staff = (
        get_user_model()
        .objects.filter(role_assignments__unit=campaign.authority, is_active=True)
        .distinct()
        .order_by("username")[:200]
    )
    errors, typed = errors or {}, typed or {}
    for team in teams:
        team.member_error = errors.get(f"member-{team.pk}")
        team.typed = typed if typed.get("team_pk") == team.pk else {}
    return {
        "campaign": campaign,
        "teams": teams,
        "participations": participations,
        "workload": team_services.workload(campaign, timezone.localdate()),
        "roles": TeamRole.choices,
        "own_staff": own_staff,
        "errors": errors,
        "typed": typed,
    }


@login_required
def teams_page(request, pk):
    campaign = review_campaign(request, pk)
    return render(request, "reviews/teams.html", _context(campaign))


def _refused(request, campaign, key, exc, typed):
    return render(
        request, "reviews/teams.html", _context(campaign, {key: str(exc)}, typed), status=400
    )


@login_required
@require_POST
def create_team(request, pk):
    campaign = review_campaign(request, pk)
    try:
        team_services.create_team(campaign, request.POST.get("name", ""), by=request.user)
    except DomainError as exc:
        return _refused(request, campaign, "create", exc, {"name": request.POST.get("name", "")})
    messages.success(request, _("The team is formed."))
    return redirect("reviews:teams", pk=pk)


def find_user(text: str, authority):
    """An account of the authority or of one of its institutions, by username or e-mail; anyone
    else is "not found" (the page must not reveal who exists elsewhere)."""
    text = (text or "").strip()
    if not text:
        return None
    return (
        get_user_model()
        .objects.filter(Q(username__iexact=text) | Q(email__iexact=text))
        .filter(role_assignments__unit__path__startswith=authority.path)
        .order_by("pk")
        .first()
    )


@login_required
@require_POST
def add_member(request, pk, team_pk):
    campaign = review_campaign(request, pk)
    team = get_object_or_404(Team, pk=team_pk, campaign=campaign)
    typed = {k: request.POST.get(k, "") for k in ("user", "role", "job_title")}
    typed["team_pk"] = team.pk
    try:
        user = find_user(request.POST.get("user", ""), campaign.authority)
        if user is None:
            raise DomainError(
                f"Không tìm thấy tài khoản “{request.POST.get('user', '').strip()}”.", "user"
            )
        team_services.add_member(
            team,
            user,
            request.POST.get("role", ""),
            by=request.user,
            revision=request.POST.get("revision"),
            job_title=request.POST.get("job_title", ""),
        )
    except DomainError as exc:
        return _refused(request, campaign, f"member-{team.pk}", exc, typed)
    messages.success(request, _("The member is added to the team."))
    return redirect("reviews:teams", pk=pk)


@login_required
@require_POST
def remove_member(request, pk, member_pk):
    campaign = review_campaign(request, pk)
    member = get_object_or_404(TeamMember, pk=member_pk, team__campaign=campaign)
    try:
        team_services.remove_member(member, by=request.user, revision=request.POST.get("revision"))
    except DomainError as exc:
        return _refused(request, campaign, f"member-{member.team_id}", exc, {"team_pk": -1})
    messages.success(request, _("The member is removed from the team."))
    return redirect("reviews:teams", pk=pk)


@login_required
@require_POST
def assign(request, pk):
    campaign = review_campaign(request, pk)
    chosen = request.POST.getlist("participation")
    typed = {"participations": chosen, "team": request.POST.get("team", "")}
    participations = campaign.participations.filter(pk__in=[c for c in chosen if c.isdigit()])
    changed = 1
    revisions = {
        int(key.removeprefix("revision-team-")): value
        for key, value in request.POST.items()
        if key.startswith("revision-team-") and key.removeprefix("revision-team-").isdigit()
    }
    try:
        if request.POST.get("team") == "none":
            with transaction.atomic():  # all or nothing, as an assignment is
                for p in participations.select_related("institution"):
                    team_services.unassign(p, by=request.user, revisions=revisions)
        else:
            team = campaign.teams.filter(pk=request.POST.get("team") or 0).first()
            if team is None:
                raise DomainError("Hãy chọn đoàn.", "team")
            if not chosen:
                raise DomainError("Hãy chọn ít nhất một cơ sở giáo dục.", "participation")
            changed = team_services.assign(
                team,
                participations.select_related("institution"),
                by=request.user,
                revisions=revisions,
            )
    except DomainError as exc:
        return _refused(request, campaign, "assign", exc, typed)
    if request.POST.get("team") != "none" and not changed:
        messages.info(request, _("Nothing was changed, so nothing was saved."))
    else:
        messages.success(request, _("The assignment is saved."))
    return redirect("reviews:teams", pk=pk)
