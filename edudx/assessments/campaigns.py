"""Campaigns: school years and their deadlines, opening a campaign (every check in one
transaction, one audit record per campaign opened) with its participations, and where a campaign
stands on its timeline."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

from django.db import transaction

from edudx.assessments.errors import CampaignError
from edudx.assessments.models import Campaign, CampaignFramework, Participation
from edudx.core.education import EDUCATION_LEVELS
from edudx.core.models import record
from edudx.frameworks.models import FrameworkVersion
from edudx.organizations.models import AUTHORITY_KINDS, Unit, UnitKind


def parse_school_year(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{4})\s*-\s*(\d{4})\s*", text or "")
    if not match or int(match[2]) != int(match[1]) + 1:
        raise CampaignError(
            f"Năm học '{text}' không hợp lệ (dạng 2025-2026, hai năm liền nhau).", "school_year"
        )
    return int(match[1]), int(match[2])


def previous_school_year(school_year: str) -> str:
    """'2025-2026' → '2024-2025'."""
    first, _ = parse_school_year(school_year)
    return f"{first - 1}-{first}"


def current_school_year(today: dt.date) -> str:
    """A school year runs from September; from August on, the coming one is prepared."""
    first = today.year if today.month >= 8 else today.year - 1
    return f"{first}-{first + 1}"


def default_deadlines(school_year: str) -> dict[str, dt.date]:
    """The national deadlines of Decision 4725 (mục 6): self-assessment before 31/5, external
    evaluation and recognition before 20/6; publication by the end of June."""
    _, second = parse_school_year(school_year)
    return {
        "self_assessment_due": dt.date(second, 5, 31),
        "evaluation_due": dt.date(second, 6, 20),
        "publication_due": dt.date(second, 6, 30),
    }


DEADLINE_LABELS = {
    "self_assessment_due": "hạn tự đánh giá",
    "evaluation_due": "hạn đánh giá ngoài",
    "publication_due": "hạn công bố",
}


def _check_deadlines(school_year: str, deadlines: dict[str, dt.date], parent: Campaign | None):
    first, _ = parse_school_year(school_year)
    start = dt.date(first, 8, 1)
    limits = default_deadlines(school_year)
    order = list(DEADLINE_LABELS)
    for name in order:
        day = deadlines[name]
        label = DEADLINE_LABELS[name]
        if day < start:
            raise CampaignError(
                f"{label.capitalize()} {day:%d/%m/%Y} trước năm học {school_year}.", name
            )
        ceiling, whose = limits[name], "hạn chung toàn quốc"
        if parent is not None and getattr(parent, name) < ceiling:
            ceiling, whose = getattr(parent, name), f"hạn của {parent.authority.name}"
        if day > ceiling:
            raise CampaignError(
                f"{label.capitalize()} {day:%d/%m/%Y} muộn hơn {whose} ({ceiling:%d/%m/%Y}); "
                "chỉ được đặt sớm hơn.",
                name,
            )
    for earlier, later in itertools.pairwise(order):
        if deadlines[later] < deadlines[earlier]:
            raise CampaignError(
                f"{DEADLINE_LABELS[later].capitalize()} phải sau {DEADLINE_LABELS[earlier]}.", later
            )


def _check_versions(versions: dict[str, FrameworkVersion]) -> None:
    if not versions:
        raise CampaignError("Hãy chọn bộ chỉ số cho ít nhất một cấp học.", "versions")
    for level, version in versions.items():
        if level not in EDUCATION_LEVELS:
            raise CampaignError(f"Cấp học '{level}' không hợp lệ.", "versions")
        if not version.complete:
            raise CampaignError(
                f"Bộ chỉ số {version.decision_number} ({version.version}) chưa đầy đủ nên chưa dùng "
                "được để đánh giá.",
                "versions",
            )
        if level not in version.education_levels:
            raise CampaignError(
                f"Bộ chỉ số {version.decision_number} không áp dụng cho cấp {EDUCATION_LEVELS[level]}.",
                "versions",
            )


def institutions_of(authority: Unit):
    """The institutions an authority manages directly (its default participants)."""
    return authority.children.filter(kind=UnitKind.INSTITUTION, active=True).order_by("name")


@dataclass(frozen=True)
class Opened:
    campaign: Campaign
    children: list[Campaign]


@transaction.atomic
def open_campaign(
    *,
    authority: Unit,
    school_year: str,
    versions: dict[str, FrameworkVersion],
    deadlines: dict[str, dt.date],
    institutions=None,
    cascade: bool = False,
    by=None,
    parent: Campaign | None = None,
) -> Opened:
    """Open `authority`'s campaign for a school year. A department may cascade: every local
    authority under it without a campaign for that year gets one with the same indices and
    deadlines (each may later only set earlier dates)."""
    if authority.kind not in AUTHORITY_KINDS:
        raise CampaignError(
            "Chỉ cơ quan quản lý (Sở GDĐT, Phòng GDĐT, UBND cấp xã) mở đợt đánh giá."
        )
    parse_school_year(school_year)
    if Campaign.objects.filter(authority=authority, school_year=school_year).exists():
        raise CampaignError(
            f"{authority.name} đã mở đợt đánh giá năm học {school_year}.", "school_year"
        )
    if parent is None and authority.parent_id:
        parent = Campaign.objects.filter(
            authority_id=authority.parent_id, school_year=school_year
        ).first()
    _check_deadlines(school_year, deadlines, parent)
    _check_versions(versions)
    campaign = Campaign.objects.create(
        authority=authority, school_year=school_year, parent=parent, created_by=by, **deadlines
    )
    CampaignFramework.objects.bulk_create(
        CampaignFramework(campaign=campaign, education_level=level, version=version)
        for level, version in versions.items()
    )
    chosen = list(institutions if institutions is not None else institutions_of(authority))
    outside = [u for u in chosen if u.parent_id != authority.pk or u.kind != UnitKind.INSTITUTION]
    if outside:
        raise CampaignError(
            f"{outside[0].name} không do {authority.name} quản lý trực tiếp.", "institutions"
        )
    Participation.objects.bulk_create(_participations(campaign, chosen, versions))
    record(
        "campaign.open",
        campaign,
        actor=by,
        after={
            "authority": authority.code,
            "school_year": school_year,
            "versions": {level: v.version for level, v in versions.items()},
            **{name: day.isoformat() for name, day in deadlines.items()},
            "institutions": len(chosen),
        },
    )
    children = []
    if cascade and authority.kind == UnitKind.DEPARTMENT:
        taken = set(
            Campaign.objects.filter(school_year=school_year).values_list("authority_id", flat=True)
        )
        for child in authority.children.filter(
            kind__in=(UnitKind.LOCAL_OFFICE, UnitKind.COMMUNE), active=True
        ).order_by("name"):
            if child.pk not in taken:
                children.append(
                    open_campaign(
                        authority=child,
                        school_year=school_year,
                        versions=versions,
                        deadlines=deadlines,
                        by=by,
                        parent=campaign,
                    ).campaign
                )
    return Opened(campaign, children)


def _participations(campaign, institutions, versions):
    """One row per institution and index: a TH&THCS school assessed with 4725 for both levels
    takes part once; a level without an index in this campaign is not assessed."""
    for unit in institutions:
        for version in {
            versions[lv].pk: versions[lv] for lv in unit.education_levels if lv in versions
        }.values():
            yield Participation(campaign=campaign, institution=unit, version=version)


@dataclass(frozen=True)
class Step:
    title: str
    due: dt.date
    state: str  # done | past | next | later
    days_left: int
    done: int = 0  # institutions (of those shown) past this step
    total: int = 0


# The assessment states in which each step of the timeline is behind the institution.
STEP_DONE = (
    frozenset({"submitted", "under_review", "evaluated", "recognised"}),
    frozenset({"evaluated", "recognised"}),
    frozenset({"recognised"}),
)


def timeline(campaign: Campaign, today: dt.date, states: list[str] | None = None) -> list[Step]:
    """Where the campaign stands: by its dates, and — given the states of the assessments the
    viewer follows (one for a school, all of them for an authority) — how many are past each
    step; a step all of them are past is done."""
    steps = [
        (
            "Cơ sở giáo dục tự đánh giá, thủ trưởng phê duyệt và nộp hồ sơ",
            campaign.self_assessment_due,
        ),
        ("Cơ quan quản lý kiểm tra, đánh giá ngoài và công nhận", campaign.evaluation_due),
        ("Công bố kết quả", campaign.publication_due),
    ]
    states = states or []
    out, next_given = [], False
    for (title, due), done_states in zip(steps, STEP_DONE, strict=True):
        done = sum(1 for st in states if st in done_states)
        if states and done == len(states):
            state = "done"
        elif due < today:
            state = "past"
        elif not next_given:
            state, next_given = "next", True
        else:
            state = "later"
        out.append(Step(title, due, state, (due - today).days, done, len(states)))
    return out
