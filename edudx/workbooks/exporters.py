"""The workbooks offices send upward, as row generators (header first).

- `authority_rows`: one row per participation of one or more campaigns — the institution, its
  state, self-assessed and external points and levels per criteria group (computed by the engine
  from the stored facts), the recognition decision's number.
- `detail_rows`: one institution's assessment item by item.

Facts are loaded in chunks with a handful of queries per chunk, never one query per
institution, so a province of 5,000 institutions is a few dozen queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import islice

from django.conf import settings
from django.utils import translation

from edudx.assessments.details import LABELS, shown_detail
from edudx.assessments.facts import assessment_result
from edudx.assessments.models import (
    AssessmentState,
    Campaign,
    Evidence,
    FactEntry,
    Participation,
    SelfAssessment,
)
from edudx.assessments.progress import with_progress
from edudx.core.education import EDUCATION_LEVELS
from edudx.frameworks import headline
from edudx.frameworks.models import FrameworkVersion
from edudx.frameworks.schema import fmt
from edudx.frameworks.scoring import FactsError, score, validate_facts
from edudx.recognition.models import RecognisedResult
from edudx.reviews.models import Evaluation, EvaluationState
from edudx.reviews.results import external_result
from edudx.workbooks.common import Progress, kind_label, shown_fact, write_rows

CHUNK = 1000


def batched(items, size):
    it = iter(items)
    while part := list(islice(it, size)):
        yield part


NOT_STARTED = "Chưa bắt đầu"


def campaigns_in_scope(campaign: Campaign, *, with_children: bool) -> list[Campaign]:
    """The campaign, and with `with_children` every campaign opened under it (a department's
    campaign and its local authorities' ones)."""
    out, frontier = [campaign], [campaign.pk]
    while with_children and frontier:
        children = list(Campaign.objects.filter(parent_id__in=frontier))
        out += children
        frontier = [c.pk for c in children]
    return out


def participations_of(campaign_ids: list[int]):
    return Participation.objects.filter(campaign_id__in=campaign_ids).order_by(
        "campaign__authority__path", "institution__name", "pk"
    )


def _versions(campaign_ids: list[int]) -> dict[int, FrameworkVersion]:
    ids = set(
        Participation.objects.filter(campaign_id__in=campaign_ids)
        .values_list("version_id", flat=True)
        .distinct()
    )
    return FrameworkVersion.objects.in_bulk(ids)


def _groups(versions) -> list[tuple[str, str]]:
    """(code, title) of every criteria group of the indices used, in order, once each."""
    seen: dict[str, str] = {}
    for version in sorted(versions.values(), key=lambda v: v.pk):
        if not version.complete:
            continue
        for group in version.framework().groups:
            seen.setdefault(group.code, group.title)
    return list(seen.items())


def _decision_numbers(assessment_ids: list[int]) -> dict[int, str]:
    """Number of the standing recognition decision of each assessment."""
    return dict(
        RecognisedResult.objects.current()
        .filter(assessment_id__in=assessment_ids)
        .values_list("assessment_id", "decision__number")
    )


def _result(fw, facts: dict, awarded: dict):
    try:
        return score(fw, validate_facts(fw, facts, awarded=awarded or None))
    except FactsError:  # stored facts the index no longer accepts: no points rather than wrong
        return None


def _group_cells(result, groups) -> list:
    cells = []
    for code, _title in groups:
        g = result.groups.get(code) if result is not None else None
        cells += [g.points, g.level] if g is not None else [None, None]
    return cells


def _headline_cell(result, rule: str):
    """The headline level (a number) when a rule is in force, else None."""
    h = headline.of_result(result, rule) if result is not None else None
    return h.level if h else None


def _with_headline(campaigns, versions) -> bool:
    """Headline columns only when some campaign or index defines a headline level."""
    return any(c.headline_rule for c in campaigns) or any(
        v.complete and v.framework().headline for v in versions.values()
    )


def authority_header(groups, with_headline: bool = False) -> list[str]:
    head = ["STT", "Mã đơn vị", "Tên cơ sở giáo dục", "Cấp học", "Cơ quan quản lý", "Bộ chỉ số"]
    head.append("Trạng thái")
    for code, _title in groups:
        head += [f"Tự đánh giá — Nhóm {code}: điểm", f"Tự đánh giá — Nhóm {code}: mức độ"]
    for code, _title in groups:
        head += [f"Đánh giá ngoài — Nhóm {code}: điểm", f"Đánh giá ngoài — Nhóm {code}: mức độ"]
    if with_headline:  # EduDX's reading unless the index defines it: say so in the header
        head += ["Tự đánh giá — Mức chung", "Đánh giá ngoài — Mức chung"]
    head.append("Số quyết định công nhận")
    return head


def authority_rows(
    campaigns: list[Campaign], *, progress: Progress | None = None, chunk: int = CHUNK
) -> Iterator[list]:
    """Header, then one row per participation of `campaigns`."""
    campaign_ids = [c.pk for c in campaigns]
    versions = _versions(campaign_ids)
    groups = _groups(versions)
    with_headline = _with_headline(campaigns, versions)
    yield authority_header(groups, with_headline)
    ids = list(participations_of(campaign_ids).values_list("pk", flat=True))
    total, done = len(ids), 0
    if progress:
        progress(0, total)
    with translation.override(settings.LANGUAGE_CODE):
        states = {value: str(label) for value, label in AssessmentState.choices}
    for part in batched(ids, chunk):
        for row in _chunk_rows(list(part), versions, groups, states, with_headline):
            done += 1
            yield [done, *row]
        if progress:
            progress(done, total)


def _chunk_rows(ids, versions, groups, states, with_headline=False) -> Iterator[list]:
    order = {pk: i for i, pk in enumerate(ids)}
    parts = sorted(
        Participation.objects.filter(pk__in=ids)
        .select_related("institution", "campaign__authority")
        .only(
            "pk",
            "version_id",
            "institution__code",
            "institution__name",
            "institution__levels",
            "campaign__authority__name",
            "campaign__headline_rule",
        ),
        key=lambda p: order[p.pk],
    )
    assessments = dict(
        SelfAssessment.objects.filter(participation_id__in=ids).values_list(
            "participation_id", "pk"
        )
    )
    progress = dict(  # the one counting rule: "Chưa bắt đầu" apart from "Bản nháp"
        with_progress(Participation.objects.filter(pk__in=ids)).values_list("pk", "progress")
    )
    aids = list(assessments.values())
    facts: dict[int, dict] = defaultdict(dict)
    awarded: dict[int, dict] = defaultdict(dict)
    for aid, code, value, points in FactEntry.objects.filter(assessment_id__in=aids).values_list(
        "assessment_id", "code", "value", "awarded"
    ):
        if value is not None:
            facts[aid][code] = value
        if points is not None:
            awarded[aid][code] = float(points)
    evaluations = {}
    for ev in (
        Evaluation.objects.filter(assessment_id__in=aids, state=EvaluationState.FINAL)
        .select_related("assessment__participation")
        .prefetch_related("assessment__facts", "entries")
    ):
        ev.assessment.participation.version = versions[ev.assessment.participation.version_id]
        evaluations[ev.assessment_id] = ev
    decisions = _decision_numbers(aids)
    for p in parts:
        version = versions[p.version_id]
        aid = assessments.get(p.pk)
        self_result = external = None
        if version.complete and aid is not None:
            fw = version.framework()
            self_result = _result(fw, facts[aid], awarded[aid])
            if aid in evaluations:
                try:
                    external = external_result(evaluations[aid])
                except FactsError:
                    external = None
        unit = p.institution
        yield [
            unit.code,
            unit.name,
            ", ".join(EDUCATION_LEVELS.get(lv, lv) for lv in unit.education_levels),
            p.campaign.authority.name,
            version.decision_number,
            states.get(progress.get(p.pk), NOT_STARTED),
            *_group_cells(self_result, groups),
            *_group_cells(external, groups),
            *(
                [
                    _headline_cell(self_result, p.campaign.headline_rule),
                    _headline_cell(external, p.campaign.headline_rule),
                ]
                if with_headline
                else []
            ),
            decisions.get(aid),
        ]


AUTHORITY_WIDTHS = (6, 16, 40, 18, 30, 16, 22)


# -- one institution, item by item ----------------------------------------------------------------

DETAIL_HEADER = [
    "Nhóm",
    "Tiêu chí",
    "Mã",
    "Nội dung",
    "Loại dữ kiện",
    "Dữ kiện tự đánh giá",
    "Thông tin kèm theo",
    "Điểm gợi ý",
    "Điểm tự chấm",
    "Lý do chấm thấp hơn",
    "Dữ kiện của đoàn đánh giá",
    "Điểm đánh giá ngoài",
    "Nhận xét của đoàn đánh giá",
    "Minh chứng",
]
DETAIL_WIDTHS = (7, 8, 9, 60, 12, 14, 40, 9, 9, 30, 14, 10, 40, 24)


def _details_text(details: dict) -> str:
    parts = []
    for name, value in (details or {}).items():
        if name in ("part", "whole"):
            continue
        parts.append(f"{LABELS.get(name, name)}: {shown_detail(name, value)}")
    if "part" in (details or {}) and "whole" in details:
        parts.append(f"Số lượng: {details['part']}/{details['whole']}")
    return "; ".join(parts)


def detail_heading(participation: Participation, assessment: SelfAssessment) -> list[str]:
    with translation.override(settings.LANGUAGE_CODE):
        state = str(assessment.get_state_display())
    return [
        f"{participation.institution.name} ({participation.institution.code})",
        f"Đợt đánh giá năm học {participation.campaign.school_year} — "
        f"{participation.campaign.authority.name}; bộ chỉ số {participation.version.decision_number}",
        f"Trạng thái: {state}",
    ]


def detail_rows(participation: Participation, assessment: SelfAssessment) -> Iterator[list]:
    """Header, then a row per criterion (its points and level) and per fact of the index."""
    fw = participation.version.framework()
    rule = participation.campaign.headline_rule
    entries = {e.code: e for e in assessment.facts.all()}
    result = assessment_result(assessment)
    # only a finalised evaluation: the school must not read the team's work in progress
    evaluation = Evaluation.objects.filter(
        assessment=assessment, state=EvaluationState.FINAL
    ).first()
    corrections = {e.code: e for e in evaluation.entries.all()} if evaluation else {}
    external = None
    if evaluation is not None:
        try:
            external = external_result(evaluation)
        except FactsError:
            external = None
    evidence: dict[str, list[str]] = defaultdict(list)
    for code, criteria in Evidence.objects.filter(assessment=assessment).values_list(
        "code", "criteria"
    ):
        for target in criteria or []:
            evidence[str(target)].append(code)
    yield DETAIL_HEADER
    if h := headline.of_result(result, rule):
        shown = f"mức độ {h.level}" if h.level else "chưa xác định"
        yield [None, None, None, f"Mức chung ({h.label.lower()}): {shown}. {h.note}".strip()]
    for group in fw.groups:
        g = result.groups[group.code]
        level = f"; mức độ {g.level}" if g.level else ""
        yield [group.code, None, None, f"{group.title} — {fmt(g.points)} điểm{level}"]
        for cr in group.criteria:
            c = result.criteria[cr.code]
            if not cr.mandatory:
                summary = f"{cr.title} — {fmt(c.points)}/{fmt(cr.max_points)} điểm"
                summary += f"; mức độ {c.level}" if c.level else ""
                ext = external.criteria[cr.code].points if external else None
                yield [group.code, cr.code, None, summary, *[None] * 4, c.points, None, None, ext]
                targets = list(cr.items)
            else:
                targets = [cr]
            for target in targets:
                code = target.code
                entry = entries.get(code)
                item = result.items.get(code)
                fix = corrections.get(code)
                codes = evidence.get(code, []) + (
                    evidence.get(cr.code, []) if code != cr.code else []
                )
                yield [
                    group.code,
                    cr.code,
                    code,
                    target.title,
                    kind_label(target),
                    shown_fact(target, entry.value if entry else None),
                    _details_text(entry.details if entry else {}),
                    item.suggested if item else None,
                    item.points if item else None,
                    entry.reason if entry else None,
                    shown_fact(target, fix.value) if fix else None,
                    external.items[code].points if external and code in external.items else None,
                    fix.comment if fix else None,
                    ", ".join(sorted(set(codes))),
                ]


# -- whole workbooks ------------------------------------------------------------------------------


def authority_filename(campaign: Campaign, *, with_children: bool) -> str:
    what = "tong-hop-toan-so" if with_children else "tong-hop"
    return f"{what}-{campaign.authority.code}-{campaign.school_year}.xlsx"


def authority_heading(campaign: Campaign, *, with_children: bool) -> list[str]:
    scope = " và các đơn vị trực thuộc" if with_children else ""
    return [
        f"Tổng hợp kết quả đánh giá mức độ chuyển đổi số năm học {campaign.school_year}",
        f"{campaign.authority.name}{scope}",
    ]


def authority_workbook(
    campaign: Campaign, target, *, with_children: bool, progress: Progress | None = None
) -> int:
    """Write the authority's workbook to `target` (path or file object); the number of rows."""
    campaigns = campaigns_in_scope(campaign, with_children=with_children)
    return write_rows(
        target,
        "Tổng hợp",
        authority_rows(campaigns, progress=progress),
        widths=AUTHORITY_WIDTHS,
        heading=authority_heading(campaign, with_children=with_children),
    )


def count_rows(campaign: Campaign, *, with_children: bool) -> int:
    ids = [c.pk for c in campaigns_in_scope(campaign, with_children=with_children)]
    return participations_of(ids).count()


def detail_workbook(participation: Participation, assessment: SelfAssessment, target) -> int:
    return write_rows(
        target,
        "Chi tiết",
        detail_rows(participation, assessment),
        widths=DETAIL_WIDTHS,
        heading=detail_heading(participation, assessment),
    )


def detail_filename(participation: Participation) -> str:
    return f"chi-tiet-{participation.institution.code}-{participation.campaign.school_year}.xlsx"
