"""The `manage.py score` contract used by integrators (docs/scoring.md)."""

import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frameworks(bundled_frameworks):
    return bundled_frameworks


def run_score(tmp_path, capsys, payload, *args, raw: str | None = None):
    path = tmp_path / "facts.json"
    path.write_text(raw if raw is not None else json.dumps(payload), encoding="utf-8")
    call_command("score", "4725", str(path), *args)
    return json.loads(capsys.readouterr().out)


def refused(tmp_path, capsys, payload=None, raw=None, code="4725") -> str:
    path = tmp_path / "facts.json"
    path.write_text(raw if raw is not None else json.dumps(payload), encoding="utf-8")
    with pytest.raises(CommandError) as info:
        call_command("score", code, str(path))
    assert capsys.readouterr().out == ""  # never prints a score
    return str(info.value)


def test_score_prints_groups_criteria_and_items(tmp_path, capsys):
    out = run_score(
        tmp_path,
        capsys,
        {
            "education_level": "lower_secondary",
            "facts": {
                "1.1": True,
                "1.2": True,
                "1.3.1": True,
                "1.4.1": 35,
                "1.6.1": 45.5,
                "1.7.2": 2,
                "2.3.3": "pdf_file",
            },
        },
    )
    assert out["framework"] == "4725"
    assert out["items"]["1.4.1"]["points"] == 6
    assert out["items"]["1.6.1"]["points"] == 4
    assert out["items"]["1.7.2"]["points"] == 5
    assert out["items"]["2.3.3"]["points"] == 3
    assert out["criteria"]["1.3"] == {**out["criteria"]["1.3"], "points": 6, "level": 1}
    assert out["groups"]["1"]["points"] == 6 + 6 + 4 + 5
    assert out["groups"]["1"]["mandatory_met"] is True
    assert out["groups"]["2"]["mandatory_met"] is False
    assert "35 học liệu" in out["items"]["1.4.1"]["explanation"]


def test_awarded_points_below_the_cap_are_used(tmp_path, capsys):
    out = run_score(tmp_path, capsys, {"facts": {"1.4.1": 45}, "awarded": {"1.4.1": 8}})
    assert (out["items"]["1.4.1"]["suggested"], out["items"]["1.4.1"]["points"]) == (10, 8)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"facts": {"9.9.9": True}}, "9.9.9"),
        ({"facts": {"1.6.1": 140}}, "1.6.1"),
        ({"facts": {"1.4.1": "ba mươi"}}, "1.4.1"),
        ({"facts": {"1.3.1": "có"}}, "1.3.1"),
        ({"facts": {"1.7.2": 4}}, "1.7.2"),
        ({"facts": {"1.4.1": 10}, "awarded": {"1.4.1": 5}}, "awarded.1.4.1"),
        ({"facts": {}, "education_level": "mau_giao"}, "education_level"),
    ],
)
def test_bad_facts_exit_non_zero_naming_the_field(tmp_path, capsys, payload, field):
    message = refused(tmp_path, capsys, payload)
    assert "Dữ kiện không hợp lệ" in message and field in message


def test_broken_json_is_refused_with_its_position(tmp_path, capsys):
    assert "dòng 1" in refused(tmp_path, capsys, raw='{"facts": {"1.1": tru')


def test_unknown_top_level_key_is_refused(tmp_path, capsys):
    assert "fact" in refused(tmp_path, capsys, {"fact": {}})


def test_incomplete_framework_cannot_score(tmp_path, capsys):
    assert "chưa đầy đủ" in refused(tmp_path, capsys, {"facts": {}}, code="3276")


def test_unknown_framework_lists_what_exists(tmp_path, capsys):
    assert "4725" in refused(tmp_path, capsys, {"facts": {}}, code="1234")
