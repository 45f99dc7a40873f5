"""Large batches of documents (a campaign's or a decision's certificates: one page per
institution) are made in the background, by the same export jobs as the large workbooks, with a
progress page and a download link when done."""

from __future__ import annotations

from django.conf import settings

from edudx.assessments.models import Campaign
from edudx.core.models import ExportKind
from edudx.core.tasks import start_job, writer
from edudx.documents import registry
from edudx.recognition.models import RecognisedResult, RecognitionDecision

#: Kinds whose size grows with the number of institutions recognised.
BATCH_KINDS = frozenset({"certificates", "decision_certificates"})


def batch_size(kind, obj) -> int:
    """How many institutions the document has a page for (0 when it is not a batch)."""
    if kind.code not in BATCH_KINDS:
        return 0
    results = RecognisedResult.objects.filter(withdrawn_at__isnull=True)
    if isinstance(obj, RecognitionDecision):
        return results.filter(decision=obj).count()
    return results.filter(decision__campaign=obj).count()


def in_background(kind, obj) -> bool:
    return batch_size(kind, obj) > settings.DOCUMENT_DIRECT_PAGES


def start(kind, obj, fmt: str, *, by):
    """Queue the document; the job page shows its progress and then the download."""
    scope = registry.CAMPAIGN if isinstance(obj, Campaign) else registry.DECISION
    campaign_id = obj.pk if isinstance(obj, Campaign) else obj.campaign_id
    return start_job(
        kind=ExportKind.DOCUMENT,
        params={
            "campaign": campaign_id,
            "scope": scope,
            "pk": obj.pk,
            "code": kind.code,
            "fmt": fmt,
        },
        title=kind.title,
        file_name=registry.filename(kind, obj, fmt),
        by=by,
    )


@writer(ExportKind.DOCUMENT)
def _document(job, fh, progress) -> int:
    params = job.params
    model = Campaign if params["scope"] == registry.CAMPAIGN else RecognitionDecision
    obj = model.objects.get(pk=params["pk"])
    kind = registry.KINDS[params["code"]]
    pages = batch_size(kind, obj)
    progress(0, pages)
    _name, _mimetype, data = registry.render_document(kind, obj, params["fmt"])
    fh.write(data)
    progress(pages, pages)
    return pages
