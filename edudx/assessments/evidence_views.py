"""Pages of the evidence catalogue (danh mục minh chứng): list, add, edit, remove, the file
itself behind a permission check, and the catalogue as an Excel workbook (out and in).

The edit and remove pages send back the item's revision (a hidden `revision`): a change refused
because a colleague saved the item first answers 400 with the stored values in the message, what
the person typed still in the form and the current revision on the page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from edudx.accounts.permissions import Action, can
from edudx.assessments.errors import EvidenceError
from edudx.assessments.evidence import catalogue, catalogue_import, changes, checks
from edudx.assessments.evidence.forms import document_of_item, form_for
from edudx.assessments.facts import assessment_for
from edudx.assessments.form_page import _participation
from edudx.assessments.models import EDITABLE_STATES, Evidence
from edudx.core.errors import DomainError, add_to_form
from edudx.core.files import XlsxUploadForm, xlsx_response
from edudx.core.headers import sandboxed
from edudx.guidance.services import guidance_for

#: Shown in the browser (PDF, images); anything else — office files, and any type a browser
#: could run (HTML, SVG, XML) should one ever be stored — is downloaded.
INLINE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


def _editable(user, participation, assessment) -> bool:
    return assessment.state in EDITABLE_STATES and can(
        user, Action.EDIT_ASSESSMENT, participation.institution
    )


def _for_change(request, pk):
    """Participation and assessment for a change, or None after telling why it is locked."""
    participation = _participation(request, pk, Action.EDIT_ASSESSMENT)
    assessment = assessment_for(participation)
    if assessment.state not in EDITABLE_STATES:
        messages.error(request, changes.LOCKED_MESSAGE)
        return participation, None
    return participation, assessment


def _item(assessment, evidence_pk) -> Evidence:
    return get_object_or_404(
        Evidence.objects.select_related("updated_by"), pk=evidence_pk, assessment=assessment
    )


def _back(request, participation, evidence=None):
    """Back to the catalogue, or to the criterion of the form the user came from."""
    if request.POST.get("back") == "form" or request.GET.get("back") == "form":
        anchor = f"#crit-{evidence.criteria[0]}" if evidence and evidence.criteria else ""
        return redirect(reverse("assessments:form", args=[participation.pk]) + anchor)
    return redirect("assessments:evidence_list", pk=participation.pk)


@login_required
def evidence_list(request, pk):
    participation = _participation(request, pk)
    assessment = assessment_for(participation)
    return render(
        request,
        "assessments/evidence_list.html",
        {
            "participation": participation,
            "assessment": assessment,
            "rows": catalogue.catalogue_rows(assessment),
            "editable": _editable(request.user, participation, assessment),
        },
    )


def _suggestions(participation, criterion) -> list[str]:
    """The authority's suggested evidence for the criterion being documented (guidance)."""
    if not criterion:
        return []
    campaign = participation.campaign
    guide = guidance_for(
        campaign.authority, campaign.school_year, participation.version.framework().code
    )
    cg = guide.get(str(criterion))
    return cg.evidence if cg else []


def _form_page(request, participation, assessment, form, evidence=None, status=200):
    return render(
        request,
        "assessments/evidence_form.html",
        {
            "participation": participation,
            "assessment": assessment,
            "form": form,
            "evidence": evidence,
            "back": request.POST.get("back") or request.GET.get("back", ""),
            "max_mb": checks.max_upload_bytes() // (1024 * 1024),
            "suggestions": _suggestions(participation, form["criterion"].value()),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def evidence_add(request, pk):
    participation, assessment = _for_change(request, pk)
    if assessment is None:
        return redirect("assessments:evidence_list", pk=pk)
    if request.method == "POST":
        data = request.POST.copy()
        if not data.get("title", "").strip() and data.get("title_suggestion"):
            data["title"] = data["title_suggestion"]  # a suggestion picked, no title typed
        form = form_for(assessment, data, request.FILES)
        if form.is_valid():
            try:
                ev = changes.add_evidence(
                    assessment,
                    by=request.user,
                    upload=form.cleaned_data["file"],
                    url=form.cleaned_data["url"],
                    **form.service_fields(),
                )
            except EvidenceError as exc:
                add_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("Evidence %(code)s added: %(title)s") % {"code": ev.code, "title": ev.title},
                )
                return _back(request, participation, ev)
        return _form_page(request, participation, assessment, form, status=400)
    criterion = request.GET.get("criterion", "")
    item = request.GET.get("item", "")
    initial = {"criterion": criterion, **document_of_item(assessment, criterion, item)}
    if request.GET.get("goi-y"):  # a suggestion of the authority's guidance, picked on the form
        initial.setdefault("title", request.GET["goi-y"][:500])
    form = form_for(assessment, initial=initial)
    return _form_page(request, participation, assessment, form)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_edit(request, pk, evidence_pk):
    participation, assessment = _for_change(request, pk)
    if assessment is None:
        return redirect("assessments:evidence_list", pk=pk)
    ev = _item(assessment, evidence_pk)
    if request.method == "POST":
        form = form_for(assessment, request.POST, request.FILES)
        if form.is_valid():
            try:
                saved = changes.update_evidence(
                    ev,
                    by=request.user,
                    upload=form.cleaned_data["file"],
                    url=form.cleaned_data["url"],
                    revision=request.POST.get("revision", ""),
                    **form.service_fields(),
                )
            except DomainError as exc:
                add_to_form(form, exc)
                ev = _item(assessment, evidence_pk)  # as stored now: its revision and file
            else:
                messages.success(request, _("Evidence %(code)s saved.") % {"code": saved.code})
                return _back(request, participation, saved)
        return _form_page(request, participation, assessment, form, ev, status=400)
    form = form_for(
        assessment,
        initial={
            "title": ev.title,
            "number": ev.number,
            "issued_on": ev.issued_on,
            "issuer": ev.issuer,
            "note": ev.note,
            "criterion": ev.criteria[0] if ev.criteria else "",
            "also": ev.criteria[1:],
            "url": ev.url,
        },
    )
    return _form_page(request, participation, assessment, form, ev)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_remove(request, pk, evidence_pk):
    participation, assessment = _for_change(request, pk)
    if assessment is None:
        return redirect("assessments:evidence_list", pk=pk)
    ev = _item(assessment, evidence_pk)
    if request.method == "POST":
        try:
            changes.remove_evidence(ev, by=request.user, revision=request.POST.get("revision", ""))
        except DomainError as exc:
            return _remove_page(request, participation, _item(assessment, evidence_pk), exc)
        messages.success(request, _("Evidence %(code)s removed.") % {"code": ev.code})
        return _back(request, participation)
    return _remove_page(request, participation, ev)


def _remove_page(request, participation, ev, refusal=None):
    """The confirmation, or (after a refusal because the item changed) the item as stored now
    with the reason, answered 400."""
    return render(
        request,
        "assessments/evidence_remove.html",
        {
            "participation": participation,
            "evidence": ev,
            "back": request.POST.get("back") or request.GET.get("back", ""),
            "refusal": str(refusal) if refusal else "",
        },
        status=400 if refusal else 200,
    )


@login_required
def evidence_file(request, pk, evidence_pk):
    """The stored file, to whoever may see it (404 to anyone else: it does not exist for them).
    Served through the storage API, never from a public media URL."""
    ev = get_object_or_404(
        Evidence.objects.select_related("institution"),
        pk=evidence_pk,
        assessment__participation_id=pk,
    )
    if not ev.file or not catalogue.may_view_evidence(request.user, ev):
        raise Http404
    try:
        handle = ev.file.storage.open(ev.file.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=ev.content_type not in INLINE_TYPES,
        filename=ev.file_name or ev.file.name.rsplit("/", 1)[-1],
        content_type=ev.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if ev.content_type == "application/pdf":
        # Checked as a PDF by its content and sent with nosniff, it opens in the browser's PDF
        # viewer, outside EduDX's origin; that viewer refuses to run in a sandboxed document.
        return response
    return sandboxed(response)


@login_required
def evidence_export(request, pk):
    participation = _participation(request, pk)
    assessment = assessment_for(participation)
    return xlsx_response(
        catalogue.catalogue_xlsx(assessment),
        f"danh-muc-minh-chung-{participation.institution.code}-"
        f"{participation.campaign.school_year}.xlsx",
    )


@login_required
@require_http_methods(["GET", "POST"])
def evidence_import(request, pk):
    participation, assessment = _for_change(request, pk)
    if assessment is None:
        return redirect("assessments:evidence_list", pk=pk)
    posted = request.method == "POST"
    form = XlsxUploadForm(request.POST if posted else None, request.FILES if posted else None)
    problems: list[str] = []
    if posted and form.is_valid():
        try:
            report = catalogue_import.import_catalogue(
                assessment, form.cleaned_data["file"].read(), by=request.user
            )
        except catalogue_import.ImportProblems as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                _("Catalogue imported: %(added)d added, %(changed)d changed, %(same)d unchanged.")
                % {
                    "added": len(report.added),
                    "changed": len(report.changed),
                    "same": report.unchanged,
                },
            )
            return redirect("assessments:evidence_list", pk=pk)
    return render(
        request,
        "assessments/evidence_import.html",
        {
            "participation": participation,
            "form": form,
            "problems": problems,
            "columns": catalogue.COLUMNS,
        },
        status=400 if posted else 200,
    )
