"""The history of one assessment, read from the audit records its services wrote: who changed
what, when, from what to what."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from edudx.assessments.facts import assessment_for
from edudx.assessments.form_page import _participation
from edudx.assessments.history_format import Formatter
from edudx.core.models import AuditRecord

PAGE_SIZE = 50
ACTIONS = {
    "assessment.fact": _("Fact changed"),
    "assessment.approve": _("Approved by the head"),
    "assessment.reopen": _("Reopened"),
    "assessment.submit": _("Submitted to the authority"),
    "assessment.withdraw": _("Submission withdrawn"),
    "assessment.extend": _("Deadline extended"),
    "assessment.prefill": _("Started from last year"),
    "assessment.accept": _("Accepted for evaluation"),
    "assessment.return": _("Returned for supplement"),
    "assessment.unaccept": _("Acceptance withdrawn"),
    "assessment.finalise": _("External evaluation finalised"),
    "assessment.recognise": _("Recognised"),
    "assessment.reopen_recognition": _("Recognition reopened"),
    "review.return": _("Comments of the return"),
    "assessment.report_narrative": _("Report sections edited"),
    "assessment.workbook_upload": _("Offline workbook applied"),
    "evidence.add": _("Evidence added"),
    "evidence.change": _("Evidence changed"),
    "evidence.remove": _("Evidence removed"),
    "council.add": _("Council member added"),
    "council.change": _("Council member changed"),
    "council.remove": _("Council member removed"),
    "council.assign": _("Criterion assigned"),
    "plan.target": _("Improvement plan: target saved"),
    "plan.remove": _("Improvement plan: criterion taken out"),
}


def records_of(assessment):
    return AuditRecord.objects.filter(
        object_type=assessment._meta.label_lower, object_id=str(assessment.pk)
    ).select_related("actor")


@login_required
def assessment_history(request, pk):
    participation = _participation(request, pk)
    assessment = assessment_for(participation)
    page = Paginator(records_of(assessment), PAGE_SIZE).get_page(request.GET.get("trang"))
    words = Formatter(participation.version.framework())
    rows = [
        {
            "record": r,
            "label": ACTIONS.get(r.action, r.action),
            "subject": words.subject(r.note),
            "changes": words.changes(r),
        }
        for r in page
    ]
    return render(
        request,
        "assessments/history.html",
        {"participation": participation, "assessment": assessment, "page": page, "rows": rows},
    )
