import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from edudx.frameworks import schema


class FrameworkVersionQuerySet(models.QuerySet):
    def usable(self):
        """Versions an assessment may use: complete ones. An index whose annex is missing
        (3276 until an authority loads it) must never be scored."""
        return self.filter(complete=True)


class FrameworkVersion(models.Model):
    """One published version of an index. The definition is the canonical mapping of
    `schema.to_dict`; it never changes once stored (a revision is a new version)."""

    code = models.CharField(_("framework code"), max_length=20, db_index=True)
    version = models.CharField(_("version"), max_length=40)
    title = models.CharField(_("title"), max_length=400)
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    education_levels = models.JSONField(_("education levels"), default=list)
    complete = models.BooleanField(_("complete"), default=True)
    definition = models.JSONField(_("definition"))
    checksum = models.CharField(_("checksum"), max_length=64, editable=False)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    objects = FrameworkVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        ordering = ["code", "-decision_date", "-published_at"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="framework_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} — {self.version}"

    def save(self, *args, **kwargs):
        # The columns are copies of the definition for querying; they can never say otherwise.
        d = self.definition
        self.code, self.version, self.title = d["code"], d["version"], d["title"]
        self.decision_number, self.decision_date = d["decision"]["number"], d["decision"]["date"]
        self.education_levels = list(d["education_levels"])
        self.complete = bool(d.get("complete", True))
        self.checksum = checksum(self.definition)
        if self.pk:
            stored = FrameworkVersion.objects.filter(pk=self.pk).values_list("checksum", flat=True)
            if stored and stored[0] != self.checksum:
                raise ValidationError(
                    _("A published framework version cannot be changed; load a new version.")
                )
        super().save(*args, **kwargs)

    def framework(self) -> schema.Framework:
        """The typed definition, parsed once per process and version."""
        key = (self.pk, self.checksum)
        fw = _PARSED.get(key)
        if fw is None:
            fw = schema.parse_framework(self.definition, source=str(self))
            _PARSED[key] = fw
        return fw


_PARSED: dict[tuple, schema.Framework] = {}


def checksum(definition: dict) -> str:
    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
