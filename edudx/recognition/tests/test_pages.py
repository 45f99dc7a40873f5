"""The officer's recognition pages and the public pages, as people see them."""

import datetime as dt

import pytest

from edudx.assessments.models import AssessmentState as S
from edudx.recognition.models import RecognitionDecision
from edudx.recognition.services import issue_decision, publish_decision, reopen_recognition
from edudx.recognition.tests.conftest import DECISION

pytestmark = pytest.mark.django_db


def recognise(campaign, assessments, by, **extra):
    return issue_decision(
        campaign, assessments, **{**DECISION, "date": dt.date(2026, 6, 1), **extra}, by=by
    )


def test_recognition_page_lists_evaluated_institutions_with_their_external_levels(
    client, campaign, make_assessment, officer_x
):
    make_assessment("T01")
    make_assessment("T02", state=S.UNDER_REVIEW)
    client.force_login(officer_x)
    page = client.get(f"/dot-danh-gia/{campaign.pk}/cong-nhan/").content.decode()
    assert "Trường Tiểu học Lê Lợi" in page
    assert "Ngô Quyền" not in page  # not evaluated yet
    assert "Chuyển đổi số trong dạy, học" in page


def test_a_refused_decision_keeps_what_was_typed(client, campaign, make_assessment, officer_x):
    t01 = make_assessment("T01")
    recognise(campaign, [make_assessment("T02")], officer_x)  # takes number 125/QĐ-UBND
    client.force_login(officer_x)
    response = client.post(
        f"/dot-danh-gia/{campaign.pk}/cong-nhan/",
        {"assessments": [t01.pk], **DECISION, "date": "01/06/2026", "confirmed": "1"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "đã có quyết định số 125/QĐ-UBND" in page
    assert 'value="Nguyễn Văn Bình"' in page
    assert f'value="{t01.pk}" id="a-{t01.pk}" checked' in page
    t01.refresh_from_db()
    assert t01.state == S.EVALUATED


def test_officer_issues_the_decision_from_the_page(client, campaign, make_assessment, officer_x):
    t01 = make_assessment("T01")
    client.force_login(officer_x)
    response = client.post(
        f"/dot-danh-gia/{campaign.pk}/cong-nhan/",
        {"assessments": [t01.pk], **DECISION, "date": "01/06/2026", "confirmed": "1"},
    )
    decision = RecognitionDecision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/quyet-dinh-cong-nhan/{decision.pk}/"
    assert decision.date == dt.date(2026, 6, 1)
    page = client.get(response["Location"]).content.decode()
    assert "Trường Tiểu học Lê Lợi" in page
    assert f"/quyet-dinh-cong-nhan/{decision.pk}/cong-bo/" in page  # the publish button


def test_public_pages_show_only_published_results(
    client, campaign, make_assessment, officer_x, tree
):
    t01, t02 = make_assessment("T01"), make_assessment("T02")
    decision = recognise(campaign, [t01, t02], officer_x)
    assert "Lê Lợi" not in client.get("/cong-khai/X01/").content.decode()
    assert "125/QĐ-UBND" not in client.get("/cong-khai/co-so/T01/").content.decode()
    reopen_recognition(decision.results.get(assessment=t02), by=officer_x, reason="Xem lại")
    publish_decision(decision, by=officer_x)
    page = client.get("/cong-khai/X01/").content.decode()
    assert "Trường Tiểu học Lê Lợi" in page and "125/QĐ-UBND" in page
    assert "Ngô Quyền" not in page  # reopened: no longer recognised
    school = client.get("/cong-khai/co-so/T01/").content.decode()
    assert "2025-2026" in school and "125/QĐ-UBND" in school and "01/06/2026" in school
    assert "Chưa đáp ứng" in school  # the level name, as the decision words it
    assert "http://testserver/cong-khai/co-so/T01/" in school  # the stable link to copy


def test_public_authority_page_filters_by_school_year_latest_first(
    client, campaign, make_assessment, officer_x, tree, bundled_frameworks
):
    from edudx.assessments.campaigns import default_deadlines, open_campaign
    from edudx.assessments.facts import start_assessment

    publish_decision(recognise(campaign, [make_assessment("T01")], officer_x), by=officer_x)
    older = open_campaign(
        authority=tree["X01"],
        school_year="2024-2025",
        versions={"primary": bundled_frameworks["4725"]},
        deadlines=default_deadlines("2024-2025"),
    ).campaign
    participation = older.participations.get(institution=tree["T02"])
    from edudx.reviews.models import Evaluation

    old = start_assessment(participation)
    old.state = S.EVALUATED
    old.save()
    Evaluation.objects.create(assessment=old, state="final")
    publish_decision(recognise(older, [old], officer_x, number="50/QĐ-UBND"), by=officer_x)
    latest = client.get("/cong-khai/X01/").content.decode()
    assert "Lê Lợi" in latest and "Ngô Quyền" not in latest
    earlier = client.get("/cong-khai/X01/?nam-hoc=2024-2025").content.decode()
    assert "Ngô Quyền" in earlier and "Lê Lợi" not in earlier


def test_campaign_links_partial_offers_recognition_only_to_the_authority(
    rf, campaign, officer_x, head_a
):
    from django.template.loader import render_to_string

    def links(user):
        request = rf.get("/")
        request.user = user
        return render_to_string(
            "recognition/_campaign_links.html", {"campaign": campaign}, request=request
        )

    assert f"/dot-danh-gia/{campaign.pk}/cong-nhan/" in links(officer_x)
    html = links(head_a)
    assert "cong-nhan" not in html and "/tong-hop/" not in html
    assert "/cong-khai/X01/?nam-hoc=2025-2026" in html
