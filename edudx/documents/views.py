"""Pages listing the documents of an assessment or a campaign, the downloads, and the editor of
the report's narrative. The views only fetch, check and hand over to the registry."""

from __future__ import annotations

import logging

import jinja2
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from edudx.accounts.permissions import Action, can
from edudx.assessments.facts import assessment_for
from edudx.assessments.form_page import _participation
from edudx.assessments.models import EDITABLE_STATES, Campaign
from edudx.core.errors import DomainError, add_to_form
from edudx.core.htmx import render_partial_or_page
from edudx.documents import jobs, recognition, registry, signed
from edudx.documents.forms import NarrativeForm
from edudx.documents.models import SECTIONS, ReportNarrative
from edudx.documents.services import save_narrative
from edudx.recognition.models import RecognitionDecision

logger = logging.getLogger(__name__)


def _campaign(request, pk) -> Campaign:
    return get_object_or_404(
        Campaign.objects.visible_to(request.user).select_related("authority", "parent__authority"),
        pk=pk,
    )


_DOWNLOADS = {
    registry.ASSESSMENT: "documents:assessment_download",
    registry.CAMPAIGN: "documents:campaign_download",
    registry.DECISION: "documents:decision_download",
}


def _scope(obj) -> str:
    if isinstance(obj, Campaign):
        return registry.CAMPAIGN
    if isinstance(obj, RecognitionDecision):
        return registry.DECISION
    return registry.ASSESSMENT


def links(user, obj) -> list[dict]:
    """The documents `user` may download for a participation, a campaign (with each of its
    recognition decisions) or a decision, with their URLs."""
    scope = _scope(obj)
    out = []
    copies = signed.current(obj)
    for kind in registry.kinds(scope):
        if registry.may_download(user, kind, obj):
            copy = copies.get(kind.code)
            out.append(
                {
                    "code": kind.code,
                    "title": kind.title,
                    "side": kind.side,
                    "urls": {
                        fmt: reverse(_DOWNLOADS[scope], args=[obj.pk, kind.slug, fmt])
                        for fmt in registry.FORMATS
                    },
                    # The scan of the signed paper, when one was kept.
                    "signed": copy,
                    "signed_url": reverse("documents:signed_download", args=[copy.pk])
                    if copy
                    else "",
                    "upload_url": reverse(
                        "documents:signed_upload", args=[scope, obj.pk, kind.slug]
                    )
                    if registry.may_upload_signed(user, kind, obj) and signed.issued(kind, obj)
                    else "",
                }
            )
    if scope == registry.CAMPAIGN and out:
        for decision in recognition.decisions_of(obj):
            for entry in links(user, decision):
                entry["title"] = f"{entry['title']} — {recognition.decision_title(decision)}"
                out.append(entry)
    return out


def _download(request, kind, obj, fmt, back):
    if jobs.in_background(kind, obj):  # hundreds of pages: made by a background job
        if request.method != "POST":  # reading never writes: the job is asked for by a button
            return render(
                request,
                "documents/batch_start.html",
                {"title": kind.title, "pages": jobs.batch_size(kind, obj), "back": back},
            )
        job = jobs.start(kind, obj, fmt, by=request.user)
        return redirect("workbooks:job", pk=job.pk)
    try:
        filename, mimetype, data = registry.render_document(kind, obj, fmt)
    except registry.DocumentUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(back)
    except jinja2.TemplateError as exc:  # an administrator's replacement template is broken
        logger.exception("document template %s", kind.code)
        messages.error(
            request,
            f"Mẫu văn bản “{kind.title}” có lỗi ({exc}); hãy báo quản trị hệ thống kiểm tra tệp "
            "mẫu đã thay thế.",
        )
        return redirect(back)
    response = HttpResponse(data, content_type=mimetype)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Content-Length"] = str(len(data))
    return response


def _kind(scope, slug, fmt, user, obj):
    kind = registry.by_slug(scope, slug)
    if kind is None or fmt not in registry.FORMATS or not registry.may_download(user, kind, obj):
        raise Http404
    return kind


@login_required
def assessment_documents(request, pk):
    participation = _participation(request, pk)
    # The whole page, or (htmx) the list the form shows when scrolled to: what only the page
    # shows is computed only for it.
    return render_partial_or_page(
        request,
        "documents/assessment_documents.html",
        "documents/_assessment_documents.html",
        {
            "participation": participation,
            "assessment": SimpleLazyObject(lambda: assessment_for(participation)),
            "documents": SimpleLazyObject(lambda: links(request.user, participation)),
            "can_edit_report": SimpleLazyObject(
                lambda: can(request.user, Action.EDIT_ASSESSMENT, participation.institution)
            ),
        },
    )


@login_required
def assessment_download(request, pk, slug, fmt):
    participation = _participation(request, pk)
    kind = _kind(registry.ASSESSMENT, slug, fmt, request.user, participation)
    return _download(request, kind, participation, fmt, reverse("documents:assessment", args=[pk]))


@login_required
def campaign_documents(request, pk):
    campaign = _campaign(request, pk)
    documents = links(request.user, campaign)
    if not documents:
        raise Http404
    return render(
        request,
        "documents/campaign_documents.html",
        {"campaign": campaign, "documents": documents},
    )


@login_required
def campaign_download(request, pk, slug, fmt):
    campaign = _campaign(request, pk)
    kind = _kind(registry.CAMPAIGN, slug, fmt, request.user, campaign)
    return _download(request, kind, campaign, fmt, reverse("documents:campaign", args=[pk]))


@login_required
def decision_download(request, pk, slug, fmt):
    decision = get_object_or_404(
        RecognitionDecision.objects.select_related("campaign__authority", "authority"), pk=pk
    )
    kind = _kind(registry.DECISION, slug, fmt, request.user, decision)
    return _download(
        request, kind, decision, fmt, reverse("documents:campaign", args=[decision.campaign_id])
    )


@login_required
def report_narrative(request, pk):
    participation = _participation(request, pk, Action.EDIT_ASSESSMENT)
    assessment = assessment_for(participation)
    narrative = ReportNarrative.objects.filter(assessment=assessment).first() or ReportNarrative(
        assessment=assessment
    )
    editable = assessment.state in EDITABLE_STATES
    form = NarrativeForm(request.POST or None, instance=narrative)
    if not editable and request.method != "POST":  # a refused post keeps what was typed
        for field in form.fields.values():
            field.disabled = True
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                save_narrative(
                    assessment,
                    form.cleaned_data,
                    revisions={n: request.POST.get(f"revision-{n}") for n, _label in SECTIONS},
                    by=request.user,
                )
            except DomainError as exc:  # locked, or a section a colleague saved meanwhile
                add_to_form(form, exc)
                if narrative.pk:  # show the revisions now stored: the next save is informed
                    narrative.refresh_from_db()
            else:
                if form.has_changed():
                    messages.success(request, _("The report's sections are saved."))
                else:  # say so rather than "saved": nothing was written
                    messages.info(request, _("Nothing was changed, so nothing was saved."))
                return redirect("documents:assessment", pk=pk)
        status = 400
    return render(
        request,
        "documents/report_narrative.html",
        {
            "participation": participation,
            "assessment": assessment,
            "form": form,
            "editable": editable,
            "revisions": [(n, narrative.section_token(n)) for n, _label in SECTIONS],
        },
        status=status,
    )
