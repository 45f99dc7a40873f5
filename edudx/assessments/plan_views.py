"""The improvement plan's page: the targets of the file, what the engine says each one needs, and
the forms that add, change and remove them (plain POST forms, working without JavaScript)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edudx.accounts.permissions import Action, can
from edudx.assessments import plans
from edudx.assessments.errors import AssessmentError
from edudx.assessments.facts import assessment_for, assessment_result
from edudx.assessments.form_page import _participation
from edudx.assessments.forms import PlanTargetForm
from edudx.assessments.models import EDITABLE_STATES
from edudx.core.errors import DomainError, add_to_form
from edudx.frameworks.scoring import condition_target, target_band


def _conditions(fw, result, planned: set[str]) -> list[dict]:
    """Unmet mandatory conditions not yet in the plan, with the engine's reason: offered first,
    since a group cannot reach its level while one is unmet."""
    out = []
    for cr in fw.criteria():
        needs = None if cr.code in planned else condition_target(result, cr.code)
        if needs is not None:
            out.append({"code": cr.code, "title": cr.title, "needs": needs})
    return out


def _candidates(fw, result, planned: set[str]) -> list[dict]:
    """Criteria with levels that can still be added, with their level now and what the next
    one needs."""
    out = []
    for group in fw.groups:
        for cr in group.criteria:
            if cr.mandatory or cr.code in planned:
                continue
            needs = target_band(result, cr.code)
            if needs is None:  # already at the top level
                continue
            out.append(
                {
                    "code": cr.code,
                    "title": cr.title,
                    "level": result.criteria[cr.code].level,
                    "needs": needs,
                }
            )
    return out


CONDITION = "+dieu-kien"  # `failed` when the form adding a mandatory condition was refused


def _context(request, participation, assessment, *, form=None, failed=None):
    fw = participation.version.framework()
    result = assessment_result(assessment)
    rows = plans.plan_rows(assessment, result)
    editable = assessment.state in EDITABLE_STATES and can(
        request.user, Action.EDIT_ASSESSMENT, participation.institution
    )
    for row in rows:
        t = row.target
        row.form = (
            form
            if failed == t.criterion
            else PlanTargetForm(
                initial={
                    "criterion": t.criterion,
                    "target_level": t.target_level,
                    "actions": t.actions,
                    "owner": t.owner,
                    "due": t.due,
                    "resources": t.resources,
                },
                prefix=f"t{t.pk}",
            )
        )
    planned = {r.target.criterion for r in rows}
    return {
        "participation": participation,
        "assessment": assessment,
        "fw": fw,
        "rows": rows,
        "editable": editable,
        "conditions": _conditions(fw, result, planned) if editable else [],
        "candidates": _candidates(fw, result, planned) if editable else [],
        "add_form": form if failed == "" else PlanTargetForm(),
        "condition_form": form if failed == CONDITION else PlanTargetForm(prefix="dk"),
        "failed": failed,
    }


@login_required
def plan_page(request, pk):
    participation = _participation(request, pk)
    assessment = assessment_for(participation)
    return render(request, "assessments/plan.html", _context(request, participation, assessment))


@login_required
@require_POST
def plan_save(request, pk):
    """Add a target (no `target` posted) or change the one named by `target` (its criterion)."""
    participation = _participation(request, pk, Action.EDIT_ASSESSMENT)
    assessment = assessment_for(participation)
    existing = request.POST.get("target", "")
    prefix = request.POST.get("prefix") or None
    form = PlanTargetForm(request.POST, prefix=prefix)
    if form.is_valid():
        data = form.cleaned_data
        try:
            plans.save_target(
                assessment,
                existing or data["criterion"].strip(),
                target_level=data["target_level"],
                actions=data["actions"],
                owner=data["owner"],
                due=data["due"],
                resources=data["resources"],
                revision=request.POST.get("revision"),
                by=request.user,
            )
        except plans.PlanRefused as refused:
            for problem in refused.problems:
                add_to_form(form, problem)
        except (AssessmentError, DomainError) as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The target is saved in the improvement plan."))
            return redirect("assessments:plan", pk=pk)
    failed = existing or (CONDITION if prefix == "dk" else "")
    context = _context(request, participation, assessment, form=form, failed=failed)
    return render(request, "assessments/plan.html", context, status=400)


@login_required
@require_POST
def plan_remove(request, pk, criterion):
    participation = _participation(request, pk, Action.EDIT_ASSESSMENT)
    assessment = assessment_for(participation)
    try:
        plans.remove_target(
            assessment, criterion, revision=request.POST.get("revision"), by=request.user
        )
    except (AssessmentError, DomainError) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Criterion %(code)s is taken out of the plan.") % {"code": criterion}
        )
    return redirect("assessments:plan", pk=pk)
