"""Summary rows of the dashboards: the points and level of every criteria group and criterion of
an assessment, as the institution declared them (`self`) and as the external evaluation left
them (`external`), so that an area's figures are one GROUP BY over stored numbers instead of the
engine run over every institution of the country on each page view.

Rows are written by `lines.refresh` whenever an assessment changes state (the only moments the
points can have changed for anyone but the school itself: facts are editable in draft and
returned only, the evaluation until it is finalised). `self` rows exist only from the head's
approval on (lines.CLAIMED_STATES: not for a draft nor a file returned for supplement), so no
figure counts an unapproved claim; `external` rows only while evaluated or recognised.
`current` marks the one standing result of each assessment, so no query has to choose."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    SELF = "self", _("Self-assessed")
    EXTERNAL = "external", _("External evaluation")


class ScoreLine(models.Model):
    assessment = models.ForeignKey(
        "assessments.SelfAssessment", on_delete=models.CASCADE, related_name="+"
    )
    institution = models.ForeignKey(
        "organizations.Unit", on_delete=models.CASCADE, related_name="+"
    )
    school_year = models.CharField(max_length=9)
    framework = models.CharField(max_length=20)  # the index code: 4725, 3276
    side = models.CharField(max_length=10, choices=Side.choices)
    group = models.CharField(max_length=20)
    criterion = models.CharField(max_length=20, blank=True)  # "" on the group's own line
    points = models.FloatField()
    maximum = models.FloatField()
    level = models.PositiveSmallIntegerField(null=True)
    #: The standing result of the assessment: the external evaluation's rows once evaluated,
    #: else the institution's own once the head approved it.
    current = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "side", "group", "criterion"], name="score_line_unique"
            )
        ]
        indexes = [
            models.Index(
                fields=["institution", "framework", "school_year", "group", "criterion"],
                name="score_line_year_over_year",
            ),
            models.Index(fields=["school_year", "side", "criterion"], name="score_line_year"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.side} {self.criterion or self.group}"


class RollUpKind(models.TextChoices):
    GROUP = "group", "group"
    CRITERION = "criterion", "criterion"
    EXEMPLARY = "exemplary", "exemplary"


class RollUp(models.Model):
    """The summary rows of one authority's campaigns for one school year, added up, so that the
    ministry reads a few rows per authority instead of a row per criterion per institution.

    `group` rows: per (index, group, level, ownership, education levels) how many self-assessed,
    recognised and standing group results are at that level. `criterion` rows: per (index,
    criterion, level) the standing results and their points. On both, keyed by the standing
    level: the change since last year (same institution, same index) and the external
    evaluation's change to the institution's own points. `exemplary` rows: one per assessment
    whose standing result is level 3 in every group (the page names them).

    `rollups.recompute` rewrites an authority's rows of a year from its ScoreLines, in the
    transaction of the transition that changed them (the authority's row is locked first)."""

    authority = models.ForeignKey("organizations.Unit", on_delete=models.CASCADE, related_name="+")
    school_year = models.CharField(max_length=9)
    kind = models.CharField(max_length=10, choices=RollUpKind.choices)
    framework = models.CharField(max_length=20)
    group = models.CharField(max_length=20, blank=True)
    criterion = models.CharField(max_length=20, blank=True)
    level = models.PositiveSmallIntegerField(null=True)
    ownership = models.CharField(max_length=10, blank=True)
    education_levels = models.CharField(max_length=120, blank=True)
    self_n = models.IntegerField(default=0)
    recognised_n = models.IntegerField(default=0)
    current_n = models.IntegerField(default=0)
    points = models.FloatField(default=0)
    maximum = models.FloatField(default=0)
    improved = models.IntegerField(default=0)
    unchanged = models.IntegerField(default=0)
    declined = models.IntegerField(default=0)
    unknown = models.IntegerField(default=0)
    evaluated = models.IntegerField(default=0)  # standing results with an own result beside
    changed = models.IntegerField(default=0)
    delta = models.FloatField(default=0)
    size = models.FloatField(default=0)
    # exemplary rows only
    institution = models.ForeignKey(
        "organizations.Unit", on_delete=models.CASCADE, null=True, related_name="+"
    )
    assessment = models.ForeignKey(
        "assessments.SelfAssessment", on_delete=models.CASCADE, null=True, related_name="+"
    )
    side = models.CharField(max_length=10, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["school_year", "kind", "authority"], name="rollup_year_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.authority_id} {self.school_year} {self.kind} {self.criterion or self.group}"
