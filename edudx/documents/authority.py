"""The managing authority's documents: the campaign plan with its timetable, the evaluation
teams' decision, the external evaluation minutes, the recognition decision with its annex,
the certificates and the summary report to the level above."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from edudx.assessments.facts import assessment_for, assessment_result
from edudx.assessments.models import (
    AssessmentState,
    Campaign,
    CampaignFramework,
    Participation,
)
from edudx.core.education import EDUCATION_LEVELS
from edudx.documents import common as c
from edudx.documents.institution import council_members, score_groups
from edudx.documents.models import ReportNarrative
from edudx.recognition.models import RecognisedResult
from edudx.reviews.models import EvaluationState, Team, TeamRole
from edudx.reviews.results import external_result

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
TEAM_ROLES = {"head": "Trưởng đoàn", "secretary": "Thư ký", "member": "Thành viên"}
TEAM_ROLE_ORDER = {"head": 0, "secretary": 1, "member": 2}


class DocumentUnavailable(Exception):
    """The document cannot be made yet (its data does not exist); the message says why."""


def _d(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else c.BLANK


def _local(moment) -> dt.date | None:
    return timezone.localtime(moment).date() if moment else None


def _paragraphs(text: str, empty: str = "…………………………………………………………………………") -> list[str]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines or [empty]


class CampaignData:
    """What the authority's documents of one campaign read."""

    def __init__(self, campaign: Campaign):
        self.campaign = campaign
        self.unit = campaign.authority
        self.ancestors = c._ancestors(self.unit)
        self.parent = self.ancestors[0] if self.ancestors else None
        self.year = c.year_of(campaign.school_year)
        head, _ = c.HEAD_TITLES.get(self.unit.kind, ("THỦ TRƯỞNG", ""))
        self.sign_head = head

    def header(self, kind, title, subtitle, day=None, number="", year_hint=None):
        return c.header(
            self.unit,
            kind=kind,
            title=title,
            subtitle=subtitle,
            day=day,
            year_hint=year_hint or self.year,
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
        assessment = getattr(p, "assessment", None) if _has(p, "assessment") else None
        if assessment is None:
            out.append(InstitutionResult(p, None, None, False))
            continue
        evaluation = assessment.evaluation if _has(assessment, "evaluation") else None
        if evaluation is not None and evaluation.state == EvaluationState.FINAL:
            result, external = external_result(evaluation), True
        else:
            result, external = assessment_result(assessment), False
        out.append(InstitutionResult(p, assessment.state, result, external, assessment.pk))
    return out


def _has(obj, name) -> bool:
    try:
        return getattr(obj, name) is not None
    except ObjectDoesNotExist:  # a missing one-to-one (no assessment, no evaluation yet)
        return False


def _group_cells(result, fw) -> list[str]:
    """ "Mức độ 2 (62,5 điểm)" per group; the level names are in the legend under the table."""
    cells = []
    for group in fw.groups:
        g = result.groups[group.code]
        level = f"Mức độ {g.level}" if g.level else "Chưa xác định"
        cells.append(f"{level} ({c.points(g.points)} điểm)")
    return cells


def _legend(rows, campaign) -> str:
    for r in rows:
        names = dict(r.participation.version.framework().level_names)
        return "; ".join(f"Mức độ {lv}: {name}" for lv, name in sorted(names.items()))
    return "Mức độ 1: Chưa đáp ứng; Mức độ 2: Đáp ứng cơ bản; Mức độ 3: Đáp ứng tốt"


# -- builders -------------------------------------------------------------------------------------


def campaign_plan(campaign: Campaign) -> dict:
    data = CampaignData(campaign)
    created = _local(campaign.created_at)
    participations = list(
        campaign.participations.select_related("institution", "version").order_by(
            "institution__name"
        )
    )
    bases = data.framework_bases()
    if campaign.parent_id:
        bases.append(
            f"Thực hiện Kế hoạch triển khai đánh giá mức độ chuyển đổi số năm học "
            f"{campaign.school_year} của {campaign.parent.authority.name};"
        )
    frameworks = []
    by_version: dict = {}
    for cf in data.versions():
        by_version.setdefault(cf.version_id, (cf.version, []))[1].append(
            EDUCATION_LEVELS.get(cf.education_level, cf.education_level)
        )
    for version, levels in by_version.values():
        frameworks.append(
            f"{', '.join(levels)}: Bộ chỉ số ban hành kèm theo Quyết định số {version.decision_number}."
        )
    self_due, eval_due, pub_due = (
        campaign.self_assessment_due,
        campaign.evaluation_due,
        campaign.publication_due,
    )
    start_eval = self_due + dt.timedelta(days=1)
    when_plan = f"Tháng {created.month}/{created.year}" if created else c.BLANK
    parent_name = data.parent.name if data.parent else "cấp trên"
    timetable = [
        {
            "number": "I",
            "title": data.unit.name,
            "tasks": [
                {
                    "task": "Xây dựng và ban hành kế hoạch đánh giá mức độ chuyển đổi số",
                    "when": when_plan,
                    "product": "Kế hoạch triển khai đánh giá",
                },
                {
                    "task": "Ban hành quyết định thành lập các đoàn kiểm tra, đánh giá ngoài",
                    "when": f"Trước ngày {_d(self_due)}",
                    "product": "Quyết định thành lập đoàn, phân công thành viên và cơ sở giáo dục",
                },
                {
                    "task": "Kiểm tra, đánh giá ngoài các cơ sở giáo dục thuộc phạm vi quản lý",
                    "when": f"Từ ngày {_d(start_eval)} đến ngày {_d(eval_due)}",
                    "product": "Biên bản kiểm tra, đánh giá ngoài; danh sách đề nghị công nhận",
                },
                {
                    "task": "Công nhận mức độ chuyển đổi số của các cơ sở giáo dục",
                    "when": f"Chậm nhất ngày {_d(eval_due)}",
                    "product": f"Quyết định công nhận; báo cáo tổng hợp gửi {parent_name}",
                },
            ],
        },
        {
            "number": "II",
            "title": "Các cơ sở giáo dục",
            "tasks": [
                {
                    "task": "Thành lập Hội đồng tự đánh giá; thu thập, lập danh mục minh chứng",
                    "when": "Sau khi nhận Kế hoạch",
                    "product": "Quyết định thành lập Hội đồng; Danh mục minh chứng",
                },
                {
                    "task": "Tự đánh giá mức độ chuyển đổi số theo Bộ chỉ số; phê duyệt kết quả",
                    "when": f"Chậm nhất ngày {_d(self_due)}",
                    "product": "Biên bản tự đánh giá; Quyết định phê duyệt kết quả tự đánh giá",
                },
                {
                    "task": "Đề nghị đánh giá ngoài mức độ chuyển đổi số",
                    "when": f"Chậm nhất ngày {_d(self_due)}",
                    "product": "Tờ trình; Báo cáo kết quả tự đánh giá gửi cơ quan quản lý",
                },
                {
                    "task": "Phối hợp với đoàn kiểm tra, đánh giá ngoài",
                    "when": f"Từ ngày {_d(start_eval)} đến ngày {_d(eval_due)}",
                    "product": "Biên bản kiểm tra, đánh giá ngoài",
                },
                {
                    "task": "Công bố kết quả trên trang thông tin điện tử của đơn vị",
                    "when": f"Chậm nhất ngày {_d(pub_due)}",
                    "product": "Đường liên kết trang thông tin điện tử",
                },
            ],
        },
    ]
    for part in timetable:
        for i, task in enumerate(part["tasks"], 1):
            task["n"] = i
    return {
        **data.base(),
        "doc": data.header(
            "KH",
            "KẾ HOẠCH",
            "Triển khai đánh giá mức độ chuyển đổi số của các cơ sở giáo dục "
            f"năm học {campaign.school_year}",
            day=created,
        ),
        "bases": bases,
        "purposes": [
            "Đánh giá thực chất mức độ chuyển đổi số của từng cơ sở giáo dục theo Bộ chỉ số; "
            "làm căn cứ xây dựng kế hoạch nâng cao mức độ chuyển đổi số.",
            "Việc tự đánh giá, đánh giá ngoài bảo đảm khách quan, công khai, đúng tiến độ; mỗi "
            "điểm số có minh chứng kèm theo.",
        ],
        "participant_count": len({p.institution_id for p in participations}),
        "frameworks": frameworks,
        "deadlines": [
            f"Cơ sở giáo dục tự đánh giá, thủ trưởng phê duyệt và gửi hồ sơ: chậm nhất ngày {_d(self_due)}.",
            f"Kiểm tra, đánh giá ngoài và công nhận mức độ chuyển đổi số: chậm nhất ngày {_d(eval_due)}.",
            f"Công bố kết quả: chậm nhất ngày {_d(pub_due)}.",
        ],
        "duties": [
            f"1. {data.unit.name}: hướng dẫn, kiểm tra các cơ sở giáo dục; thành lập đoàn kiểm tra, "
            "đánh giá ngoài; công nhận mức độ chuyển đổi số và báo cáo cấp trên.",
            "2. Các cơ sở giáo dục: thành lập Hội đồng tự đánh giá, tổ chức tự đánh giá, phê duyệt "
            "kết quả và gửi hồ sơ đề nghị đánh giá ngoài đúng thời hạn trên hệ thống EduDX.",
        ],
        "annex_title": "Triển khai đánh giá mức độ chuyển đổi số trong các cơ sở giáo dục "
        f"năm học {campaign.school_year}",
        "timetable": timetable,
        "institutions": [
            {
                "n": i,
                "code": p.institution.code,
                "name": p.institution.name,
                "framework": p.version.decision_number,
            }
            for i, p in enumerate(participations, 1)
        ],
        "recipients": [
            "Các cơ sở giáo dục (để thực hiện);",
            f"{parent_name} (để báo cáo);",
            "Lưu: VT.",
        ],
    }


def team_decision(campaign: Campaign) -> dict:
    data = CampaignData(campaign)
    teams = Team.objects.filter(campaign=campaign).prefetch_related(
        "members__user", "assignments__participation__institution"
    )
    rows = []
    for n, team in enumerate(teams, 1):
        members = sorted(team.members.all(), key=lambda m: (TEAM_ROLE_ORDER.get(m.role, 9), m.pk))
        institutions = sorted({a.participation.institution.name for a in team.assignments.all()})
        rows.append(
            {
                "n": n,
                "name": team.name,
                "members": [
                    {
                        "n": i,
                        "name": c.person_name(m.user),
                        "job_title": m.job_title,
                        "role": TEAM_ROLES.get(m.role, m.role),
                    }
                    for i, m in enumerate(members, 1)
                ],
                "institutions": "; ".join(institutions) or c.BLANK,
            }
        )
    return {
        **data.base(),
        "doc": data.header(
            "QĐ",
            "QUYẾT ĐỊNH",
            "Về việc thành lập đoàn kiểm tra, đánh giá ngoài mức độ chuyển đổi số "
            f"năm học {campaign.school_year}",
        ),
        "bases": [
            *data.framework_bases(),
            data.plan_basis(),
            "Theo đề nghị của bộ phận chuyên môn.",
        ],
        "team_count": len(rows),
        "teams": rows,
        "recipients": ["Như Điều 3;", "Các cơ sở giáo dục (để phối hợp);", "Lưu: VT."],
    }


def external_minutes(participation: Participation) -> dict:
    assessment = assessment_for(participation)
    evaluation = getattr(assessment, "evaluation", None) if _has(assessment, "evaluation") else None
    if evaluation is None:
        raise DocumentUnavailable(
            "Cơ sở giáo dục này chưa được đánh giá ngoài nên chưa có biên bản kiểm tra, đánh giá ngoài."
        )
    data = CampaignData(participation.campaign)
    fw = participation.version.framework()
    own = score_groups(fw, assessment_result(assessment))
    ext = score_groups(fw, external_result(evaluation))
    groups = []
    for g_self, g_ext in zip(own, ext, strict=True):
        rows = []
        for r_self, r_ext in zip(g_self["criteria"], g_ext["criteria"], strict=True):
            changed = (r_self["points"], r_self["level"]) != (r_ext["points"], r_ext["level"])
            rows.append(
                {
                    "code": r_self["code"],
                    "title": r_self["title"],
                    "self_points": r_self["points"],
                    "self_level": r_self["level"],
                    "ext_points": r_ext["points"],
                    "ext_level": r_ext["level"],
                    "mark": " (*)" if changed else "",
                }
            )
        groups.append(
            {
                "code": g_self["code"],
                "title": g_self["title"],
                "self_points": g_self["points"],
                "self_level": g_self["level_text"],
                "ext_points": g_ext["points"],
                "ext_level": g_ext["level_text"],
                "criteria": rows,
            }
        )
    team = evaluation.team
    members = []
    team_head = ""
    if team is not None:
        for m in sorted(
            team.members.select_related("user"),
            key=lambda m: (TEAM_ROLE_ORDER.get(m.role, 9), m.pk),
        ):
            name = c.person_name(m.user)
            members.append(
                ", ".join(x for x in (name, m.job_title, TEAM_ROLES.get(m.role, m.role)) if x)
            )
            if m.role == TeamRole.HEAD and not team_head:
                team_head = name
    if evaluation.members_present.strip():
        members = _paragraphs(evaluation.members_present)
    council = council_members(assessment)
    head = c.head_of(participation.institution)
    people = [f"{m['name']}, {m['position']}" for m in council[:5]] or [
        f"{c.person_name(head) or c.BLANK}, Thủ trưởng đơn vị"
    ]
    corrections = [
        f"Mục {e.code}: {e.comment}" for e in evaluation.entries.order_by("code") if e.comment
    ]
    return {
        **data.base(),
        "doc": data.header(
            "BB",
            "BIÊN BẢN",
            f"Kiểm tra, đánh giá ngoài mức độ chuyển đổi số năm học {participation.campaign.school_year} "
            f"tại {participation.institution.name}",
            day=evaluation.visit_date,
        ),
        "institution": participation.institution.name,
        "visit_date": _d(evaluation.visit_date),
        "team_name": team.name if team else "Đoàn kiểm tra, đánh giá ngoài",
        "framework_number": fw.decision.number,
        "team_members": members or [c.BLANK],
        "institution_people": people,
        "groups": groups,
        "findings": _paragraphs(evaluation.findings),
        "corrections": corrections,
        "conclusions": _paragraphs(
            evaluation.conclusions, "Đoàn thống nhất kết quả đánh giá ngoài như sau:"
        ),
        "ext_lines": [f"{g['title']}: {g['ext_points']} điểm, {g['ext_level']}" for g in groups],
        "head_name": c.person_name(head),
        "team_head": team_head,
        "recipients": [
            f"{data.unit.name} (để báo cáo);",
            f"{participation.institution.name};",
            "Lưu: hồ sơ đánh giá ngoài.",
        ],
    }


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
        f"Ban hành Kế hoạch triển khai đánh giá ngày {_d(_local(campaign.created_at))}; "
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
