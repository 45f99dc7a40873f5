"""The kinds of official document: what each is called, what it is made from, who may download
it. One function makes any of them: `render_document(kind, obj, fmt) -> (filename, mimetype,
bytes)`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from edudx.accounts.permissions import Action, acts_for_authority, can, team_role
from edudx.assessments.models import Campaign, Participation
from edudx.documents import institution, recognition
from edudx.documents.authority.campaign_plan import campaign_plan
from edudx.documents.authority.external_minutes import external_minutes
from edudx.documents.authority.summary_report import summary_report
from edudx.documents.authority.supplement_request import supplement_request
from edudx.documents.authority.team_decision import team_decision
from edudx.documents.authority.team_report import team_report
from edudx.documents.common import DocumentUnavailable
from edudx.documents.render import render
from edudx.organizations.models import fold
from edudx.recognition.models import RecognitionDecision

ASSESSMENT, CAMPAIGN, DECISION = "assessment", "campaign", "decision"
INSTITUTION_SIDE, AUTHORITY_SIDE = "institution", "authority"


@dataclass(frozen=True)
class DocumentKind:
    code: str  # also the template's file name (code.docx, code.html)
    slug: str  # in URLs and file names
    title: str
    scope: str  # made from: ASSESSMENT (a participation), CAMPAIGN, DECISION (of recognition)
    side: str  # who issues it: INSTITUTION_SIDE or AUTHORITY_SIDE
    build: Callable[[object], dict]

    def unit_of(self, obj):
        """The unit whose permission decides: the institution, or the managing authority."""
        if self.side == INSTITUTION_SIDE:
            return obj.institution
        if isinstance(obj, Participation):
            return obj.campaign.authority
        return obj.authority  # a campaign's, or a decision's (the campaign's authority)


def _from_participation(builder):
    return lambda participation: builder(institution.AssessmentData(participation))


KINDS: dict[str, DocumentKind] = {
    k.code: k
    for k in (
        DocumentKind(
            "council_decision",
            "quyet-dinh-thanh-lap-hoi-dong",
            "Quyết định thành lập Hội đồng tự đánh giá mức độ chuyển đổi số",
            ASSESSMENT,
            INSTITUTION_SIDE,
            _from_participation(institution.council_decision),
        ),
        DocumentKind(
            "self_minutes",
            "bien-ban-tu-danh-gia",
            "Biên bản tự đánh giá",
            ASSESSMENT,
            INSTITUTION_SIDE,
            _from_participation(institution.self_minutes),
        ),
        DocumentKind(
            "approval_decision",
            "quyet-dinh-phe-duyet",
            "Quyết định phê duyệt kết quả tự đánh giá",
            ASSESSMENT,
            INSTITUTION_SIDE,
            _from_participation(institution.approval_decision),
        ),
        DocumentKind(
            "evaluation_request",
            "to-trinh-de-nghi-danh-gia-ngoai",
            "Tờ trình đề nghị đánh giá ngoài",
            ASSESSMENT,
            INSTITUTION_SIDE,
            _from_participation(institution.evaluation_request),
        ),
        DocumentKind(
            "report",
            "bao-cao-ket-qua",
            "Báo cáo kết quả thực hiện đánh giá mức độ chuyển đổi số",
            ASSESSMENT,
            INSTITUTION_SIDE,
            _from_participation(institution.report),
        ),
        DocumentKind(
            "evidence_catalogue",
            "danh-muc-minh-chung",
            "Danh mục minh chứng",
            ASSESSMENT,
            INSTITUTION_SIDE,
            _from_participation(institution.evidence_catalogue),
        ),
        DocumentKind(
            "external_minutes",
            "bien-ban-danh-gia-ngoai",
            "Biên bản kiểm tra, đánh giá ngoài",
            ASSESSMENT,
            AUTHORITY_SIDE,
            external_minutes,
        ),
        DocumentKind(
            "supplement_request",
            "cong-van-yeu-cau-bo-sung",
            "Công văn yêu cầu bổ sung hồ sơ (lần trả lại gần nhất)",
            ASSESSMENT,
            AUTHORITY_SIDE,
            supplement_request,
        ),
        DocumentKind(
            "team_report",
            "bao-cao-ket-qua-danh-gia-ngoai",
            "Báo cáo kết quả kiểm tra, đánh giá ngoài của Đoàn",
            ASSESSMENT,
            AUTHORITY_SIDE,
            team_report,
        ),
        DocumentKind(
            "certificate",
            "giay-chung-nhan",
            "Giấy chứng nhận kết quả mức độ chuyển đổi số",
            ASSESSMENT,
            AUTHORITY_SIDE,
            recognition.certificate,
        ),
        DocumentKind(
            "campaign_plan",
            "ke-hoach-trien-khai",
            "Kế hoạch triển khai đánh giá (kèm phụ lục tiến độ)",
            CAMPAIGN,
            AUTHORITY_SIDE,
            campaign_plan,
        ),
        DocumentKind(
            "team_decision",
            "quyet-dinh-thanh-lap-doan",
            "Quyết định thành lập đoàn kiểm tra, đánh giá ngoài",
            CAMPAIGN,
            AUTHORITY_SIDE,
            team_decision,
        ),
        DocumentKind(
            "recognition_draft",
            "du-thao-quyet-dinh-cong-nhan",
            "Dự thảo quyết định công nhận (các cơ sở đã đánh giá ngoài, chờ công nhận)",
            CAMPAIGN,
            AUTHORITY_SIDE,
            recognition.recognition_draft,
        ),
        DocumentKind(
            "certificates",
            "giay-chung-nhan",
            "Giấy chứng nhận của các cơ sở giáo dục được công nhận",
            CAMPAIGN,
            AUTHORITY_SIDE,
            recognition.certificates,
        ),
        DocumentKind(
            "recognition_decision",
            "quyet-dinh-cong-nhan",
            "Quyết định công nhận mức độ chuyển đổi số (kèm danh sách)",
            DECISION,
            AUTHORITY_SIDE,
            recognition.recognition_decision,
        ),
        DocumentKind(
            "decision_certificates",
            "giay-chung-nhan",
            "Giấy chứng nhận theo quyết định",
            DECISION,
            AUTHORITY_SIDE,
            recognition.decision_certificates,
        ),
        DocumentKind(
            "summary_report",
            "bao-cao-tong-hop",
            "Báo cáo tổng hợp kết quả gửi cấp trên",
            CAMPAIGN,
            AUTHORITY_SIDE,
            summary_report,
        ),
    )
}
# The template a kind is rendered with when it is not its own code (one certificate uses the
# template of all of them).
TEMPLATES = {
    "certificate": "certificates",
    "decision_certificates": "certificates",
    "recognition_draft": "recognition_decision",
}
FORMATS = ("docx", "pdf")


def kinds(scope: str) -> list[DocumentKind]:
    return [k for k in KINDS.values() if k.scope == scope]


def by_slug(scope: str, slug: str) -> DocumentKind | None:
    return next((k for k in kinds(scope) if k.slug == slug), None)


#: Documents the evaluation team itself signs: its members print them too.
TEAM_KINDS = frozenset({"external_minutes", "team_report"})


def may_download(user, kind: DocumentKind, obj) -> bool:
    unit = kind.unit_of(obj)
    if kind.side == INSTITUTION_SIDE:
        return can(user, Action.VIEW_UNIT, unit)
    if kind.code in TEAM_KINDS and isinstance(obj, Participation) and team_role(user, obj):
        return True
    return acts_for_authority(user, unit)


def may_upload_signed(user, kind: DocumentKind, obj) -> bool:
    """Who keeps the signed scan: the institution's head for its own documents, an officer of
    the authority for the authority's (the people who have them signed)."""
    unit = kind.unit_of(obj)
    if kind.side == INSTITUTION_SIDE:
        return can(user, Action.APPROVE_ASSESSMENT, unit)
    return acts_for_authority(user, unit)


def filename(kind: DocumentKind, obj, fmt: str) -> str:
    if isinstance(obj, Participation):
        unit, year = obj.institution, obj.campaign.school_year
    elif isinstance(obj, RecognitionDecision):
        number = "".join(ch if ch.isalnum() else "-" for ch in fold(obj.number)).strip("-")
        return f"{kind.slug}-{obj.authority.code}-{obj.campaign.school_year}-{number}.{fmt}"
    else:
        unit, year = obj.authority, obj.school_year
    return f"{kind.slug}-{unit.code}-{year}.{fmt}"


def context_for(kind: DocumentKind, obj) -> dict:
    return kind.build(obj)


def render_document(kind: DocumentKind | str, obj, fmt: str) -> tuple[str, str, bytes]:
    """(file name, MIME type, bytes) of one document. Raises DocumentUnavailable when its data
    does not exist yet (no external evaluation, nobody recognised)."""
    kind = KINDS[kind] if isinstance(kind, str) else kind
    if fmt not in FORMATS:
        raise ValueError(fmt)
    data, mimetype = render(TEMPLATES.get(kind.code, kind.code), context_for(kind, obj), fmt)
    return filename(kind, obj, fmt), mimetype, data


__all__ = [
    "ASSESSMENT",
    "CAMPAIGN",
    "DECISION",
    "KINDS",
    "Campaign",
    "DocumentKind",
    "DocumentUnavailable",
    "by_slug",
    "kinds",
    "may_download",
    "render_document",
]
