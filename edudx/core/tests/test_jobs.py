"""The job runner knows no kind of file: it runs the writer an app registered, records progress,
and keeps a job from being run twice."""

import pytest

from edudx.core import tasks
from edudx.core.models import ExportJob, JobState

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(username="requester")


def test_the_registered_writer_makes_the_file_and_its_progress_is_kept(user, monkeypatch):
    def write(job, fh, progress):
        progress(1, 2)
        fh.write(b"data")
        progress(2, 2)
        return 2

    monkeypatch.setitem(tasks.WRITERS, "document", write)
    job = tasks.start_job(kind="document", params={}, title="t", file_name="t.pdf", by=user)
    assert job.state == JobState.DONE and (job.done, job.total, job.percent) == (2, 2, 100)
    assert job.file.read() == b"data" and job.finished_at is not None


def test_a_kind_without_a_writer_fails_with_a_message(user, monkeypatch):
    monkeypatch.delitem(tasks.WRITERS, "document", raising=False)
    job = tasks.start_job(kind="document", params={}, title="t", file_name="t.pdf", by=user)
    assert job.state == JobState.FAILED and "Không tạo được tệp" in job.error


def test_a_job_already_taken_is_not_run_again(user, monkeypatch):
    monkeypatch.setitem(tasks.WRITERS, "document", lambda *args: pytest.fail("ran twice"))
    job = ExportJob.objects.create(kind="document", requested_by=user, state=JobState.RUNNING)
    tasks.run_export.call(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.RUNNING
