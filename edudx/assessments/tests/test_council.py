"""The self-assessment council: members and positions, criteria assigned to members, progress,
each member's own criteria — services (with their refusals and audit), pages and who may do what."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext, override

from conftest import make_assigned_user
from edudx.assessments import council, workflow
from edudx.assessments.facts import save_fact, start_assessment
from edudx.assessments.models import (
    AssessmentState,
    CouncilMember,
    CouncilPosition,
    CriterionAssignment,
)
from edudx.core.models import AuditRecord

pytestmark = pytest.mark.django_db

CHAIR, VICE, SECRETARY, MEMBER = (
    CouncilPosition.CHAIR,
    CouncilPosition.VICE_CHAIR,
    CouncilPosition.SECRETARY,
    CouncilPosition.MEMBER,
)


@pytest.fixture
def assessment(participation):
    return start_assessment(participation)


def staff(tree, username, first_name="", last_name=""):
    """Another account of TH Lê Lợi (T01)."""
    return make_assigned_user(
        username, "institution_staff", tree["T01"], first_name=first_name, last_name=last_name
    )


def audit(action):
    return list(AuditRecord.objects.filter(action=action).order_by("id"))


def lock(assessment, head):
    workflow.change_state(assessment, "approve", by=head)
    assessment.refresh_from_db()


def vi(text, **values):
    """The Vietnamese the page shows for an English msgid (the slice's translations live in
    locale/fragments/council.po until they are merged into the catalogue)."""
    with override("vi"):
        return gettext(text) % values if values else gettext(text)


def url(participation, *parts):
    """/tu-danh-gia/<pk>/hoi-dong/ (the council) and the pages below it."""
    return f"/tu-danh-gia/{participation.pk}/hoi-dong/" + "".join(f"{p}/" for p in parts if p)


# -- services -------------------------------------------------------------------------------------


def test_head_adds_members_with_positions_and_each_addition_is_audited(assessment, head_a, teacher):
    chair = council.add_member(assessment, head_a, CHAIR, job_title="Hiệu trưởng", by=head_a)
    council.add_member(
        assessment, teacher, SECRETARY, job_title="Giáo viên", duty="Ghi biên bản", by=head_a
    )
    assert chair.position == CHAIR
    assert [m.user for m in council.members_of(assessment)] == [head_a, teacher]
    added = audit("council.add")
    assert [r.after["user"] for r in added] == ["leloi.hieutruong", "leloi.giaovien"]
    assert added[1].after["duty"] == "Ghi biên bản" and added[1].before is None
    assert added[1].actor == head_a and added[1].object_id == str(assessment.pk)


def test_a_second_chair_is_refused_with_the_holders_name(assessment, head_a, teacher, tree):
    head_a.last_name, head_a.first_name = "Nguyễn Văn", "An"
    head_a.save()
    council.add_member(assessment, head_a, CHAIR, by=head_a)
    with pytest.raises(council.CouncilError, match="đã có Chủ tịch \\(Nguyễn Văn An\\)") as exc:
        council.add_member(assessment, teacher, CHAIR, by=head_a)
    assert exc.value.field == "position"
    assert not CouncilMember.objects.filter(user=teacher).exists()


def test_a_second_secretary_is_refused_but_several_vice_chairs_and_members_are_not(
    assessment, head_a, teacher, tree
):
    council.add_member(assessment, teacher, SECRETARY, by=head_a)
    with pytest.raises(council.CouncilError, match="chỉ có một Thư ký"):
        council.add_member(assessment, staff(tree, "gv2"), SECRETARY, by=head_a)
    council.add_member(assessment, staff(tree, "gv3"), VICE, by=head_a)
    council.add_member(assessment, staff(tree, "gv4"), VICE, by=head_a)
    council.add_member(assessment, staff(tree, "gv5"), MEMBER, by=head_a)
    council.add_member(assessment, staff(tree, "gv6"), MEMBER, by=head_a)
    assert CouncilMember.objects.filter(assessment=assessment).count() == 5


def test_a_member_changing_to_an_occupied_position_is_refused(assessment, head_a, teacher):
    council.add_member(assessment, head_a, CHAIR, by=head_a)
    member = council.add_member(assessment, teacher, MEMBER, by=head_a)
    with pytest.raises(council.CouncilError, match="Chủ tịch"):
        council.change_member(member, position=CHAIR, by=head_a)
    # Keeping one's own single position is no conflict.
    chair = CouncilMember.objects.get(user=head_a)
    council.change_member(chair, position=CHAIR, job_title="Hiệu trưởng", by=head_a)
    assert CouncilMember.objects.get(user=head_a).job_title == "Hiệu trưởng"


def test_account_of_another_unit_cannot_join_the_council(assessment, head_a, officer_x, tree):
    other = make_assigned_user("ngoquyen.gv", "institution_staff", tree["T02"])
    for outsider in (officer_x, other):  # the authority above, and a sister school
        with pytest.raises(council.CouncilError, match="không phải tài khoản của Trường Tiểu học"):
            council.add_member(assessment, outsider, MEMBER, by=head_a)
    assert not CouncilMember.objects.exists() and not audit("council.add")


def test_same_account_cannot_be_added_twice(assessment, head_a, teacher):
    council.add_member(assessment, teacher, MEMBER, by=head_a)
    with pytest.raises(council.CouncilError, match="đã là thành viên"):
        council.add_member(assessment, teacher, VICE, by=head_a)


def test_unknown_position_is_refused(assessment, head_a, teacher):
    with pytest.raises(council.CouncilError, match="không hợp lệ"):
        council.add_member(assessment, teacher, "president", by=head_a)


def test_change_is_audited_with_before_and_after_and_a_no_change_is_not(
    assessment, head_a, teacher
):
    member = council.add_member(assessment, teacher, MEMBER, by=head_a)
    council.change_member(member, position=VICE, job_title="Tổ trưởng", duty="", by=head_a)
    council.change_member(member, position=VICE, job_title="Tổ trưởng", duty="", by=head_a)
    [changed] = audit("council.change")
    assert changed.before["position"] == MEMBER and changed.after["position"] == VICE
    assert changed.after["job_title"] == "Tổ trưởng"


def test_council_is_frozen_once_approved(assessment, head_a, teacher):
    member = council.add_member(assessment, teacher, MEMBER, by=head_a)
    lock(assessment, head_a)
    refusals = [
        lambda: council.add_member(assessment, head_a, CHAIR, by=head_a),
        lambda: council.change_member(member, position=VICE, by=head_a),
        lambda: council.remove_member(member, by=head_a),
        lambda: council.assign_criterion(assessment, "1.3", member, by=head_a),
    ]
    for refused in refusals:
        with pytest.raises(council.CouncilError, match="không thay đổi được Hội đồng"):
            refused()
    assert CouncilMember.objects.get().position == MEMBER
    assert not CriterionAssignment.objects.exists()


def test_council_can_change_again_when_returned(assessment, head_a, teacher):
    lock(assessment, head_a)
    assessment.state = AssessmentState.RETURNED
    assessment.save()
    council.add_member(assessment, teacher, MEMBER, by=head_a)
    assert CouncilMember.objects.count() == 1


def test_one_member_per_criterion_and_reassignment_is_recorded(assessment, head_a, teacher):
    a = council.add_member(assessment, head_a, CHAIR, by=head_a)
    b = council.add_member(assessment, teacher, MEMBER, by=head_a)
    council.assign_criterion(assessment, "1.3", a, by=head_a)
    council.assign_criterion(assessment, "1.3", b, by=head_a)
    council.assign_criterion(assessment, "1.3", b, by=head_a)  # unchanged: nothing recorded
    assert CriterionAssignment.objects.get(criterion="1.3").member == b
    assert [(r.before["member"], r.after["member"]) for r in audit("council.assign")] == [
        (None, "leloi.hieutruong"),
        ("leloi.hieutruong", "leloi.giaovien"),
    ]
    council.assign_criterion(assessment, "1.3", None, by=head_a)
    assert CriterionAssignment.objects.get().member is None  # kept, so its revision keeps counting
    assert audit("council.assign")[-1].after == {"criterion": "1.3", "member": None}


def test_unknown_criterion_or_foreign_member_is_refused(assessment, head_a, teacher, tree):
    member = council.add_member(assessment, teacher, MEMBER, by=head_a)
    with pytest.raises(council.CouncilError, match="9\\.9 không có"):
        council.assign_criterion(assessment, "9.9", member, by=head_a)
    with pytest.raises(council.CouncilError, match="không có"):
        council.assign_criterion(assessment, "1.3.1", member, by=head_a)  # an item, not a criterion
    other = start_assessment(_other_participation(tree, assessment))
    stranger = council.add_member(
        other, make_assigned_user("ngoquyen.gv", "institution_staff", tree["T02"]), MEMBER
    )
    with pytest.raises(council.CouncilError, match="không thuộc Hội đồng này"):
        council.assign_criterion(assessment, "1.3", stranger, by=head_a)


def _other_participation(tree, assessment):
    return assessment.participation.campaign.participations.get(institution=tree["T02"])


def test_removing_a_member_unassigns_their_criteria_and_records_it(assessment, head_a, teacher):
    member = council.add_member(assessment, teacher, MEMBER, by=head_a)
    for code in ("2.3", "1.3"):
        council.assign_criterion(assessment, code, member, by=head_a)
    council.remove_member(member, by=head_a)
    assert not CouncilMember.objects.exists()
    assert not CriterionAssignment.objects.filter(member__isnull=False).exists()
    [removed] = audit("council.remove")
    assert removed.before["user"] == "leloi.giaovien" and removed.before["criteria"] == [
        "1.3",
        "2.3",
    ]
    assert removed.after is None
    unassigned = [r for r in audit("council.assign") if r.after["member"] is None]
    assert [r.note for r in unassigned] == ["1.3", "2.3"]


def test_my_criteria_are_in_the_order_of_the_index(assessment, head_a, teacher):
    member = council.add_member(assessment, teacher, MEMBER, by=head_a)
    for code in ("2.4", "1.7", "1.3"):
        council.assign_criterion(assessment, code, member, by=head_a)
    assert council.my_criteria(assessment, teacher) == ["1.3", "1.7", "2.4"]
    assert council.my_criteria(assessment, head_a) == []


def save(assessment, code, value, by):
    save_fact(assessment, code, value, revision=0, by=by)


def test_progress_counts_saved_facts_per_criterion_member_and_overall(
    assessment, participation, head_a, teacher
):
    fw = participation.version.framework()
    c13 = next(c for c in fw.criteria() if c.code == "1.3")
    c14 = next(c for c in fw.criteria() if c.code == "1.4")
    total = len(fw.fact_codes())
    member = council.add_member(assessment, teacher, MEMBER, by=head_a)
    council.add_member(assessment, head_a, CHAIR, by=head_a)
    council.assign_criterion(assessment, "1.3", member, by=head_a)
    council.assign_criterion(assessment, "1.1", member, by=head_a)
    save(assessment, "1.1", True, teacher)  # mandatory: its own code
    save(assessment, c13.items[0].code, True, teacher)
    save(assessment, "1.4.1", 35, head_a)  # unassigned criterion
    save_fact(assessment, "1.4.1", None, revision=1, by=head_a)  # cleared: not saved

    figures = council.progress(assessment)
    assert (figures.of("1.1").done, figures.of("1.1").total) == (1, 1)
    assert (figures.of("1.3").done, figures.of("1.3").total) == (1, len(c13.items))
    assert (figures.of("1.4").done, figures.of("1.4").total) == (0, len(c14.items))
    assert figures.of("1.3").member == member and figures.of("1.4").member is None
    chair, mine = figures.members  # chair first
    assert chair.member.user == head_a and (chair.done, chair.total) == (0, 0)
    assert (mine.done, mine.total) == (2, 1 + len(c13.items))
    assert [c.code for c in mine.criteria] == ["1.1", "1.3"]
    assert (figures.done, figures.total) == (2, total)
    assert len(figures.unassigned) == len(list(fw.criteria())) - 2


def test_council_for_documents_lists_chair_vice_secretary_members_in_vietnamese(
    assessment, head_a, teacher, tree
):
    head_a.last_name, head_a.first_name = "Nguyễn Văn", "An"
    head_a.save()
    m = council.add_member(assessment, staff(tree, "gv.b", "Bình", "Trần Thị"), MEMBER)
    council.add_member(assessment, teacher, SECRETARY, job_title="Giáo viên")
    council.add_member(assessment, staff(tree, "gv.c", "Cúc", "Lê Thị"), VICE)
    council.add_member(
        assessment, head_a, CHAIR, job_title="Hiệu trưởng", duty="Chỉ đạo chung", by=head_a
    )
    council.assign_criterion(assessment, "2.1", m)
    council.assign_criterion(assessment, "1.5", m)
    listed = council.council_for_documents(assessment)
    assert [(d.name, d.position_label) for d in listed] == [
        ("Nguyễn Văn An", "Chủ tịch"),
        ("Lê Thị Cúc", "Phó Chủ tịch"),
        ("leloi.giaovien", "Thư ký"),
        ("Trần Thị Bình", "Thành viên"),
    ]
    assert listed[0].job_title == "Hiệu trưởng" and listed[0].duty == "Chỉ đạo chung"
    assert listed[3].criteria == ["1.5", "2.1"] and listed[0].criteria == []


def test_a_member_without_an_account_sits_on_the_council_and_in_the_decision(
    assessment, head_a, teacher
):
    council.add_member(assessment, head_a, CHAIR, job_title="Hiệu trưởng", by=head_a)
    parent = council.add_member(
        assessment,
        None,
        MEMBER,
        full_name="  Phạm  Thị Hoa ",
        job_title="Trưởng ban đại diện cha mẹ học sinh",
        duty="Góp ý tiêu chí 1.7",
        by=head_a,
    )
    council.assign_criterion(assessment, "1.7", parent, by=head_a)
    assert (parent.user, parent.full_name, parent.display_name) == (None, *["Phạm Thị Hoa"] * 2)
    listed = council.council_for_documents(assessment)
    assert [(d.name, d.position_label, d.criteria) for d in listed] == [
        ("leloi.hieutruong", "Chủ tịch", []),
        ("Phạm Thị Hoa", "Thành viên", ["1.7"]),
    ]
    assert listed[1].job_title == "Trưởng ban đại diện cha mẹ học sinh"
    assert council.progress(assessment).of("1.7").member == parent  # tracked like anyone's
    [added] = [r for r in audit("council.add") if r.after["user"] is None]
    assert added.note == "Phạm Thị Hoa" and added.after["name"] == "Phạm Thị Hoa"


def test_a_member_has_an_account_or_a_name_never_neither_nor_the_same_name_twice(assessment):
    from django.db import IntegrityError, transaction

    with pytest.raises(council.CouncilError, match="họ tên"):
        council.add_member(assessment, None, MEMBER, full_name="  ")
    council.add_member(assessment, None, MEMBER, full_name="Phạm Thị Hoa")
    with pytest.raises(council.CouncilError, match="đã là thành viên"):
        council.add_member(assessment, None, VICE, full_name="phạm thị hoa")
    with pytest.raises(IntegrityError), transaction.atomic():
        CouncilMember.objects.create(assessment=assessment, position=MEMBER)


def test_the_name_of_a_member_without_an_account_is_changed_with_their_entry(assessment):
    member = council.add_member(assessment, None, MEMBER, full_name="Phạm Thị Hoa")
    council.change_member(member, position=VICE, full_name="Phạm Thị Hòa", revision=0)
    member.refresh_from_db()
    assert (member.full_name, member.position, member.revision) == ("Phạm Thị Hòa", VICE, 1)


# -- pages ----------------------------------------------------------------------------------------


def test_head_adds_a_member_from_the_council_page(client, participation, head_a, teacher):
    client.force_login(head_a)
    html = client.get(url(participation)).content.decode()
    assert "leloi.giaovien" in html and 'name="user"' in html
    response = client.post(
        url(participation, "them"),
        {"user": teacher.pk, "position": SECRETARY, "job_title": "Giáo viên lớp 3", "duty": ""},
    )
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert vi("%(name)s is now a member of the council.", name="leloi.giaovien") in html
    assert "Giáo viên lớp 3" in html
    assert CouncilMember.objects.get().position == SECRETARY


def test_head_adds_a_member_without_an_account_on_the_page(client, participation, head_a):
    client.force_login(head_a)
    assert vi("— no account —") in client.get(url(participation)).content.decode()
    response = client.post(
        url(participation, "them"),
        {"user": "", "full_name": "Phạm Thị Hoa", "position": MEMBER, "job_title": "Phụ huynh"},
    )
    assert response.status_code == 302
    html = client.get(response.url).content.decode()
    assert "Phạm Thị Hoa" in html and vi("no account") in html
    member = CouncilMember.objects.get()
    assert member.user is None and member.job_title == "Phụ huynh"
    both = client.post(
        url(participation, "them"),
        {"user": head_a.pk, "full_name": "Ai đó", "position": MEMBER},
    )
    assert both.status_code == 400 and CouncilMember.objects.count() == 1
    assigned = client.post(
        url(participation, "phan-cong"), {"criterion": "1.7", "member": member.pk, "revision": 0}
    )
    assert assigned.status_code == 302
    assert CriterionAssignment.objects.get(criterion="1.7").member == member


def test_refused_addition_keeps_what_was_typed_and_says_why(
    client, participation, head_a, teacher, tree
):
    client.force_login(head_a)
    client.post(url(participation, "them"), {"user": head_a.pk, "position": CHAIR})
    response = client.post(
        url(participation, "them"),
        {
            "user": teacher.pk,
            "position": CHAIR,
            "job_title": "Phó hiệu trưởng",
            "duty": "Điều phối",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "mỗi Hội đồng chỉ có một Chủ tịch" in html
    assert 'value="Phó hiệu trưởng"' in html and "Điều phối</textarea>" in html
    assert CouncilMember.objects.count() == 1


def test_head_changes_and_removes_a_member_on_the_page(client, participation, head_a, teacher):
    assessment = start_assessment(participation)
    council.add_member(assessment, head_a, CHAIR)
    member = council.add_member(assessment, teacher, MEMBER)
    client.force_login(head_a)
    prefix = f"m{member.pk}"
    refused = client.post(
        url(participation, member.pk),
        {f"{prefix}-position": CHAIR, f"{prefix}-job_title": "Tổ trưởng", "revision": "0"},
    )
    assert refused.status_code == 400 and "chỉ có một Chủ tịch" in refused.content.decode()
    assert 'value="Tổ trưởng"' in refused.content.decode()
    done = client.post(
        url(participation, member.pk),
        {f"{prefix}-position": VICE, f"{prefix}-job_title": "Tổ trưởng", "revision": "0"},
    )
    assert done.status_code == 302
    assert CouncilMember.objects.get(pk=member.pk).position == VICE
    client.post(url(participation, member.pk, "xoa"), {"revision": "1"})
    assert not CouncilMember.objects.filter(pk=member.pk).exists()


def test_member_of_another_assessment_is_not_found(client, participation, head_a, tree):
    other = start_assessment(_other_participation(tree, start_assessment(participation)))
    stranger = council.add_member(
        other, make_assigned_user("ngoquyen.gv", "institution_staff", tree["T02"]), MEMBER
    )
    client.force_login(head_a)
    assert client.post(url(participation, stranger.pk, "xoa")).status_code == 404
    assert CouncilMember.objects.filter(pk=stranger.pk).exists()


def test_others_read_the_council_without_forms(client, participation, head_a, teacher):
    council.add_member(start_assessment(participation), head_a, CHAIR, job_title="HT")
    client.force_login(teacher)
    html = client.get(url(participation)).content.decode()
    assert "leloi.hieutruong" in html and vi("Chair") in html
    assert 'name="user"' not in html and "hoi-dong/them/" not in html


FROZEN = (
    "The self-assessment is approved or submitted: the council and the assignments can no longer "
    "be changed. Reopen it (or withdraw the submission) first."
)


def test_approved_assessment_shows_the_council_frozen(client, participation, head_a, teacher):
    assessment = start_assessment(participation)
    council.add_member(assessment, teacher, MEMBER)
    lock(assessment, head_a)
    client.force_login(head_a)
    html = client.get(url(participation)).content.decode()
    assert vi(FROZEN) in html and 'name="user"' not in html
    response = client.post(
        url(participation, "them"),
        {"user": head_a.pk, "position": CHAIR},
        follow=True,
    )
    assert "không thay đổi được Hội đồng" in response.content.decode()
    assert not CouncilMember.objects.filter(user=head_a).exists()


def test_assignment_saved_by_htmx_answers_its_row(client, participation, head_a, teacher):
    member = council.add_member(start_assessment(participation), teacher, MEMBER)
    client.force_login(head_a)
    html = client.get(url(participation, "phan-cong")).content.decode()
    assert 'id="a-1.3"' in html and 'id="a-2.4"' in html and "leloi.giaovien" in html
    response = client.post(
        url(participation, "phan-cong"),
        {"criterion": "1.3", "member": member.pk, "revision": "0"},
        HTTP_HX_REQUEST="true",
    )
    row = response.content.decode()
    assert response.status_code == 200 and row.startswith("<form") and 'id="a-1.3"' in row
    assert vi("Saved") in row and f'value="{member.pk}" selected' in row
    assert CriterionAssignment.objects.get().criterion == "1.3"


def test_assignment_without_javascript_returns_to_the_row(client, participation, head_a, teacher):
    member = council.add_member(start_assessment(participation), teacher, MEMBER)
    client.force_login(head_a)
    response = client.post(
        url(participation, "phan-cong"), {"criterion": "2.4", "member": member.pk, "revision": "0"}
    )
    assert response.status_code == 302 and response.url.endswith("/phan-cong/#a-2.4")


def test_assignment_to_a_removed_member_is_refused_in_the_row(client, participation, head_a):
    client.force_login(head_a)
    response = client.post(
        url(participation, "phan-cong"),
        {"criterion": "1.3", "member": "999"},
        HTTP_HX_REQUEST="true",
    )
    assert "không còn trong Hội đồng" in response.content.decode()
    assert not CriterionAssignment.objects.exists()


def test_member_sees_my_criteria_with_progress_and_links_to_the_form(
    client, participation, head_a, teacher
):
    assessment = start_assessment(participation)
    member = council.add_member(assessment, teacher, SECRETARY)
    council.assign_criterion(assessment, "1.3", member)
    save(assessment, "1.3.1", True, teacher)
    client.force_login(teacher)
    html = client.get(url(participation, "cua-toi")).content.decode()
    assert 'id="mine-1.3"' in html and f'/tu-danh-gia/{participation.pk}/#c-1.3"' in html
    assert "1/" in html and vi("Secretary") in html
    assert 'id="mine-1.4"' not in html


def test_non_member_is_told_nothing_is_assigned(client, participation, head_a):
    client.force_login(head_a)
    html = client.get(url(participation, "cua-toi")).content.decode()
    assert (
        vi(
            "You are not a member of this self-assessment council, so no criterion is assigned to you."
        )
        in html
    )


def test_progress_page_shows_each_criterion_with_assignee_and_each_member(
    client, participation, head_a, teacher
):
    assessment = start_assessment(participation)
    member = council.add_member(assessment, teacher, MEMBER)
    council.assign_criterion(assessment, "1.3", member)
    save(assessment, "1.1", True, teacher)
    client.force_login(head_a)
    html = client.get(url(participation, "tien-do")).content.decode()
    assert 'id="pc-1.3"' in html and 'id="pc-1.1"' in html and f'id="pm-{member.pk}"' in html
    assert vi("not assigned") in html


def test_links_partial_points_at_the_council_pages(participation):
    from django.template.loader import render_to_string

    html = render_to_string("assessments/_council_links.html", {"participation": participation})
    for page in ("", "phan-cong", "tien-do", "cua-toi"):
        assert url(participation, page) in html


def _populate(assessment, tree, n_members):
    fw = assessment.participation.version.framework()
    members = [
        council.add_member(assessment, staff(tree, f"gv{i}"), MEMBER) for i in range(n_members)
    ]
    for i, cr in enumerate(fw.criteria()):
        council.assign_criterion(assessment, cr.code, members[i % len(members)])


@pytest.mark.parametrize("page", ["", "phan-cong", "tien-do", "cua-toi"])
def test_query_count_does_not_grow_with_members_and_criteria(
    client, participation, head_a, tree, page, django_assert_max_num_queries
):
    assessment = start_assessment(participation)
    client.force_login(head_a)
    council.add_member(assessment, staff(tree, "first"), MEMBER)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(participation, page)).status_code == 200
    _populate(assessment, tree, 8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(participation, page)).status_code == 200
    with django_assert_max_num_queries(14):
        client.get(url(participation, page))


def test_progress_takes_three_queries_whatever_the_size(
    participation, tree, django_assert_max_num_queries
):
    assessment = start_assessment(participation)
    _populate(assessment, tree, 6)
    assessment.participation.version.framework()
    with django_assert_max_num_queries(3):
        figures = council.progress(assessment)
    assert len(figures.members) == 6 and not figures.unassigned


# -- who may do what ------------------------------------------------------------------------------

PERSONAS = ["anonymous", "head_a", "teacher", "officer_x", "viewer_s", "officer_y", "head_b"]
OUTSIDE = {"officer_y": 404, "head_b": 404}  # another authority's officer, another school's head
SEE = {"anonymous": 302, "head_a": 200, "teacher": 200, "officer_x": 200, "viewer_s": 200}
MANAGE = {"anonymous": 302, "head_a": 302, "teacher": 404, "officer_x": 404, "viewer_s": 404}


@pytest.fixture
def personas(request, tree):
    users = {
        name: request.getfixturevalue(name)
        for name in PERSONAS
        if name not in ("anonymous", "head_b")
    }
    # Head of TH&THCS Ngô Quyền: a head, but of another school.
    users["head_b"] = make_assigned_user("ngoquyen.hieutruong", "institution_head", tree["T02"])
    return {"anonymous": None, **users}


@pytest.mark.parametrize("page", ["", "phan-cong", "tien-do", "cua-toi"])
def test_pages_answer_each_persona_as_expected(client, participation, personas, page):
    answers = {}
    for name, user in personas.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        answers[name] = client.get(url(participation, page)).status_code
    assert answers == {**SEE, **OUTSIDE}


def _add(p, personas, i):
    return url(p, "them"), {"user": personas["teacher"].pk, "position": MEMBER}


def _assign(p, personas, i):
    shown = CriterionAssignment.objects.filter(criterion="1.3").first()
    return url(p, "phan-cong"), {
        "criterion": "1.3",
        "member": _member(p, personas).pk,
        "revision": shown.revision if shown else 0,
    }


def _change(p, personas, i):
    m = _member(p, personas)
    return url(p, m.pk), {
        f"m{m.pk}-position": VICE,
        f"m{m.pk}-job_title": f"#{i}",
        "revision": m.revision,
    }


def _remove(p, personas, i):
    m = _member(p, personas)
    return url(p, m.pk, "xoa"), {"revision": m.revision}


def _member(p, personas):
    assessment = start_assessment(p)
    return CouncilMember.objects.filter(assessment=assessment).first() or council.add_member(
        assessment, personas["teacher"], MEMBER
    )


@pytest.mark.parametrize(
    ("action", "changed"),
    [
        (_add, lambda: CouncilMember.objects.exists()),
        (_assign, lambda: CriterionAssignment.objects.exists()),
        (_change, lambda: CouncilMember.objects.filter(position=VICE).exists()),
        (_remove, lambda: not CouncilMember.objects.exists()),
    ],
    ids=["add member", "assign criterion", "change member", "remove member"],
)
def test_only_the_head_changes_the_council(client, participation, personas, action, changed):
    order = [*(p for p in PERSONAS if p != "head_a"), "head_a"]  # the head last
    answers = {}
    for i, name in enumerate(order):
        client.logout()
        if personas[name] is not None:
            client.force_login(personas[name])
        target, data = action(participation, personas, i)
        answers[name] = client.post(target, data).status_code
        assert changed() is (name == "head_a"), name
    assert answers == {**MANAGE, **OUTSIDE}
