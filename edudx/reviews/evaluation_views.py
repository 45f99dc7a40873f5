"""The evaluator's form: the institution's self-assessment and the team's evaluation side by
side, saved one item at a time (htmx); the visit record; finalising by the team head."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from edudx.assessments.details import COUNT_FIELDS, shown_details
from edudx.assessments.facts import assessment_result
from edudx.assessments.form_page import parse_posted
from edudx.assessments.models import AssessmentState
from edudx.assessments.transitions import confirmation
from edudx.core.confirm import confirmation_page, confirmed
from edudx.core.dates import parse_vn_date
from edudx.core.errors import DomainError
from edudx.frameworks.schema import fmt
from edudx.guidance.services import guidance_for
from edudx.reviews import evaluation as evaluation_services
from edudx.reviews.access import evaluation_participation, with_links
from edudx.reviews.evaluation import VISIT_FIELDS, UnfinishedItems, shown_fact
from edudx.reviews.models import EvaluationState, TeamMember, TeamRole
from edudx.reviews.results import external_result


def _evaluation(participation):
    assessment = getattr(participation, "assessment", None)
    if assessment is None or assessment.state not in (
        AssessmentState.UNDER_REVIEW,
        AssessmentState.EVALUATED,
        AssessmentState.RECOGNISED,
    ):
        return assessment, None
    return assessment, evaluation_services.evaluation_for(assessment)


def _context(participation, evaluation, role, errors=None, typed=None, only=None):
    """The evaluation form arranged group → criterion → item; with `only` (an item's code, the
    answer to an autosave) just that item, its criterion and its group, and nothing else read."""
    assessment = evaluation.assessment
    fw = participation.version.framework()
    mine = {e.code: e for e in assessment.facts.all()}
    entries = {e.code: e for e in evaluation.entries.select_related("updated_by")}
    own = assessment_result(assessment, list(mine.values()))
    ext = external_result(evaluation, list(mine.values()), list(entries.values()))
    evidence = defaultdict(list)
    if only is None:
        for ev in with_links(participation, list(assessment.evidence.all())):
            for code in ev.criteria or []:
                evidence[code].append(ev)
    errors, typed = errors or {}, typed or {}
    campaign = participation.campaign
    # the answer to an autosave shows no guidance: not read for it
    guide = guidance_for(campaign.authority, campaign.school_year, fw.code) if only is None else {}
    editable = (
        evaluation.state == EvaluationState.OPEN
        and assessment.state == AssessmentState.UNDER_REVIEW
        and role is not None
    )
    groups = []
    for group in fw.groups:
        criteria = []
        for cr in group.criteria:
            specs = cr.fact_specs()
            if only is not None and only not in {spec.code for spec in specs}:
                continue
            rows = []
            for spec in specs:
                code = spec.code
                if only is not None and code != only:
                    continue
                own_entry, entry = mine.get(code), entries.get(code)
                own_value = own_entry.value if own_entry else None
                ext_value = entry.value if entry else own_value
                counts = (entry.details if entry else None) or (
                    own_entry.details if own_entry else None
                )
                t = typed.get(code, {})
                rows.append(
                    {
                        "code": code,
                        "spec": spec,
                        "kind": spec.kind,
                        "mandatory": cr.mandatory,
                        "own_shown": shown_fact(
                            spec, own_value, own_entry.details if own_entry else None
                        ),
                        "own_details": shown_details(
                            {
                                k: v
                                for k, v in (own_entry.details if own_entry else {}).items()
                                if k not in COUNT_FIELDS
                            }
                        ),
                        "own": None if cr.mandatory else own.items.get(code),
                        "ext": None if cr.mandatory else ext.items.get(code),
                        "entry": entry,
                        "changed": entry is not None,
                        "value": t.get("value", ext_value),
                        "part": t.get("part", (counts or {}).get("part", "")),
                        "whole": t.get("whole", (counts or {}).get("whole", "")),
                        "awarded": t.get(
                            "awarded",
                            fmt(entry.awarded) if entry and entry.awarded is not None else "",
                        ),
                        "comment": t.get("comment", entry.comment if entry else ""),
                        "revision": entry.revision if entry else 0,
                        "error": errors.get(code),
                        "unsaved": code in errors,
                    }
                )
            criteria.append(
                {
                    "spec": cr,
                    "own": own.criteria[cr.code],
                    "ext": ext.criteria[cr.code],
                    "rows": rows,
                    "evidence": evidence.get(cr.code, []),
                    "guidance": guide.get(cr.code),
                    "checklist": (
                        guide[cr.code].checklist(e.title for e in evidence.get(cr.code, []))
                        if cr.code in guide
                        else []
                    ),
                }
            )
        if criteria or only is None:
            groups.append(
                {
                    "spec": group,
                    "own": own.groups[group.code],
                    "ext": ext.groups[group.code],
                    "criteria": criteria,
                }
            )
    if only is not None:
        return {
            "participation": participation,
            "assessment": assessment,
            "evaluation": evaluation,
            "groups": groups,
            "editable": editable,
        }
    return {
        "participation": participation,
        "assessment": assessment,
        "evaluation": evaluation,
        "fw": fw,
        "groups": groups,
        "editable": editable,
        "is_head": role == TeamRole.HEAD,
        "role": role,
        "members": TeamMember.objects.filter(team_id=evaluation.team_id).select_related("user"),
        "errors": errors,
        "visit_typed": typed.get("__visit", {}),
        "visit_tokens": [(n, evaluation.section_token(n)) for n in VISIT_FIELDS],
        "changes": len(entries),
        "finalise_confirm": " ".join(confirmation("finalise", participation)),
    }


@login_required
def evaluation_form(request, pk):
    participation, role, _reviews = evaluation_participation(request, pk)
    assessment, evaluation = _evaluation(participation)
    if evaluation is None:
        return render(
            request,
            "reviews/evaluation_not_open.html",
            {"participation": participation, "assessment": assessment},
        )
    return render(request, "reviews/evaluation.html", _context(participation, evaluation, role))


def _only(context, code):
    for group in context["groups"]:
        for criterion in group["criteria"]:
            for row in criterion["rows"]:
                if row["code"] == code:
                    return {**context, "g": group, "c": criterion, "row": row}
    raise Http404


def _number(raw: str):
    raw = (raw or "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise DomainError(f"Điểm chấm “{raw}” phải là một số.", "awarded") from None


@login_required
@require_POST
def save_entry(request, pk, code):
    participation, role, _reviews = evaluation_participation(request, pk)
    _assessment, evaluation = _evaluation(participation)
    if evaluation is None:
        raise Http404
    fw = participation.version.framework()
    spec = fw.fact_codes().get(code)
    if spec is None:
        raise Http404
    kind = spec.kind
    typed = {
        name: request.POST.get(name, "")
        for name in ("value", "part", "whole", "awarded", "comment")
    }
    counts = None
    if kind == "percentage" and ("part" in request.POST or "whole" in request.POST):
        counts = {"part": typed["part"], "whole": typed["whole"]}
    errors, kept = {}, None
    try:
        value = parse_posted(kind, typed["value"])
        saved = evaluation_services.save_entry(
            evaluation,
            code,
            value,
            awarded=_number(typed["awarded"]),
            comment=typed["comment"],
            revision=int(request.POST.get("revision", "0") or 0),
            by=request.user,
            counts=counts,
        )
        if saved is None and typed["comment"].strip():
            # nothing differs from the school's answer yet: the comment written ahead of the
            # change stays on screen for it (it is stored with the change)
            kept = {code: {"comment": typed["comment"]}}
    except DomainError as exc:
        errors[code] = str(exc)
    except ValueError:
        errors[code] = "Biểu mẫu không hợp lệ; hãy tải lại trang."
    if errors:
        typed["value"] = parse_posted(kind, typed["value"])
        kept = {code: typed}
    if not request.htmx:
        if errors:
            context = _context(participation, evaluation, role, errors, kept)
            return render(request, "reviews/evaluation.html", context, status=400)
        return redirect("reviews:evaluation", pk=pk)
    context = _context(participation, evaluation, role, errors, kept, only=code)
    return render(request, "reviews/_eval_saved.html", _only(context, code), status=200)


def _visit_input(request) -> dict:
    return {name: request.POST.get(name, "") for name in VISIT_FIELDS}


@login_required
@require_POST
def save_visit(request, pk):
    """Saves the visit record; with `finalise`, the team head's finalisation too, once confirmed
    (the page's dialog adds `confirmed`; without JavaScript this view asks first). The finalise
    form carries the record as typed, so a record written and finalised at once is kept."""
    participation, role, _reviews = evaluation_participation(request, pk)
    _assessment, evaluation = _evaluation(participation)
    if evaluation is None:
        raise Http404
    finalising = bool(request.POST.get("finalise"))
    may_finalise = (
        role == TeamRole.HEAD
        and evaluation.state == EvaluationState.OPEN
        and evaluation.assessment.state == AssessmentState.UNDER_REVIEW
    )
    if finalising and may_finalise and not confirmed(request):  # others: the service refuses
        question, consequence = confirmation("finalise", participation)
        return confirmation_page(
            request,
            question=question,
            consequence=consequence,
            back=reverse("reviews:evaluation", args=[pk]),
        )
    typed = _visit_input(request)
    errors = {}
    try:
        try:
            day = parse_vn_date(typed["visit_date"]) if typed["visit_date"].strip() else None
        except ValueError as exc:
            raise DomainError(str(exc), "visit_date") from None
        with transaction.atomic():  # a refused finalisation keeps nothing of the request
            if not finalising or any(name in request.POST for name in VISIT_FIELDS):
                evaluation_services.save_visit(
                    evaluation,
                    by=request.user,
                    visit_date=day,
                    members_present=typed["members_present"],
                    findings=typed["findings"],
                    conclusions=typed["conclusions"],
                    revisions={n: request.POST.get(f"revision-{n}") for n in VISIT_FIELDS},
                )
            if finalising:
                evaluation_services.finalise(evaluation, by=request.user)
    except UnfinishedItems as exc:
        errors = {"visit": str(exc), "unfinished": exc.items}
    except DomainError as exc:
        errors = {"visit": str(exc)}
    if errors:
        evaluation.refresh_from_db()
        typed_visit = typed if any(name in request.POST for name in VISIT_FIELDS) else None
        context = _context(
            participation,
            evaluation,
            role,
            errors,
            {"__visit": typed_visit} if typed_visit else None,
        )
        return render(request, "reviews/evaluation.html", context, status=400)
    messages.success(
        request,
        _("The external evaluation is finalised and locked.")
        if finalising
        else _("The visit record is saved."),
    )
    return redirect("reviews:evaluation", pk=pk)
