"""Behaviour of the scoring engine on Decision 4725, derived from the decision's own rules.

Expected numbers come from the annex (shared/reference/frameworks.md §2.2) and the policies in
docs/scoring.md, not from running the engine. No database: the framework is read from YAML.
"""

from __future__ import annotations

import json

import pytest

from edudx.frameworks import schema
from edudx.frameworks.scoring import (
    FactsError,
    score,
    suggest_level,
    suggested_cap,
    validate_facts,
)
from edudx.frameworks.tests._fixtures import (
    criterion,
    edited_4725,
    facts_for_criterion_total,
    facts_for_group_total,
    group,
    item,
    load_4725,
    raw_criterion,
    run,
    variant,
)

# The annex's "Mức độ" column: (a, b) for "dưới a" → 1, "từ a–b" → 2, "trên b" → 3.
# 1.4 is printed "trên 7"; EduDX reads "trên 6" (docs/scoring.md P4).
ANNEX_CRITERION_THRESHOLDS = {
    "1.3": (10, 20),
    "1.4": (4, 6),
    "1.5": (8, 14),
    "1.6": (8, 14),
    "1.7": (8, 14),
    "2.3": (20, 50),
    "2.4": (10, 18),
}
ANNEX_MANDATORY = {"1": ("1.1", "1.2"), "2": ("2.1", "2.2")}


@pytest.fixture(scope="module")
def fw() -> schema.Framework:
    return load_4725()


def refused(fw, facts, **kwargs) -> dict[str, str]:
    with pytest.raises(FactsError) as caught:
        validate_facts(fw, facts, **kwargs)
    return caught.value.errors


def level_from_decision(points: float, a: float, b: float) -> int:
    return 1 if points < a else 2 if points <= b else 3


# ---------------------------------------------------------------------------------------------
# The framework as loaded matches the annex
# ---------------------------------------------------------------------------------------------


def test_loaded_criterion_thresholds_are_the_annex_thresholds(fw):
    for code, (a, b) in ANNEX_CRITERION_THRESHOLDS.items():
        cr = criterion(fw, code)
        by_level = {lb.level: lb.interval for lb in cr.levels}
        assert by_level[1].high == a and not by_level[1].high_inclusive, code
        assert (by_level[2].low, by_level[2].high) == (a, b), code
        assert by_level[2].low_inclusive and by_level[2].high_inclusive, code
        assert by_level[3].low == b and not by_level[3].low_inclusive, code


def test_mandatory_conditions_are_those_of_the_annex(fw):
    for g in fw.groups:
        assert tuple(c.code for c in g.criteria if c.mandatory) == ANNEX_MANDATORY[g.code]


# ---------------------------------------------------------------------------------------------
# P1 — "Tối đa X điểm" is a ceiling
# ---------------------------------------------------------------------------------------------


def test_a_fact_suggests_the_cap_of_its_band_and_counts_it_when_nothing_is_awarded(fw):
    r = run(fw, {"1.4.1": 35})
    assert (r.items["1.4.1"].suggested, r.items["1.4.1"].points) == (6, 6)


def test_awarded_points_below_the_cap_are_what_counts(fw):
    r = run(fw, {"1.6.1": 45, "1.5.1": True}, awarded={"1.6.1": 3.5, "1.5.1": 0})
    assert (r.items["1.6.1"].suggested, r.items["1.6.1"].points) == (4, 3.5)
    assert (r.items["1.5.1"].suggested, r.items["1.5.1"].points) == (15, 0)
    assert r.criteria["1.6"].points == 3.5
    assert r.items["1.6.1"].explanation.endswith("tối đa 4 điểm; chấm 3,5 điểm.")


def test_awarded_points_equal_to_the_cap_are_accepted(fw):
    r = run(fw, {"1.4.1": 40}, awarded={"1.4.1": 10})
    assert r.items["1.4.1"].points == 10


def test_awarded_points_above_the_cap_are_refused_naming_the_field(fw):
    errors = refused(fw, {"1.4.1": 35}, awarded={"1.4.1": 7})
    assert list(errors) == ["awarded.1.4.1"]
    assert "7" in errors["awarded.1.4.1"] and "6" in errors["awarded.1.4.1"]


def test_awarded_points_for_an_undeclared_item_are_refused(fw):
    errors = refused(fw, {"1.4.1": 35}, awarded={"1.3.1": 2})
    assert "awarded.1.3.1" in errors


@pytest.mark.parametrize(
    ("awarded", "fragment"),
    [
        (-1, "không được âm"),
        ("3", "phải là một số"),
        (True, "phải là một số"),
        (1.234, "hai chữ số"),
    ],
)
def test_awarded_points_must_be_a_non_negative_number_with_two_decimals(fw, awarded, fragment):
    errors = refused(fw, {"1.6.1": 45}, awarded={"1.6.1": awarded})
    assert fragment in errors["awarded.1.6.1"]


def test_awarded_points_for_a_mandatory_condition_are_refused(fw):
    errors = refused(fw, {"1.1": True}, awarded={"1.1": 1})
    assert "không phải điểm thành phần" in errors["awarded.1.1"]


# ---------------------------------------------------------------------------------------------
# P2 — unmet mandatory conditions
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("group_code", "unmet"),
    [("1", "1.1"), ("1", "1.2"), ("2", "2.1"), ("2", "2.2")],
)
def test_an_unmet_mandatory_condition_rates_a_high_scoring_group_level_1(fw, group_code, unmet):
    facts, awarded = facts_for_group_total(fw, group_code, 80)
    facts[unmet] = False
    r = run(fw, facts, awarded)
    g = r.groups[group_code]
    assert g.points == 80
    assert g.points_level == 3  # 80 is "trên 75"
    assert g.level == 1
    assert g.unmet_mandatory == (unmet,)
    assert f"điều kiện bắt buộc {unmet} chưa đạt nên nhóm được xếp mức độ 1" in g.reason


def test_an_undeclared_mandatory_condition_counts_as_unmet(fw):
    facts, awarded = facts_for_group_total(fw, "1", 80)
    del facts["1.2"]
    r = run(fw, facts, awarded)
    assert r.groups["1"].level == 1
    assert r.groups["1"].unmet_mandatory == ("1.2",)
    assert r.criteria["1.2"].met is None
    assert "chưa khai báo" in r.criteria["1.2"].explanation


def test_met_mandatory_conditions_leave_the_points_level(fw):
    facts, awarded = facts_for_group_total(fw, "2", 80)
    r = run(fw, facts, awarded)
    assert r.groups["2"].mandatory_met
    assert r.groups["2"].level == r.groups["2"].points_level == 3
    assert "điều kiện bắt buộc" not in r.groups["2"].reason


def test_unmet_conditions_of_one_group_do_not_affect_the_other(fw):
    f1, a1 = facts_for_group_total(fw, "1", 80, mandatory_met=False)
    f2, a2 = facts_for_group_total(fw, "2", 80, mandatory_met=True)
    r = run(fw, f1 | f2, a1 | a2)
    assert (r.groups["1"].level, r.groups["2"].level) == (1, 3)


def test_informational_policy_keeps_the_points_level_and_records_the_condition():
    fw = variant(mandatory_unmet="informational")
    facts, awarded = facts_for_group_total(fw, "1", 80, mandatory_met=False)
    g = run(fw, facts, awarded).groups["1"]
    assert g.level == g.points_level == 3
    assert g.unmet_mandatory == ("1.1", "1.2")
    assert "chỉ ghi nhận, không ảnh hưởng mức độ" in g.reason


def test_policies_are_read_from_the_framework_file():
    def informational(raw):
        raw["policies"]["mandatory_unmet"] = "informational"

    fw = edited_4725(informational)
    facts, awarded = facts_for_group_total(fw, "1", 80, mandatory_met=False)
    assert run(fw, facts, awarded).groups["1"].level == 3


# ---------------------------------------------------------------------------------------------
# P3/P4 — levels from thresholds
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "level"),
    [(0, 1), (49, 1), (49.5, 1), (50, 2), (62, 2), (75, 2), (75.5, 3), (76, 3), (100, 3)],
)
def test_group_level_is_below_50_one_50_to_75_two_above_75_three(fw, total, level):
    facts, awarded = facts_for_group_total(fw, "1", total)
    g = run(fw, facts, awarded).groups["1"]
    assert g.points == total
    assert g.level == g.points_level == level
    assert g.level == level_from_decision(total, 50, 75)


@pytest.mark.parametrize("code", sorted(ANNEX_CRITERION_THRESHOLDS))
def test_criterion_levels_follow_the_annex_thresholds_at_and_around_each_boundary(fw, code):
    a, b = ANNEX_CRITERION_THRESHOLDS[code]
    maximum = min(criterion(fw, code).max_points, criterion(fw, code).items_max_sum)
    for total in sorted({0, a - 0.5, a, (a + b) / 2, b, b + 0.5, maximum}):
        facts, awarded = facts_for_criterion_total(fw, code, total)
        c = run(fw, facts, awarded).criteria[code]
        assert c.points == total
        assert c.level == level_from_decision(total, a, b), (code, total)


@pytest.mark.parametrize("total", [6.5, 7])
def test_criterion_1_4_between_6_and_7_points_is_level_3_reading_tren_7_as_tren_6(fw, total):
    r = run(fw, {"1.4.1": 40}, awarded={"1.4.1": total})
    assert r.criteria["1.4"].level == 3
    assert "trên 6 điểm → mức độ 3" in r.criteria["1.4"].explanation


def test_every_possible_total_has_a_level(fw):
    # A gap like the printed "trên 7" would leave some totals without a level.
    assert not [w for w in fw.warnings if "ngưỡng mức độ bỏ sót" in w]


# ---------------------------------------------------------------------------------------------
# P5 — zero facts
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["1.4.1", "1.6.1", "1.6.2", "1.6.3", "1.7.1"])
def test_a_zero_fact_earns_zero_points_not_the_lowest_band_cap(fw, code):
    r = run(fw, {code: 0})
    assert r.items[code].declared
    assert (r.items[code].suggested, r.items[code].points) == (0, 0)
    assert "giá trị 0 không được điểm" in r.items[code].explanation


def test_the_smallest_non_zero_fact_earns_the_lowest_band_cap(fw):
    r = run(fw, {"1.4.1": 1, "1.6.1": 0.5, "1.7.1": 1})
    assert [r.items[c].suggested for c in ("1.4.1", "1.6.1", "1.7.1")] == [3, 2, 2]


def test_with_zero_policy_off_a_zero_fact_earns_the_lowest_band_cap():
    fw = variant(zero_fact_scores_zero=False)
    r = run(fw, {"1.4.1": 0, "1.6.1": 0})
    assert r.items["1.4.1"].suggested == 3  # "Ít hơn 20 học liệu: tối đa 3 điểm"
    assert r.items["1.6.1"].suggested == 2  # "<30%: tối đa 2 điểm"


# ---------------------------------------------------------------------------------------------
# P6 — bands
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "value", "cap"),
    [
        ("1.6.1", 29.99, 2),
        ("1.6.1", 30, 4),
        ("1.6.1", 45, 4),
        ("1.6.1", 60, 4),
        ("1.6.1", 60.01, 7),
        ("1.6.1", 100, 7),
        ("1.6.3", 60, 4),
        ("1.6.3", 61, 6),
        ("1.7.1", 19.5, 2),
        ("1.7.1", 20, 5),
        ("1.7.1", 60, 5),
        ("1.7.1", 60.5, 8),
    ],
)
def test_percentage_middle_band_includes_both_ends(fw, code, value, cap):
    assert run(fw, {code: value}).items[code].suggested == cap


@pytest.mark.parametrize(
    ("materials", "cap"),
    [(1, 3), (19, 3), (20, 6), (35, 6), (39, 6), (40, 10), (41, 10), (80, 10), (10_000, 10)],
)
def test_learning_material_bands_are_1_19_then_20_39_then_40_or_more(fw, materials, cap):
    assert run(fw, {"1.4.1": materials}).items["1.4.1"].suggested == cap


@pytest.mark.parametrize(
    ("choice", "cap"), [("none", 0), ("pdf_file", 3), ("digital_certificate", 10)]
)
def test_grade_book_none_pdf_or_digital_certificate(fw, choice, cap):
    r = run(fw, {"2.3.3": choice})
    assert (r.items["2.3.3"].suggested, r.items["2.3.3"].points) == (cap, cap)


@pytest.mark.parametrize(("level", "cap"), [(1, 2), (2, 5), (3, 7)])
def test_informatics_level_caps(fw, level, cap):
    assert run(fw, {"1.7.2": level}).items["1.7.2"].suggested == cap


@pytest.mark.parametrize(("value", "cap"), [(True, 6), (False, 0)])
def test_boolean_item_earns_its_maximum_when_true(fw, value, cap):
    assert run(fw, {"1.3.1": value}).items["1.3.1"].suggested == cap


def test_suggested_cap_agrees_with_scoring(fw):
    it = item(fw, "1.4.1")
    assert suggested_cap(fw, it, 35) == (6, 1)
    assert suggested_cap(fw, it, 0) == (0, None)


# ---------------------------------------------------------------------------------------------
# 1.7.2 — suggested Informatics level (footnote 1)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("education_level", "students", "computers", "level"),
    [
        # Tiểu học: >3 per computer → 1; 2–3 → 2; ≤1 → 3 (the gap (1, 2) suggests 2)
        ("primary", 35, 35, 3),
        ("primary", 30, 35, 3),
        ("primary", 50, 35, 2),
        ("primary", 70, 35, 2),
        ("primary", 105, 35, 2),
        ("primary", 106, 35, 1),
        # THCS: >2 → 1; 2 → 2; ≤1 → 3
        ("lower_secondary", 35, 35, 3),
        ("lower_secondary", 50, 35, 2),
        ("lower_secondary", 70, 35, 2),
        ("lower_secondary", 71, 35, 1),
        # THPT: >1 → 1; exactly 1 → 2; more computers than students → 3
        ("upper_secondary", 34, 35, 3),
        ("upper_secondary", 35, 35, 2),
        ("upper_secondary", 36, 35, 1),
        # GDTX is not covered by the footnote
        ("continuing_education", 35, 35, None),
        ("continuing_education", 200, 10, None),
        # no education level, or no computers: nothing to suggest
        (None, 35, 35, None),
        ("primary", 35, 0, None),
    ],
)
def test_informatics_level_suggestion_per_education_level(
    fw, education_level, students, computers, level
):
    details = {"1.7.2": {"students_per_lesson": students, "computers": computers}}
    r = run(fw, {}, education_level=education_level, details=details)
    assert r.suggestions["1.7.2"] == level
    assert r.to_dict()["items"]["1.7.2"]["suggested_level"] == level
    assert suggest_level(item(fw, "1.7.2"), education_level, details["1.7.2"]) == level


def test_informatics_points_follow_the_chosen_level_not_the_suggestion(fw):
    details = {"1.7.2": {"students_per_lesson": 35, "computers": 35}}
    r = run(fw, {"1.7.2": 1}, education_level="primary", details=details)
    assert r.suggestions["1.7.2"] == 3
    assert r.items["1.7.2"].points == 2  # level 1 chosen: tối đa 2


def test_suggested_level_appears_only_when_details_are_given(fw):
    assert "suggested_level" not in run(fw, {"1.7.2": 2}).to_dict()["items"]["1.7.2"]


@pytest.mark.parametrize(
    "entry",
    [
        {"students_per_lesson": -1, "computers": 10},
        {"students_per_lesson": 2.5, "computers": 10},
        {"students_per_lesson": "30", "computers": 10},
        {"students_per_lesson": 30},
        "30/10",
    ],
)
def test_informatics_details_must_be_two_non_negative_integers(fw, entry):
    errors = refused(fw, {}, education_level="primary", details={"1.7.2": entry})
    assert all(k.startswith("details.1.7.2.") for k in errors), errors
    assert all(m == "phải là số nguyên không âm" for m in errors.values())


def test_details_for_an_item_without_a_suggestion_are_refused(fw):
    errors = refused(fw, {}, details={"1.4.1": {"students_per_lesson": 1, "computers": 1}})
    assert list(errors) == ["details.1.4.1"]


# ---------------------------------------------------------------------------------------------
# P7 — criterion maxima, 2.3
# ---------------------------------------------------------------------------------------------


def test_criterion_2_3_keeps_printed_maximum_70_while_its_items_sum_to_60(fw):
    cr = criterion(fw, "2.3")
    assert (cr.max_points, cr.items_max_sum) == (70, 60)
    assert any(w.startswith("tiêu chí 2.3") and "60" in w and "70" in w for w in fw.warnings)
    facts, awarded = facts_for_criterion_total(fw, "2.3", 60)
    r = run(fw, facts, awarded)
    assert (r.criteria["2.3"].points, r.criteria["2.3"].items_sum) == (60, 60)
    assert r.to_dict()["criteria"]["2.3"]["max_points"] == 70
    assert r.criteria["2.3"].level == 3  # 60 is "trên 50"


def test_group_2_reaches_at_most_90_and_still_level_3(fw):
    facts, _ = facts_for_group_total(fw, "2", 90)  # every item at its top fact, nothing awarded
    g = run(fw, facts).groups["2"]
    assert (g.points, g.max_points, g.level) == (90, 100, 3)


def _shrink_2_3_to_50(raw):
    raw_criterion(raw, "2.3")["max_points"] = 50


def test_a_criterion_total_is_capped_at_its_maximum():
    fw = edited_4725(_shrink_2_3_to_50)  # items still sum to 60
    facts, _ = facts_for_group_total(load_4725(), "2", 90)
    r = run(fw, facts)
    assert (r.criteria["2.3"].items_sum, r.criteria["2.3"].points) == (60, 50)
    assert r.criteria["2.3"].level == 2  # 50 is "từ 20-50"
    assert "giới hạn ở điểm tối đa 50" in r.criteria["2.3"].explanation
    assert r.groups["2"].points == 80


def test_without_the_cap_policy_a_criterion_counts_its_items_sum():
    def edit(raw):
        _shrink_2_3_to_50(raw)
        raw["policies"]["cap_criterion_at_max"] = False

    fw = edited_4725(edit)
    facts, _ = facts_for_group_total(load_4725(), "2", 90)
    r = run(fw, facts)
    assert r.criteria["2.3"].points == 60
    assert r.criteria["2.3"].level == 3
    assert r.groups["2"].points == 90


# ---------------------------------------------------------------------------------------------
# P8 — not declared
# ---------------------------------------------------------------------------------------------


def test_a_missing_fact_is_not_declared_and_scores_zero(fw):
    r = run(fw, {})
    assert all(not i.declared and i.points == 0 for i in r.items.values())
    assert all(c.points == 0 for c in r.criteria.values())
    assert all(g.points == 0 and g.level == 1 for g in r.groups.values())
    assert r.items["1.4.1"].explanation == "Chưa khai báo → 0 điểm."


def test_null_is_an_explicit_not_declared(fw):
    r = run(fw, {"1.4.1": None, "1.1": None})
    assert not r.items["1.4.1"].declared
    assert r.criteria["1.1"].met is None


def test_every_group_criterion_and_item_appears_in_the_result(fw):
    out = run(fw, {"1.4.1": 35}).to_dict()
    assert set(out["groups"]) == {g.code for g in fw.groups}
    assert set(out["criteria"]) == {c.code for c in fw.criteria()}
    assert set(out["items"]) == {i.code for i in fw.items()}


# ---------------------------------------------------------------------------------------------
# Explanations and next steps
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "code", "text"),
    [
        ({"1.4.1": 35}, "1.4.1", "35 học liệu → nhóm từ 20 đến dưới 40 → tối đa 6 điểm."),
        ({"1.4.1": 40}, "1.4.1", "40 học liệu → nhóm từ 40 → tối đa 10 điểm."),
        ({"1.6.1": 30}, "1.6.1", "30% → nhóm từ 30% đến 60% → tối đa 4 điểm."),
        ({"1.6.1": 60}, "1.6.1", "60% → nhóm từ 30% đến 60% → tối đa 4 điểm."),
        ({"1.6.1": 72.5}, "1.6.1", "72,5% → nhóm trên 60% đến 100% → tối đa 7 điểm."),
        ({"2.3.3": "pdf_file"}, "2.3.3", "File PDF → tối đa 3 điểm."),
        ({"2.3.3": "digital_certificate"}, "2.3.3", "Áp dụng chứng thư số → tối đa 10 điểm."),
        ({"1.3.1": True}, "1.3.1", "Có → tối đa 6 điểm."),
        ({"1.3.1": False}, "1.3.1", "Không → tối đa 0 điểm."),
    ],
)
def test_item_explanation_names_fact_band_and_cap(fw, facts, code, text):
    assert run(fw, facts).items[code].explanation == text


def test_criterion_explanation_names_total_threshold_and_level(fw):
    r = run(fw, {"1.4.1": 35})
    assert r.criteria["1.4"].explanation == (
        "Tổng điểm thành phần 6 → từ 4 điểm đến 6 điểm → mức độ 2."
    )


def test_group_explanation_names_total_threshold_and_level(fw):
    facts, awarded = facts_for_group_total(fw, "1", 62)
    assert run(fw, facts, awarded).groups["1"].reason == (
        "Nhóm 1: tổng 62 điểm → từ 50 điểm đến 75 điểm → mức độ 2."
    )


@pytest.mark.parametrize(
    ("facts", "code", "cap", "needs"),
    [
        ({"1.4.1": 35}, "1.4.1", 10, "Đạt từ 40 học liệu (thêm 5 học liệu)"),
        ({"1.4.1": 5}, "1.4.1", 6, "Đạt từ 20 học liệu đến dưới 40 học liệu (thêm 15 học liệu)"),
        ({"1.6.1": 45}, "1.6.1", 7, "Đạt trên 60% đến 100% (hiện 45%)"),
        ({"1.6.1": 10}, "1.6.1", 4, "Đạt từ 30% đến 60% (hiện 10%)"),
        ({"2.3.3": "none"}, "2.3.3", 3, "Chuyển sang “File PDF”"),
        ({"2.3.3": "pdf_file"}, "2.3.3", 10, "Chuyển sang “Áp dụng chứng thư số”"),
        ({"1.7.2": 1}, "1.7.2", 5, "Đạt mức độ 2"),
        ({"1.7.2": 2}, "1.7.2", 7, "Đạt mức độ 3"),
        ({"1.3.1": False}, "1.3.1", 6, "Triển khai và khai báo “Có” kèm minh chứng"),
        ({}, "1.5.1", 15, "Triển khai và khai báo “Có” kèm minh chứng"),
    ],
)
def test_next_step_names_the_next_band_and_its_cap(fw, facts, code, cap, needs):
    step = run(fw, facts).items[code].next_step()
    assert step is not None
    assert (step.cap, step.needs) == (cap, needs)


@pytest.mark.parametrize(
    "facts",
    [
        {"1.4.1": 40},
        {"1.6.1": 61},
        {"1.7.1": 100},
        {"1.7.2": 3},
        {"2.3.3": "digital_certificate"},
        {"1.3.1": True},
    ],
)
def test_there_is_no_next_step_at_the_top_band(fw, facts):
    (code,) = facts
    r = run(fw, facts)
    assert r.items[code].next_step() is None
    assert r.to_dict()["items"][code]["next"] is None


def test_next_step_is_measured_from_the_suggestion_not_the_awarded_points(fw):
    r = run(fw, {"1.4.1": 40}, awarded={"1.4.1": 4})
    assert r.items["1.4.1"].next_step() is None  # the fact is already in the top band


def test_explanations_are_left_out_when_not_asked(fw):
    out = run(fw, {"1.4.1": 35}).to_dict(explain=False)
    assert "explanation" not in out["items"]["1.4.1"]
    assert "next" not in out["items"]["1.4.1"]
    assert "explanation" not in out["groups"]["1"]


def test_result_is_plain_json(fw):
    details = {"1.7.2": {"students_per_lesson": 70, "computers": 35}}
    facts, awarded = facts_for_group_total(fw, "1", 75.5)
    out = run(fw, facts, awarded, "lower_secondary", details).to_dict()
    assert json.loads(json.dumps(out, ensure_ascii=False, allow_nan=False)) == out


# ---------------------------------------------------------------------------------------------
# validate_facts — every problem named by its field
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "field", "fragment"),
    [
        ({"9.9": True}, "9.9", "không có trong bộ chỉ số 4725"),
        ({"1.3": True}, "1.3", "không có trong bộ chỉ số 4725"),  # a scored criterion
        ({"1.6.1": 140}, "1.6.1", "0–100%"),
        ({"1.6.1": -0.5}, "1.6.1", "0–100%"),
        ({"1.4.1": "nhiều"}, "1.4.1", "phải là một số"),
        ({"1.6.1": "45%"}, "1.6.1", "phải là một số"),
        ({"1.4.1": -1}, "1.4.1", "số nguyên không âm"),
        ({"1.4.1": 2.5}, "1.4.1", "số nguyên không âm"),
        ({"1.4.1": True}, "1.4.1", "phải là một số"),
        ({"1.6.1": float("nan")}, "1.6.1", "phải là một số"),
        ({"1.6.1": float("inf")}, "1.6.1", "phải là một số"),
        ({"1.7.2": 4}, "1.7.2", "mức độ phải là 1, 2 hoặc 3"),
        ({"1.7.2": 0}, "1.7.2", "mức độ phải là 1, 2 hoặc 3"),
        ({"1.7.2": 2.5}, "1.7.2", "mức độ phải là 1, 2 hoặc 3"),
        ({"2.3.3": "paper"}, "2.3.3", "none, pdf_file, digital_certificate"),
        ({"2.3.3": 3}, "2.3.3", "none, pdf_file, digital_certificate"),
        ({"1.3.1": "có"}, "1.3.1", "true/false"),
        ({"1.3.1": 1}, "1.3.1", "true/false"),
        ({"1.1": "yes"}, "1.1", "true/false"),
    ],
)
def test_invalid_fact_is_refused_naming_its_field(fw, facts, field, fragment):
    errors = refused(fw, facts)
    assert list(errors) == [field]
    assert fragment in errors[field]


def test_every_invalid_field_is_reported_at_once(fw):
    errors = refused(
        fw,
        {"1.6.1": 140, "1.4.1": -1, "1.7.2": 4, "2.3.3": "paper", "9.9": 1, "1.3.1": True},
        awarded={"1.3.1": 7},
        education_level="college",
    )
    assert set(errors) == {
        "1.6.1",
        "1.4.1",
        "1.7.2",
        "2.3.3",
        "9.9",
        "awarded.1.3.1",
        "education_level",
    }


def test_unknown_education_level_is_refused(fw):
    errors = refused(fw, {}, education_level="college")
    assert "cấp học 'college' không thuộc phạm vi bộ chỉ số 4725" in errors["education_level"]


def test_education_level_outside_the_framework_is_refused(fw):
    # 4725 is for schools and GDTX centres; preschools have their own index (3276).
    assert "preschool" in refused(fw, {}, education_level="preschool")["education_level"]


def test_education_level_of_the_wrong_type_is_refused(fw):
    assert "education_level" in refused(fw, {}, education_level=["primary"])


def test_huge_numbers_are_refused_not_crashed(fw):
    errors = refused(fw, {"1.4.1": 10**400, "1.3.1": True}, awarded={"1.3.1": 10**400})
    assert set(errors) == {"1.4.1", "awarded.1.3.1"}


def test_incomplete_framework_cannot_be_scored(fw):
    import dataclasses

    incomplete = dataclasses.replace(fw, complete=False, cache={})
    assert "chưa đầy đủ" in refused(incomplete, {})["framework"]


def test_facts_must_be_a_mapping(fw):
    assert "facts" in refused(fw, ["1.4.1", 35])


def test_integral_floats_are_accepted_for_counts_and_levels(fw):
    facts = validate_facts(fw, {"1.4.1": 35.0, "1.7.2": 2.0})
    assert facts.values == {"1.4.1": 35, "1.7.2": 2}
    assert isinstance(facts.values["1.4.1"], int)


def test_validated_facts_score_without_raising_for_every_education_level(fw):
    facts, awarded = facts_for_group_total(fw, "2", 70)
    for level in fw.education_levels:
        assert run(fw, facts, awarded, education_level=level).groups["2"].points == 70


def test_score_trusts_prevalidated_facts_and_is_repeatable(fw):
    facts = validate_facts(fw, {"1.4.1": 35, "1.6.1": 45}, awarded={"1.6.1": 3})
    assert score(fw, facts).to_dict() == score(fw, facts).to_dict()


def test_group_max_points_is_100_as_printed(fw):
    assert [g.max_points for g in fw.groups] == [100, 100]
    assert sum(c.max_points for c in group(fw, "1").criteria) == 100


# ---------------------------------------------------------------------------------------------
# Regressions: awarded decimals and extreme numbers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("points", [0.29, 0.57, 1.13, 2.01, 3.99])
def test_awarded_points_with_two_decimals_are_accepted_despite_float_rounding(fw, points):
    # 0.29 * 100 == 28.999999999999996 in binary floating point; it still has two decimals.
    r = run(fw, {"1.6.1": 45}, awarded={"1.6.1": points})
    assert r.items["1.6.1"].points == points


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"awarded": {"1.6.1": 1e308}}, "awarded.1.6.1"),
        ({"awarded": {"1.6.1": float("inf")}}, "awarded.1.6.1"),
        ({"awarded": {"1.6.1": float("nan")}}, "awarded.1.6.1"),
        (
            {"details": {"1.7.2": {"students_per_lesson": float("inf"), "computers": 1}}},
            "details.1.7.2.students_per_lesson",
        ),
        (
            {"details": {"1.7.2": {"students_per_lesson": 30, "computers": float("nan")}}},
            "details.1.7.2.computers",
        ),
    ],
    ids=["awarded-1e308", "awarded-inf", "awarded-nan", "details-inf", "details-nan"],
)
def test_extreme_numbers_are_refused_naming_the_field_not_crashing(fw, kwargs, field):
    # json.loads accepts NaN, Infinity and 1e400, so `manage.py score` can receive them.
    errors = refused(fw, {"1.6.1": 45}, education_level="primary", **kwargs)
    assert list(errors) == [field]


# ---------------------------------------------------------------------------------------------
# Known engine defects (described in the report to the engine's owner). strict=True: each fails
# loudly once fixed, so its marker is removed together with the fix.
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["1.4.1", "1.6.1"])
def test_next_step_from_a_zero_fact_does_not_ask_for_a_range_zero_is_already_in(fw, code):
    step = run(fw, {code: 0}).items[code].next_step()
    assert step is not None and step.cap > 0
    assert "dưới" not in step.needs


def test_criterion_explanation_does_not_claim_a_cap_when_the_policy_is_off():
    def edit(raw):
        _shrink_2_3_to_50(raw)
        raw["policies"]["cap_criterion_at_max"] = False

    fw = edited_4725(edit)
    facts, _ = facts_for_group_total(load_4725(), "2", 90)
    c = run(fw, facts).criteria["2.3"]
    assert c.points == 60
    assert "giới hạn" not in c.explanation
