"""Properties of the scoring engine over generated fact sets.

The strategies are built from the framework definition (kinds, bands, options, levels), not from
4725's codes, so they keep covering every item when the index file is revised.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edudx.frameworks import schema
from edudx.frameworks.scoring import Facts, FactsError, score, suggested_cap, validate_facts
from edudx.frameworks.tests._fixtures import (
    criterion,
    facts_for_criterion_total,
    facts_for_group_total,
    load_4725,
    top_fact,
    variant,
)

FW = load_4725()
INFORMATIONAL = variant(mandatory_unmet="informational")
ITEMS = {i.code: i for i in FW.items()}
MANDATORY = [c.code for c in FW.criteria() if c.mandatory]
# Group thresholds as Điều 1 mục 5a words them: dưới 50 → 1, từ 50 đến 75 → 2, trên 75 → 3.
GROUP_A, GROUP_B = 50, 75

PROPERTY_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


# ---------------------------------------------------------------------------------------------
# Strategies from the definition
# ---------------------------------------------------------------------------------------------


def _boundaries(item: schema.Item) -> list[float]:
    points = {0.0}
    for band in item.bands:
        for v in (band.interval.low, band.interval.high):
            if v is not None:
                points.update({v, v - 1, v + 1, v - 0.5, v + 0.5})
    return sorted(points)


def fact_strategy(item: schema.Item) -> st.SearchStrategy:
    """Any valid fact for `item`, with extra weight on the band boundaries."""
    kind = item.kind
    if kind == "boolean":
        return st.booleans()
    if kind == "choice":
        return st.sampled_from([o.value for o in item.options])
    if kind == "level":
        return st.sampled_from(sorted(int(b.interval.low) for b in item.bands))
    edges = _boundaries(item)
    if kind == "count":
        top = int(max(edges)) * 2 + 10
        ints = sorted({int(v) for v in edges if v >= 0 and v == int(v)})
        return st.one_of(st.sampled_from(ints), st.integers(0, top))
    edges = [v for v in edges if 0 <= v <= 100]
    return st.one_of(
        st.sampled_from(edges),
        st.integers(0, 100).map(float),
        st.floats(0, 100, allow_nan=False, allow_infinity=False),
    )


def _declared_or_not(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(st.none(), strategy)  # None: explicitly "not declared"


FACT_STRATEGIES = {code: fact_strategy(item) for code, item in ITEMS.items()}
TOP_FACTS = {code: top_fact(item) for code, item in ITEMS.items()}


def _profile(declared_weight: int, strong: bool) -> st.SearchStrategy:
    """Every fact code present; declared in `declared_weight` of `declared_weight + 1` draws;
    `strong` adds each item's top fact as a likely value so high totals are common too."""

    def one(code, s):
        if strong and code in TOP_FACTS:
            s = st.one_of(st.just(TOP_FACTS[code]), s)
        return st.one_of(st.none(), *[s] * declared_weight)

    return st.fixed_dictionaries(
        {code: one(code, s) for code, s in FACT_STRATEGIES.items()}
        | {code: st.one_of(st.none(), st.booleans(), st.just(True)) for code in MANDATORY}
    )


# Sparse (many codes absent), dense (most declared) and strong (often at the top): totals are
# spread from 0 to each group's maximum, across every level threshold.
facts_strategy = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={code: _declared_or_not(s) for code, s in FACT_STRATEGIES.items()}
        | {code: _declared_or_not(st.booleans()) for code in MANDATORY},
    ),
    _profile(3, strong=False),
    _profile(4, strong=True),
)
education_levels = st.sampled_from([None, *FW.education_levels])


def fact_order(item: schema.Item, fact) -> float:
    """'More of a fact': undeclared < anything; booleans false < true; choices by cap; the rest
    by value."""
    if fact is None:
        return -math.inf
    if item.kind == "boolean":
        return float(fact)
    if item.kind == "choice":
        return next(o.cap for o in item.options if o.value == fact)
    return float(fact)


@st.composite
def awarded_for(draw, fw: schema.Framework, facts: Facts) -> dict[str, float]:
    """Awarded points for some declared items, with up to two decimals, each at most the cap."""
    awarded = {}
    for code, value in facts.values.items():
        item = ITEMS.get(code)
        if item is None or not draw(st.booleans()):
            continue
        cap = suggested_cap(fw, item, value)[0]
        awarded[code] = draw(st.integers(0, round(cap * 100))) / 100
    return awarded


def level_by_words(points: float, a: float, b: float) -> int:
    return 1 if points < a else 2 if points <= b else 3


def criterion_thresholds(cr: schema.Criterion) -> tuple[float, float]:
    """(a, b) of 'dưới a / từ a đến b / trên b', read off the criterion's level 2."""
    middle = next(lb.interval for lb in cr.levels if lb.level == 2)
    return middle.low, middle.high


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(raw=facts_strategy, education_level=education_levels, data=st.data())
def test_points_never_exceed_caps_or_maxima(raw, education_level, data):
    facts = validate_facts(FW, raw, education_level=education_level)
    awarded = data.draw(awarded_for(FW, facts))
    r = score(FW, validate_facts(FW, raw, awarded=awarded, education_level=education_level))
    for code, res in r.items.items():
        assert 0 <= res.points <= res.suggested <= res.item.max_points, code
    for cr in FW.criteria():
        c = r.criteria[cr.code]
        if cr.mandatory:
            assert c.points == 0
            continue
        items_sum = round(sum(r.items[i.code].points for i in cr.items), 2)
        assert c.items_sum == items_sum
        assert c.points == min(items_sum, cr.max_points) <= cr.max_points
    for g in FW.groups:
        total = round(sum(r.criteria[c.code].points for c in g.criteria), 2)
        assert r.groups[g.code].points == total <= g.max_points


@settings(PROPERTY_SETTINGS, max_examples=60)  # each example checks every item: 27 pairs
@given(raw=facts_strategy, data=st.data())
def test_more_of_a_fact_never_lowers_points_or_levels(raw, data):
    for code, item in ITEMS.items():
        strategy = _declared_or_not(FACT_STRATEGIES[code])
        pair = (data.draw(strategy, label=f"{code} a"), data.draw(strategy, label=f"{code} b"))
        low, high = sorted(pair, key=lambda f, item=item: fact_order(item, f))
        r_low = score(FW, validate_facts(FW, {**raw, code: low}))
        r_high = score(FW, validate_facts(FW, {**raw, code: high}))
        assert r_low.items[code].suggested <= r_high.items[code].suggested, (code, low, high)
        assert r_low.items[code].points <= r_high.items[code].points
        cr = next(c for c in FW.criteria() if item in c.items)
        g = next(g for g in FW.groups if cr in g.criteria)
        assert r_low.criteria[cr.code].points <= r_high.criteria[cr.code].points
        assert r_low.criteria[cr.code].level <= r_high.criteria[cr.code].level
        assert r_low.groups[g.code].points <= r_high.groups[g.code].points
        assert r_low.groups[g.code].level <= r_high.groups[g.code].level


@PROPERTY_SETTINGS
@given(raw=facts_strategy, code=st.sampled_from(MANDATORY))
def test_meeting_a_mandatory_condition_never_lowers_a_level(raw, code):
    unmet = score(FW, validate_facts(FW, {**raw, code: False}))
    met = score(FW, validate_facts(FW, {**raw, code: True}))
    for g in FW.groups:
        assert unmet.groups[g.code].points == met.groups[g.code].points
        assert unmet.groups[g.code].level <= met.groups[g.code].level


@PROPERTY_SETTINGS
@given(raw=facts_strategy, data=st.data())
def test_levels_agree_with_the_printed_thresholds(raw, data):
    facts = validate_facts(FW, raw)
    r = score(FW, validate_facts(FW, raw, awarded=data.draw(awarded_for(FW, facts))))
    for cr in FW.criteria():
        if cr.mandatory:
            assert r.criteria[cr.code].level is None
            continue
        points = r.criteria[cr.code].points
        assert r.criteria[cr.code].level == level_by_words(points, *criterion_thresholds(cr))
    for g in FW.groups:
        gr = r.groups[g.code]
        assert gr.points_level == level_by_words(gr.points, GROUP_A, GROUP_B)


def _threshold_totals(levels, maximum: float) -> st.SearchStrategy:
    """Totals in halves from 0 to `maximum`, with every threshold and its neighbours likely."""
    edges = {v for lb in levels for v in (lb.interval.low, lb.interval.high) if v is not None}
    near = sorted(
        {e + d for e in edges for d in (-0.5, 0, 0.5)}
        & {x / 2 for x in range(int(maximum * 2) + 1)}
    )
    return st.one_of(st.sampled_from(near), st.integers(0, int(maximum * 2)).map(lambda x: x / 2))


@PROPERTY_SETTINGS
@given(data=st.data())
def test_group_and_criterion_levels_agree_with_thresholds_at_any_total(data):
    for g in FW.groups:
        reachable = sum(min(c.max_points, c.items_max_sum) for c in g.criteria if not c.mandatory)
        total = data.draw(_threshold_totals(g.levels, reachable), label=f"group {g.code}")
        facts, awarded = facts_for_group_total(FW, g.code, total)
        gr = score(FW, validate_facts(FW, facts, awarded=awarded)).groups[g.code]
        assert gr.points == total
        assert gr.level == gr.points_level == level_by_words(total, GROUP_A, GROUP_B)
    for cr in FW.criteria():
        if cr.mandatory:
            continue
        reachable = min(cr.max_points, cr.items_max_sum)
        total = data.draw(_threshold_totals(cr.levels, reachable), label=f"criterion {cr.code}")
        facts, awarded = facts_for_criterion_total(FW, cr.code, total)
        c = score(FW, validate_facts(FW, facts, awarded=awarded)).criteria[cr.code]
        assert c.points == total
        assert c.level == level_by_words(total, *criterion_thresholds(criterion(FW, cr.code)))


@PROPERTY_SETTINGS
@given(raw=facts_strategy, data=st.data())
def test_an_unmet_mandatory_condition_always_gives_group_level_1(raw, data):
    for fw in (FW, INFORMATIONAL):
        facts = validate_facts(fw, raw)
        r = score(fw, validate_facts(fw, raw, awarded=data.draw(awarded_for(fw, facts))))
        for g in fw.groups:
            gr = r.groups[g.code]
            unmet = tuple(c.code for c in g.criteria if c.mandatory and raw.get(c.code) is not True)
            assert gr.unmet_mandatory == unmet
            if not unmet or fw is INFORMATIONAL:
                assert gr.level == gr.points_level
            else:
                assert gr.level == 1
                assert "chưa đạt" in gr.reason


@PROPERTY_SETTINGS
@given(raw=facts_strategy, data=st.data())
def test_awarded_up_to_the_suggestion_always_validates_and_is_used(raw, data):
    facts = validate_facts(FW, raw)
    awarded = data.draw(awarded_for(FW, facts))
    r = score(FW, validate_facts(FW, raw, awarded=awarded))
    for code, res in r.items.items():
        if code in awarded:
            assert res.points == awarded[code]
        else:
            assert res.points == res.suggested


@PROPERTY_SETTINGS
@given(raw=facts_strategy, code=st.sampled_from(sorted(ITEMS)), excess=st.integers(1, 200))
def test_awarded_above_the_suggestion_is_always_refused(raw, code, excess):
    facts = validate_facts(FW, raw)
    value = facts.values.get(code)
    cap = suggested_cap(FW, ITEMS[code], value)[0] if value is not None else 0.0
    try:
        validate_facts(FW, raw, awarded={code: cap + excess / 2})
    except FactsError as exc:
        assert list(exc.errors) == [f"awarded.{code}"]
    else:
        raise AssertionError(f"awarded {cap + excess / 2} above cap {cap} was accepted")


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 1000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=5),
)
numbers = st.one_of(st.integers(-1000, 1000), st.floats(allow_nan=True, allow_infinity=True))
any_code = st.one_of(st.sampled_from(sorted(ITEMS) + MANDATORY), st.text(max_size=4))


@PROPERTY_SETTINGS
@given(
    raw=st.dictionaries(any_code, json_scalars, max_size=8),
    awarded=st.dictionaries(any_code, st.one_of(numbers, st.text(max_size=3)), max_size=3),
    details=st.dictionaries(
        st.sampled_from(["1.7.2", "1.4.1", "x"]),
        st.dictionaries(st.sampled_from(["students_per_lesson", "computers"]), numbers),
        max_size=2,
    ),
    education_level=st.one_of(education_levels, st.text(max_size=4)),
)
def test_any_input_either_scores_or_is_refused_with_named_fields(
    raw, awarded, details, education_level
):
    try:
        facts = validate_facts(
            FW, raw, awarded=awarded, education_level=education_level, details=details
        )
    except FactsError as exc:
        assert exc.errors
        assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in exc.errors.items())
        return
    r = score(FW, facts)
    assert set(r.items) == set(ITEMS)


@PROPERTY_SETTINGS
@given(raw=facts_strategy)
def test_compiled_scorer_agrees_with_the_item_rules(raw):
    """score() runs generated code; each item's suggestion must equal the item's own band rule."""
    facts = validate_facts(FW, raw)
    r = score(FW, facts)
    for code, res in r.items.items():
        if code in facts.values:
            assert (res.suggested, res.band) == suggested_cap(FW, res.item, facts.values[code]), (
                code
            )
        else:
            assert (res.suggested, res.points, res.band) == (0.0, 0.0, None), code
