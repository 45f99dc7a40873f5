"""The authority's workbook is written by a background job above `views.DIRECT_ROWS` institutions;
this registers its writer with the job runner of `edudx.core.tasks` (imported by the app's
`ready()`, so that a worker process knows it too)."""

from __future__ import annotations

from edudx.assessments.models import Campaign
from edudx.core.models import ExportJob, ExportKind
from edudx.core.tasks import writer
from edudx.workbooks import exporters


@writer(ExportKind.CAMPAIGN)
@writer(ExportKind.DEPARTMENT)
def _authority(job: ExportJob, fh, progress) -> int:
    campaign = Campaign.objects.select_related("authority").get(pk=job.params["campaign"])
    return exporters.authority_workbook(
        campaign, fh, with_children=job.kind == ExportKind.DEPARTMENT, progress=progress
    )
