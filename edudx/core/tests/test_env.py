import pytest
from django.core.exceptions import ImproperlyConfigured

from edudx.core.env import env_bool, env_int, env_list, env_str


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("Yes", True), ("0", False), ("off", False)]
)
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG") is expected


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("X_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG")


def test_empty_values_fall_back_to_defaults(monkeypatch):
    monkeypatch.setenv("X_FLAG", "")
    monkeypatch.setenv("X_NUM", "")
    monkeypatch.setenv("X_STR", "")
    assert env_bool("X_FLAG", True) is True
    assert env_int("X_NUM", 7) == 7
    assert env_str("X_STR", "mặc định") == "mặc định"


def test_env_int_refuses_text_and_values_below_minimum(monkeypatch):
    monkeypatch.setenv("X_NUM", "tám")
    with pytest.raises(ImproperlyConfigured, match="integer"):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "10")
    with pytest.raises(ImproperlyConfigured, match="at least 300"):
        env_int("X_NUM", 1, minimum=300)


def test_env_list_splits_on_commas(monkeypatch):
    monkeypatch.setenv("X_LIST", " a.vn, ,b.vn ")
    assert env_list("X_LIST") == ["a.vn", "b.vn"]
