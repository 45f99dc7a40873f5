"""A framework turned into one straight-line Python function, for scoring at national scale.

The interpreted walk over groups → criteria → items spends most of its time on loops, tuple
unpacking and small calls. A national run scores every institution against the same framework, so
we generate, once per framework version, the source of a function with every band, threshold and
policy written in as constants, and `exec` it. The generated code is derived only from the typed
definition (schema.Framework); nothing in it is hand-written per decision. Its results equal the
band lookups of `scoring.suggested_cap` (checked by the property tests).

Pure Python, no Django import.
"""

from __future__ import annotations

from edudx.frameworks.schema import Band, Framework, Interval, Item, LevelBand


def _cond(var: str, iv: Interval) -> str:
    parts = []
    if iv.low is not None:
        parts.append(f"{var} {'>=' if iv.low_inclusive else '>'} {iv.low!r}")
    if iv.high is not None:
        parts.append(f"{var} {'<=' if iv.high_inclusive else '<'} {iv.high!r}")
    return " and ".join(parts) or "True"


def _level_chain(var: str, target: str, levels: tuple[LevelBand, ...], indent: str) -> list[str]:
    lines = []
    for i, lb in enumerate(levels):
        keyword = "if" if i == 0 else "elif"
        lines.append(f"{indent}{keyword} {_cond(var, lb.interval)}:")
        lines.append(f"{indent}    {target} = {lb.level}")
    if lines:
        lines.append(f"{indent}else:")
        lines.append(f"{indent}    {target} = None")
    else:
        lines.append(f"{indent}{target} = None")
    return lines


def compile_scorer(fw: Framework):
    """`run(values, awarded) -> (item_rows, criterion_rows, group_rows)` for this framework.

    item_rows: (Item, fact, suggested cap, points, band index); criterion_rows: (Criterion, points,
    items sum, level, met); group_rows: (Group, total, level, level from points, unmet codes)."""
    gate = fw.policies.mandatory_unmet == "group_level_1"
    zero_is_zero = fw.policies.zero_fact_scores_zero
    cap_at_max = fw.policies.cap_criterion_at_max
    consts: dict[str, object] = {}

    def const(prefix: str, value) -> str:
        name = f"{prefix}{len(consts)}"
        consts[name] = value
        return name

    src = [
        "def run(values, awarded):",
        "    get = values.get",
        "    items = []",
        "    add_item = items.append",
        "    crits = []",
        "    add_crit = crits.append",
        "    groups = []",
    ]
    for group in fw.groups:
        src += ["    total = 0.0", "    unmet = []"]
        for cr in group.criteria:
            c = const("C", cr)
            if cr.mandatory:
                src += [
                    f"    m = get({cr.code!r})",
                    "    if m is not True:",
                    f"        unmet.append({cr.code!r})",
                    f"    add_crit(({c}, 0.0, 0.0, None, m))",
                ]
                continue
            src.append("    s = 0.0")
            for item in cr.items:
                it = const("I", item)
                src += [
                    f"    f = get({item.code!r})",
                    "    if f is None:",
                    f"        add_item(({it}, None, 0.0, 0.0, None))",
                    "    else:",
                ]
                if item.kind == "boolean":
                    src.append(
                        f"        cap, band = ({float(item.max_points)!r}, 0) if f else (0.0, None)"
                    )
                elif item.kind in ("choice", "level"):
                    if item.kind == "choice":
                        table = {o.value: (float(o.cap), i) for i, o in enumerate(item.options)}
                    else:
                        table = {
                            int(b.interval.low): (float(b.cap), i) for i, b in enumerate(item.bands)
                        }
                    src.append(f"        cap, band = {const('T', table)}.get(f, (0.0, None))")
                else:
                    branches = []
                    if zero_is_zero:
                        branches.append(("f == 0", "0.0, None"))
                    for i, band in enumerate(item.bands):
                        branches.append((_cond("f", band.interval), f"{float(band.cap)!r}, {i}"))
                    for n, (cond, value) in enumerate(branches):
                        src.append(f"        {'if' if n == 0 else 'elif'} {cond}:")
                        src.append(f"            cap, band = {value}")
                    src += ["        else:", "            cap, band = 0.0, None"]
                src += [
                    f"        p = awarded.get({item.code!r}, cap) if awarded else cap",
                    "        s += p",
                    f"        add_item(({it}, f, cap, p, band))",
                ]
            src.append("    if awarded:")
            src.append("        s = round(s, 2)")
            mx = float(cr.max_points)
            src.append(f"    p = s if s < {mx!r} else {mx!r}" if cap_at_max else "    p = s")
            src.append("    total += p")
            src += _level_chain("p", "lv", cr.levels, "    ")
            src.append(f"    add_crit(({c}, p, s, lv, None))")
        g = const("G", group)
        src += ["    if awarded:", "        total = round(total, 2)"]
        src += _level_chain("total", "plv", group.levels, "    ")
        src.append("    lv = 1 if unmet else plv" if gate else "    lv = plv")
        src.append(f"    groups.append(({g}, total, lv, plv, tuple(unmet)))")
    src.append("    return items, crits, groups")
    namespace = dict(consts)
    exec(compile("\n".join(src), f"<scorer {fw.code} {fw.version}>", "exec"), namespace)
    return namespace["run"]


# -- one item at a time (the awarded-points check, a single suggestion) ----------------------


def band_index(bands: tuple[Band, ...] | tuple[LevelBand, ...], value: float) -> int | None:
    """The index of the first band whose interval holds `value` (None: no band does).

    The one reading of "a value falls in a band" for item bands, criterion and group level
    thresholds and suggestion ratios; the generated scorer writes the same intervals as
    conditions (`_cond`)."""
    for i, band in enumerate(bands):
        if band.interval.contains(value):
            return i
    return None


def suggested_cap(fw: Framework, item: Item, fact) -> tuple[float, int | None]:
    """The cap a declared fact earns and its band index, after the zero-fact policy."""
    return lookups(fw)[item.code](fact)


def lookups(fw: Framework) -> dict:
    """Per item, a function fact → (suggested cap, band index), built once per framework."""
    table = fw.cache.get("lookups")
    if table is None:
        table = fw.cache["lookups"] = {item.code: _lookup(fw, item) for item in fw.items()}
    return table


def _lookup(fw: Framework, item: Item):
    """A function fact → (suggested cap, band index) equivalent to `suggested_cap`."""
    kind = item.kind
    if kind == "boolean":
        hit, miss = (item.max_points, 0), (0.0, None)
        return lambda fact: hit if fact else miss
    if kind == "choice":
        table = {o.value: (o.cap, i) for i, o in enumerate(item.options)}
        return lambda fact: table.get(fact, (0.0, None))
    bands = item.bands
    zero_scores_zero = kind != "level" and fw.policies.zero_fact_scores_zero

    def banded(x):
        if x == 0 and zero_scores_zero:
            return 0.0, None
        i = band_index(bands, x)
        return (0.0, None) if i is None else (bands[i].cap, i)

    return banded
