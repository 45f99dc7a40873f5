"""Level rules as data: a level on the total of all groups, and a headline level (the index's own
rule, or a campaign's reading for an index that defines none). Uses the synthetic index files of
tests/synthetic/ (made for the test, not decisions) and 4725 as shipped."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from edudx.frameworks import excel, headline, schema
from edudx.frameworks.scoring import score, validate_facts
from edudx.frameworks.tests._fixtures import load_4725

SYNTHETIC = Path(__file__).parent / "synthetic"


def raw_total() -> dict:
    return yaml.safe_load((SYNTHETIC / "total_levels.yaml").read_text(encoding="utf-8"))


def total_fw() -> schema.Framework:
    return schema.parse_framework(raw_total(), "total_levels.yaml")


def facts(fw, yes: set[str]):
    return validate_facts(fw, {code: code in yes for code in fw.fact_codes()})


def problems_of(raw) -> list[str]:
    with pytest.raises(schema.FrameworkError) as exc:
        schema.parse_framework(raw, "t.yaml")
    return exc.value.problems


def test_total_levels_are_read_and_scored_on_the_sum_of_all_groups():
    fw = total_fw()
    assert [lb.level for lb in fw.total_levels] == [1, 2, 3] and fw.max_points == 20
    result = score(fw, facts(fw, {"1.1.1", "2.1.1"}))  # 6 + 6 = 12
    out = result.to_dict(explain=False)
    assert out["total"] == {"points": 12, "max_points": 20, "level": 2}
    assert out["headline"]["level"] == 2 and out["headline"]["by_index"] is True
    assert out["headline"]["note"] == ""  # the index itself defines it


def test_index_headline_lowest_group_takes_the_lower_group_level():
    raw = raw_total()
    raw["headline"] = "lowest_group"
    fw = schema.parse_framework(raw, "t.yaml")
    result = score(fw, facts(fw, {"1.1.1", "1.1.2", "2.1.1"}))  # group 1: 10 → 3; group 2: 6 → 2
    h = headline.of_result(result)
    assert (h.level, h.rule, h.by_index) == (2, "lowest_group", True)


def test_4725_has_no_headline_unless_the_campaign_sets_one_and_then_says_so():
    fw = load_4725()
    assert fw.headline == "" and fw.total_levels == ()
    result = score(fw, validate_facts(fw, {}))
    assert headline.of_result(result) is None
    assert "headline" not in result.to_dict(explain=False)
    h = headline.of_result(result, "lowest_group")
    assert h.level == min(g.level for g in result.groups.values())
    assert h.by_index is False and "không quy định" in h.note


def test_a_campaign_total_rule_needs_total_levels():
    fw = load_4725()
    result = score(fw, validate_facts(fw, {}))
    assert headline.of_result(result, "total") is None


def test_the_index_rule_wins_over_the_campaign_rule():
    fw = total_fw()
    assert headline.rule_for(fw, "lowest_group") == ("total", True)


def test_a_group_without_level_leaves_the_headline_undetermined():
    fw = load_4725()
    h = headline.headline(fw, {g.code: None for g in fw.groups}, {}, "lowest_group")
    assert h.level is None and "Chưa xác định" in h.explanation


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda r: r.update(headline="median"), "headline: quy tắc 'median' không hợp lệ"),
        (lambda r: r.pop("total_levels"), "headline: quy tắc 'total' cần ngưỡng"),
        (lambda r: r["total_levels"][0].update(points=3), "khóa không hợp lệ 'points'"),
        (lambda r: r["total_levels"].pop(), "total_levels: phải có đúng ba mức độ"),
        (lambda r: r.update(total_level=[]), "gốc: khóa không hợp lệ 'total_level'"),
        (lambda r: r["total_levels"][1].update(to=16), "chồng lấn"),
    ],
)
def test_bad_overall_rules_are_refused_with_their_place(edit, expected):
    raw = copy.deepcopy(raw_total())
    edit(raw)
    assert any(expected in p for p in problems_of(raw)), problems_of(raw)


def test_total_levels_gap_is_a_warning():
    raw = raw_total()
    raw["total_levels"][2] = {"level": 3, "above": 16}
    fw = schema.parse_framework(raw, "t.yaml")
    assert any(w.startswith("total_levels:") for w in fw.warnings)


def test_excel_round_trip_keeps_total_levels_and_headline():
    fw = total_fw()
    data = excel.export_xlsx(fw)
    info = {
        row[0]: row[1]
        for row in load_workbook(io.BytesIO(data))[excel.INFO].iter_rows(values_only=True)
    }
    assert info["Mức độ chung"] == "Mức theo tổng điểm các nhóm"
    assert "Mức độ 2: từ 10 đến 15 điểm" in info["Mức độ theo tổng điểm"]
    assert excel.read_xlsx(data, "t.xlsx") == fw


def test_excel_headline_that_is_not_a_rule_is_refused_with_its_cell():
    data = excel.export_xlsx(total_fw())
    wb = load_workbook(io.BytesIO(data))
    ws = wb[excel.INFO]
    row = next(c.row for c in ws["A"] if c.value == "Mức độ chung")
    ws[f"B{row}"] = "Trung bình"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(schema.FrameworkError) as exc:
        excel.read_xlsx(out.getvalue(), "t.xlsx")
    assert any(p.startswith(f"Thông tin!B{row}:") for p in exc.value.problems)


def test_4725_round_trip_is_unchanged_by_the_new_rows():
    fw = load_4725()
    assert excel.read_xlsx(excel.export_xlsx(fw), "4725.xlsx") == fw
