"""Recognition documents: the decision (Quyết định công nhận) with its annex, the certificates
(Giấy chứng nhận), and the draft decision an authority prints for signature before recording it.

An issued decision is read from `recognition.RecognitionDecision` and its standing
`RecognisedResult` rows: number, date, signer and the levels frozen when recognised — the paper
says exactly what the system recorded. The draft lists the institutions waiting for recognition
(evaluated, evaluation final) with the levels of their external evaluation, number and date left
blank for the clerk."""

from __future__ import annotations

from dataclasses import dataclass, field

from edudx.assessments.models import AssessmentState, Campaign, Participation
from edudx.documents import common as c
from edudx.documents import qr
from edudx.documents.authority.campaign import CampaignData, campaign_results
from edudx.documents.common import DocumentUnavailable
from edudx.documents.render import Picture
from edudx.organizations.models import Unit
from edudx.recognition.models import RecognisedResult, RecognitionDecision
from edudx.reviews.models import EvaluationState

DEFAULT_LEVEL_NAMES = {"1": "Chưa đáp ứng", "2": "Đáp ứng cơ bản", "3": "Đáp ứng tốt"}


@dataclass
class GroupRow:
    code: str
    title: str
    level: int | None
    level_name: str
    points: float | None

    @property
    def cell(self) -> str:
        level = f"Mức độ {self.level}" if self.level else "Chưa xác định"
        return level if self.points is None else f"{level} ({c.points(self.points)} điểm)"

    @property
    def text(self) -> str:
        if not self.level:
            return "Chưa xác định"
        return f"Mức độ {self.level}" + (f" ({self.level_name})" if self.level_name else "")


@dataclass
class Recognised:
    institution: Unit
    groups: list[GroupRow]
    level_names: dict = field(default_factory=dict)
    decision: RecognitionDecision | None = None


def _from_results(results) -> list[Recognised]:
    out = []
    for r in results:
        out.append(
            Recognised(
                r.institution,
                [GroupRow(g.code, g.title, g.level, g.level_name, g.points) for g in r.rows()],
                {str(k): v for k, v in (r.level_names or {}).items()},
                r.decision,
            )
        )
    return out


def _results():
    return (
        RecognisedResult.objects.current()
        .select_related("institution", "decision")
        .order_by("institution__name", "pk")
    )


def _pending(campaign: Campaign) -> list[Recognised]:
    """Institutions waiting for recognition, with the engine's result of their evaluation."""
    out = []
    for item in campaign_results(campaign, states=[AssessmentState.EVALUATED]):
        evaluation = getattr(item.participation.assessment, "evaluation", None)
        if not item.external or evaluation is None or evaluation.state != EvaluationState.FINAL:
            continue
        fw = item.participation.version.framework()
        names = {str(k): v for k, v in fw.level_names.items()}
        groups = [
            GroupRow(
                g.code,
                g.title,
                item.result.groups[g.code].level,
                names.get(str(item.result.groups[g.code].level), ""),
                round(float(item.result.groups[g.code].points), 2),
            )
            for g in fw.groups
        ]
        out.append(Recognised(item.participation.institution, groups, names))
    return out


def _signature(data: CampaignData, decision: RecognitionDecision | None) -> dict:
    sign = c.signature(data.unit, deputy=True)
    if decision is not None:
        title = decision.signer_title.strip()
        head = data.sign_head
        deputy = title.lower().startswith("phó")
        sign = {
            "kt": f"KT. {head}" if deputy else "",
            "position": c.upper(title) or sign["position"],
            "name": decision.signer_name,
        }
    return sign


def _decision_number(decision: RecognitionDecision | None) -> str:
    return decision.number if decision is not None else ""


def _annex(rows: list[Recognised]) -> tuple[list[dict], list[str], str, str]:
    """(table rows, group titles, level summary, legend)."""
    titles: list[str] = []
    counts: dict[str, dict[int, int]] = {}
    table = []
    for n, row in enumerate(rows, 1):
        if not titles:
            titles = [g.title for g in row.groups]
        cells = [g.cell for g in row.groups] + ["", ""]
        for g in row.groups:
            if g.level:
                per = counts.setdefault(g.title, {})
                per[g.level] = per.get(g.level, 0) + 1
        table.append(
            {
                "n": n,
                "code": row.institution.code,
                "name": row.institution.name,
                "group1": cells[0],
                "group2": cells[1],
            }
        )
    summary = "; ".join(
        f"{title}: " + ", ".join(f"mức độ {lv}: {k}" for lv, k in sorted(per.items(), reverse=True))
        for title, per in counts.items()
    )
    names = next((r.level_names for r in rows if r.level_names), None) or DEFAULT_LEVEL_NAMES
    legend = "; ".join(f"Mức độ {k}: {v}" for k, v in sorted(names.items()))
    return table, titles, summary, legend


def _decision_context(
    data: CampaignData, rows: list[Recognised], decision: RecognitionDecision | None
) -> dict:
    table, titles, summary, legend = _annex(rows)
    campaign = data.campaign
    return {
        **data.base(),
        "sign": _signature(data, decision),
        "draft": decision is None,
        "doc": data.header(
            "QĐ",
            "QUYẾT ĐỊNH",
            "Về việc công nhận mức độ chuyển đổi số của các cơ sở giáo dục "
            f"năm học {campaign.school_year}",
            day=decision.date if decision is not None else None,
            number=_decision_number(decision),
        ),
        "bases": [
            *data.framework_bases(),
            data.plan_basis(),
            "Căn cứ kết quả kiểm tra, đánh giá ngoài của các đoàn kiểm tra, đánh giá ngoài;",
            "Theo đề nghị của bộ phận chuyên môn.",
        ],
        "count": len(table),
        "group1_title": titles[0] if titles else "",
        "group2_title": titles[1] if len(titles) > 1 else "",
        "rows": table,
        "level_summary": summary or "chưa có cơ sở giáo dục nào",
        "legend": legend,
        "recipients": [
            "Như Điều 3;",
            f"{data.parent.name if data.parent else 'Cấp trên'} (để báo cáo);",
            "Lưu: VT.",
        ],
    }


def recognition_decision(decision: RecognitionDecision) -> dict:
    """An issued decision, with the institutions it recognised and still stand."""
    data = CampaignData(decision.campaign)
    rows = _from_results(_results().filter(decision=decision))
    return _decision_context(data, rows, decision)


def recognition_draft(campaign: Campaign) -> dict:
    """The decision to sign: every institution evaluated (evaluation final) and not yet
    recognised, number and date blank."""
    rows = _pending(campaign)
    if not rows:
        raise DocumentUnavailable(
            "Không có cơ sở giáo dục nào đã đánh giá ngoài (kết quả đã chốt) đang chờ công nhận."
        )
    return _decision_context(CampaignData(campaign), rows, None)


def _decision_line(decision: RecognitionDecision | None, authority: Unit) -> str:
    if decision is None:
        return f"số {c.BLANK}/QĐ-{c.symbol_of(authority)} ngày {c.BLANK}"
    return f"số {decision.number} ngày {decision.date:%d/%m/%Y}"


def _verification(institution: Unit) -> dict:
    """The public page a certificate's QR code opens, as SVG (PDF) and picture (Word)."""
    url = qr.permalink(institution)
    return {
        "permalink": url,
        "qr_svg": qr.LazySvg(url),
        "qr_picture": Picture(lambda: qr.qr_png(url), 26),
    }


def _certificates_context(data: CampaignData, rows: list[Recognised]) -> dict:
    if not rows:
        raise DocumentUnavailable(
            "Chưa có cơ sở giáo dục nào được công nhận mức độ chuyển đổi số nên chưa có giấy "
            "chứng nhận."
        )
    symbol = c.symbol_of(data.unit)
    certs = [
        {
            "name": row.institution.name,
            "name_upper": c.upper(row.institution.name),
            "code": row.institution.code,
            "number_line": f"Số vào sổ cấp giấy chứng nhận: {c.BLANK}/GCN-{symbol}",
            "decision_line": _decision_line(row.decision, data.unit),
            "groups": [{"title": g.title, "level_text": g.text} for g in row.groups],
            **_verification(row.institution),
        }
        for row in rows
    ]
    decisions = {row.decision.pk: row.decision for row in rows if row.decision is not None}
    latest = max(decisions.values(), key=lambda d: (d.date, d.pk)) if decisions else None
    return {
        **data.base(),
        "sign": _signature(data, latest),
        "doc": data.header(
            "GCN",
            "GIẤY CHỨNG NHẬN",
            f"Kết quả đánh giá mức độ chuyển đổi số năm học {data.campaign.school_year}",
            day=latest.date if latest is not None else None,
        ),
        "decision_line": certs[0]["decision_line"],
        "certificates": certs,
    }


def certificates(campaign: Campaign) -> dict:
    """One page per institution recognised (and standing) in the campaign, whatever decision."""
    rows = _from_results(_results().filter(decision__campaign=campaign))
    return _certificates_context(CampaignData(campaign), rows)


def decision_certificates(decision: RecognitionDecision) -> dict:
    rows = _from_results(_results().filter(decision=decision))
    return _certificates_context(CampaignData(decision.campaign), rows)


def certificate(participation: Participation) -> dict:
    rows = _from_results(_results().filter(assessment__participation=participation))
    return _certificates_context(CampaignData(participation.campaign), rows)


def decisions_of(campaign: Campaign) -> list[RecognitionDecision]:
    return list(
        RecognitionDecision.objects.filter(campaign=campaign)
        .select_related("campaign__authority", "authority")
        .order_by("date", "pk")
    )


def decision_title(decision: RecognitionDecision) -> str:
    return f"số {decision.number} ngày {decision.date:%d/%m/%Y}"


__all__ = [
    "certificate",
    "certificates",
    "decision_certificates",
    "decision_title",
    "decisions_of",
    "recognition_decision",
    "recognition_draft",
]
