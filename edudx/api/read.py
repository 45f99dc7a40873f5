"""Read endpoints: the registry, the indices, campaigns, participations, results and recognition
decisions — each scoped by the access module exactly as its page is, filtered by the same
fields, in pages of a stable order with a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import field_validator

from edudx.accounts.permissions import visible_to, visible_units
from edudx.api import schemas as s
from edudx.api.base import paginate
from edudx.api.results import assessment_of, result_of, with_results
from edudx.assessments.models import AssessmentState, Campaign, FactEntry, Participation
from edudx.frameworks.models import FrameworkVersion
from edudx.recognition.models import RecognitionDecision

router = Router(tags=["Đọc dữ liệu"])


class Page(Schema):
    cursor: str | None = None
    limit: int | None = None


class Filters(Page):
    school_year: str | None = None
    authority: str | None = None
    state: str | None = None
    education_level: str | None = None
    changed_since: dt.datetime | None = None

    @field_validator("changed_since")
    @classmethod
    def _in_utc(cls, value: dt.datetime | None) -> dt.datetime | None:
        """Any offset ISO 8601 allows is read as the instant it names, in UTC (PostgreSQL refuses
        offsets beyond ±15:59); a time without offset is Vietnam's local time."""
        if value is None:
            return None
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        try:
            return value.astimezone(dt.UTC)
        except OverflowError:
            raise ValueError("Thời điểm changed_since nằm ngoài khoảng cho phép.") from None


def _unit(u) -> dict:
    return {
        "code": u.code,
        "name": u.name,
        "kind": u.kind,
        "parent": u.parent.code if u.parent_id else None,
        "education_levels": u.education_levels,
        "ownership": u.ownership,
        "address": u.address,
        "active": u.active,
        "updated_at": u.updated_at,
    }


@router.get("/units", response=s.UnitPage, summary="Danh mục đơn vị")
def units(request, q: Query[Filters], kind: str | None = None):
    rows = visible_units(request.user).select_related("parent")
    if kind:
        rows = rows.filter(kind=kind)
    if q.authority:
        rows = rows.filter(parent__code=q.authority)
    if q.education_level:
        rows = rows.with_level(q.education_level)
    if q.changed_since:
        rows = rows.filter(updated_at__gte=q.changed_since)
    page, cursor = paginate(rows, q.cursor, q.limit)
    return {"items": [_unit(u) for u in page], "next_cursor": cursor}


def _index(v) -> dict:
    return {
        "id": v.pk,
        "code": v.code,
        "version": v.version,
        "title": v.title,
        "decision_number": v.decision_number,
        "decision_date": v.decision_date,
        "education_levels": list(v.education_levels),
        "complete": v.complete,
    }


@router.get("/indices", response=s.IndexPage, summary="Bộ chỉ số và các phiên bản")
def indices(request, q: Query[Page]):
    rows = FrameworkVersion.objects.defer("definition")
    page, cursor = paginate(rows, q.cursor, q.limit)
    return {"items": [_index(v) for v in page], "next_cursor": cursor}


@router.get("/indices/{index_id}", response=s.IndexDetail, summary="Một phiên bản bộ chỉ số")
def index_detail(request, index_id: int):
    v = get_object_or_404(FrameworkVersion, pk=index_id)
    return {**_index(v), "definition": v.definition}


def _campaigns(user):
    return Campaign.objects.visible_to(user).select_related("authority")


@router.get("/campaigns", response=s.CampaignPage, summary="Đợt đánh giá và thời hạn")
def campaigns(request, q: Query[Filters]):
    rows = _campaigns(request.user).prefetch_related("frameworks")
    if q.school_year:
        rows = rows.filter(school_year=q.school_year)
    if q.authority:
        rows = rows.filter(authority__code=q.authority)
    page, cursor = paginate(rows, q.cursor, q.limit)
    items = [
        {
            "id": c.pk,
            "authority": c.authority.code,
            "school_year": c.school_year,
            "self_assessment_due": c.self_assessment_due,
            "evaluation_due": c.evaluation_due,
            "publication_due": c.publication_due,
            "indices": [
                {"education_level": f.education_level, "index": f.version_id}
                for f in c.frameworks.all()
            ],
        }
        for c in page
    ]
    return {"items": items, "next_cursor": cursor}


def visible_participations(user):
    """Participations of the institutions in the user's scope (the pages' rule)."""
    return visible_to(user, Participation.objects.all(), path_field="institution__path")


def filtered(rows, q: Filters):
    if q.school_year:
        rows = rows.filter(campaign__school_year=q.school_year)
    if q.authority:
        rows = rows.filter(campaign__authority__code=q.authority)
    if q.state:
        if q.state == AssessmentState.DRAFT:
            rows = rows.filter(Q(assessment__isnull=True) | Q(assessment__state=q.state))
        else:
            rows = rows.filter(assessment__state=q.state)
    if q.education_level:
        rows = rows.filter(institution__levels__contains=f";{q.education_level};")
    if q.changed_since:
        fact_changed = FactEntry.objects.filter(
            assessment__participation=OuterRef("pk"), updated_at__gte=q.changed_since
        )
        rows = rows.filter(Q(assessment__updated_at__gte=q.changed_since) | Exists(fact_changed))
    return rows


def _participation(p) -> dict:
    a = assessment_of(p)
    return {
        "id": p.pk,
        "campaign": p.campaign_id,
        "school_year": p.campaign.school_year,
        "authority": p.campaign.authority.code,
        "institution": p.institution.code,
        "institution_name": p.institution.name,
        "index": p.version_id,
        "state": a.state if a else AssessmentState.DRAFT,
        "approved_at": a.approved_at if a else None,
        "submitted_at": a.submitted_at if a else None,
        "updated_at": a.updated_at if a else None,
    }


@router.get("/participations", response=s.ParticipationPage, summary="Hồ sơ và trạng thái")
def participations(request, q: Query[Filters]):
    rows = filtered(visible_participations(request.user), q).select_related(
        "campaign__authority", "institution", "assessment"
    )
    page, cursor = paginate(rows, q.cursor, q.limit)
    return {"items": [_participation(p) for p in page], "next_cursor": cursor}


@router.get("/results", response=s.ResultPage, summary="Kết quả: điểm và mức độ")
def results(request, q: Query[Filters]):
    rows = with_results(filtered(visible_participations(request.user), q))
    page, cursor = paginate(rows, q.cursor, q.limit)
    return {"items": [result_of(p) for p in page], "next_cursor": cursor}


@router.get(
    "/participations/{participation_id}/result",
    response=s.ResultOut,
    summary="Kết quả của một hồ sơ",
)
def participation_result(request, participation_id: int):
    rows = with_results(visible_participations(request.user))
    return result_of(get_object_or_404(rows, pk=participation_id))


@router.get("/recognition-decisions", response=s.DecisionPage, summary="Quyết định công nhận")
def decisions(request, q: Query[Filters]):
    mine = visible_to(request.user, RecognitionDecision.objects.all(), path_field="authority__path")
    rows = RecognitionDecision.objects.filter(
        Q(pk__in=mine.values("pk")) | Q(published_at__isnull=False)
    ).select_related("authority", "campaign")
    if q.school_year:
        rows = rows.filter(campaign__school_year=q.school_year)
    if q.authority:
        rows = rows.filter(authority__code=q.authority)
    if q.changed_since:
        rows = rows.filter(
            Q(created_at__gte=q.changed_since) | Q(published_at__gte=q.changed_since)
        )
    rows = rows.prefetch_related("results__institution", "results__assessment")
    page, cursor = paginate(rows, q.cursor, q.limit)
    items = [
        {
            "id": d.pk,
            "authority": d.authority.code,
            "school_year": d.campaign.school_year,
            "number": d.number,
            "date": d.date,
            "signer_title": d.signer_title,
            "published_at": d.published_at,
            "results": [
                {
                    "institution": r.institution.code,
                    "participation": r.assessment.participation_id,
                    "groups": [
                        {"code": g.code, "points": g.points, "level": g.level} for g in r.rows()
                    ],
                    "withdrawn": r.withdrawn,
                }
                for r in d.results.all()
            ],
        }
        for d in page
    ]
    return {"items": items, "next_cursor": cursor}
