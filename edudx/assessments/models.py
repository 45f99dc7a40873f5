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


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved by the head")
    SUBMITTED = "submitted", _("Submitted to the authority")


class SelfAssessment(models.Model):
    """An institution's self-assessment in a campaign, against one index (its participation)."""

    participation = models.OneToOneField(
        Participation, on_delete=models.PROTECT, related_name="assessment"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=AssessmentState.choices, default=AssessmentState.DRAFT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")

    def __str__(self) -> str:
        return f"{self.participation.institution.name} — {self.participation.campaign.school_year}"


class FactEntry(models.Model):
    """One declared fact (and, when lower than suggested, the awarded points with a reason).

    `revision` grows with every save: a save must name the revision it started from, so that of
    two council members editing at once the second cannot silently overwrite the first."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="facts")
    code = models.CharField(_("code"), max_length=20)
    value = models.JSONField(_("fact"), null=True, blank=True)
    awarded = models.DecimalField(
        _("awarded points"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("reason for fewer points"), blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("fact")
        verbose_name_plural = _("facts")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="fact_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} = {self.value!r}"
