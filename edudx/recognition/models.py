"""Recognition (công nhận) and publication (công bố) of external-evaluation results.

A `RecognitionDecision` is one signed decision of a managing authority in one campaign; its annex
is the list of `RecognisedResult` rows, one per institution (participation), each holding the
levels and points per criteria group **frozen** at the moment of recognition. A later reopening
does not change or delete the row: it is marked withdrawn (who, when, why), the assessment goes
back to "evaluated", and a new decision may recognise it again. Only published decisions appear on
the public pages. The field names are the ones the documents (Quyết định công nhận, Giấy chứng
nhận) read; see docs/recognition.md."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RecognitionDecision(models.Model):
    """Quyết định công nhận mức độ chuyển đổi số: number, date and signer as printed."""

    campaign = models.ForeignKey(
        "assessments.Campaign", on_delete=models.PROTECT, related_name="recognition_decisions"
    )
    authority = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("managing authority"),
        on_delete=models.PROTECT,
        related_name="recognition_decisions",
    )
    number = models.CharField(_("decision number"), max_length=60)
    date = models.DateField(_("decision date"))
    signer_name = models.CharField(_("signed by"), max_length=200)
    signer_title = models.CharField(_("signer's title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "number"], name="recognition_decision_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class RecognisedResultQuerySet(models.QuerySet):
    def current(self):
        """Results still standing (not withdrawn by a reopening)."""
        return self.filter(withdrawn_at__isnull=True)

    def public(self):
        """What anyone may see: standing results of published decisions."""
        return self.current().filter(decision__published_at__isnull=False)


class RecognisedResult(models.Model):
    """One institution in a decision's annex, with its levels and points per criteria group as
    they were when recognised ({"1": 2, "2": 3}; {"1": 62.5, "2": 80.0})."""

    decision = models.ForeignKey(
        RecognitionDecision, on_delete=models.PROTECT, related_name="results"
    )
    assessment = models.ForeignKey(
        "assessments.SelfAssessment", on_delete=models.PROTECT, related_name="recognitions"
    )
    institution = models.ForeignKey(
        "organizations.Unit", on_delete=models.PROTECT, related_name="recognised_results"
    )
    framework_code = models.CharField(_("index"), max_length=20)
    framework_version = models.CharField(_("index version"), max_length=40)
    group_titles = models.JSONField(_("criteria groups"), default=dict)
    level_names = models.JSONField(_("level names"), default=dict)  # {"1": "Chưa đáp ứng", …}
    levels = models.JSONField(_("levels per group"), default=dict)
    points = models.JSONField(_("points per group"), default=dict)
    # The headline level at recognition (frameworks.headline.Headline.to_dict), {} when none.
    headline = models.JSONField(_("headline level"), default=dict, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_reason = models.TextField(_("reason for reopening"), blank=True)

    objects = RecognisedResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("recognised result")
        verbose_name_plural = _("recognised results")
        ordering = ["institution__name"]
        constraints = [
            # An assessment stands recognised at most once at a time.
            models.UniqueConstraint(
                fields=["assessment"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="recognised_result_one_standing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} — {self.decision}"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def rows(self) -> list[GroupLevel]:
        """The group levels in group order, for templates and documents."""
        return group_levels(
            {
                "group_titles": self.group_titles,
                "level_names": self.level_names,
                "levels": self.levels,
                "points": self.points,
            }
        )


@dataclass(frozen=True)
class GroupLevel:
    code: str
    title: str
    level: int | None
    level_name: str
    points: float | None


def group_levels(values) -> list[GroupLevel]:
    """GroupLevel rows from frozen values (a RecognisedResult's fields, or the dict
    `services.frozen_result` returns)."""
    titles, names = values.get("group_titles") or {}, values.get("level_names") or {}
    levels, points = values.get("levels") or {}, values.get("points") or {}
    return [
        GroupLevel(
            code,
            titles.get(code, code),
            levels[code],
            names.get(str(levels[code]), "") if levels[code] is not None else "",
            points.get(code),
        )
        for code in sorted(levels, key=group_sort_key)
    ]


def group_sort_key(code: str):
    return (0, int(code), "") if code.isdigit() else (1, 0, code)
