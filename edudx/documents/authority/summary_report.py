"""The summary report to the level above (Báo cáo tổng hợp): progress, levels per criteria group,
per education level and per subordinate authority, one row an institution, and the institutions'
own difficulties and proposals."""

from __future__ import annotations

from edudx.assessments.models import AssessmentState, Campaign, CampaignFramework
from edudx.core.education import EDUCATION_LEVELS
from edudx.documents import common as c
from edudx.documents.authority.campaign import (
    CampaignData,
    InstitutionResult,
    campaign_results,
)
from edudx.documents.models import ReportNarrative
from edudx.recognition.models import RecognisedResult
from edudx.reviews.models import Team

STATE_LABELS = {
    AssessmentState.DRAFT: "Đang tự đánh giá",
    AssessmentState.APPROVED: "Đã phê duyệt kết quả tự đánh giá",
    AssessmentState.SUBMITTED: "Đã gửi hồ sơ đề nghị đánh giá ngoài",
    AssessmentState.UNDER_REVIEW: "Đang kiểm tra, đánh giá ngoài",
    AssessmentState.RETURNED: "Được yêu cầu bổ sung hồ sơ",
    AssessmentState.EVALUATED: "Đã đánh giá ngoài",
    AssessmentState.RECOGNISED: "Đã được công nhận",
}
NOT_STARTED = "Chưa bắt đầu tự đánh giá"


def _legend(rows, campaign) -> str:
    for r in rows:
        names = dict(r.participation.version.framework().level_names)
        return "; ".join(f"Mức độ {lv}: {name}" for lv, name in sorted(names.items()))
    return "Mức độ 1: Chưa đáp ứng; Mức độ 2: Đáp ứng cơ bản; Mức độ 3: Đáp ứng tốt"


def _group_titles(rows: list[InstitutionResult], campaign: Campaign) -> list[str]:
    for r in rows:
        if r.result is not None:
            return [g.title for g in r.participation.version.framework().groups]
    for cf in campaign.frameworks.select_related("version"):
        return [g.title for g in cf.version.framework().groups]
    return ["Nhóm tiêu chí 1", "Nhóm tiêu chí 2"]


#: States in which the institution has sent its file for external evaluation (at least once).
SENT_STATES = frozenset(
    {
        AssessmentState.SUBMITTED,
        AssessmentState.UNDER_REVIEW,
        AssessmentState.RETURNED,
        AssessmentState.EVALUATED,
        AssessmentState.RECOGNISED,
    }
)
DOTS = "…………………………………………………………………………"


def _campaign_tree(campaign: Campaign) -> tuple[list[Campaign], dict[int, Campaign | None]]:
    """The campaign and every campaign opened under it (a department's cascade to its local
    authorities, and theirs), one query a level; with, for each, the direct child campaign whose
    row of the report counts it (None for the campaign itself)."""
    campaigns, row_of = [campaign], {campaign.pk: None}
    frontier = [campaign.pk]
    while frontier:
        found = [
            x
            for x in Campaign.objects.filter(parent_id__in=frontier)
            .select_related("authority")
            .order_by("authority__name", "pk")
            if x.pk not in row_of
        ]
        for x in found:
            row_of[x.pk] = x if x.parent_id == campaign.pk else row_of[x.parent_id]
        campaigns.extend(found)
        frontier = [x.pk for x in found]
    return campaigns, row_of


def _levels_of(r: InstitutionResult, frozen: dict) -> list[tuple[str, int | None, float | None]]:
    """(group title, level, points) of one institution: frozen by its recognition decision when
    recognised, otherwise the engine's result; [] when nothing was started."""
    kept = frozen.get(r.assessment_id)
    if kept is not None:
        return [(g.title, g.level, g.points) for g in kept.rows()]
    if r.result is not None:
        return [
            (g.title, r.result.groups[g.code].level, r.result.groups[g.code].points)
            for g in r.participation.version.framework().groups
        ]
    return [(g.title, None, None) for g in r.participation.version.framework().groups]


class _Tally:
    """Institutions and their levels per criteria group, for one line of a table."""

    def __init__(self, titles: list[str]):
        self.institutions: set[int] = set()
        self.sent = 0
        self.recognised = 0
        self.levels = {t: {1: 0, 2: 0, 3: 0, None: 0} for t in titles}

    def add(self, r: InstitutionResult, group_levels) -> None:
        self.institutions.add(r.participation.institution_id)
        self.sent += r.state in SENT_STATES
        self.recognised += r.state == AssessmentState.RECOGNISED
        for title, level, _ in group_levels:
            per = self.levels.setdefault(title, {1: 0, 2: 0, 3: 0, None: 0})
            per[level if level in (1, 2, 3) else None] += 1

    def lines(self, **first) -> list[dict]:
        """One line per criteria group; the label and counts (`first`) on the first line only
        (`span` lines long), blanks on the others — a table a reader scans group by group."""
        out = []
        for title, per in self.levels.items() or [(c.BLANK, None)]:
            out.append(
                {
                    **({k: "" for k in first} if out else first),
                    "span": 0 if out else max(len(self.levels), 1),
                    "group": title,
                    "level1": per[1] if per else "",
                    "level2": per[2] if per else "",
                    "level3": per[3] if per else "",
                    "none": per[None] if per else "",
                }
            )
        return out


def _education_levels(r: InstitutionResult, served: dict) -> list[str]:
    """The education levels this participation assesses: the institution's levels for which the
    campaign uses the participation's index (all its levels if none matches)."""
    p = r.participation
    levels = p.institution.education_levels
    mine = [lv for lv in levels if served.get((p.campaign_id, lv)) == p.version_id]
    return mine or levels


def _narratives(campaigns: list[Campaign], with_authority: dict[int, str]) -> dict[str, list]:
    """The institutions' own 'III. Khó khăn, vướng mắc' and 'V. Đề xuất, kiến nghị' (their report
    narratives), the non-empty ones, by institution name: one query."""
    narratives = (
        ReportNarrative.objects.filter(
            assessment__participation__campaign_id__in=[x.pk for x in campaigns]
        )
        .select_related("assessment__participation__institution")
        .order_by("assessment__participation__institution__name", "pk")
    )
    out: dict[str, list] = {"difficulties": [], "proposals": []}
    for n in narratives:
        p = n.assessment.participation
        name = p.institution.name + with_authority.get(p.campaign_id, "")
        for field, items in out.items():
            lines = [line.strip() for line in getattr(n, field).splitlines() if line.strip()]
            if lines:
                items.append({"name": name, "lines": lines, "text": "\n".join(lines)})
    return out


def summary_report(campaign: Campaign) -> dict:
    """The report to the level above. A department's campaign counts every campaign cascaded
    under it too (a Sở reports its whole province), with one row per local authority."""
    data = CampaignData(campaign)
    campaigns, row_of = _campaign_tree(campaign)
    ids = [x.pk for x in campaigns]
    has_children = len(campaigns) > 1
    rows = campaign_results(campaign, campaigns=campaigns)
    if has_children:  # the department's own institutions first, then authority by authority
        order = {x.pk: i for i, x in enumerate(campaigns)}
        rows.sort(key=lambda r: order[r.participation.campaign_id])
    titles = _group_titles(rows, campaign)
    # A recognised institution is reported with the levels its decision froze.
    frozen = {
        r.assessment_id: r
        for r in RecognisedResult.objects.current().filter(decision__campaign_id__in=ids)
    }
    served = {
        (cf.campaign_id, cf.education_level): cf.version_id
        for cf in CampaignFramework.objects.filter(campaign_id__in=ids)
    }
    # "(UBND phường Lê Chân)" after an institution's name when the report spans authorities.
    suffix = {x.pk: f" ({x.authority.name})" for x in campaigns[1:]} if has_children else {}
    state_counts: dict[str, int] = {}
    total_tally = _Tally(titles)
    by_level: dict[str, _Tally] = {}
    by_child: dict[int | None, _Tally] = {}
    table = []
    for n, r in enumerate(rows, 1):
        label = STATE_LABELS.get(r.state, NOT_STARTED) if r.state else NOT_STARTED
        state_counts[label] = state_counts.get(label, 0) + 1
        group_levels = _levels_of(r, frozen)
        total_tally.add(r, group_levels)
        for lv in _education_levels(r, served):
            by_level.setdefault(lv, _Tally([])).add(r, group_levels)
        child = row_of[r.participation.campaign_id]
        by_child.setdefault(child.pk if child else None, _Tally(titles)).add(r, group_levels)
        cells = [
            f"{f'Mức độ {level}' if level else 'Chưa xác định'} ({c.points(pts)} điểm)"
            for _, level, pts in group_levels
            if r.result is not None or r.assessment_id in frozen
        ] or [c.BLANK, c.BLANK]
        table.append(
            {
                "n": n,
                "name": r.participation.institution.name
                + suffix.get(r.participation.campaign_id, ""),
                "teaching": [*cells, "", ""][0],
                "management": [*cells, "", ""][1],
                "state": label + (" (kết quả đánh giá ngoài)" if r.external else ""),
            }
        )
    total = len(rows)
    states = [
        {"label": label, "count": state_counts[label]}
        for label in [NOT_STARTED, *STATE_LABELS.values()]
        if label in state_counts
    ]
    states.append({"label": "Tổng số", "count": total})
    level_counts = [
        {"title": t, "level1": per[1], "level2": per[2], "level3": per[3], "none": per[None]}
        for t, per in total_tally.levels.items()
    ]
    by_education = []
    for code, name in EDUCATION_LEVELS.items():
        if code in by_level:
            tally = by_level[code]
            by_education += tally.lines(label=name, count=len(tally.institutions))
    by_authority = []
    if has_children:
        lines_for = []
        if None in by_child:
            lines_for.append((f"{data.unit.name} (trực tiếp quản lý)", by_child[None]))
        for x in campaigns[1:]:
            if row_of[x.pk] is x:
                lines_for.append((x.authority.name, by_child.get(x.pk, _Tally(titles))))
        lines_for.append(("Tổng cộng", total_tally))
        for name, tally in lines_for:
            by_authority += tally.lines(
                label=name,
                count=len(tally.institutions),
                sent=tally.sent,
                recognised=tally.recognised,
            )
    lines = []
    for k in level_counts:
        at_least_2 = k["level2"] + k["level3"]
        share = f"{at_least_2 * 100 / total:.1f}".replace(".", ",") if total else "0"
        lines.append(
            f"{k['title']}: {at_least_2}/{total} cơ sở giáo dục đạt mức độ 2 trở lên ({share}%)."
        )
    collected = _narratives(campaigns, suffix)
    institutions_n = len(total_tally.institutions)
    teams_n = Team.objects.filter(campaign_id__in=ids).count()
    parent_name = data.parent.name if data.parent else "Cấp trên"
    opened = (
        f"Ban hành Kế hoạch triển khai đánh giá ngày {c.vn_date(c.local_day(campaign.created_at))}; "
        f"{institutions_n} cơ sở giáo dục tham gia"
    )
    if has_children:
        children_n = sum(1 for x in campaigns[1:] if row_of[x.pk] is x)
        opened += f", trong đó có các cơ sở giáo dục thuộc {children_n} cơ quan quản lý cấp dưới"
    numbers = iter(range(1, 10))
    return {
        **data.base(),
        "doc": data.header(
            "BC",
            "BÁO CÁO",
            f"Kết quả đánh giá mức độ chuyển đổi số của các cơ sở giáo dục năm học {campaign.school_year}",
        ),
        "to": parent_name,
        "steps": [
            f"{opened}.",
            f"Thành lập {teams_n} đoàn kiểm tra, đánh giá ngoài.",
            f"Công nhận mức độ chuyển đổi số cho {total_tally.recognised} cơ sở giáo dục.",
        ],
        "states": states,
        "group1_title": titles[0] if titles else "",
        "group2_title": titles[1] if len(titles) > 1 else "",
        "legend": _legend(rows, campaign),
        "level_counts": level_counts,
        "rows": table,
        "by_education": by_education,
        "by_authority": by_authority,
        "numbers": {
            "progress": next(numbers),
            "levels": next(numbers),
            "education": next(numbers),
            "authority": next(numbers) if by_authority else 0,
            "institutions": next(numbers),
        },
        "assessment_lines": lines,
        "difficulties": collected["difficulties"],
        "proposals": collected["proposals"],
        "dots": DOTS,
        "recipients": [f"{parent_name} (để báo cáo);", "Lưu: VT."],
    }
