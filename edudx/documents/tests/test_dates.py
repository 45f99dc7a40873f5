"""One rule for the date line of every document: the day of the act it records, or — a draft,
whose act has no day yet — today's year with day and month blank for the clerk. Never another
year: on 3 December 2026 drafts of school year 2026-2027 printed "năm 2027"."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from edudx.documents import common, registry
from edudx.documents.tests.textual import docx_text, flat, pdf_text

ACT_YEARS = {2026}  # the fixtures' approval, visit and decisions; the campaign is set below
DATED = re.compile(r"ngày (\d{2}) tháng (\d{1,2}) năm (\d{4})")
BLANK = re.compile(r"ngày … tháng … năm (\S+)")


def _pin_clock(monkeypatch, day: dt.date) -> None:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(23, 30)))
    monkeypatch.setattr(timezone, "now", lambda: moment)


@pytest.mark.parametrize("file_format", ["docx", "pdf"])
@pytest.mark.parametrize(
    "today", [dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2027, 1, 1)], ids=str
)
def test_every_date_line_is_the_acts_or_todays_year(
    today, file_format, monkeypatch, evaluated, decision, participation, campaign
):
    type(campaign).objects.filter(pk=campaign.pk).update(
        created_at=timezone.make_aware(dt.datetime(2026, 3, 2, 8, 0))
    )
    _pin_clock(monkeypatch, today)
    objects = {
        registry.ASSESSMENT: participation,
        registry.CAMPAIGN: type(campaign).objects.get(pk=campaign.pk),
        registry.DECISION: decision,
    }
    drafts = 0
    for code, kind in registry.KINDS.items():
        _, _, data = registry.render_document(kind, objects[kind.scope], file_format)
        text = flat(docx_text(data) if file_format == "docx" else pdf_text(data))
        assert DATED.search(text) or BLANK.search(text), code
        for _day, _month, year in DATED.findall(text):
            assert int(year) in ACT_YEARS, (code, year)
        for year in BLANK.findall(text):
            assert year == str(today.year), (code, year)
            drafts += 1
    assert drafts  # some document of the fixtures is still a draft


def test_a_draft_carries_the_local_year_at_midnight(monkeypatch, settings):
    """The year is the local one: 00:30 on 1 January in Vietnam is still 31 December in UTC."""
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    utc_moment = dt.datetime(2026, 12, 31, 17, 30, tzinfo=dt.UTC)  # 00:30 on 1 January locally
    monkeypatch.setattr(timezone, "now", lambda: utc_moment)
    assert common.date_line("Lê Chân", None) == "Lê Chân, ngày … tháng … năm 2027"
    assert common.local_day(utc_moment) == dt.date(2027, 1, 1)
