"""Pages of the workbooks: the offline self-assessment (download, upload, preview, confirm), the
institution's detail workbook, the authority's workbook and its background job."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edudx.accounts.permissions import Action, acts_for_authority
from edudx.assessments.facts import LOCKED_MESSAGE, assessment_for
from edudx.assessments.form_page import _participation
from edudx.assessments.models import EDITABLE_STATES, Campaign
from edudx.core import tasks
from edudx.core.files import XlsxUploadForm, xlsx_response
from edudx.core.htmx import render_partial_or_page
from edudx.core.models import ExportJob, ExportKind
from edudx.workbooks import exporters, offline, offline_read, services
from edudx.workbooks.preview import describe

#: Up to this many institutions the authority's workbook is written in the request.
DIRECT_ROWS = settings.WORKBOOK_DIRECT_ROWS


# -- offline self-assessment ----------------------------------------------------------------------


@login_required
def offline_download(request, pk):
    participation = _participation(request, pk, Action.EDIT_ASSESSMENT)
    assessment = assessment_for(participation)
    return xlsx_response(
        offline.offline_workbook(participation, assessment), offline.filename(participation)
    )


def _upload_page(request, participation, assessment, *, form=None, problems=(), status=200):
    return render(
        request,
        "workbooks/upload.html",
        {
            "participation": participation,
            "assessment": assessment,
            "form": form or XlsxUploadForm(),
            "problems": list(problems),
            "editable": assessment.state in EDITABLE_STATES,
            "locked_message": LOCKED_MESSAGE,
        },
        status=status,
    )


@login_required
def offline_upload(request, pk):
    participation = _participation(request, pk, Action.EDIT_ASSESSMENT)
    assessment = assessment_for(participation)
    if request.method != "POST":
        return _upload_page(request, participation, assessment)
    form = XlsxUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, participation, assessment, form=form, status=400)
    try:
        if assessment.state not in EDITABLE_STATES:
            raise offline_read.WorkbookRejected([LOCKED_MESSAGE])
        changes = offline_read.read_offline(
            participation, assessment, form.cleaned_data["file"].read()
        )
        trial = services.apply_changes(assessment, changes, by=request.user, dry_run=True)
    except offline_read.WorkbookRejected as exc:
        return _upload_page(request, participation, assessment, problems=exc.problems, status=400)
    return render(
        request,
        "workbooks/preview.html",
        {
            "participation": participation,
            "rows": describe(participation.version.framework(), changes, trial),
            "token": services.sign_changes(assessment, changes),
        },
    )


@login_required
@require_POST
def offline_confirm(request, pk):
    participation = _participation(request, pk, Action.EDIT_ASSESSMENT)
    assessment = assessment_for(participation)
    try:
        changes = services.unsign_changes(assessment, request.POST.get("changes", ""))
        services.apply_changes(assessment, changes, by=request.user)
    except offline_read.WorkbookRejected as exc:
        return _upload_page(request, participation, assessment, problems=exc.problems, status=409)
    messages.success(
        request,
        _("The workbook is applied: %(count)s items saved.") % {"count": len(changes)},
    )
    return redirect("assessments:form", pk=participation.pk)


# -- one institution's detail ---------------------------------------------------------------------


@login_required
def detail_download(request, pk):
    participation = _participation(request, pk, Action.VIEW_UNIT)
    assessment = assessment_for(participation)
    out = io.BytesIO()
    exporters.detail_workbook(participation, assessment, out)
    return xlsx_response(out.getvalue(), exporters.detail_filename(participation))


# -- the authority's workbook ---------------------------------------------------------------------


def may_export(user, campaign: Campaign) -> bool:
    return acts_for_authority(user, campaign.authority)


def _campaign(request, pk) -> Campaign:
    campaign = get_object_or_404(
        Campaign.objects.select_related("authority", "parent__authority"), pk=pk
    )
    if not may_export(request.user, campaign):
        raise Http404
    return campaign


@login_required
def campaign_export(request, pk):
    campaign = _campaign(request, pk)
    has_children = campaign.children.exists()
    if request.method == "POST":
        with_children = has_children and request.POST.get("scope") == "all"
        rows = exporters.count_rows(campaign, with_children=with_children)
        name = exporters.authority_filename(campaign, with_children=with_children)
        if rows <= DIRECT_ROWS:
            out = io.BytesIO()
            exporters.authority_workbook(campaign, out, with_children=with_children)
            return xlsx_response(out.getvalue(), name)
        job = tasks.start_job(
            kind=ExportKind.DEPARTMENT if with_children else ExportKind.CAMPAIGN,
            params={"campaign": campaign.pk},
            title=" — ".join(exporters.authority_heading(campaign, with_children=with_children)),
            file_name=name,
            by=request.user,
        )
        return redirect("workbooks:job", pk=job.pk)
    jobs = ExportJob.objects.filter(
        requested_by=request.user, params__campaign=campaign.pk
    ).order_by("-created_at")[:5]
    return render(
        request,
        "workbooks/campaign_export.html",
        {
            "campaign": campaign,
            "has_children": has_children,
            "rows": exporters.count_rows(campaign, with_children=False),
            "rows_all": exporters.count_rows(campaign, with_children=True)
            if has_children
            else None,
            "jobs": jobs,
        },
    )


def _job(request, pk) -> ExportJob:
    """The job if the user asked for it, or may export the campaign it is about; 404 otherwise."""
    job = get_object_or_404(ExportJob, pk=pk)
    if job.requested_by_id == request.user.pk:
        return job
    campaign = (
        Campaign.objects.select_related("authority").filter(pk=job.params.get("campaign")).first()
    )
    if campaign is None or not may_export(request.user, campaign):
        raise Http404
    return job


@login_required
def job_detail(request, pk):
    job = _job(request, pk)
    return render_partial_or_page(
        request, "workbooks/job.html", "workbooks/_job_status.html", {"job": job}
    )


@login_required
def job_download(request, pk):
    job = _job(request, pk)
    if not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file_name or None)
