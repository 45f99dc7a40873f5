"""Return for supplement with comments per criterion; the institution sees them, fixes and
resubmits; the reviewer sees exactly what changed since the return."""

import pytest

from edudx.assessments.errors import AssessmentError
from edudx.assessments.facts import assessment_result
from edudx.assessments.models import AssessmentState as S
from edudx.assessments.models import Evidence
from edudx.core.models import AuditRecord
from edudx.reviews import changes, rounds, services
from edudx.reviews.tests.conftest import fill, no_guard, submit

pytestmark = pytest.mark.django_db


def test_return_keeps_the_reason_the_comments_and_a_snapshot(submitted, officer_x):
    rnd = services.return_for_supplement(
        submitted,
        by=officer_x,
        reason="Hồ sơ chưa đủ",
        comments={"1.3": "Ghi tên phần mềm dạy học trực tuyến", "2.4": "", "1.4": "Thiếu link"},
    )
    submitted.refresh_from_db()
    assert submitted.state == S.RETURNED
    assert rnd.number == 1 and rnd.reason == "Hồ sơ chưa đủ"
    assert rnd.snapshot["facts"]["1.4.1"]["value"] == 12
    comments = rounds.open_comments(submitted)
    assert list(comments) == ["1.3", "1.4"]
    assert comments["1.3"][0].text == "Ghi tên phần mềm dạy học trực tuyến"
    assert AuditRecord.objects.filter(action="assessment.return", note="Hồ sơ chưa đủ").exists()
    assert AuditRecord.objects.filter(action="review.return").exists()


def test_unknown_criterion_is_refused_and_nothing_changes(submitted, officer_x):
    with pytest.raises(services.ReviewError, match=r"9\.9"):
        services.return_for_supplement(
            submitted, by=officer_x, reason="x", comments={"9.9": "không có"}
        )
    submitted.refresh_from_db()
    assert submitted.state == S.SUBMITTED
    assert not submitted.return_rounds.exists()


def test_reviewer_sees_exactly_what_changed_since_the_return(submitted, officer_x, head_a):
    services.return_for_supplement(
        submitted, by=officer_x, reason="Bổ sung", comments={"1.3": "Ghi tên phần mềm"}
    )
    # The institution fixes 1.3.1 and 1.4.1 and adds evidence, then resubmits.
    fill(submitted, {"1.3.1": True, "1.4.1": 40}, head_a)
    Evidence.objects.create(
        assessment=submitted,
        institution=submitted.participation.institution,
        code="[1.3-01]",
        criteria=["1.3"],
        title="Kế hoạch triển khai LMS",
    )
    submit(submitted, head_a)
    assert submitted.state == S.SUBMITTED
    diff = changes.changes_since_return(submitted)
    changed = {f.code: f for f in diff.facts}
    assert set(changed) == {"1.3.1", "1.4.1"}  # the untouched facts are not listed
    assert (changed["1.3.1"].before, changed["1.3.1"].after) == ("Không", "Có")
    assert changed["1.3.1"].points_before == 0 and changed["1.3.1"].points_after == 6
    assert (changed["1.4.1"].before, changed["1.4.1"].after) == ("12", "40")
    assert [c[0] for c in diff.criteria] == ["1.3", "1.4"]
    assert [g[0] for g in diff.groups] == ["1"]
    assert [e["code"] for e in diff.evidence_added] == ["[1.3-01]"]
    assert not diff.evidence_removed and not diff.empty


def test_the_review_page_shows_the_diff_after_resubmission(client, submitted, officer_x, head_a):
    services.return_for_supplement(
        submitted, by=officer_x, reason="Bổ sung", comments={"1.3": "Ghi tên phần mềm"}
    )
    fill(submitted, {"1.3.1": True}, head_a)
    submit(submitted, head_a)
    client.force_login(officer_x)
    page = client.get(f"/tham-dinh/ho-so/{submitted.participation.pk}/").content.decode()
    assert 'id="diff"' in page and 'data-code="1.3.1"' in page
    assert 'data-code="1.4.1"' not in page
    assert "Ghi tên phần mềm" in page


def test_a_second_return_is_compared_with_itself(submitted, officer_x, head_a):
    services.return_for_supplement(submitted, by=officer_x, reason="1", comments={"1.3": "a"})
    fill(submitted, {"1.3.1": True}, head_a)
    submit(submitted, head_a)
    services.accept(submitted, by=officer_x)
    rnd = services.return_for_supplement(submitted, by=officer_x, reason="2", comments={"1.4": "b"})
    assert rnd.number == 2
    assert list(rounds.open_comments(submitted)) == ["1.4"]
    assert changes.changes_since_return(submitted).empty
    assert assessment_result(submitted).items["1.3.1"].points == 6


def test_comments_close_once_the_file_is_accepted_again(submitted, officer_x, head_a):
    services.return_for_supplement(submitted, by=officer_x, reason="1", comments={"1.3": "a"})
    submit(submitted, head_a)
    assert list(rounds.open_comments(submitted)) == ["1.3"]  # resubmitted, not yet accepted
    services.accept(submitted, by=officer_x)
    assert rounds.open_comments(submitted) == {}


def test_a_returned_file_may_be_resubmitted_after_the_campaigns_date(submitted, officer_x, head_a):
    """Returns come after the self-assessment date; returned three days before the evaluation
    deadline (20/06), the school answers until then (the default, nearer than a week), not later."""
    import datetime as dt

    from edudx.assessments import transitions, workflow

    services.return_for_supplement(
        submitted,
        by=officer_x,
        reason="Bổ sung",
        comments={"1.3": "Ghi tên phần mềm"},
        today=dt.date(2026, 6, 17),
    )
    # approved as the fixture's other files are (its facts are not a complete file)
    transitions.transition(submitted, "approve", by=head_a, check=no_guard)
    with pytest.raises(AssessmentError, match="20/06/2026"):
        workflow.change_state(submitted, "submit", by=head_a, today=dt.date(2026, 6, 21))
    workflow.change_state(submitted, "submit", by=head_a, today=dt.date(2026, 6, 10))
    assert submitted.state == S.SUBMITTED
