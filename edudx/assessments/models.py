"""Campaigns (đợt đánh giá): one authority's yearly round — which index applies to which education
level, which institutions take part, and the deadlines."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from edudx.accounts.permissions import visible_to
from edudx.core.education import EDUCATION_LEVELS


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Campaigns of an authority in the user's scope, or in which an institution of the
        user's scope takes part (a teacher sees the campaign of their school)."""
        by_authority = visible_to(user, self, path_field="authority__path")
        by_school = visible_to(user, self, path_field="participations__institution__path")
        return self.filter(
            models.Q(pk__in=by_authority.values("pk")) | models.Q(pk__in=by_school.values("pk"))
        )


class Campaign(models.Model):
    authority = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("managing authority"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    school_year = models.CharField(_("school year"), max_length=9)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    self_assessment_due = models.DateField(_("self-assessment due"))
    evaluation_due = models.DateField(_("external evaluation due"))
    publication_due = models.DateField(_("publication due"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-school_year", "authority__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "school_year"], name="campaign_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school_year} — {self.authority.name}"


class CampaignFramework(models.Model):
    """Which published index version an education level is assessed with in this campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="frameworks")
    education_level = models.CharField(
        _("education level"), max_length=30, choices=list(EDUCATION_LEVELS.items())
    )
    version = models.ForeignKey(
        "frameworks.FrameworkVersion", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "education_level"], name="campaign_framework_per_level"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_education_level_display()}: {self.version_id}"


class Participation(models.Model):
    """An institution assessed in a campaign against one index version. A multi-level school
    whose levels use different indices takes part once per index."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="participations")
    institution = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="participations"
    )
    version = models.ForeignKey(
        "frameworks.FrameworkVersion", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "institution", "version"], name="participation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} @ {self.campaign_id}"
