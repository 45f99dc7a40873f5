"""The authority's recognition pages: choose evaluated institutions and issue the decision; the
decision with its annex, its publication and the reopening of one institution's recognition."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edudx.accounts.models import RoleAssignment
from edudx.accounts.permissions import ROLE_ACTIONS, Action, can, get_unit_or_404
from edudx.assessments.transitions import confirmation
from edudx.core.confirm import confirmation_page, confirmed
from edudx.core.errors import DomainError, add_to_form
from edudx.organizations.models import AUTHORITY_KINDS, UnitKind
from edudx.recognition import services
from edudx.recognition.access import campaign_or_404, decision_or_404, result_or_404
from edudx.recognition.forms import DecisionForm
from edudx.recognition.models import RecognitionDecision, group_levels
from edudx.recognition.summary import institutions, summarise


def _candidates(campaign):
    """Evaluated institutions with the levels and points their external evaluation gives."""
    assessments = services.evaluated_assessments(campaign).prefetch_related(
        "facts", "evaluation__entries"
    )
    rows = []
    for a in assessments:
        rows.append((a, group_levels(services.frozen_result(a.evaluation))))
    return rows


@login_required
def recognise(request, pk):
    campaign = campaign_or_404(request.user, pk)
    rows = _candidates(campaign)
    form = DecisionForm(request.POST or None, candidates=[a for a, _ in rows])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not confirmed(request):
            return confirmation_page(
                request,
                question=f"Ban hành quyết định số {data['number']} công nhận "
                f"{len(data['assessments'])} cơ sở giáo dục?",
                consequence="Kết quả của các cơ sở được khóa theo quyết định và các cơ sở được "
                "thông báo; muốn thay đổi phải mở lại từng kết quả, có ghi lý do.",
                back=reverse("recognition:recognise", args=[pk]),
                items=[str(a.participation.institution.name) for a in data["assessments"]],
            )
        try:
            decision = services.issue_decision(
                campaign,
                data["assessments"],
                number=data["number"],
                date=data["date"],
                signer_name=data["signer_name"],
                signer_title=data["signer_title"],
                by=request.user,
            )
        except services.RecognitionError as exc:
            add_to_form(form, exc)
        else:
            messages.success(
                request,
                _("Decision %(number)s recorded: %(n)d institution(s) recognised.")
                % {"number": decision.number, "n": decision.results.count()},
            )
            return redirect("recognition:decision", pk=decision.pk)
    chosen = {str(v) for v in (form["assessments"].value() or [])}
    decisions = (
        RecognitionDecision.objects.filter(campaign=campaign)
        .annotate(n=Count("results", filter=Q(results__withdrawn_at__isnull=True)))
        .order_by("-date", "-id")
    )
    return render(
        request,
        "recognition/recognise.html",
        {
            "campaign": campaign,
            "form": form,
            "rows": [(a, values, str(a.pk) in chosen) for a, values in rows],
            "decisions": decisions,
        },
        status=400 if request.method == "POST" else 200,
    )


def _decision_page(request, decision, *, reopen_errors=None, status=200):
    results = decision.results.select_related("institution", "assessment", "withdrawn_by")
    return render(
        request,
        "recognition/decision.html",
        {
            "decision": decision,
            "campaign": decision.campaign,
            "results": results,
            "standing": sum(1 for r in results if not r.withdrawn),
            "reopen_errors": reopen_errors or {},
            "typed_reason": request.POST.get("reason", ""),
        },
        status=status,
    )


@login_required
def decision_detail(request, pk):
    return _decision_page(request, decision_or_404(request.user, pk))


@login_required
@require_POST
def publish(request, pk):
    decision = decision_or_404(request.user, pk)
    if not confirmed(request):
        return confirmation_page(
            request,
            question=f"Công bố kết quả của quyết định số {decision.number}?",
            consequence="Kết quả trở thành công khai cho mọi người trên trang công khai và các cơ "
            "sở giáo dục được thông báo.",
            back=reverse("recognition:decision", args=[pk]),
        )
    try:
        services.publish_decision(decision, by=request.user)
    except services.RecognitionError as exc:
        messages.error(request, str(exc))
        return _decision_page(request, decision, status=400)
    messages.success(request, _("The recognised results are published."))
    return redirect("recognition:decision", pk=decision.pk)


@login_required
@require_POST
def reopen(request, pk):
    result = result_or_404(request.user, pk)
    if not confirmed(request):
        question, consequence = confirmation("reopen_recognition", result.assessment.participation)
        return confirmation_page(
            request,
            question=question,
            consequence=consequence,
            back=reverse("recognition:decision", args=[result.decision_id]),
        )
    try:
        services.reopen_recognition(result, by=request.user, reason=request.POST.get("reason", ""))
    except DomainError as exc:  # already reopened, or no reason given
        decision = decision_or_404(request.user, result.decision_id)
        return _decision_page(request, decision, reopen_errors={result.pk: str(exc)}, status=400)
    messages.success(
        request,
        _("The recognition of %(name)s is reopened; it may be recognised again.")
        % {"name": result.institution.name},
    )
    return redirect("recognition:decision", pk=result.decision_id)


@login_required
def summary(request, code):
    """The upward view of a unit the user may see: per child unit, states and levels."""
    unit = get_unit_or_404(request.user, code)
    if unit.kind == UnitKind.INSTITUTION:
        raise Http404
    data = summarise(unit, request.GET.get("nam-hoc"))
    return render(
        request,
        "recognition/summary.html",
        {
            "summary": data,
            "unit": unit,
            "has_children": any(row.unit for row in data.rows),
            "institutions": institutions(unit, data.school_year, request.GET.get("page"))
            if unit.kind in AUTHORITY_KINDS
            else None,
            "year_query": urlencode({"nam-hoc": data.school_year}) if data.school_year else "",
            "parent_visible": unit.parent is not None
            and can(request.user, Action.VIEW_UNIT, unit.parent),
        },
    )


@login_required
def summary_home(request):
    """The upward view of the highest unit the user holds a unit-viewing role on (an
    evaluation-team member's role opens no unit page)."""
    viewing = [role for role, actions in ROLE_ACTIONS.items() if Action.VIEW_UNIT in actions]
    top = (
        RoleAssignment.objects.filter(user=request.user, unit__active=True, role__in=viewing)
        .exclude(unit__kind=UnitKind.INSTITUTION)
        .select_related("unit")
        .order_by("unit__depth", "unit__name")
        .first()
    )
    if top is None:
        raise Http404
    return redirect("recognition:summary", code=top.unit.code)
