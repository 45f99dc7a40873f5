"""The narrative of the institution's report (Báo cáo kết quả thực hiện đánh giá mức độ chuyển
đổi số, seed 001 Phụ lục I): the sections the school writes itself; the figures come from the
engine when the report is generated."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from edudx.core.revisions import SectionRevisioned

# Section fields in the outline's order, with the outline's own headings.
SECTIONS = (
    ("directives", "I.1. Triển khai các văn bản chỉ đạo"),
    ("guidance", "I.2. Ban hành các văn bản, công tác hướng dẫn, bồi dưỡng tập huấn"),
    ("process", "II.1. Quá trình thực hiện tại cơ sở giáo dục"),
    ("difficulties", "III. Khó khăn, vướng mắc khi triển khai"),
    ("directions", "IV. Phương hướng nhiệm vụ trọng tâm năm học tiếp theo"),
    ("proposals", "V. Đề xuất, kiến nghị"),
)


class ReportNarrative(SectionRevisioned):
    """Written by several people of the council: each section is saved from the revision it was
    loaded at, so two people writing different sections both keep their words."""

    assessment = models.OneToOneField(
        "assessments.SelfAssessment", on_delete=models.CASCADE, related_name="report_narrative"
    )
    directives = models.TextField(_("Implementation of the directing documents"), blank=True)
    guidance = models.TextField(_("Documents issued, guidance and training"), blank=True)
    process = models.TextField(_("How the institution carried out the assessment"), blank=True)
    difficulties = models.TextField(_("Difficulties and obstacles"), blank=True)
    directions = models.TextField(_("Main tasks for the next school year"), blank=True)
    proposals = models.TextField(_("Proposals and recommendations"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("report narrative")
        verbose_name_plural = _("report narratives")

    def __str__(self) -> str:
        return f"{self.assessment}"

    def sections(self) -> dict[str, str]:
        return {name: getattr(self, name) for name, _ in SECTIONS}


def signed_path(instance: SignedCopy, filename: str) -> str:
    """Where a signed scan is kept (never the user's name for it: that is only shown)."""
    return f"signed/{instance.scope}/{instance.object_id}/{instance.kind}-{uuid.uuid4().hex}.pdf"


class SignedCopy(models.Model):
    """The scan of an issued document after it was printed, signed and stamped, kept beside the
    generated one (in the default storage: S3 in production). A new scan of the same document
    takes the place of the one before in every list; the earlier rows stay, as the audit does."""

    kind = models.CharField(_("document"), max_length=40)  # registry code
    scope = models.CharField(max_length=20)  # registry.ASSESSMENT / CAMPAIGN / DECISION
    object_id = models.PositiveIntegerField()
    file = models.FileField(_("signed copy"), upload_to=signed_path, max_length=300)
    original_name = models.CharField(max_length=300, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("signed copy")
        verbose_name_plural = _("signed copies")
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["scope", "object_id", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.scope}:{self.object_id}"
