"""The shapes the API answers, as the OpenAPI document describes them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None
    education_levels: list[str]
    ownership: str
    address: str
    active: bool
    updated_at: dt.datetime


class IndexOut(Schema):
    id: int
    code: str
    version: str
    title: str
    decision_number: str
    decision_date: dt.date
    education_levels: list[str]
    complete: bool


class IndexDetail(IndexOut):
    definition: dict[str, Any]


class CampaignLevel(Schema):
    education_level: str
    index: int


class CampaignOut(Schema):
    id: int
    authority: str
    school_year: str
    self_assessment_due: dt.date
    evaluation_due: dt.date
    publication_due: dt.date
    indices: list[CampaignLevel]


class ParticipationOut(Schema):
    id: int
    campaign: int
    school_year: str
    authority: str
    institution: str
    institution_name: str
    index: int
    state: str
    approved_at: dt.datetime | None
    submitted_at: dt.datetime | None
    updated_at: dt.datetime | None


class GroupPoints(Schema):
    code: str
    points: float | None
    level: int | None


class CriterionPoints(Schema):
    code: str
    points: float
    level: int | None
    met: bool | None


class ItemPoints(Schema):
    code: str
    fact: Any = None
    points: float
    suggested: float


class EngineResult(Schema):
    groups: list[GroupPoints]
    criteria: list[CriterionPoints]
    items: list[ItemPoints]


class ExternalResult(EngineResult):
    state: str


class RecognisedOut(Schema):
    decision: int
    decision_number: str
    decision_date: dt.date
    groups: list[GroupPoints]


class ResultOut(Schema):
    participation: int
    institution: str
    state: str
    self_assessed: EngineResult
    external: ExternalResult | None
    recognised: RecognisedOut | None


class DecisionResult(Schema):
    institution: str
    participation: int
    groups: list[GroupPoints]
    withdrawn: bool


class DecisionOut(Schema):
    id: int
    authority: str
    school_year: str
    number: str
    date: dt.date
    signer_title: str
    published_at: dt.datetime | None
    results: list[DecisionResult]


class FactOut(Schema):
    code: str
    value: Any = None
    awarded: float | None
    reason: str
    details: dict[str, Any]
    revision: int


def page_of(item):
    """A page of `item`: the rows and the cursor of the next page (None on the last)."""
    return type(
        f"{item.__name__}Page",
        (Schema,),
        {"__annotations__": {"items": list[item], "next_cursor": str | None}},
    )


UnitPage = page_of(UnitOut)
IndexPage = page_of(IndexOut)
CampaignPage = page_of(CampaignOut)
ParticipationPage = page_of(ParticipationOut)
ResultPage = page_of(ResultOut)
DecisionPage = page_of(DecisionOut)
