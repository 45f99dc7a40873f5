"""What an improvement plan's target needs, and whether it is reached — from the engine alone
(no database). 1.3 on 4725: five items of 6 points each, 'dưới 10' → 1, 'từ 10 đến 20' → 2,
'trên 20' → 3."""

from __future__ import annotations

import pytest

from edudx.frameworks.scoring import (
    condition_target,
    target_band,
    target_levels,
    target_reached,
)
from edudx.frameworks.tests._fixtures import load_4725, run


@pytest.fixture(scope="module")
def fw():
    return load_4725()


def test_next_level_of_a_criterion_at_level_1_is_2_with_the_missing_points(fw):
    result = run(fw, {"1.3.1": True})  # 6 points → level 1
    target = target_band(result, "1.3")
    assert target.level == 2
    assert target.missing == 4
    assert target.text == "Mức độ 2: từ 10 điểm đến 20 điểm (cần thêm 4 điểm)"
    # every item not at its top says what its next band needs
    assert [item.code for item, _ in target.steps] == ["1.3.2", "1.3.3", "1.3.4", "1.3.5"]


def test_a_band_starting_above_a_number_asks_for_more_than_the_gap(fw):
    result = run(fw, {"1.3.1": True, "1.3.2": True})  # 12 points → level 2
    target = target_band(result, "1.3", 3)
    assert target.missing == 8 and target.strict
    assert "cần thêm trên 8 điểm" in target.text


def test_a_level_not_above_the_current_one_is_no_target(fw):
    result = run(fw, {"1.3.1": True, "1.3.2": True})
    assert target_levels(result.criteria["1.3"].criterion, 2) == [3]
    assert target_band(result, "1.3", 2) is None
    assert target_band(result, "1.3", 1) is None


def test_a_mandatory_condition_has_no_target_level(fw):
    result = run(fw, {})
    assert target_band(result, "1.1") is None


def test_at_the_top_level_nothing_is_left_to_target(fw):
    facts = {f"1.3.{n}": True for n in range(1, 6)}
    result = run(fw, facts)
    assert result.criteria["1.3"].level == 3
    assert target_band(result, "1.3") is None


def test_a_target_is_reached_at_its_level_or_above(fw):
    low = run(fw, {"1.3.1": True})
    high = run(fw, {"1.3.1": True, "1.3.2": True})
    assert not target_reached(low, "1.3", 2)
    assert target_reached(high, "1.3", 2)
    assert not target_reached(high, "1.3", 3)
    assert not target_reached(high, "9.9", 1)  # a criterion the index no longer has


# -- mandatory conditions (đạt / chưa đạt, no level): their target is to be met ------------------


def test_an_unmet_mandatory_condition_targets_being_met_with_the_engines_reason(fw):
    result = run(fw, {"1.3.1": True})
    target = condition_target(result, "1.1")
    assert target.criterion.code == "1.1" and target.steps == ()
    assert "Điều kiện bắt buộc 1.1: chưa khai báo (coi như chưa đạt)." in target.text
    # the group it keeps at level 1 is named, from the group's own reason
    assert "điều kiện bắt buộc 1.1, 1.2 chưa đạt nên nhóm được xếp mức độ 1" in target.text


def test_a_met_condition_or_a_criterion_with_levels_has_no_condition_target(fw):
    result = run(fw, {"1.1": True, "1.3.1": True})
    assert condition_target(result, "1.1") is None
    assert condition_target(result, "1.3") is None
    assert condition_target(result, "9.9") is None


def test_a_condition_target_is_reached_when_the_condition_is_met(fw):
    assert not target_reached(run(fw, {}), "1.1", None)
    assert not target_reached(run(fw, {"1.1": False}), "1.1", None)
    assert target_reached(run(fw, {"1.1": True}), "1.1", None)
    assert not target_reached(run(fw, {"1.3.1": True}), "1.3", None)  # a level target needs one
