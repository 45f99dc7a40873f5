"""A large registry file is imported by a background job: the page stores the upload through the
storage API (S3 in production, so a worker on another machine reads it), the job reads it with
progress on its row, and the outcome is the same all-or-nothing report as on the page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from pathlib import PurePath

from django.core.files.storage import default_storage

from edudx.core.models import ExportJob, ExportKind
from edudx.core.tasks import JobRefused, start_job, writer
from edudx.organizations.models import Unit
from edudx.organizations.registry import RegistryError, import_units


def start_import(upload, *, rows: int, scope: Unit | None, since: dt.date | None, by) -> ExportJob:
    """Keep the uploaded file for the worker and start the job (inline unless TASKS_BACKEND)."""
    suffix = PurePath(upload.name or "").suffix.lower()
    stored = default_storage.save(f"imports/{uuid.uuid4().hex}/danh-muc{suffix}", upload)
    return start_job(
        kind=ExportKind.REGISTRY,
        params={
            "upload": stored,
            "name": upload.name,
            "rows": rows,
            "scope": scope.pk if scope is not None else None,
            "since": since.isoformat() if since else None,
        },
        title=f"Nhập danh mục đơn vị: {upload.name}",
        file_name="bao-cao-nhap-danh-muc.txt",
        by=by,
    )


@writer(ExportKind.REGISTRY)
def import_registry(job: ExportJob, fh, progress) -> int:
    params = job.params
    scope = None
    if params.get("scope") is not None:
        scope = Unit.objects.filter(pk=params["scope"]).first()
        if scope is None:
            raise JobRefused("Đơn vị phạm vi quản lý không còn trong danh mục")
    since = dt.date.fromisoformat(params["since"]) if params.get("since") else None
    expected = params.get("rows") or 0
    try:
        with default_storage.open(params["upload"], "rb") as handle:
            report = import_units(
                handle,
                params["name"],
                by=job.requested_by,
                scope=scope,
                since=since,
                progress=lambda done: progress(done, max(expected, done)),
            )
    except RegistryError as exc:
        raise JobRefused("\n".join(exc.errors)) from None
    finally:
        default_storage.delete(params["upload"])  # the upload is kept only for the job
    ExportJob.objects.filter(pk=job.pk).update(
        params={**params, "report": dataclasses.asdict(report)}
    )
    fh.write(report.summary().encode())
    return report.rows
