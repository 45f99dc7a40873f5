import uuid

from django.conf import settings
from django.db import connections, models, router, transaction
from django.db.models.sql import InsertQuery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edudx.core.audit import GENESIS, as_stored, chain_hash, stream_of


class AuditRecord(models.Model):
    """One row per state change, written explicitly by the service that made it: who, when,
    what, and the object's state before and after (JSON). Never updated, never deleted, and
    `hash` chains each row to the one before it in its `stream` (`edudx.core.audit`), so that an
    edit or a removal shows in `manage.py verify_audit`. `at` is set by `record()` rather than by
    auto_now_add because the hash must cover it before the row is saved."""

    at = models.DateTimeField(_("time"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=60)
    object_repr = models.CharField(_("object"), max_length=300)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    stream = models.PositiveSmallIntegerField(_("stream"), default=0, editable=False)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("hash"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # verify_audit walks each stream by id, a chunk at a time.
            models.Index(fields=["stream", "id"], name="core_audit_stream_walk"),
        ]
        constraints = [
            # No two records of a stream chain to the same predecessor, whatever a writer forgets.
            models.UniqueConstraint(
                fields=["stream", "prev_hash"], name="core_audit_one_successor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.object_repr}"


class AuditChainHead(models.Model):
    """The hash of the newest audit record of one stream; a writer locks its stream's row.

    Why rows and not `pg_advisory_xact_lock`: `select_for_update` on a head row serialises the
    writers of that stream on PostgreSQL (several app servers at once) and is the same code on
    SQLite, where the database serialises writers anyway and an advisory lock does not exist. The
    lock is held until the writer's transaction ends, so a second writer of the same stream waits
    and then reads the hash the first one committed; if the first rolls back, its record and its
    head update go together. Under READ COMMITTED (Django's default) the row read after the wait
    is the committed one. Writers of other streams lock other rows and do not wait: one row for
    the whole trail made every audited change of the country commit one after another.

    Migration 0004 creates the `STREAMS` rows, so writers never race to insert one. A transaction
    that records changes to objects of two streams holds both heads until it commits; two such
    transactions taking the same two streams in opposite orders deadlock, and PostgreSQL aborts
    one of them (its change rolls back whole and the user retries). The stored hash also lets
    `verify_audit` notice the newest records of a stream being removed, which no later link
    could."""

    stream = models.PositiveSmallIntegerField(_("stream"), primary_key=True)
    hash = models.CharField(_("latest hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")
        ordering = ["stream"]

    def __str__(self) -> str:
        return self.hash or GENESIS


def _locked_head(stream: int) -> AuditChainHead:
    """The stream's head row, locked. Only a flushed database (a transactional test) lacks the
    rows of migration 0004; the row is then recreated from the stream's newest record, so that a
    missing row never starts a second chain."""
    heads = AuditChainHead.objects.select_for_update()
    try:
        return heads.get(stream=stream)
    except AuditChainHead.DoesNotExist:
        newest = AuditRecord.objects.filter(stream=stream).order_by("-id")
        newest = newest.values_list("hash", flat=True).first()
        return heads.get_or_create(stream=stream, defaults={"hash": newest or GENESIS})[0]


def record(action: str, obj, *, actor=None, before=None, after=None, note: str = "") -> AuditRecord:
    """Write the audit row for a change `obj` just went through, chained to the newest row of
    the object's stream."""
    object_type, object_id = obj._meta.label_lower, str(obj.pk)
    stream = stream_of(object_type, object_id)
    # Inside the caller's transaction when there is one (no savepoint: a refused change rolls
    # its record back with it); its own transaction otherwise.
    with transaction.atomic(savepoint=False):
        head = _locked_head(stream)
        entry = AuditRecord(
            at=timezone.now(),
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=str(obj)[:300],
            before=as_stored(before),
            after=as_stored(after),
            note=note,
            stream=stream,
            prev_hash=head.hash,
        )
        entry.hash = chain_hash(vars(entry), entry.prev_hash)
        _write(entry, head)
    return entry


def _write(entry: AuditRecord, head: AuditChainHead) -> None:
    """Insert the record and move its stream's head to it. On PostgreSQL in one statement (a
    data-modifying WITH): every audited change, each autosave among them, is a round trip
    shorter; the INSERT is the one the ORM builds (its columns and conversions). Elsewhere in
    two statements."""
    connection = connections[router.db_for_write(AuditRecord)]
    if connection.vendor != "postgresql":
        entry.save(force_insert=True)
        head.hash = entry.hash
        head.save(update_fields=["hash"])
        return
    opts, qn = AuditChainHead._meta, connection.ops.quote_name
    fields = [f for f in AuditRecord._meta.concrete_fields if not f.primary_key]
    insert = InsertQuery(AuditRecord)
    insert.insert_values(fields, [entry])
    ((insert_sql, params),) = insert.get_compiler(connection=connection).as_sql()
    sql = (
        f"WITH new AS ({insert_sql} RETURNING {qn(AuditRecord._meta.pk.column)}) "
        f"UPDATE {qn(opts.db_table)} SET {qn(opts.get_field('hash').column)} = %s "
        f"WHERE {qn(opts.pk.column)} = %s RETURNING (SELECT * FROM new)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, entry.hash, head.stream])
        entry.pk = cursor.fetchone()[0]
    entry._state.adding, entry._state.db = False, connection.alias
    head.hash = entry.hash


class ExportKind(models.TextChoices):
    """The kinds of background job. The apps that run them (workbooks, documents, organizations)
    register their writer for a kind in `edudx.core.tasks`; the codes are listed here so that
    core imports none of them and the admin and the job page can still name the kind."""

    CAMPAIGN = "campaign", _("Campaign workbook")
    DEPARTMENT = "department", _("Department workbook")
    DOCUMENT = "document", _("Official document (a large batch)")
    REGISTRY = "registry", _("Unit registry import")


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


def export_path(instance, filename: str) -> str:
    """Generated files are named by the system, never by the user, and live apart from evidence."""
    return f"exports/{uuid.uuid4().hex}/{filename}"


class ExportJob(models.Model):
    """A file being written in the background: who asked, what, how far it has got, and the
    file when done. `params` holds primary keys only (e.g. {"campaign": 12})."""

    kind = models.CharField(_("kind"), max_length=20, choices=ExportKind.choices)
    params = models.JSONField(_("parameters"), default=dict)
    title = models.CharField(_("title"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    done = models.PositiveIntegerField(_("rows written"), default=0)
    total = models.PositiveIntegerField(_("rows in all"), default=0)
    file = models.FileField(_("file"), upload_to=export_path, max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)
