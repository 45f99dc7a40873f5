"""The review queue: counts per state, last year's levels, flags, filters — and a number of
queries that does not grow with the number of institutions."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edudx.assessments.campaigns import default_deadlines, open_campaign
from edudx.assessments.facts import start_assessment
from edudx.assessments.models import AssessmentState as S
from edudx.assessments.models import Evidence, FactEntry
from edudx.organizations.models import UnitKind
from edudx.organizations.services import create_unit
from edudx.reviews import queue

pytestmark = pytest.mark.django_db

STRONG = {
    "1.1": True, "1.2": True, "1.3.1": True, "1.3.2": True, "1.3.3": True, "1.3.4": True,
    "1.3.5": True, "1.4.1": 500, "1.5.1": True, "1.5.2": True, "1.6.1": 100, "1.6.2": 100,
    "1.6.3": 100, "1.7.1": 100, "1.7.2": 3, "1.7.3": True, "2.1": True, "2.2": True,
}  # fmt: skip


def open_year(tree, v, year, units):
    return open_campaign(
        authority=tree["X01"],
        school_year=year,
        versions={"primary": v, "lower_secondary": v},
        deadlines=default_deadlines(year),
        institutions=units,
    ).campaign


def schools(tree, n):
    return [
        create_unit(
            code=f"TX{i:03}",
            name=f"Trường Tiểu học số {i}",
            kind=UnitKind.INSTITUTION,
            parent=tree["X01"],
            education_levels=["primary"],
        )
        for i in range(n)
    ]


def recognise(campaign, levels, institutions=None):
    """Last year's decision recognising `levels` for the campaign's institutions (all, or those
    whose codes are given): what the flags compare against."""
    from edudx.recognition.models import RecognisedResult, RecognitionDecision

    decision = RecognitionDecision.objects.create(
        campaign=campaign,
        authority=campaign.authority,
        number=f"{campaign.pk}/QĐ-UBND",
        date=dt.date(2025, 6, 25),
        signer_name="Nguyễn Văn Ký",
        signer_title="Chủ tịch",
    )
    for p in campaign.participations.select_related("institution", "assessment"):
        if institutions is None or p.institution.code in institutions:
            RecognisedResult.objects.create(
                decision=decision,
                assessment=p.assessment,
                institution=p.institution,
                framework_code="4725",
                framework_version="1",
                levels=levels,
                points={},
            )


def facts_for(campaign, facts, state=S.SUBMITTED):
    rows = []
    for p in campaign.participations.all():
        a = start_assessment(p)
        a.state = state
        a.save()
        rows += [FactEntry(assessment=a, code=c, value=v) for c, v in facts.items()]
    FactEntry.objects.bulk_create(rows)


@pytest.mark.parametrize("n", [3, 25])
def test_queue_query_count_does_not_grow_with_institutions(
    n, client, tree, bundled_frameworks, officer_x, django_assert_max_num_queries
):
    v = bundled_frameworks["4725"]
    units = schools(tree, n)
    last = open_year(tree, v, "2024-2025", units)
    facts_for(last, {"1.1": True})
    recognise(last, {"1": 1, "2": 1})
    campaign = open_year(tree, v, "2025-2026", units)
    facts_for(campaign, STRONG)
    client.force_login(officer_x)
    # The page chosen by the database (count, ids, counts per state, teams) and its rows built.
    with django_assert_max_num_queries(19):
        response = client.get(f"/tham-dinh/dot/{campaign.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count('data-flag="jump"') == n


def test_queue_queries_are_the_same_for_few_and_many(tree, bundled_frameworks):
    v = bundled_frameworks["4725"]
    counts = []
    for i, n in enumerate((2, 12)):
        units = [
            create_unit(
                code=f"Q{i}{k:02}",
                name=f"Trường {i}-{k}",
                kind=UnitKind.INSTITUTION,
                parent=tree["X01"],
                education_levels=["primary"],
            )
            for k in range(n)
        ]
        prev = open_year(tree, v, f"{2020 + 2 * i}-{2021 + 2 * i}", units)
        facts_for(prev, {"1.1": True})
        recognise(prev, {"1": 1, "2": 1}, [u.code for u in units[: n // 2]])
        campaign = open_year(tree, v, f"{2021 + 2 * i}-{2022 + 2 * i}", units)
        facts_for(campaign, STRONG)
        with CaptureQueriesContext(connection) as ctx:
            rows = queue.build_queue(campaign, dt.date(2022, 1, 1))
        assert len(rows) == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_flags_and_last_year(tree, bundled_frameworks):
    v = bundled_frameworks["4725"]
    prev = open_year(tree, v, "2024-2025", [tree["T01"], tree["T02"]])
    facts_for(prev, {"1.1": True, "1.2": True})
    recognise(prev, {"1": 1, "2": 1}, ["T01"])  # T02's last year stayed a self-assessment
    campaign = open_year(tree, v, "2025-2026", [tree["T01"], tree["T02"]])
    t01 = campaign.participations.get(institution=tree["T01"])
    t02 = campaign.participations.get(institution=tree["T02"])
    a1 = start_assessment(t01)
    FactEntry.objects.bulk_create(
        [FactEntry(assessment=a1, code=c, value=val) for c, val in STRONG.items()]
        + [FactEntry(assessment=a1, code="2.3.2", value=True)]
    )
    FactEntry.objects.filter(assessment=a1, code="1.6.1").update(details={"part": 30, "whole": 30})
    FactEntry.objects.filter(assessment=a1, code="1.6.2").update(details={"part": 28, "whole": 28})
    Evidence.objects.create(
        assessment=a1, institution=tree["T01"], code="[1.3-01]", criteria=["1.3"], title="LMS"
    )
    a1.state = S.SUBMITTED
    a1.save()
    a2 = start_assessment(t02)
    FactEntry.objects.create(assessment=a2, code="1.1", value=False)
    rows = {r.institution.code: r for r in queue.build_queue(campaign, dt.date(2026, 6, 1))}
    r1, r2 = rows["T01"], rows["T02"]
    assert r1.groups[0].last_level == 1 and r1.groups[0].level == 3
    assert r1.groups[0].last_recognised and not r2.groups[0].last_recognised
    assert r2.groups[0].last_level is not None  # shown, labelled as a self-assessment
    assert "jump" in r1.flags
    assert "overdue" not in r1.flags and "overdue" in r2.flags  # T02 still a draft after 31/5
    assert "mandatory" in r2.flags and "1.1" in r2.flags["mandatory"]
    assert "evidence" in r1.flags and "1.3" not in r1.flags["evidence"].split(", ")
    assert "1.4" in r1.flags["evidence"] and "2.3" in r1.flags["evidence"]
    assert "registry" in r1.flags and "1.6" in r1.flags["registry"]
    counts = {code: n for code, _label, n in queue.state_counts(list(rows.values()))}
    assert counts["submitted"] == 1 and counts["draft"] == 1
    assert [r.institution.code for r in queue.filtered(list(rows.values()), flag="jump")] == ["T01"]
    assert [r.institution.code for r in queue.filtered(list(rows.values()), q="ngo quyen")] == [
        "T02"
    ]
    assert queue.filtered(list(rows.values()), sort="points")[0].institution.code == "T01"


def test_queue_filters_with_htmx_answer_only_the_rows(client, submitted, officer_x, tree):
    client.force_login(officer_x)
    url = f"/tham-dinh/dot/{submitted.participation.campaign_id}/"
    response = client.get(url, {"state": "submitted"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.startswith('<section id="queue-rows">')
    assert "Trường Tiểu học Lê Lợi" in body and "Ngô Quyền" not in body
    page = client.get(url, {"q": "T02"}).content.decode()
    assert "Ngô Quyền" in page and "Lê Lợi</a>" not in page


def test_registry_flag_for_a_unit_the_registry_no_longer_lists_as_active(
    submitted, tree, officer_x
):
    from edudx.organizations.models import Unit

    Unit.objects.filter(pk=tree["T01"].pk).update(active=False)
    rows = queue.build_queue(submitted.participation.campaign, dt.date(2026, 1, 1))
    flagged = {r.institution.code: r.flags.get("registry", "") for r in rows}
    assert "ngừng hoạt động" in flagged["T01"] and flagged["T02"] == ""


def test_an_unrecognised_last_year_is_labelled_and_raises_no_flag(
    client, tree, bundled_frameworks, officer_x
):
    v = bundled_frameworks["4725"]
    units = schools(tree, 2)
    facts_for(open_year(tree, v, "2024-2025", units), {"1.1": True})  # never recognised
    campaign = open_year(tree, v, "2025-2026", units)
    facts_for(campaign, STRONG)
    client.force_login(officer_x)
    page = client.get(f"/tham-dinh/dot/{campaign.pk}/").content.decode()
    assert 'data-flag="jump"' not in page
    assert page.count("tự đánh giá, chưa được công nhận") >= 2
