"""The tree keeps its paths right and its history complete through moves and merges."""

import datetime as dt

import pytest

from edudx.organizations.models import ParentPeriod, Unit, UnitKind
from edudx.organizations.services import (
    TreeError,
    authority_on,
    create_unit,
    merge_units,
    move_unit,
)

pytestmark = pytest.mark.django_db
JAN_2024 = dt.date(2024, 1, 15)
JULY_2025 = dt.date(2025, 7, 1)


@pytest.fixture
def tree():
    bo = create_unit(
        code="BGD", name="Bộ Giáo dục và Đào tạo", kind=UnitKind.MINISTRY, since=dt.date(2020, 1, 1)
    )
    so = create_unit(
        code="S01",
        name="Sở GDĐT Hải Phòng",
        kind=UnitKind.DEPARTMENT,
        parent=bo,
        since=dt.date(2020, 1, 1),
    )
    so2 = create_unit(
        code="S02",
        name="Sở GDĐT Hải Dương",
        kind=UnitKind.DEPARTMENT,
        parent=bo,
        since=dt.date(2020, 1, 1),
    )
    phong = create_unit(
        code="P01",
        name="Phòng GDĐT Kiến An",
        kind=UnitKind.LOCAL_OFFICE,
        parent=so,
        since=dt.date(2020, 1, 1),
    )
    xa = create_unit(
        code="X01",
        name="UBND phường Kiến An",
        kind=UnitKind.COMMUNE,
        parent=so,
        since=dt.date(2020, 1, 1),
    )
    school = create_unit(
        code="T01",
        name="Trường Tiểu học Lê Lợi",
        kind=UnitKind.INSTITUTION,
        parent=phong,
        education_levels=["primary"],
        since=dt.date(2020, 1, 1),
    )
    return {"bo": bo, "so": so, "so2": so2, "phong": phong, "xa": xa, "school": school}


def test_paths_nest_and_subtree_is_one_prefix_filter(tree):
    school = tree["school"]
    assert school.path == f"/{tree['bo'].pk}/{tree['so'].pk}/{tree['phong'].pk}/{school.pk}/"
    assert school.depth == 3
    codes = set(Unit.objects.subtree(tree["so"]).values_list("code", flat=True))
    assert codes == {"S01", "P01", "X01", "T01"}


def test_institution_is_managed_by_its_parent(tree):
    assert tree["school"].managing_authority == tree["phong"]
    assert tree["phong"].managing_authority is None


def test_institution_cannot_hang_under_the_ministry(tree):
    with pytest.raises(TreeError, match="không thể trực thuộc"):
        create_unit(code="T99", name="Trường X", kind=UnitKind.INSTITUTION, parent=tree["bo"])


def test_moving_a_unit_moves_its_subtree_and_keeps_history(tree):
    move_unit(tree["phong"], tree["so2"], since=JULY_2025, reason="Sắp xếp đơn vị hành chính")
    school = Unit.objects.get(code="T01")
    assert school.path.startswith(Unit.objects.get(code="S02").path)
    assert school.depth == 3
    periods = list(ParentPeriod.objects.filter(unit=tree["phong"]).order_by("since"))
    assert [(p.parent.code, p.until) for p in periods] == [("S01", JULY_2025), ("S02", None)]


def test_a_unit_cannot_move_under_its_own_subtree(tree):
    with pytest.raises(TreeError, match="vòng lặp"):
        move_unit(tree["so"], tree["phong"])


def test_merging_moves_children_and_past_results_keep_their_authority(tree):
    # 2025 reform: the district office is abolished, its schools go to the commune.
    merge_target = tree["xa"]
    with pytest.raises(TreeError, match="cùng loại"):
        merge_units(tree["phong"], merge_target)
    move_unit(tree["school"], merge_target, since=JULY_2025, reason="Chuyển về UBND cấp xã")
    school = Unit.objects.get(code="T01")
    assert school.managing_authority.code == "X01"
    assert authority_on(school, JAN_2024).code == "P01"  # 2023-2024 stays with the district office
    assert authority_on(school, dt.date(2025, 9, 5)).code == "X01"


def test_merged_unit_becomes_inactive_and_points_to_its_successor(tree):
    phong2 = create_unit(
        code="P02",
        name="Phòng GDĐT Dương Kinh",
        kind=UnitKind.LOCAL_OFFICE,
        parent=tree["so"],
        since=dt.date(2020, 1, 1),
    )
    merge_units(tree["phong"], phong2, since=JULY_2025)
    old = Unit.objects.get(code="P01")
    assert (old.active, old.merged_into.code) == (False, "P02")
    assert Unit.objects.get(code="T01").parent.code == "P02"
    assert authority_on(Unit.objects.get(code="T01"), JAN_2024).code == "P01"


def test_education_levels_round_trip_and_filter(tree):
    multi = create_unit(
        code="T02",
        name="Trường TH&THCS Ngô Quyền",
        kind=UnitKind.INSTITUTION,
        parent=tree["phong"],
        education_levels=["lower_secondary", "primary"],
    )
    assert multi.education_levels == ["primary", "lower_secondary"]
    assert set(Unit.objects.with_level("primary").values_list("code", flat=True)) == {"T01", "T02"}
    assert list(Unit.objects.with_level("lower_secondary").values_list("code", flat=True)) == [
        "T02"
    ]


def test_merge_command_moves_children_and_keeps_history(tree, capsys):
    from django.core.management import call_command

    phong2 = create_unit(
        code="P02",
        name="Phòng GDĐT Dương Kinh",
        kind=UnitKind.LOCAL_OFFICE,
        parent=tree["so"],
        since=dt.date(2020, 1, 1),
    )
    call_command(
        "merge_units", "P01", "P02", "--since", "01/07/2025", "--reason", "NQ 202/2025/QH15"
    )
    assert "1 đơn vị trực thuộc" in capsys.readouterr().out
    school = Unit.objects.get(code="T01")
    assert school.parent == phong2
    assert authority_on(school, JAN_2024).code == "P01"
    assert ParentPeriod.objects.get(unit=school, until__isnull=True).reason == "NQ 202/2025/QH15"


def test_move_command_refuses_what_the_tree_cannot_take(tree):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="không thể trực thuộc"):
        call_command("merge_units", "T01", "BGD", "--move")
    with pytest.raises(CommandError, match="Không có đơn vị"):
        call_command("merge_units", "T01", "KHONG-CO", "--move")


def test_history_only_grows_no_change_dated_before_the_current_period_or_in_the_future(tree):
    with pytest.raises(TreeError, match="trước ngày bắt đầu"):
        move_unit(tree["phong"], tree["so2"], since=dt.date(2019, 12, 31))
    with pytest.raises(TreeError, match="tương lai"):
        move_unit(tree["phong"], tree["so2"], since=dt.date.today() + dt.timedelta(days=30))
    assert Unit.objects.get(code="P01").parent.code == "S01"
