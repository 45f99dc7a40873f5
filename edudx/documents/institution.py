"""The institution's documents: each builder turns a participation into the plain context its
templates read (strings and lists only, so a template never computes anything)."""

from __future__ import annotations

import datetime as dt

from edudx.assessments.council import council_for_documents
from edudx.assessments.facts import assessment_for, assessment_result
from edudx.assessments.models import Participation
from edudx.assessments.plans import plan_rows
from edudx.documents import common as c
from edudx.documents.models import SECTIONS, ReportNarrative
from edudx.guidance.services import letters

POSITIONS = {
    "chair": "Chủ tịch Hội đồng",
    "vice_chair": "Phó Chủ tịch Hội đồng",
    "secretary": "Thư ký Hội đồng",
    "member": "Ủy viên",
}
DEFAULT_DUTIES = {
    "chair": "Chỉ đạo, điều hành toàn bộ hoạt động của Hội đồng; phê duyệt kết quả tự đánh giá.",
    "vice_chair": "Giúp Chủ tịch điều hành hoạt động của Hội đồng theo phân công.",
    "secretary": "Tổng hợp minh chứng, lập danh mục minh chứng, ghi biên bản, dự thảo báo cáo.",
    "member": "Thu thập minh chứng, khai báo dữ kiện và chấm điểm các tiêu chí được phân công.",
}


def criterion_of(code: str, criterion_codes: list[str]) -> str | None:
    """The criterion an evidence tag names: itself, or the criterion an item code belongs to."""
    if code in criterion_codes:
        return code
    best = None
    for cc in criterion_codes:
        if code.startswith(cc + ".") and (best is None or len(cc) > len(best)):
            best = cc
    return best


def evidence_by_criterion(evidence, fw) -> dict[str, list[str]]:
    codes = [cr.code for cr in fw.criteria()]
    out: dict[str, list[str]] = {}
    for ev in evidence:
        for tag in ev.criteria or []:
            target = criterion_of(str(tag), codes)
            if target and ev.code not in out.setdefault(target, []):
                out[target].append(ev.code)
    return out


def score_groups(fw, result, evidence_map: dict[str, list[str]] | None = None) -> list[dict]:
    """Group → criterion rows of a result, each with its points, level and evidence codes."""
    names = dict(fw.level_names)
    evidence_map = evidence_map or {}
    groups = []
    for group in fw.groups:
        g = result.groups[group.code]
        rows = []
        for cr in group.criteria:
            r = result.criteria[cr.code]
            if cr.mandatory:  # a condition: met or not, no points
                shown_points = "—"
                level = {True: "Đạt", False: "Chưa đạt"}.get(r.met, "Chưa khai báo")
            else:
                shown_points = c.points(r.points)
                level = f"Mức {r.level}" if r.level else "Chưa xác định"
            rows.append(
                {
                    "code": cr.code,
                    "title": cr.title,
                    "max_points": "Bắt buộc" if cr.mandatory else c.points(cr.max_points),
                    "points": shown_points,
                    "level": level,
                    "evidence": ", ".join(evidence_map.get(cr.code, [])),
                }
            )
        groups.append(
            {
                "code": group.code,
                "title": group.title,
                "points": c.points(g.points),
                "max_points": c.points(g.max_points),
                "level": g.level or 0,
                "level_text": c.level_text(g.level, names),
                "unmet": ", ".join(g.unmet_mandatory),
                "criteria": rows,
            }
        )
    return groups


def council_members(assessment) -> list[dict]:
    """The council in the order a decision lists it, from the council's own view of it
    (`council_for_documents`)."""
    return [_normalise_member(m) for m in council_for_documents(assessment)]


def _normalise_member(member) -> dict:
    """A `council.DocumentMember` (or a dict of the same names) as the templates read it."""

    def get(name, default=""):
        if isinstance(member, dict):
            return member.get(name, default)
        return getattr(member, name, default)

    position = get("position", "member")
    criteria = get("criteria", [])
    return {
        "name": get("name"),
        "job_title": get("job_title"),
        "position": POSITIONS.get(position) or get("position_label") or position,
        "position_code": position,
        "duty": get("duty") or DEFAULT_DUTIES.get(position, ""),
        "criteria": criteria if isinstance(criteria, str) else ", ".join(criteria),
    }


def _member(members, position) -> str:
    return next((m["name"] for m in members if m["position_code"] == position), "")


class AssessmentData:
    """Everything the institution's documents read, loaded once per request."""

    def __init__(self, participation: Participation):
        self.participation = participation
        self.campaign = participation.campaign
        self.unit = participation.institution
        self.authority = self.campaign.authority
        self.assessment = assessment_for(participation)
        self.fw = participation.version.framework()
        self.result = assessment_result(self.assessment)
        self.evidence = list(self.assessment.evidence.all())
        self.ancestors = c._ancestors(self.unit)

    def header(self, kind, title, subtitle, day=None, number="", numbered=True):
        return c.header(
            self.unit,
            kind=kind,
            title=title,
            subtitle=subtitle,
            day=day,
            number=number,
            ancestors=self.ancestors,
            numbered=numbered,
        )

    def base(self) -> dict:
        head = c.head_of(self.unit)
        return {
            "school_year": self.campaign.school_year,
            "institution": self.unit.name,
            "institution_upper": c.upper(self.unit.name),
            "authority": self.authority.name,
            "framework": f"Quyết định số {self.fw.decision.number} ngày "
            f"{_vn_iso(self.fw.decision.date)} của Bộ trưởng Bộ Giáo dục và Đào tạo ban hành "
            f"{self.fw.title}",
            "framework_number": self.fw.decision.number,
            "guidance_bases": [  # the authorities' guidance letters on the criteria
                g.letter for g in letters(self.authority, self.campaign.school_year, self.fw.code)
            ],
            "head_name": c.person_name(head),
            "sign": c.signature(self.unit, name=c.person_name(head)),
        }

    def groups(self, with_evidence=True):
        ev = evidence_by_criterion(self.evidence, self.fw) if with_evidence else {}
        return score_groups(self.fw, self.result, ev)

    def results_line(self, groups) -> str:
        return "; ".join(f"{g['title']}: {g['points']} điểm, {g['level_text']}" for g in groups)


def _vn_iso(text: str) -> str:
    try:
        return dt.date.fromisoformat(str(text)).strftime("%d/%m/%Y")
    except ValueError:
        return str(text)


def _paragraphs(text: str) -> list[str]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines or ["…………………………………………………………………………………………"]


def plan_paragraphs(data: AssessmentData) -> list[str]:
    """Section IV's first paragraphs: one per target of the improvement plan, in the index's
    order (the school's own text of the section follows them)."""
    out = []
    for row in plan_rows(data.assessment, data.result):
        t = row.target
        if row.condition:
            text = f"Điều kiện bắt buộc {t.criterion} ({row.title}): phấn đấu đáp ứng"
            text += " (hiện đã đạt)" if row.reached else " (hiện chưa đạt)"
        else:
            text = f"Tiêu chí {t.criterion} ({row.title}): phấn đấu đạt mức độ {t.target_level}"
            if row.current:
                text += f" (hiện đạt mức độ {row.current})"
        text += f". Nhiệm vụ, giải pháp: {'; '.join(t.action_lines())}."
        text += f" Người phụ trách: {t.owner}. Thời hạn: {c.vn_date(t.due)}."
        if t.resources.strip():
            text += f" Nguồn lực: {' '.join(t.resources.split())}."
        out.append(text)
    return out


# -- builders -------------------------------------------------------------------------------------


def council_decision(data: AssessmentData) -> dict:
    members = council_members(data.assessment)
    year = data.campaign.school_year
    return {
        **data.base(),
        "doc": data.header(
            "QĐ",
            "QUYẾT ĐỊNH",
            f"Về việc thành lập Hội đồng tự đánh giá mức độ chuyển đổi số năm học {year}",
        ),
        "members": [{"n": i, **m} for i, m in enumerate(members, 1)],
        "criteria_duties": [
            f"{m['name']} ({m['position']}): tiêu chí {m['criteria']}"
            for m in members
            if m["criteria"]
        ],
        "recipients": ["Như Điều 3;", f"{data.authority.name} (để báo cáo);", "Lưu: VT, HSTĐG."],
    }


def self_minutes(data: AssessmentData) -> dict:
    members = council_members(data.assessment)
    groups = data.groups()
    day = c.local_day(data.assessment.approved_at)
    return {
        **data.base(),
        "doc": data.header(
            "BB",
            "BIÊN BẢN",
            f"Họp Hội đồng tự đánh giá mức độ chuyển đổi số năm học {data.campaign.school_year}",
            day=day,
        ),
        "meeting_date": c.vn_date(day),
        "members": [{"n": i, **m} for i, m in enumerate(members, 1)],
        "groups": groups,
        "results_line": data.results_line(groups),
        "evidence_count": len(data.evidence),
        "chair_name": _member(members, "chair") or data.base()["head_name"],
        "secretary_name": _member(members, "secretary"),
        "recipients": [
            f"{data.authority.name} (kèm hồ sơ);",
            "Thành viên Hội đồng;",
            "Lưu: VT, HSTĐG.",
        ],
    }


def approval_decision(data: AssessmentData) -> dict:
    groups = data.groups(with_evidence=False)
    year = data.campaign.school_year
    return {
        **data.base(),
        "doc": data.header(
            "QĐ",
            "QUYẾT ĐỊNH",
            f"Về việc phê duyệt kết quả tự đánh giá mức độ chuyển đổi số năm học {year}",
            day=c.local_day(data.assessment.approved_at),
        ),
        "groups": groups,
        "results_line": data.results_line(groups),
        "recipients": [
            f"{data.authority.name} (để báo cáo);",
            "Hội đồng tự đánh giá;",
            "Như Điều 3;",
            "Lưu: VT, HSTĐG.",
        ],
    }


def evaluation_request(data: AssessmentData) -> dict:
    groups = data.groups(with_evidence=False)
    return {
        **data.base(),
        "doc": data.header(
            "TTr",
            "TỜ TRÌNH",
            "Đề nghị kiểm tra, đánh giá ngoài và công nhận mức độ chuyển đổi số "
            f"năm học {data.campaign.school_year}",
            day=c.local_day(data.assessment.submitted_at),
        ),
        "to": data.authority.name,
        "groups": groups,
        "results_line": data.results_line(groups),
        "approved_on": c.vn_date(c.local_day(data.assessment.approved_at)),
        "evidence_count": len(data.evidence),
        "recipients": ["Như trên;", "Lưu: VT, HSTĐG."],
    }


def report(data: AssessmentData) -> dict:
    narrative = ReportNarrative.objects.filter(assessment=data.assessment).first()
    texts = narrative.sections() if narrative else {name: "" for name, _ in SECTIONS}
    groups = data.groups(with_evidence=False)
    sections = {name: _paragraphs(texts[name]) for name, _ in SECTIONS}
    planned = plan_paragraphs(data)
    if planned:
        sections["directions"] = planned + (
            _paragraphs(texts["directions"]) if texts["directions"].strip() else []
        )
    counts = []
    for g, group in zip(groups, data.fw.groups, strict=True):
        per_level = {1: 0, 2: 0, 3: 0}
        for cr in group.criteria:
            r = data.result.criteria[cr.code]
            if not cr.mandatory and r.level in per_level:
                per_level[r.level] += 1
        counts.append({"title": g["title"], **{f"level{k}": v for k, v in per_level.items()}})
    return {
        **data.base(),
        "doc": data.header(
            "BC",
            "BÁO CÁO",
            "Kết quả thực hiện đánh giá mức độ chuyển đổi số của cơ sở giáo dục "
            f"năm học {data.campaign.school_year}",
        ),
        "to": data.authority.name,
        "sections": sections,
        "groups": groups,
        "level_counts": counts,
        "results_line": data.results_line(groups),
        "evidence_count": len(data.evidence),
        "state": data.assessment.get_state_display(),
        "recipients": [f"{data.authority.name} (để báo cáo);", "Lưu: VT, HSTĐG."],
    }


def evidence_catalogue(data: AssessmentData) -> dict:
    rows = []
    for i, ev in enumerate(data.evidence, 1):
        issued = " ".join(
            part for part in (ev.number, c.vn_date(ev.issued_on) if ev.issued_on else "") if part
        )
        rows.append(
            {
                "n": i,
                "code": ev.code,
                "title": ev.title,
                "issued": issued,
                "issuer": ev.issuer,
                "criteria": ", ".join(str(x) for x in ev.criteria or []),
                "location": ev.url or ev.file_name or ev.note,
            }
        )
    return {
        **data.base(),
        "doc": data.header(
            "DMMC",
            "DANH MỤC MINH CHỨNG",
            f"Tự đánh giá mức độ chuyển đổi số năm học {data.campaign.school_year}",
            numbered=False,  # a list kept with the file, not an act: no number in practice
        ),
        "rows": rows,
        "recipients": ["Hội đồng tự đánh giá;", "Lưu: VT, HSTĐG."],
    }
