"""An authority's guidance on the criteria of an index, for one school year.

A department or a commune authority issues an official letter (e.g. Quảng Ninh's CV 873/SGDĐT-VP
"hướng dẫn xác định nội hàm, gợi ý minh chứng"): for each criterion what it means, the evidence
that proves it, examples. One row per (authority, school year, index code): a new school year is a
new version, a re-import replaces the entries of that year (revision + audit). A commune's schools
read their department's guidance and the commune's additions (`lookup.guidance_for`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from edudx.core.revisions import Revisioned


class Guidance(Revisioned):
    authority = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("issuing authority"),
        on_delete=models.PROTECT,
        related_name="guidance",
    )
    school_year = models.CharField(_("school year"), max_length=9)
    framework_code = models.CharField(_("index"), max_length=20)
    letter_number = models.CharField(_("letter number and sign"), max_length=100)
    letter_date = models.DateField(_("letter date"))
    letter_title = models.CharField(_("letter summary"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("guidance")
        verbose_name_plural = _("guidance")
        ordering = ["-school_year", "framework_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "school_year", "framework_code"], name="guidance_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.letter_number} — {self.school_year}"

    @property
    def letter(self) -> str:
        """'Công văn số 873/SGDĐT-VP ngày 05/09/2025 của Sở GDĐT …' as a Căn cứ line cites it."""
        text = f"Công văn số {self.letter_number} ngày {self.letter_date:%d/%m/%Y} của {self.authority.name}"
        return f"{text} {self.letter_title}".strip() if self.letter_title else text


class GuidanceEntry(models.Model):
    guidance = models.ForeignKey(Guidance, on_delete=models.CASCADE, related_name="entries")
    criterion = models.CharField(_("criterion"), max_length=20)
    meaning = models.TextField(_("meaning (nội hàm)"), blank=True)
    evidence = models.JSONField(_("suggested evidence"), default=list, blank=True)
    examples = models.TextField(_("examples"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["guidance", "criterion"], name="guidance_entry_once")
        ]

    def __str__(self) -> str:
        return self.criterion
