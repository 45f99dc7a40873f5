"""Background exports: a task takes the job's primary key, writes the file to a temporary file
while recording its progress on the job row, then stores it through the storage API. The runner
knows no kind of file: the apps that make them (workbooks, documents) register a writer per kind,
so that none of them imports another for its background work."""

from __future__ import annotations

import logging
import tempfile

from django.core.files import File
from django.utils import timezone
from django_tasks import task

from edudx.core.models import ExportJob, JobState

log = logging.getLogger(__name__)


def start_job(*, kind: str, params: dict, title: str, file_name: str, by) -> ExportJob:
    """Record the job and hand it to the task backend (inline by default, a worker with
    TASKS_BACKEND=database)."""
    job = ExportJob.objects.create(
        kind=kind, params=params, title=title, file_name=file_name, requested_by=by
    )
    run_export.enqueue(job.pk)
    job.refresh_from_db()
    return job


class JobRefused(Exception):
    """Raised by a writer whose input is refused (an import's problems, "Dòng 12: …" one per
    line): the job fails with that message, for the person to correct, instead of a crash's."""


@task()
def run_export(job_id: int) -> None:
    claimed = ExportJob.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING
    )
    if not claimed:
        return  # already taken by another worker, or gone
    job = ExportJob.objects.get(pk=job_id)

    def progress(done: int, total: int) -> None:
        ExportJob.objects.filter(pk=job_id).update(done=done, total=total)

    try:
        with tempfile.TemporaryFile() as fh:
            rows = _write(job, fh, progress)
            fh.seek(0)
            job.file.save(job.file_name or "bang-tinh.xlsx", File(fh), save=False)
    except JobRefused as exc:
        ExportJob.objects.filter(pk=job_id).update(
            state=JobState.FAILED, error=str(exc), finished_at=timezone.now()
        )
        return
    except Exception as exc:
        log.exception("export job %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(
            state=JobState.FAILED,
            error=f"Không tạo được tệp ({type(exc).__name__}). Hãy thử lại hoặc báo quản trị.",
            finished_at=timezone.now(),
        )
        return
    ExportJob.objects.filter(pk=job_id).update(
        state=JobState.DONE,
        file=job.file.name,
        done=rows,
        total=rows,
        finished_at=timezone.now(),
    )


#: kind → function(job, file object, progress(done, total)) -> number of rows or files written.
#: Each app registers the writers of its kinds with `writer`, from a module its `ready()` imports.
WRITERS: dict = {}


def writer(kind: str):
    def register(fn):
        WRITERS[kind] = fn
        return fn

    return register


def _write(job: ExportJob, fh, progress) -> int:
    if job.kind not in WRITERS:
        raise ValueError(f"unknown export kind {job.kind!r}")
    return WRITERS[job.kind](job, fh, progress)
