"""Probes for a load balancer or an orchestrator, unauthenticated and never cached.

/healthz says the process answers (no database: a database outage must not get every app
server restarted). /readyz says this server can do its work: the database answers, every
migration is applied (a server started before `migrate` finished would fail on new columns),
and the file storage accepts a write. On failure it answers 503 with what failed, by name only:
the details go to the log, not to whoever can reach the probe."""

from __future__ import annotations

import logging
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


def _database_failures() -> list[str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.exception("readyz: the database does not answer")
        return ["database"]
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:
        logger.exception("readyz: the migrations could not be read")
        return ["migrations"]
    if plan:
        logger.warning("readyz: %d migration(s) not applied", len(plan))
        return ["migrations"]
    return []


def _storage_failures() -> list[str]:
    try:
        name = default_storage.save(f"readyz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
        default_storage.delete(name)
    except Exception:
        logger.exception("readyz: the file storage refuses a write")
        return ["storage"]
    return []


@never_cache
def readyz(request):
    failed = _database_failures() + _storage_failures()
    return JsonResponse({"failed": failed}, status=503 if failed else 200)
