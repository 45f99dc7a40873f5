"""What one autosave costs in queries: a fixed number, pinned so that a change that adds one (a
relation read again, a lookup per item) fails here rather than in the load benchmark."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edudx.assessments.models import FactEntry, SelfAssessment
from edudx.core.models import AuditRecord

pytestmark = pytest.mark.django_db

#: session, user, participation (with its campaign, institution and index), the user's roles;
#: the lock on the assessment, its facts read once (locked: the fact checked, then the standing
#: and the answer), the fact's update, the evidence and last year's recognised levels (standing),
#: the stored standing; the audit record (stream head locked, record, head — the last two in one
#: statement on PostgreSQL). Was 22 (24 on PostgreSQL with BEGIN and COMMIT) before issue 15's
#: profiling.
SAVE_QUERIES = 13 if connection.vendor != "postgresql" else 12


def statements(ctx) -> list[str]:
    """The statements sent, without transaction control (BEGIN, SAVEPOINT…), which differs
    between SQLite in a test and PostgreSQL in production."""
    skip = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].upper().startswith(skip)]


def save(client, participation, value, revision):
    return client.post(
        f"/tu-danh-gia/{participation.pk}/muc/1.4.1/",
        {"value": str(value), "revision": str(revision)},
        HTTP_HX_REQUEST="true",
    )


def test_an_autosave_costs_a_fixed_number_of_queries(client, teacher, participation):
    client.force_login(teacher)
    save(client, participation, 10, 0)  # the assessment's row exists from now on
    with CaptureQueriesContext(connection) as ctx:
        html = save(client, participation, 11, 1).content.decode()
    assert 'id="item-1.4.1"' in html and 'name="revision" value="2"' in html
    assert len(statements(ctx)) == SAVE_QUERIES, "\n".join(statements(ctx))


def test_the_fast_save_keeps_the_rules(client, teacher, participation):
    """Read once, the facts still give the standing and the answer; the record is written; a
    stale revision is still refused."""
    client.force_login(teacher)
    save(client, participation, 35, 0)
    assessment = SelfAssessment.objects.get(participation=participation)
    assert assessment.points > 0
    assert AuditRecord.objects.filter(action="assessment.fact", note="1.4.1").count() == 1
    refused = save(client, participation, 36, 0).content.decode()
    assert 'class="field-error"' in refused
    assert FactEntry.objects.get(code="1.4.1").value == 35


def test_an_autosave_sends_the_headline_level_again(client, teacher, participation):
    """The answer replaces the headline line out of band: it must carry the level, not blank it."""
    campaign = participation.campaign
    campaign.headline_rule = "lowest_group"
    campaign.save(update_fields=["headline_rule"])
    client.force_login(teacher)
    html = save(client, participation, 35, 0).content.decode()
    assert '<div id="headline" hx-swap-oob="true"><p class="headline">' in html


#: session, user, participation (with campaign, authority, institution, index, assessment), the
#: user's roles; facts and evidence (read once for the result, the evidence by criterion, the
#: approval problems and the copy from last year), last year's file, the guidance (the
#: authority's chain, in one query, and its rows), the supplement deadline, the menu's questions
#: (a team sat on, unread notifications; an area overseen is answered from the roles), the review
#: round and its comments. The documents are listed when scrolled to (their own request). Was 21
#: before issue 15's second profiling, 15 before the chain was read in one query, 14 before the
#: menu's area came from the roles.
OPEN_QUERIES = 13


def test_opening_the_form_costs_a_fixed_number_of_queries(client, teacher, participation):
    """However many items are answered: one query per kind of thing, none per item."""
    client.force_login(teacher)
    save(client, participation, 10, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/tu-danh-gia/{participation.pk}/").status_code == 200
    assessment = SelfAssessment.objects.get(participation=participation)
    for code, value in (("1.1", True), ("1.2", True), ("2.1", True), ("1.3.1", True)):
        FactEntry.objects.create(assessment=assessment, code=code, value=value, revision=1)
    with CaptureQueriesContext(connection) as many:
        assert client.get(f"/tu-danh-gia/{participation.pk}/").status_code == 200
    assert len(statements(few)) == len(statements(many)) == OPEN_QUERIES, "\n".join(
        statements(many)
    )


def last_year(tree, bundled_frameworks, facts: dict, recognised_levels: dict | None = None):
    """T01's file of 2024-2025 with `facts`, recognised with `recognised_levels` by decision when
    given (else it stayed a self-assessment)."""
    import datetime as dt

    from edudx.assessments.campaigns import default_deadlines, open_campaign
    from edudx.assessments.facts import start_assessment
    from edudx.recognition.models import RecognisedResult, RecognitionDecision

    v = bundled_frameworks["4725"]
    campaign = open_campaign(
        authority=tree["X01"],
        school_year="2024-2025",
        versions={"primary": v, "lower_secondary": v},
        deadlines=default_deadlines("2024-2025"),
    ).campaign
    assessment = start_assessment(campaign.participations.get(institution=tree["T01"]))
    FactEntry.objects.bulk_create(
        FactEntry(assessment=assessment, code=c, value=val) for c, val in facts.items()
    )
    if recognised_levels is not None:
        decision = RecognitionDecision.objects.create(
            campaign=campaign,
            authority=campaign.authority,
            number="1/QĐ-UBND",
            date=dt.date(2025, 6, 25),
            signer_name="Nguyễn Văn Ký",
            signer_title="Chủ tịch",
        )
        RecognisedResult.objects.create(
            decision=decision,
            assessment=assessment,
            institution=tree["T01"],
            framework_code="4725",
            framework_version="1",
            levels=recognised_levels,
            points={},
        )


@pytest.mark.parametrize("recognised", [None, {"1": 1, "2": 1}])
def test_an_autosave_after_a_schools_first_year_costs_the_same(
    client, teacher, participation, tree, bundled_frameworks, recognised
):
    """Last year's file is read for the stored flags only as far as they use it (the levels
    recognised by decision): neither last year's facts nor its scoring, on every save."""
    last_year(tree, bundled_frameworks, {"1.1": True, "1.2": True, "1.4.1": 3}, recognised)
    client.force_login(teacher)
    save(client, participation, 10, 0)
    with CaptureQueriesContext(connection) as ctx:
        save(client, participation, 11, 1)
    assert len(statements(ctx)) == SAVE_QUERIES, "\n".join(statements(ctx))


def test_an_autosave_stores_a_rise_over_last_years_recognised_level(
    client, teacher, participation, tree, bundled_frameworks
):
    """The flag the queue filters on ("a group rose a level") is stored by the save itself, from
    last year's decision; a last year that was only self-assessed raises none."""
    from edudx.assessments.facts import start_assessment

    last_year(tree, bundled_frameworks, {"1.1": True}, {"1": 1, "2": 1})
    strong = {
        "1.1": True, "1.2": True, "1.3.1": True, "1.3.2": True, "1.3.3": True, "1.3.4": True,
        "1.3.5": True, "1.5.1": True, "1.5.2": True, "1.6.1": 100, "1.6.2": 100, "1.6.3": 100,
        "1.7.1": 100, "1.7.2": 3, "1.7.3": True, "2.1": True, "2.2": True,
    }  # fmt: skip
    assessment = start_assessment(participation)
    FactEntry.objects.bulk_create(
        FactEntry(assessment=assessment, code=c, value=v) for c, v in strong.items()
    )
    client.force_login(teacher)
    save(client, participation, 500, 0)
    assessment.refresh_from_db()
    assert ",jump," in assessment.flags
    from edudx.recognition.models import RecognisedResult

    RecognisedResult.objects.update(withdrawn_at="2025-07-01T00:00:00Z")  # reopened last year
    save(client, participation, 501, 1)
    assessment.refresh_from_db()
    assert ",jump," not in assessment.flags


def test_a_save_refused_before_the_lock_still_shows_what_is_stored(client, teacher, participation):
    """The answer to a save is built from the row `save_fact` locked; a save refused before that
    (a broken revision field) reads the file, so the item still shows the stored value and the
    form stays editable."""
    client.force_login(teacher)
    save(client, participation, 35, 0)
    html = client.post(
        f"/tu-danh-gia/{participation.pk}/muc/1.4.1/",
        {"value": "36", "revision": "x"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Biểu mẫu không hợp lệ; hãy tải lại trang." in html
    assert 'name="revision" value="1"' in html  # the stored fact's revision, not a blank item
    assert "disabled" not in html.split('id="item-1.4.1"')[1].split("</form>")[0]
    assert FactEntry.objects.get(code="1.4.1").value == 35
