"""Rule 3 of issue 12: reading never writes. No GET creates or changes a row
(`edudx/core/readonly.py`); a self-assessment appears with the first saved answer. The counting
rule that goes with it: "Chưa bắt đầu" (nothing saved) and "Bản nháp" are told apart the same
way everywhere (`edudx/assessments/progress.py`)."""

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from edudx.assessments.facts import assessment_for, save_fact, start_assessment
from edudx.assessments.models import AssessmentState, Participation, SelfAssessment
from edudx.assessments.progress import NOT_STARTED, progress_of, with_progress
from edudx.core.readonly import ReadingNeverWritesMiddleware, ReadingWrites
from edudx.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _writer(request):
    Notification.objects.create(user_id=request.user_id, kind="returned", title="x")
    return HttpResponse("ok")


def test_a_get_that_writes_is_stopped_and_nothing_is_kept(head_a):
    request = RequestFactory().get("/")
    request.user_id = head_a.pk
    with pytest.raises(ReadingWrites), transaction.atomic():
        ReadingNeverWritesMiddleware(_writer)(request)
    assert not Notification.objects.exists()


def test_a_post_may_write(head_a):
    request = RequestFactory().post("/")
    request.user_id = head_a.pk
    assert ReadingNeverWritesMiddleware(_writer)(request).status_code == 200
    assert Notification.objects.count() == 1


@pytest.mark.parametrize(
    "page",
    [
        "/tu-danh-gia/{p}/",
        "/tu-danh-gia/{p}/minh-chung/",
        "/tu-danh-gia/{p}/lich-su/",
        "/tu-danh-gia/{p}/hoi-dong/",
        "/van-ban/tu-danh-gia/{p}/",
        "/van-ban/tu-danh-gia/{p}/bao-cao/",
        "/bang-tinh/tu-danh-gia/{p}/tai-ve/",
    ],
)
def test_opening_a_page_of_a_school_that_saved_nothing_creates_no_assessment(
    client, participation, head_a, page
):
    client.force_login(head_a)
    response = client.get(page.format(p=participation.pk))
    assert response.status_code == 200
    assert not SelfAssessment.objects.exists()


def test_the_authority_reading_the_file_creates_nothing(client, participation, officer_x):
    client.force_login(officer_x)
    assert client.get(f"/tham-dinh/ho-so/{participation.pk}/").status_code == 200
    assert not SelfAssessment.objects.exists()


def test_the_assessment_appears_with_the_first_saved_answer(participation, teacher):
    blank = assessment_for(participation)
    assert blank.is_blank and not SelfAssessment.objects.exists()
    save_fact(blank, "1.4.1", 12, revision=0, by=teacher)
    assert SelfAssessment.objects.get().facts.get().value == 12
    assert not blank.is_blank


def test_not_started_and_draft_are_told_apart_the_same_way_one_by_one_and_in_bulk(
    campaign, tree, teacher
):
    t01 = campaign.participations.get(institution=tree["T01"])
    t02 = campaign.participations.get(institution=tree["T02"])
    start_assessment(t02)  # a draft row (e.g. a council formed) but no answer: not started
    expected = {t01.pk: NOT_STARTED, t02.pk: NOT_STARTED}
    bulk = dict(
        with_progress(Participation.objects.filter(campaign=campaign)).values_list("pk", "progress")
    )
    assert {pk: bulk[pk] for pk in expected} == expected
    save_fact(assessment_for(t02), "1.4.1", 3, revision=0, by=teacher)
    bulk = dict(
        with_progress(Participation.objects.filter(campaign=campaign)).values_list("pk", "progress")
    )
    assert bulk[t02.pk] == AssessmentState.DRAFT == progress_of(assessment_for(t02))
    assert progress_of(assessment_for(t01)) == NOT_STARTED == bulk[t01.pk]
