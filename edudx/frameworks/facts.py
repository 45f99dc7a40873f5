"""Facts at the boundary: what an institution (or a file, or an integrator) declares, checked
against the framework before anything is scored.

Every problem is reported with its field and a Vietnamese message, none is guessed; the checks are
compiled once per framework because a national import validates 53,000 fact sets. Pure Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from edudx.frameworks.compiled import lookups
from edudx.frameworks.schema import Criterion, Framework, Item, fmt

# The largest count anyone may declare (learning materials, teachers, pupils, the two counts of a
# percentage). The largest school has a few thousand pupils and a library of some ten thousand
# items; a million is far above any real count and still catches "1e9" or a pasted phone number.
# The one bound of the system: the form, the offline workbook and the evaluator all pass here, and
# the details of a percentage (assessments/details.py) use the same constant.
MAX_COUNT = 1_000_000
MAX_COUNT_SHOWN = f"{MAX_COUNT:,}".replace(",", ".")  # 1.000.000, as Vietnamese write it


def count_problem(value) -> str | None:
    """Why `value` is not a plausible count (a whole number from 0 to MAX_COUNT), or None."""
    t = type(value)
    if not (t is int or t is float) or not -1e12 < value < 1e12:
        return f"phải là một số, nhận được {str(value)[:20]!r}"
    if value < 0 or value != int(value):
        return f"số lượng phải là số nguyên không âm, nhận được {fmt(value)}"
    if value > MAX_COUNT:
        return f"số lượng {fmt(value)} quá lớn, không hợp lý (tối đa {MAX_COUNT_SHOWN})"
    return None


class FactsError(ValueError):
    """Facts that cannot be scored; `errors` maps a field to its Vietnamese message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


@dataclass(frozen=True, slots=True)
class Facts:
    """Validated input: `values[code]` per declared fact, optional awarded points and details."""

    values: Mapping[str, object]
    awarded: Mapping[str, float]
    education_level: str | None = None
    details: Mapping[str, Mapping[str, float]] | None = None


def validate_facts(
    fw: Framework,
    raw_facts: Mapping,
    *,
    awarded: Mapping | None = None,
    education_level: str | None = None,
    details: Mapping | None = None,
) -> Facts:
    """Check raw facts against the framework; every problem is reported, none is guessed."""
    if not fw.complete:
        raise FactsError(
            {
                "framework": f"bộ chỉ số {fw.code} phiên bản {fw.version} chưa đầy đủ nên chưa dùng được để đánh giá"
            }
        )
    errors: dict[str, str] = {}
    codes = _codes(fw)
    checks = fw.cache["fact_checks"]
    if education_level is not None and (
        not isinstance(education_level, str) or education_level not in fw.education_levels
    ):
        allowed = ", ".join(fw.education_levels)
        errors["education_level"] = (
            f"cấp học {education_level!r} không thuộc phạm vi bộ chỉ số {fw.code} (một trong: {allowed})"
        )
    for name, value in (("facts", raw_facts), ("awarded", awarded), ("details", details)):
        if value is not None and type(value) is not dict and not isinstance(value, Mapping):
            raise FactsError({name: "phải là một bảng mã: giá trị"})
    values: dict[str, object] = {}
    yes_no = fw.cache["yes_no_codes"]
    for code, value in raw_facts.items():
        if (value is True or value is False) and code in yes_no:  # most facts: no call needed
            values[code] = value
            continue
        check = checks.get(code)
        if check is None:
            errors[str(code)] = f"mã '{code}' không có trong bộ chỉ số {fw.code}"
        elif value is not None:  # None: explicitly "not declared"
            ok, normalised = check(value)
            if ok:
                values[code] = normalised
            else:
                errors[code] = normalised
    points = _check_awarded(fw, codes, values, errors, awarded) if awarded else {}
    clean_details = _check_details(codes, errors, details) if details else {}
    if errors:
        raise FactsError(errors)
    return Facts(values, points, education_level, clean_details)


def _finite(value) -> bool:
    """A real number of a sane size. Exact types on purpose: a bool is not a number here, and
    NaN, infinities and 400-digit integers (all valid JSON) fail the range comparison."""
    t = type(value)
    return (t is int or t is float) and -1e12 < value < 1e12


def _whole(value) -> bool:
    return _finite(value) and value >= 0 and value == int(value)


def _check_awarded(fw, codes, values, errors, awarded) -> dict[str, float]:
    points: dict[str, float] = {}
    rules = lookups(fw)
    for code, value in awarded.items():
        target = codes.get(code)
        if type(target) is not Item:
            errors[f"awarded.{code}"] = (
                f"mã '{code}' không phải điểm thành phần của bộ chỉ số {fw.code}"
            )
        elif code in errors:
            continue  # the fact itself is wrong; a second message about its cap would mislead
        elif code not in values:
            errors[f"awarded.{code}"] = (
                "chưa khai báo dữ kiện của thành phần này nên chưa thể chấm điểm"
            )
        elif not _finite(value):
            errors[f"awarded.{code}"] = f"điểm chấm phải là một số (nhận được {str(value)[:20]!r})"
        elif value < 0:
            errors[f"awarded.{code}"] = "điểm chấm không được âm"
        elif value > (cap := rules[code](values[code])[0]):
            errors[f"awarded.{code}"] = (
                f"điểm chấm {fmt(value)} vượt mức tối đa {fmt(cap)} theo dữ kiện đã khai"
            )
        elif abs(value * 100 - round(value * 100)) > 1e-6:
            errors[f"awarded.{code}"] = "điểm chấm có tối đa hai chữ số thập phân"
        else:
            points[code] = float(value)
    return points


def _check_details(codes, errors, details) -> dict[str, dict[str, float]]:
    clean_details: dict[str, dict[str, float]] = {}
    for code, entry in details.items():
        item = codes.get(code)
        if type(item) is not Item or item.suggestion is None:
            errors[f"details.{code}"] = f"thành phần '{code}' không có dữ kiện chi tiết để gợi ý"
            continue
        s = item.suggestion
        if type(entry) is not dict and not isinstance(entry, Mapping):
            entry = {}
        clean: dict[str, float] = {}
        for key in (s.numerator, s.denominator):
            v = entry.get(key)
            if not _whole(v):
                errors[f"details.{code}.{key}"] = "phải là số nguyên không âm"
            elif v > MAX_COUNT:
                errors[f"details.{code}.{key}"] = (
                    f"quá lớn, không hợp lý (tối đa {MAX_COUNT_SHOWN})"
                )
            else:
                clean[key] = float(v)
        clean_details[code] = clean
    return clean_details


def _codes(fw: Framework) -> dict[str, Item | Criterion]:
    """Fact codes and their compiled checks, built once per framework."""
    codes = fw.cache.get("fact_codes")
    if codes is None:
        codes = fw.fact_codes()
        fw.cache["fact_checks"] = {code: _fact_check(target) for code, target in codes.items()}
        fw.cache["yes_no_codes"] = frozenset(
            code for code, t in codes.items() if t.kind == "boolean"
        )
        fw.cache["fact_codes"] = codes
    return codes


def _fact_check(target: Item | Criterion):
    """A function value → (True, normalised value) or (False, Vietnamese message)."""
    kind = target.kind
    if kind == "boolean":

        def check(value):
            if value is True or value is False:
                return True, value
            return False, f"phải là true/false (có/không), nhận được {value!r}"

        return check
    if kind == "choice":
        allowed = tuple(o.value for o in target.options)

        def check_choice(value):
            if isinstance(value, str) and value in allowed:
                return True, value
            return False, f"phải là một trong: {', '.join(allowed)} (nhận được {value!r})"

        return check_choice

    not_a_number = "phải là một số, nhận được {!r}"

    if kind == "count":

        def check_number(value):
            # exact types: bool is not a number here, NaN fails every comparison
            problem = count_problem(value)
            return (True, int(value)) if problem is None else (False, problem)

    elif kind == "percentage":

        def check_number(value):
            t = type(value)
            if (t is int or t is float) and 0 <= value <= 100:
                return True, float(value)
            if (t is int or t is float) and -1e12 < value < 1e12:
                return False, f"tỷ lệ phải trong khoảng 0–100%, nhận được {fmt(value)}"
            return False, not_a_number.format(str(value)[:20])

    else:  # level

        def check_number(value):
            t = type(value)
            if (t is int or t is float) and value in (1, 2, 3):
                return True, int(value)
            if (t is int or t is float) and -1e12 < value < 1e12:
                return False, f"mức độ phải là 1, 2 hoặc 3, nhận được {fmt(value)}"
            return False, not_a_number.format(str(value)[:20])

    return check_number
