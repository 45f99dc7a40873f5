"""Collecting the problems of an index file: each check names its place, and one run reports them
all. Pure Python."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from edudx.frameworks.schema.types import fmt


class Checker:
    """Collects problems and warnings with their place so one run reports everything."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.warnings: list[str] = []

    def error(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(f"{where}: {message}")

    def mapping(self, value, where: str, allowed: set[str], required: tuple[str, ...]) -> dict:
        if not isinstance(value, Mapping):
            self.error(where, "phải là một bảng khóa: giá trị")
            return {}
        for key in value:
            if key not in allowed:
                self.error(
                    where, f"khóa không hợp lệ '{key}' (cho phép: {', '.join(sorted(allowed))})"
                )
        for key in required:
            if key not in value or value[key] in (None, ""):
                self.error(where, f"thiếu khóa bắt buộc '{key}'")
        return dict(value)

    def text(self, value, where: str, *, required: bool = False) -> str:
        if value is None:
            if required:
                self.error(where, "không được để trống")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(where, "phải là văn bản")
            return ""
        return str(value).strip()

    def number(self, value, where: str, *, minimum: float = 0.0) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or abs(value) > 1e9
        ):
            self.error(where, f"phải là một số hữu hạn (nhận được {value!r})")
            return 0.0
        if value < minimum:
            self.error(where, f"không được nhỏ hơn {fmt(minimum)}")
        return float(value)

    def flag(self, value, where: str, default: bool) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(where, "phải là true hoặc false")
            return default
        return value

    def seq(self, value, where: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list | tuple):
            self.error(where, "phải là một danh sách")
            return []
        return list(value)


def parse_details(c: Checker, raw, where: str) -> tuple[str, ...]:
    return tuple(c.text(d, f"{where}[{i}]", required=True) for i, d in enumerate(c.seq(raw, where)))


def place(raw, label: str, fallback: str) -> str:
    """Name a place by its code ('tiêu chí 1.4') so messages point where a person would look."""
    code = raw.get("code") if isinstance(raw, Mapping) else None
    return (
        f"{label} {code}" if isinstance(code, str | int | float) and str(code).strip() else fallback
    )


def check_unique(c: Checker, code: str, seen: set[str], where: str) -> None:
    if code in seen:
        c.error(where, f"mã '{code}' bị trùng")
    seen.add(code)


def parse_date(c: Checker, value, where: str) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        c.error(where, f"ngày không hợp lệ {value!r} (dạng YYYY-MM-DD)")
        return ""
