"""Campaigns (đợt đánh giá): one authority's yearly round — which index applies to which education
level, which institutions take part, and the deadlines."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from edudx.accounts.permissions import visible_to
from edudx.core.education import EDUCATION_LEVELS
from edudx.core.revisions import Revisioned


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Campaigns of an authority in the user's scope, or in which an institution of the
        user's scope takes part (a teacher sees the campaign of their school)."""
        by_authority = visible_to(user, self, path_field="authority__path")
        by_school = visible_to(user, self, path_field="participations__institution__path")
        return self.filter(
            models.Q(pk__in=by_authority.values("pk")) | models.Q(pk__in=by_school.values("pk"))
        )


class HeadlineRule(models.TextChoices):
    """A campaign's reading for an index that defines no single level (4725): off unless the
    authority chooses it, and always shown with the note that the decision does not define it."""

    NONE = "", _("None (only the levels per criteria group, as the decision defines)")
    LOWEST_GROUP = "lowest_group", _("The lower of the group levels")


class Campaign(Revisioned):
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
    headline_rule = models.CharField(
        _("headline level"), max_length=20, choices=HeadlineRule.choices, default="", blank=True
    )
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
    UNDER_REVIEW = "under_review", _("Accepted for evaluation")
    RETURNED = "returned", _("Returned for supplement")
    EVALUATED = "evaluated", _("Externally evaluated")
    RECOGNISED = "recognised", _("Recognised")


#: States in which the institution's council may change facts, evidence and points.
EDITABLE_STATES = frozenset({AssessmentState.DRAFT, AssessmentState.RETURNED})


class SelfAssessment(models.Model):
    """An institution's self-assessment in a campaign, against one index (its participation)."""

    participation = models.OneToOneField(
        Participation, on_delete=models.PROTECT, related_name="assessment"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=AssessmentState.choices, default=AssessmentState.DRAFT
    )
    extended_until = models.DateField(
        _("self-assessment deadline extended to"), null=True, blank=True
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # What the review queue sorts and filters on, stored by the services that change it
    # (assessments/standing.py) so that a page is chosen before anything is scored.
    points = models.FloatField(_("self-assessed points"), default=0, editable=False)
    flags = models.CharField(_("flags"), max_length=80, blank=True, default="", editable=False)
    # Whether a single fact was saved: a draft without one is "not started" (progress.py). Stored
    # with the points so that counting a year reads no facts.
    answered = models.BooleanField(_("answered"), default=False, editable=False)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")

    def __str__(self) -> str:
        return f"{self.participation.institution.name} — {self.participation.campaign.school_year}"

    def save(self, *args, **kwargs):
        if self.pk == self.BLANK_PK:
            raise RuntimeError("A blank self-assessment is never saved; call facts.started().")
        super().save(*args, **kwargs)

    #: The primary key of a blank assessment: no row has it (ids start at 1), so its related lists
    #: (facts, evidence, council…) are empty without any query failing.
    BLANK_PK = 0

    @classmethod
    def blank(cls, participation: Participation) -> SelfAssessment:
        """What a page shows before anything was saved: a draft that is not in the database."""
        return cls(pk=cls.BLANK_PK, participation=participation, state=AssessmentState.DRAFT)

    @property
    def is_blank(self) -> bool:
        return self.pk in (None, self.BLANK_PK)


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
    # What the rule asks beside the fact: software_name, provenance, link, document_number,
    # document_date; for a percentage, the counts it is derived from (part, whole).
    details = models.JSONField(_("details"), default=dict, blank=True)
    carried = models.BooleanField(
        _("from last year — to confirm"),
        default=False,
        help_text=_("Copied from the previous year's self-assessment and not yet confirmed."),
    )
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


class CouncilPosition(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class CouncilMember(Revisioned):
    """A member of the institution's self-assessment council (Hội đồng tự đánh giá): an account
    of the institution, or a person without one (a parents' representative, a staff member who
    never logs in) named as the founding decision names them."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="council")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    full_name = models.CharField(
        _("full name"),
        max_length=200,
        blank=True,
        help_text=_("For a member without an account."),
    )
    position = models.CharField(_("position"), max_length=20, choices=CouncilPosition.choices)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    duty = models.TextField(_("duty"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "user"], name="council_member_unique"),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(full_name=""),
                name="council_member_account_or_name",
            ),
        ]

    @property
    def has_account(self) -> bool:
        return self.user_id is not None

    @property
    def display_name(self) -> str:
        return self.user.display_name if self.user_id is not None else self.full_name

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_position_display()})"


class CriterionAssignment(Revisioned):
    """Which council member prepares which criterion (facts and evidence). A criterion given back
    to nobody keeps its row (`member` empty), so that its revision keeps counting: a page loaded
    before two changes that cancel out is still refused."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="assignments"
    )
    criterion = models.CharField(_("criterion"), max_length=20)
    member = models.ForeignKey(
        CouncilMember,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="criteria",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="criterion_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion} → {self.member or '—'}"


def evidence_path(instance, filename: str) -> str:
    """Files live under the institution and year; the stored name never comes from the user."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"evidence/{instance.institution_id}/{uuid.uuid4().hex}{suffix}"


class Evidence(Revisioned):
    """One evidence item (minh chứng) of an institution's self-assessment: a file or a link,
    with one code (`[1.3-01]`) even when it supports several criteria (`criteria`). Changed and
    removed only from the revision its page was loaded at."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="evidence"
    )
    institution = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("evidence code"), max_length=40)
    criteria = models.JSONField(_("criteria supported"), default=list)
    title = models.CharField(_("title"), max_length=500)
    number = models.CharField(_("issuing number"), max_length=100, blank=True)
    issued_on = models.DateField(_("issuing date"), null=True, blank=True)
    issuer = models.CharField(_("issuer"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300, blank=True)
    file_name = models.CharField(_("file name"), max_length=300, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    carried = models.BooleanField(_("from last year — to confirm"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="evidence_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class PlanTarget(Revisioned):
    """One criterion of the institution's improvement plan (kế hoạch cải thiện): the level it
    aims at next year, what will be done, who is in charge, by when, with what. Part of the
    self-assessment: changed only while the facts may be, from the revision it was loaded at."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="plan_targets"
    )
    criterion = models.CharField(_("criterion"), max_length=20)
    # Empty for a mandatory condition (đạt / chưa đạt, no level): its target is to be met.
    target_level = models.PositiveSmallIntegerField(_("target level"), null=True, blank=True)
    actions = models.TextField(_("actions"), help_text=_("One action per line."))
    owner = models.CharField(_("person in charge"), max_length=200)
    due = models.DateField(_("by when"))
    resources = models.TextField(_("resources"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("improvement plan target")
        verbose_name_plural = _("improvement plan targets")
        ordering = ["criterion"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="plan_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion} → {self.target_level or 'đáp ứng'}"

    @property
    def is_condition(self) -> bool:
        """A mandatory condition's target (to be met), not a level."""
        return self.target_level is None

    def action_lines(self) -> list[str]:
        return [line.strip() for line in self.actions.splitlines() if line.strip()]


class PlanAction(models.Model):
    """One line of a target's actions, kept by the plan's service beside the text so that an
    authority counts which actions repeat across its institutions with one grouped query."""

    target = models.ForeignKey(PlanTarget, on_delete=models.CASCADE, related_name="action_rows")
    text = models.CharField(max_length=500)
    key = models.CharField(max_length=500, db_index=True)  # lower case, spaces collapsed

    def __str__(self) -> str:
        return self.text
