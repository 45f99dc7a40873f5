"""What the authority's documents read of one campaign: its issuing unit and legal bases, and
the best result of each participating institution, loaded in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist

from edudx.assessments.facts import assessment_result
from edudx.assessments.models import Campaign, Participation
from edudx.documents import common as c
from edudx.guidance.services import letters
from edudx.reviews.models import EvaluationState
from edudx.reviews.results import external_result

TEAM_ROLES = {"head": "Trưởng đoàn", "secretary": "Thư ký", "member": "Thành viên"}
TEAM_ROLE_ORDER = {"head": 0, "secretary": 1, "member": 2}


class CampaignData:
    """What the authority's documents of one campaign read."""

    def __init__(self, campaign: Campaign):
        self.campaign = campaign
        self.unit = campaign.authority
        self.ancestors = c._ancestors(self.unit)
        self.parent = self.ancestors[0] if self.ancestors else None
        head, _ = c.HEAD_TITLES.get(self.unit.kind, ("THỦ TRƯỞNG", ""))
        self.sign_head = head

    def header(self, kind, title, subtitle, day=None, number=""):
        return c.header(
            self.unit,
            kind=kind,
            title=title,
            subtitle=subtitle,
            day=day,
            number=number,
            ancestors=self.ancestors,
        )

    def base(self) -> dict:
        return {
            "school_year": self.campaign.school_year,
            "authority": self.unit.name,
            "authority_upper": c.upper(self.unit.name),
            "sign_head": self.sign_head,
            "sign": c.signature(self.unit, deputy=True),
        }

    def versions(self):
        return list(self.campaign.frameworks.select_related("version").order_by("pk"))

    def framework_bases(self) -> list[str]:
        seen, out = set(), []
        for cf in self.versions():
            fw = cf.version.framework()
            if fw.decision.number in seen:
                continue
            seen.add(fw.decision.number)
            out.append(
                f"Căn cứ Quyết định số {fw.decision.number} ngày {_iso(fw.decision.date)} của Bộ "
                f"trưởng Bộ Giáo dục và Đào tạo ban hành {fw.title};"
            )
            out += [
                f"Căn cứ {g.letter};"
                for g in letters(self.unit, self.campaign.school_year, fw.code)
            ]
        return out

    def plan_basis(self) -> str:
        return (
            f"Căn cứ Kế hoạch triển khai đánh giá mức độ chuyển đổi số năm học "
            f"{self.campaign.school_year} của {self.unit.name};"
        )


def _iso(text) -> str:
    try:
        return dt.date.fromisoformat(str(text)).strftime("%d/%m/%Y")
    except ValueError:
        return str(text)


# -- results of many institutions, loaded in a fixed number of queries -----------------------------


@dataclass
class InstitutionResult:
    participation: Participation
    state: str | None
    result: object | None  # the engine's Result: external when evaluated, else the self-assessment
    external: bool
    assessment_id: int | None = None


def campaign_results(
    campaign: Campaign, *, states=None, only=None, campaigns=None
) -> list[InstitutionResult]:
    """Every participation of the campaign (or of all `campaigns`, e.g. a department's and the
    ones cascaded under it) with its best result: the external evaluation's when there is one,
    otherwise the self-assessment's (None when nothing was started). A fixed number of queries,
    however many institutions."""
    ids = [x.pk for x in campaigns] if campaigns is not None else [campaign.pk]
    qs = (
        Participation.objects.filter(campaign_id__in=ids)
        .select_related("institution", "version", "assessment", "assessment__evaluation")
        .prefetch_related("assessment__facts", "assessment__evaluation__entries")
        .order_by("institution__name", "pk")
    )
    if states is not None:
        qs = qs.filter(assessment__state__in=list(states))
    if only is not None:
        qs = qs.filter(pk=only.pk)
    out = []
    for p in qs:
        assessment = getattr(p, "assessment", None) if has_one(p, "assessment") else None
        if assessment is None:
            out.append(InstitutionResult(p, None, None, False))
            continue
        evaluation = assessment.evaluation if has_one(assessment, "evaluation") else None
        if evaluation is not None and evaluation.state == EvaluationState.FINAL:
            result, external = external_result(evaluation), True
        else:
            result, external = assessment_result(assessment), False
        out.append(InstitutionResult(p, assessment.state, result, external, assessment.pk))
    return out


def has_one(obj, name) -> bool:
    try:
        return getattr(obj, name) is not None
    except ObjectDoesNotExist:  # a missing one-to-one (no assessment, no evaluation yet)
        return False
