"""Changes to a campaign that is already open: its headline-level reading, and taking in the
preschools once a preschool index (the annex of Decision 3276) has been loaded.

Until that annex is loaded the preschools cannot be assessed; they are listed as "chưa áp dụng"
with counts rather than hidden, and the campaign takes them in later without being re-created."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from edudx.assessments.campaigns import institutions_of
from edudx.assessments.errors import CampaignError
from edudx.assessments.models import Campaign, CampaignFramework, HeadlineRule, Participation
from edudx.core.models import record
from edudx.core.revisions import expect
from edudx.frameworks.models import FrameworkVersion
from edudx.organizations.models import Unit, UnitKind

PRESCHOOL = "preschool"
PRESCHOOL_PENDING = "chưa áp dụng — bộ chỉ số 3276 chưa được nạp đầy đủ"


@transaction.atomic
def set_headline_rule(campaign: Campaign, rule: str, *, revision, by) -> Campaign:
    """Choose how the campaign shows one level per institution for an index that defines none.
    The index's own rule, when it has one, always wins (frameworks.headline.rule_for)."""
    if rule not in HeadlineRule.values:
        raise CampaignError("Cách xếp mức chung không hợp lệ.", "headline_rule")
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    stored = HeadlineRule(locked.headline_rule).label
    expect(locked, revision, what="Cách xếp mức chung của đợt đánh giá", stored=str(stored))
    if locked.headline_rule == rule:  # an unchanged answer writes nothing
        return locked
    before = locked.headline_rule
    locked.headline_rule = rule
    locked.save(update_fields=["headline_rule", "revision"])
    record(
        "campaign.headline_rule",
        locked,
        actor=by,
        before={"headline_rule": before},
        after={"headline_rule": rule},
    )
    return locked


# -- preschools -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PreschoolStatus:
    """What a campaign page says about preschools: how many the authority manages, how many take
    part, how many wait for an index (and which usable preschool indices exist to take them in)."""

    total: int
    taking_part: int
    pending: list  # Unit rows not yet taking part
    versions: list  # usable FrameworkVersion rows covering preschools

    @property
    def waiting_for_index(self) -> bool:
        return bool(self.pending) and not self.versions


def preschool_versions() -> list[FrameworkVersion]:
    return [
        v
        for v in FrameworkVersion.objects.usable().order_by("code", "-decision_date")
        if PRESCHOOL in v.education_levels
    ]


def _preschools(campaign: Campaign) -> list:
    return [u for u in institutions_of(campaign.authority) if PRESCHOOL in u.education_levels]


def _taking_part(campaign: Campaign) -> set[int]:
    """Institutions already assessed with an index that covers preschools."""
    return {
        institution
        for institution, levels in campaign.participations.values_list(
            "institution_id", "version__education_levels"
        )
        if PRESCHOOL in (levels or [])
    }


def preschool_status(campaign: Campaign) -> PreschoolStatus:
    """Read-only: counts for the campaign page and the dashboards."""
    units = _preschools(campaign)
    taking = _taking_part(campaign)
    pending = [u for u in units if u.pk not in taking]
    return PreschoolStatus(len(units), len(units) - len(pending), pending, preschool_versions())


def pending_preschool_count(campaign: Campaign) -> int:
    """How many preschools the campaign's authority manages that do not take part yet: one query,
    for the dashboards (the same rule as `preschool_status`, which also lists them)."""
    covered = Participation.objects.filter(
        campaign=campaign,
        institution=OuterRef("pk"),
        version_id__in=CampaignFramework.objects.filter(
            campaign=campaign, education_level=PRESCHOOL
        ).values("version_id"),
    )
    return (
        Unit.objects.filter(
            parent_id=campaign.authority_id,
            kind=UnitKind.INSTITUTION,
            active=True,
            levels__contains=PRESCHOOL,
        )
        .exclude(Exists(covered))
        .count()
    )


def _campaigns_under(campaign: Campaign) -> list[Campaign]:
    out, frontier = [campaign], [campaign.pk]
    while frontier:
        children = list(Campaign.objects.filter(parent_id__in=frontier).select_related("authority"))
        out += children
        frontier = [c.pk for c in children]
    return out


@transaction.atomic
def take_in_preschools(campaign: Campaign, version: FrameworkVersion, *, by) -> int:
    """Assess the campaign's preschools (and those of the campaigns opened under it) with a
    preschool index loaded after the campaign was opened. Returns how many were taken in; nothing
    changes when it cannot be done."""
    if not version.complete or PRESCHOOL not in version.education_levels:
        raise CampaignError(
            f"Bộ chỉ số {version.decision_number} ({version.version}) không dùng được để đánh giá "
            "trường mầm non (chưa đầy đủ hoặc không áp dụng cho cấp Mầm non).",
            "version",
        )
    if campaign.publication_due < timezone.localdate():
        raise CampaignError(
            f"Đợt đánh giá năm học {campaign.school_year} đã qua hạn công khai kết quả nên không "
            "nhận thêm cơ sở giáo dục.",
        )
    taken = 0
    for each in _campaigns_under(campaign):
        Campaign.objects.select_for_update().filter(pk=each.pk).first()
        chosen = CampaignFramework.objects.filter(campaign=each, education_level=PRESCHOOL).first()
        if chosen is not None and chosen.version_id != version.pk:
            raise CampaignError(
                f"{each.authority.name} đã đánh giá mầm non bằng bộ chỉ số khác trong đợt này.",
                "version",
            )
        pending = [u for u in _preschools(each) if u.pk not in _taking_part(each)]
        if chosen is None:
            CampaignFramework.objects.create(
                campaign=each, education_level=PRESCHOOL, version=version
            )
        Participation.objects.bulk_create(
            Participation(campaign=each, institution=u, version=version) for u in pending
        )
        if pending or chosen is None:
            record(
                "campaign.take_in_preschools",
                each,
                actor=by,
                after={
                    "version": f"{version.code} {version.version}",
                    "institutions": [u.code for u in pending],
                },
            )
        taken += len(pending)
    return taken
