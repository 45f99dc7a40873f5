"""A school's assessment carried through the whole year, for the documents to be made from:
TH Lê Lợi (T01) under UBND phường Lê Chân (X01), council, facts, evidence, an external evaluation
and the recognised state."""

import datetime as dt

import pytest
from django.utils import timezone

from conftest import make_user
from edudx.accounts.models import RoleAssignment
from edudx.assessments.facts import start_assessment
from edudx.assessments.models import (
    AssessmentState,
    CouncilMember,
    CriterionAssignment,
    Evidence,
    FactEntry,
)

YEAR = "2025-2026"
FACTS = {"1.1": True, "1.2": True, "2.1": True, "2.2": False, "1.4.1": 35, "1.6.1": 45.5}


@pytest.fixture
def assessment(participation, head_a, teacher):
    head_a.last_name, head_a.first_name = "Nguyễn Văn", "An"
    head_a.save()
    teacher.last_name, teacher.first_name = "Trần Thị", "Bình"
    teacher.save()
    a = start_assessment(participation)
    for code, value in FACTS.items():
        FactEntry.objects.create(assessment=a, code=code, value=value, revision=1)
    chair = CouncilMember.objects.create(
        assessment=a, user=head_a, position="chair", job_title="Hiệu trưởng"
    )
    secretary = CouncilMember.objects.create(
        assessment=a, user=teacher, position="secretary", job_title="Giáo viên tin học"
    )
    CriterionAssignment.objects.create(assessment=a, criterion="1.4", member=secretary)
    CriterionAssignment.objects.create(assessment=a, criterion="1.1", member=chair)
    Evidence.objects.create(
        assessment=a,
        institution=participation.institution,
        code="[1.4-01]",
        criteria=["1.4"],
        title="Kế hoạch tổ chức dạy học trực tuyến",
        number="12/KH-THLL",
        issued_on=dt.date(2025, 9, 15),
        issuer="Trường Tiểu học Lê Lợi",
    )
    Evidence.objects.create(
        assessment=a,
        institution=participation.institution,
        code="[1.6-01]",
        criteria=["1.6.1"],
        title="Thống kê học liệu số",
        url="https://leloi.edu.vn/hoc-lieu",
    )
    a.state = AssessmentState.APPROVED
    a.approved_at = timezone.make_aware(dt.datetime(2026, 5, 4, 9, 0))
    a.save()
    return a


@pytest.fixture
def evaluated(assessment, participation, officer_x, campaign, tree):
    """T01's final external evaluation (one item corrected); T02 evaluated too, both waiting for
    recognition."""
    from edudx.reviews.models import Evaluation, EvaluationEntry, Team, TeamAssignment, TeamMember

    officer_x.last_name, officer_x.first_name = "Lê", "Cường"
    officer_x.save()
    member = make_user("lechan.thanhvien", last_name="Phạm Thu", first_name="Hà")
    RoleAssignment.objects.create(user=member, role="evaluation_member", unit=tree["X01"])
    team = Team.objects.create(campaign=campaign, name="Đoàn số 1")
    TeamMember.objects.create(team=team, user=officer_x, role="head", job_title="Phó Chủ tịch UBND")
    TeamMember.objects.create(team=team, user=member, role="member", job_title="Chuyên viên")
    TeamAssignment.objects.create(team=team, participation=participation)
    evaluation = Evaluation.objects.create(
        assessment=assessment,
        team=team,
        visit_date=dt.date(2026, 6, 2),
        findings="Hồ sơ đầy đủ, minh chứng rõ ràng.",
        conclusions="Đoàn thống nhất đề nghị công nhận.",
        state="final",
    )
    EvaluationEntry.objects.create(
        evaluation=evaluation, code="1.4.1", value=10, comment="Số học liệu thực tế thấp hơn."
    )
    # Returned once for supplement before it was accepted (the công văn of that return).
    from edudx.reviews.models import ReturnRound, ReviewComment

    rnd = ReturnRound.objects.create(
        assessment=assessment,
        number=1,
        reason="Hồ sơ thiếu minh chứng cho tiêu chí 1.4.",
        returned_by=officer_x,
        due=dt.date(2026, 5, 20),
    )
    ReviewComment.objects.create(round=rnd, criterion="1.4", text="Bổ sung kế hoạch dạy học.")
    assessment.state = AssessmentState.EVALUATED
    assessment.save()
    other = start_assessment(campaign.participations.get(institution=tree["T02"]))
    for code, value in FACTS.items():
        FactEntry.objects.create(assessment=other, code=code, value=value, revision=1)
    TeamAssignment.objects.create(team=team, participation=other.participation)
    Evaluation.objects.create(assessment=other, team=team, state="final")
    other.state = AssessmentState.EVALUATED
    other.save()
    return evaluation


@pytest.fixture
def decision(evaluated, assessment, campaign, officer_x):
    """Decision 126/QĐ-UBND recognising T01, signed by a vice-chair."""
    from edudx.recognition.services import issue_decision

    return issue_decision(
        campaign,
        [assessment],
        number="126/QĐ-UBND",
        date=dt.date(2026, 6, 15),
        signer_name="Hoàng Minh Đức",
        signer_title="Phó Chủ tịch",
        by=officer_x,
    )
