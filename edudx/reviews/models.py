"""The authority's side of an assessment: evaluation teams (đoàn kiểm tra, đánh giá ngoài) and
the external evaluation each institution receives."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from edudx.core.revisions import Revisioned, SectionRevisioned


class TeamRole(models.TextChoices):
    HEAD = "head", _("Team head")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", _("Member")


class Team(Revisioned):
    """An evaluation team of a campaign."""

    campaign = models.ForeignKey(
        "assessments.Campaign", on_delete=models.CASCADE, related_name="teams"
    )
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation team")
        verbose_name_plural = _("evaluation teams")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="team_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role in the team"), max_length=20, choices=TeamRole.choices)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="team_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class TeamAssignment(models.Model):
    """An institution (its participation) evaluated by a team; one team per participation."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="assignments")
    participation = models.OneToOneField(
        "assessments.Participation", on_delete=models.CASCADE, related_name="team_assignment"
    )

    def __str__(self) -> str:
        return f"{self.participation_id} → {self.team}"


class EvaluationState(models.TextChoices):
    OPEN = "open", _("In progress")
    FINAL = "final", _("Finalised")


class Evaluation(SectionRevisioned):
    """The external evaluation of one self-assessment. Facts and points the team changes are
    `EvaluationEntry` rows; every other item keeps the institution's own. Finalised by the
    team head, then locked; the visit record is kept with it."""

    assessment = models.OneToOneField(
        "assessments.SelfAssessment", on_delete=models.CASCADE, related_name="evaluation"
    )
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL)
    state = models.CharField(
        _("state"), max_length=10, choices=EvaluationState.choices, default=EvaluationState.OPEN
    )
    visit_date = models.DateField(_("visit date"), null=True, blank=True)
    members_present = models.TextField(_("members present"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("external evaluation")
        verbose_name_plural = _("external evaluations")

    def __str__(self) -> str:
        return f"{self.assessment}"

    def section_text(self, section: str) -> str:
        if section == "visit_date":
            return f"{self.visit_date:%d/%m/%Y}" if self.visit_date else ""
        return super().section_text(section)


class EvaluationEntry(Revisioned):
    """The evaluator's value for one item, with the comment every change needs."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="entries")
    code = models.CharField(_("code"), max_length=20)
    value = models.JSONField(_("fact"), null=True, blank=True)
    awarded = models.DecimalField(
        _("awarded points"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    comment = models.TextField(_("comment"))
    #: The two counts a percentage is derived from ({"part": 12, "whole": 40}), as the school's.
    details = models.JSONField(_("details"), default=dict, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "code"], name="evaluation_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} = {self.value!r}"


class ReturnRound(models.Model):
    """One return for supplement (yêu cầu bổ sung): the reviewer's reason, a comment per criterion
    concerned, and what the file held at that moment (facts, points, evidence) so that the
    reviewer sees exactly what changed when the institution resubmits."""

    assessment = models.ForeignKey(
        "assessments.SelfAssessment", on_delete=models.CASCADE, related_name="return_rounds"
    )
    number = models.PositiveSmallIntegerField(_("round"))
    reason = models.TextField(_("reason"))
    snapshot = models.JSONField(_("file at the time of return"), default=dict)
    #: The supplement deadline set by the officer (None: a return made before it was asked).
    due = models.DateField(_("supplement deadline"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned"), auto_now_add=True)

    class Meta:
        verbose_name = _("return for supplement")
        verbose_name_plural = _("returns for supplement")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="return_round_unique")
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} #{self.number}"


class ReviewComment(models.Model):
    """The reviewer's comment on one criterion of a return."""

    round = models.ForeignKey(ReturnRound, on_delete=models.CASCADE, related_name="comments")
    criterion = models.CharField(_("criterion"), max_length=20)
    text = models.TextField(_("comment"))

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.text[:40]}"
