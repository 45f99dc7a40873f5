"""The self-assessment form: every item of the index with its fact, saved one item at a time
(htmx), the points and levels recomputed by the engine after each save."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from edudx.accounts.permissions import Action, can, may_view_participation
from edudx.assessments import facts, plans, workflow
from edudx.assessments.details import LABELS, PROVENANCE
from edudx.assessments.errors import ApprovalRefused, AssessmentError
from edudx.assessments.evidence.catalogue import by_criterion
from edudx.assessments.forms import ExtensionForm
from edudx.assessments.models import EDITABLE_STATES, Participation, SelfAssessment
from edudx.assessments.prefill import (
    LOCKED,
    NO_PREVIOUS,
    prefill_from_previous,
    prefill_plan,
    previous_assessment,
)
from edudx.assessments.transitions import confirmation, possible
from edudx.core.confirm import confirmation_page, confirmed
from edudx.core.errors import DomainError, add_to_form
from edudx.core.urls import url_of
from edudx.frameworks import headline
from edudx.guidance.services import guidance_for

#: What a page of the form reads with the participation. An autosave does without the campaign's
#: authority (asked only by the whole page: guidance, deadline extension) and without the
#: assessment: `save_fact` reads and locks its row anyway (see `save_item`).
WITH_PARTICIPATION = ("campaign__authority", "institution", "version", "assessment")
FOR_A_SAVE = ("campaign", "institution", "version")
#: And of those only the columns a save uses: the index's identity (parsed once per process), the
#: campaign's year, deadlines and headline rule, the school's name and place in the tree. Half the
#: columns: a save is the hot path (issue 15), and reading a row's columns costs the ORM more than
#: the database. A column read later that is not listed costs a query, which the save-cost test
#: (test_save_cost.py) counts.
SAVE_COLUMNS = (
    *("campaign_id", "institution_id", "version_id"),
    *("campaign__school_year", "campaign__authority_id", "campaign__parent_id"),
    *("campaign__self_assessment_due", "campaign__evaluation_due", "campaign__headline_rule"),
    *("institution__name", "institution__path", "institution__kind", "institution__levels"),
    *("institution__active", "institution__merged_into_id"),
    *("version__code", "version__version", "version__checksum"),
)


def _participation(
    request,
    pk,
    action: str = Action.VIEW_UNIT,
    related: tuple[str, ...] = WITH_PARTICIPATION,
    columns: tuple[str, ...] = (),
) -> Participation:
    """The participation if the user may do `action` on its institution; 404 otherwise."""
    rows = Participation.objects.select_related(*related)
    participation = get_object_or_404(
        rows.only(*columns)
        if columns
        # the index is parsed once per process (FrameworkVersion.framework); its large
        # definition is read only when a process has not parsed it yet
        else rows.defer("version__definition"),
        pk=pk,
    )
    allowed = (
        may_view_participation(request.user, participation)
        if action == Action.VIEW_UNIT
        else can(request.user, action, participation.institution)
    )
    if not allowed:
        raise Http404
    return participation


def parse_posted(kind: str, raw: str):
    """The form's text as the engine's fact: '' is "not declared"; numbers accept a decimal
    comma; anything unreadable is passed on as text so the engine names the problem."""
    raw = (raw or "").strip()
    if raw == "":
        return None
    if kind == "boolean":
        return {"true": True, "false": False}.get(raw, raw)
    if kind in ("count", "percentage", "level"):
        try:
            number = float(raw.replace(",", "."))
        except ValueError:
            return raw
        return int(number) if number.is_integer() else number
    return raw


def _row(code, cr, spec, entry, result, errors, typed, save_url) -> dict:
    """One item of the form as the template shows it: what was typed (after a refused save) or
    what is stored."""
    shown = typed.get(code) or {}
    stored = entry.details if entry else {}
    return {
        "code": code,
        "save_url": save_url(code),
        "criterion": cr.code,
        "spec": spec,
        "kind": spec.kind,
        "result": result.items.get(code),
        "value": shown.get("value", entry.value if entry else None),
        "details": [
            (name, LABELS.get(name, name), shown.get(name, stored.get(name, "")))
            for name in spec.details
        ],
        "part": shown.get("part", stored.get("part", "")),
        "whole": shown.get("whole", stored.get("whole", "")),
        "awarded": shown.get("awarded", entry.awarded if entry else None),
        "reason": shown.get("reason", entry.reason if entry else ""),
        "carried": bool(entry and entry.carried),
        "revision": entry.revision if entry else 0,
        "answered": entry is not None and entry.value is not None,
        "error": errors.get(code),
    }


def _editable(participation, assessment, user) -> bool:
    return assessment.state in EDITABLE_STATES and can(
        user, Action.EDIT_ASSESSMENT, participation.institution
    )


def _context(participation, assessment, user, errors=None, typed=None):
    """Everything the page shows, already arranged group → criterion → item (templates cannot
    look things up by code)."""
    fw = participation.version.framework()
    # read once for everything below (the result, the evidence by criterion, the approval
    # problems, the copy from last year)
    prefetch_related_objects([assessment], "facts", "evidence")
    entries = {e.code: e for e in assessment.facts.all()}
    result = facts.assessment_result(assessment, list(entries.values()))
    errors, typed = errors or {}, typed or {}
    evidence_by_criterion = by_criterion(assessment)
    previous = previous_assessment(assessment)
    last_targets = plans.last_years_targets(assessment, result, previous)
    campaign = participation.campaign
    guide = guidance_for(campaign.authority, campaign.school_year, fw.code)
    save_url = url_of("assessments:save_item", participation.pk)
    groups = []
    for group in fw.groups:
        criteria = []
        for cr in group.criteria:
            rows = [
                _row(spec.code, cr, spec, entries.get(spec.code), result, errors, typed, save_url)
                for spec in cr.fact_specs()
            ]
            criteria.append(
                {
                    "spec": cr,
                    "result": result.criteria[cr.code],
                    "rows": rows,
                    "evidence": evidence_by_criterion.get(cr.code, []),
                    "last_target": last_targets.get(cr.code),
                    **guidance_of(guide.get(cr.code), evidence_by_criterion.get(cr.code, [])),
                }
            )
        groups.append({"spec": group, "result": result.groups[group.code], "criteria": criteria})
    editable = _editable(participation, assessment, user)
    actions = (
        possible(assessment.state, workflow.INSTITUTION_ACTIONS)
        if can(user, Action.APPROVE_ASSESSMENT, participation.institution)
        else []
    )
    due = workflow.due_date(assessment)
    rows = [row for g in groups for c in g["criteria"] for row in c["rows"]]
    return {
        "participation": participation,
        "assessment": assessment,
        "fw": fw,
        "groups": groups,
        "headline": headline.of_result(result, participation.campaign.headline_rule),
        "answered": sum(row["answered"] for row in rows),
        "total": len(rows),
        "provenance": PROVENANCE,
        "editable": editable,
        "actions": actions,
        "problems": workflow.approval_problems(assessment) if "approve" in actions else [],
        "due": due,
        "days_left": (due - timezone.localdate()).days,
        # computed only when the page shows it; reading only
        "prefill": SimpleLazyObject(lambda: prefill_plan(assessment, previous=previous))
        if editable
        else None,
        "can_extend": can(user, Action.EXTEND_DEADLINE, participation.campaign.authority),
    }


def guidance_of(cg, evidence) -> dict:
    """The authority's guidance beside a criterion, and its suggested evidence as a checklist
    against the evidence already catalogued for it."""
    if cg is None:
        return {"guidance": None, "checklist": []}
    return {"guidance": cg, "checklist": cg.checklist(ev.title for ev in evidence)}


def _saved_context(participation, assessment, user, code, errors=None, typed=None):
    """What the answer to an autosave shows, and only that: the item, its criterion, its group
    and the progress line (points per group, items entered). The engine still scores the whole
    assessment (a group's level depends on all its items); nothing else of the form is read or
    rendered (evidence, deadlines, approval problems, last year's answers)."""
    fw = participation.version.framework()
    entries = {e.code: e for e in facts.current_facts(assessment)}
    result = facts.assessment_result(assessment, list(entries.values()))
    errors, typed = errors or {}, typed or {}
    groups = [{"spec": g, "result": result.groups[g.code]} for g in fw.groups]
    for group in groups:
        for cr in group["spec"].criteria:
            for spec in cr.fact_specs():
                if spec.code == code:
                    return {
                        "participation": participation,
                        "assessment": assessment,
                        "groups": groups,
                        "group": group,
                        "criterion": {"spec": cr, "result": result.criteria[cr.code]},
                        "row": _row(
                            code,
                            cr,
                            spec,
                            entries.get(code),
                            result,
                            errors,
                            typed,
                            url_of("assessments:save_item", participation.pk),
                        ),
                        # sent again out of band: without it a save would blank the line
                        "headline": headline.of_result(
                            result, participation.campaign.headline_rule
                        ),
                        "answered": sum(e.value is not None for e in entries.values()),
                        "total": len(fw.fact_codes()),
                        "provenance": PROVENANCE,
                        "editable": _editable(participation, assessment, user),
                    }
    raise Http404


@login_required
def assessment_form(request, pk):
    participation = _participation(request, pk)
    assessment = facts.assessment_for(participation, read_with_it=True)
    return render(
        request, "assessments/form.html", _context(participation, assessment, request.user)
    )


@login_required
@require_POST
def save_item(request, pk, code):
    participation = _participation(request, pk, Action.EDIT_ASSESSMENT, FOR_A_SAVE, SAVE_COLUMNS)
    # Not read before the save: `save_fact` locks the file's row (`lock_editable`) and gives this
    # object its key and state, all the answer uses of it. Read only when the save was refused
    # before that, or when the whole page is shown again.
    assessment = SelfAssessment.blank(participation)
    fw = participation.version.framework()
    target = fw.fact_codes().get(code)
    if target is None:
        raise Http404
    kind = target.kind
    typed = {
        name: request.POST.get(name, "")
        for name in ("value", "part", "whole", "awarded", "reason", *target.details)
    }
    details = None
    if any(name in request.POST for name in ("part", "whole", *target.details)):
        details = {name: typed[name] for name in ("part", "whole", *target.details)}
    errors = {}
    try:
        revision = int(request.POST.get("revision", "0"))
        awarded = parse_posted("count", typed["awarded"])
        if isinstance(awarded, str):
            raise AssessmentError(
                f"Mục {code}: điểm tự chấm “{awarded}” phải là một số.", field="awarded"
            )
        facts.save_fact(
            assessment,
            code,
            parse_posted(kind, typed["value"]),
            revision=revision,
            by=request.user,
            awarded=awarded,
            reason=typed["reason"],
            details=details,
        )
    except ValueError as exc:  # AssessmentError, StaleFact, or a broken revision field
        errors[code] = (
            str(exc)
            if isinstance(exc, AssessmentError | DomainError)
            else "Biểu mẫu không hợp lệ; hãy tải lại trang."
        )
    if assessment.is_blank or (errors and not request.htmx):
        assessment = facts.assessment_for(participation)
    if not request.htmx:
        return (
            redirect("assessments:form", pk=pk)
            if not errors
            else render(
                request,
                "assessments/form.html",
                _context(participation, assessment, request.user, errors, {code: typed}),
                status=400,
            )
        )
    context = _saved_context(
        participation, assessment, request.user, code, errors, {code: typed} if errors else None
    )
    return render(request, "assessments/_saved.html", context)


@login_required
@require_POST
def change_state(request, pk, action):
    participation = _participation(request, pk, Action.APPROVE_ASSESSMENT)
    if action not in workflow.INSTITUTION_ACTIONS:
        raise Http404
    if not confirmed(request):  # without JavaScript: ask on a page of its own
        question, consequence = confirmation(action, participation)
        return confirmation_page(
            request,
            question=question,
            consequence=consequence,
            back=reverse("assessments:form", args=[pk]),
        )
    assessment = facts.assessment_for(participation)
    try:
        workflow.change_state(
            assessment, action, by=request.user, reason=request.POST.get("reason", "")
        )
    except ApprovalRefused as exc:
        # the form itself, with every problem linked to its item, rather than a one-line message
        context = _context(participation, assessment, request.user)
        return render(
            request, "assessments/form.html", {**context, "refusal": exc.problems}, status=400
        )
    except AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, DONE[action])
    return redirect("assessments:form", pk=pk)


DONE = {
    "approve": _("The self-assessment is approved; the facts are locked."),
    "reopen": _("The self-assessment is open for changes again."),
    "submit": _("The self-assessment is submitted to the managing authority."),
    "withdraw": _("The submission is withdrawn; the self-assessment is open for changes."),
}


PREFILL_QUESTION = "Lấy dữ liệu năm trước vào các mục còn trống?"
PREFILL_CONSEQUENCE = (
    "Chỉ các mục chưa có câu trả lời được điền; mỗi mục chép sang được đánh dấu “từ năm trước — "
    "hãy xác nhận” và phải được xác nhận trước khi phê duyệt. Tệp minh chứng được dùng chung, "
    "không sao chép."
)


def _announced(request) -> dict:
    """The codes the form announced (its dialog named them): the copy does no more than that,
    even if the form changed since the page was shown."""
    if request.POST.get("announced") != "1":
        return {"facts": None, "evidence": None}
    return {"facts": request.POST.getlist("item"), "evidence": request.POST.getlist("evidence")}


@login_required
@require_POST
def prefill(request, pk):
    participation = _participation(request, pk, Action.EDIT_ASSESSMENT)
    assessment = facts.assessment_for(participation)
    if not confirmed(request):  # say what will be copied; nothing is written before the answer
        plan = prefill_plan(assessment, **_announced(request))
        if assessment.state not in EDITABLE_STATES or plan is None:
            messages.error(request, LOCKED if plan is not None else NO_PREVIOUS)
            return redirect("assessments:form", pk=pk)
        return confirmation_page(
            request,
            question=PREFILL_QUESTION,
            consequence=PREFILL_CONSEQUENCE,
            back=reverse("assessments:form", args=[pk]),
            items=plan.lines(),
        )
    try:
        plan = prefill_from_previous(assessment, by=request.user, **_announced(request))
    except AssessmentError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "%(facts)d facts and %(evidence)d evidence items were copied from last year; "
                "confirm each of them."
            )
            % {"facts": len(plan.facts), "evidence": len(plan.evidence)},
        )
    return redirect("assessments:form", pk=pk)


@login_required
def extend_deadline(request, pk):
    """The authority grants this institution a later self-assessment due date."""
    participation = _participation(request, pk)
    if not can(request.user, Action.EXTEND_DEADLINE, participation.campaign.authority):
        raise Http404
    assessment = facts.assessment_for(participation)
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.extend_deadline(
                assessment,
                form.cleaned_data["until"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except AssessmentError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, _("The deadline is extended for this institution."))
            return redirect("assessments:form", pk=pk)
    return render(
        request,
        "assessments/extend.html",
        {
            "participation": participation,
            "assessment": assessment,
            "form": form,
            "due": workflow.due_date(assessment),
        },
    )
