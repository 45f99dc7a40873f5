import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditRecord(models.Model):
    """One row per state change, written explicitly by the service that made it: who, when,
    what, and the object's state before and after (JSON). Never updated, never deleted."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
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

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.object_repr}"


def record(action: str, obj, *, actor=None, before=None, after=None, note: str = "") -> AuditRecord:
    """Write the audit row for a change `obj` just went through."""
    return AuditRecord.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        before=before,
        after=after,
        note=note,
    )


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
