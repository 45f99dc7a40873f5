"""Loading index files: strict validation, clear messages, immutable published versions."""

import copy
import textwrap

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from edudx.core.models import AuditRecord
from edudx.frameworks import loader, schema
from edudx.frameworks.models import FrameworkVersion

BUNDLED_4725 = loader.DATA_DIR / "4725.yaml"


def raw_4725() -> dict:
    return yaml.safe_load(BUNDLED_4725.read_text(encoding="utf-8"))


def problems_of(raw) -> list[str]:
    with pytest.raises(schema.FrameworkError) as info:
        schema.parse_framework(raw, "thu.yaml")
    assert "thu.yaml" in str(info.value)
    return info.value.problems


def find_criterion(raw, code):
    return next(c for g in raw["groups"] for c in g["criteria"] if c["code"] == code)


def test_bundled_4725_has_the_annex_structure():
    fw = loader.read_yaml(BUNDLED_4725)
    assert [g.code for g in fw.groups] == ["1", "2"]
    assert [c.code for c in fw.criteria()] == [
        "1.1",
        "1.2",
        "1.3",
        "1.4",
        "1.5",
        "1.6",
        "1.7",
        "2.1",
        "2.2",
        "2.3",
        "2.4",
    ]
    assert [c.code for c in fw.criteria() if c.mandatory] == ["1.1", "1.2", "2.1", "2.2"]
    assert sum(c.max_points for c in fw.groups[0].criteria) == 100
    assert sum(c.max_points for c in fw.groups[1].criteria) == 100
    assert len(list(fw.items())) == 25


def test_criterion_2_3_keeps_printed_maximum_and_warns_that_items_sum_to_60():
    fw = loader.read_yaml(BUNDLED_4725)
    cr = next(c for c in fw.criteria() if c.code == "2.3")
    assert (cr.max_points, cr.items_max_sum) == (70, 60)
    assert any("2.3" in w and "60" in w and "70" in w for w in fw.warnings)


def test_unknown_key_is_rejected_with_its_place():
    raw = raw_4725()
    find_criterion(raw, "1.4")["items"][0]["points_max"] = 10
    problems = problems_of(raw)
    assert any("thành phần 1.4.1" in p and "points_max" in p for p in problems)


def test_overlapping_bands_are_rejected():
    raw = raw_4725()
    find_criterion(raw, "1.6")["items"][0]["bands"][1] = {"from": 25, "to": 60, "cap": 4}
    problems = problems_of(raw)
    assert any("1.6.1" in p and "chồng lấn" in p for p in problems)


def test_overlapping_level_thresholds_are_rejected():
    raw = raw_4725()
    find_criterion(raw, "1.3")["levels"][1] = {"level": 2, "from": 8, "to": 20}
    problems = problems_of(raw)
    assert any("tiêu chí 1.3.levels" in p and "chồng lấn" in p for p in problems)


def test_band_cap_above_item_maximum_is_rejected():
    raw = raw_4725()
    find_criterion(raw, "1.7")["items"][0]["bands"][2]["cap"] = 9
    assert any("1.7.1" in p and "vượt điểm tối đa" in p for p in problems_of(raw))


def test_every_problem_is_reported_at_once():
    raw = raw_4725()
    raw["colour"] = "đỏ"
    find_criterion(raw, "1.5")["max_points"] = "hai mươi"
    find_criterion(raw, "2.4")["items"][0]["kind"] = "yes_no"
    problems = problems_of(raw)
    assert len(problems) >= 3


def test_gap_in_thresholds_is_a_warning_not_an_error():
    raw = raw_4725()
    # As printed in the decision: 1.4 level 3 "trên 7" leaves a total of 7 without a level.
    find_criterion(raw, "1.4")["levels"][2] = {"level": 3, "above": 7}
    fw = schema.parse_framework(raw, "in-nguyen-van.yaml")
    assert any("tiêu chí 1.4.levels" in w and "không xác định" in w for w in fw.warnings)


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    bad = tmp_path / "hong.yaml"
    bad.write_text("code: '4725'\ngroups: [\n", encoding="utf-8")
    with pytest.raises(schema.FrameworkError) as info:
        loader.read_yaml(bad)
    assert "hong.yaml" in str(info.value) and "dòng" in str(info.value)


@pytest.mark.django_db
def test_loading_twice_changes_nothing_and_audits_once():
    first = loader.publish(loader.read_yaml(BUNDLED_4725), source="a")
    second = loader.publish(loader.read_yaml(BUNDLED_4725), source="b")
    assert first.created and not second.created
    assert FrameworkVersion.objects.count() == 1
    assert AuditRecord.objects.filter(action="framework.publish").count() == 1


@pytest.mark.django_db
def test_different_content_under_a_published_version_is_refused():
    loader.publish(loader.read_yaml(BUNDLED_4725))
    raw = raw_4725()
    find_criterion(raw, "1.5")["items"][1]["max_points"] = 5.5
    find_criterion(raw, "1.5")["max_points"] = 20
    changed = schema.parse_framework(raw, "sua.yaml")
    with pytest.raises(loader.VersionConflict, match="phiên bản mới"):
        loader.publish(changed)


@pytest.mark.django_db
def test_a_revision_is_loaded_as_a_new_version():
    loader.publish(loader.read_yaml(BUNDLED_4725))
    raw = raw_4725()
    raw["version"] = "2027.1"
    loader.publish(schema.parse_framework(raw, "moi.yaml"))
    assert sorted(FrameworkVersion.objects.values_list("version", flat=True)) == [
        "2022.1",
        "2027.1",
    ]


@pytest.mark.django_db
def test_stored_definition_cannot_be_edited_in_place():
    version = loader.publish(loader.read_yaml(BUNDLED_4725)).version
    version.definition = copy.deepcopy(version.definition)
    version.definition["title"] = "Sửa tên"
    with pytest.raises(ValidationError):
        version.save()


@pytest.mark.django_db
def test_stored_version_parses_back_to_the_same_framework():
    version = loader.publish(loader.read_yaml(BUNDLED_4725)).version
    version.refresh_from_db()
    assert version.framework() == loader.read_yaml(BUNDLED_4725)


@pytest.mark.django_db
def test_3276_is_loaded_as_incomplete_and_not_usable(bundled_frameworks):
    assert bundled_frameworks["3276"].complete is False
    assert list(FrameworkVersion.objects.usable().values_list("code", flat=True)) == ["4725"]


@pytest.mark.django_db
def test_load_framework_command_reports_created_then_unchanged(capsys, tmp_path):
    call_command("load_framework", str(BUNDLED_4725))
    call_command("load_framework", str(BUNDLED_4725))
    out = capsys.readouterr().out
    assert "4725 phiên bản 2022.1: đã nạp" in out
    assert "không đổi" in out
    assert "2.3" in out  # the decision's own inconsistency is surfaced


@pytest.mark.django_db
def test_load_framework_command_fails_loudly_on_a_bad_file(tmp_path):
    bad = tmp_path / "sai.yaml"
    bad.write_text(
        textwrap.dedent(
            """
            code: "9999"
            version: "1"
            title: Thử
            decision: {number: "1/QĐ", date: 2024-13-45}
            education_levels: [kindergarten]
            groups: []
            """
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as info:
        call_command("load_framework", str(bad))
    message = str(info.value)
    assert "sai.yaml" in message and "decision.date" in message and "kindergarten" in message
    assert not FrameworkVersion.objects.exists()


def test_bands_whose_cap_falls_as_the_fact_rises_are_rejected():
    raw = raw_4725()
    find_criterion(raw, "1.4")["items"][0]["bands"][0]["cap"] = 8
    assert any("1.4.1" in p and "không được giảm" in p for p in problems_of(raw))


def test_scored_criterion_without_level_thresholds_is_rejected():
    raw = raw_4725()
    del find_criterion(raw, "1.5")["levels"]
    assert any("tiêu chí 1.5" in p and "ngưỡng mức độ" in p for p in problems_of(raw))


@pytest.mark.parametrize("bad", [True, float("inf"), float("nan")])
def test_booleans_and_non_finite_numbers_are_not_numbers(bad):
    raw = raw_4725()
    find_criterion(raw, "1.5")["levels"][0]["level"] = bad if bad is True else 1
    find_criterion(raw, "1.5")["max_points"] = 20 if bad is True else bad
    assert problems_of(raw)


def test_unreachable_level_is_a_warning():
    raw = raw_4725()
    find_criterion(raw, "2.4")["levels"] = [
        {"level": 1, "below": 10},
        {"level": 2, "from": 10, "to": 30},
        {"level": 3, "above": 30},
    ]
    fw = schema.parse_framework(raw, "x.yaml")
    assert any("tiêu chí 2.4.levels" in w and "không thể đạt" in w for w in fw.warnings)


@pytest.mark.django_db
def test_columns_of_a_published_version_follow_its_definition():
    version = loader.publish(loader.read_yaml(loader.DATA_DIR / "3276.yaml")).version
    version.complete = True  # an attempt to make the preschool index usable without its annex
    version.save()
    version.refresh_from_db()
    assert version.complete is False
    assert not FrameworkVersion.objects.usable().exists()
