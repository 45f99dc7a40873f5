"""Reading an index: a raw mapping (from YAML or Excel) checked into a Framework, or refused with
every problem named by its place. The decision's own inconsistencies are warnings. Pure Python."""

from __future__ import annotations

import math
from collections.abc import Mapping

from edudx.frameworks.schema.bands import (
    parse_bands,
    parse_levels,
    parse_options,
    parse_suggestion,
)
from edudx.frameworks.schema.checker import (
    Checker,
    check_unique,
    parse_date,
    parse_details,
    place,
)
from edudx.frameworks.schema.types import (
    DEFAULT_LEVEL_NAMES,
    EDUCATION_LEVELS,
    HEADLINE_RULES,
    ITEM_KINDS,
    MANDATORY_EFFECTS,
    SCHEMA_VERSION,
    Band,
    Criterion,
    Decision,
    Framework,
    FrameworkError,
    Group,
    Item,
    LevelBand,
    Option,
    Policies,
    fmt,
)

_TOP_KEYS = {
    "schema",
    "code",
    "version",
    "title",
    "decision",
    "education_levels",
    "complete",
    "policies",
    "level_names",
    "group_levels",
    "groups",
    "notes",
    "total_levels",
    "headline",
}
_DECISION_KEYS = {"number", "date", "issuer", "signer", "title"}
_GROUP_KEYS = {"code", "title", "max_points", "levels", "criteria"}
_CRITERION_KEYS = {
    "code",
    "title",
    "mandatory",
    "max_points",
    "levels",
    "items",
    "details",
    "evidence",
    "evidence_hint",
    "note",
}
_ITEM_KEYS = {
    "code",
    "title",
    "kind",
    "max_points",
    "unit",
    "bands",
    "options",
    "details",
    "suggestion",
    "evidence_hint",
    "note",
}
_POLICY_KEYS = {"mandatory_unmet", "zero_fact_scores_zero", "cap_criterion_at_max"}


def parse_framework(raw, source: str = "<dữ liệu>") -> Framework:
    """Validate a raw mapping (from YAML or Excel) into a Framework, or raise FrameworkError."""
    c = Checker()
    top = c.mapping(raw, "gốc", _TOP_KEYS, ("code", "version", "title", "decision", "groups"))
    if top.get("schema", SCHEMA_VERSION) != SCHEMA_VERSION:
        c.error(
            "schema",
            f"phiên bản lược đồ {top.get('schema')!r} không được hỗ trợ (chỉ {SCHEMA_VERSION})",
        )
    code = c.text(top.get("code"), "code", required=True)
    version = c.text(top.get("version"), "version", required=True)
    title = c.text(top.get("title"), "title", required=True)

    d = c.mapping(top.get("decision", {}), "decision", _DECISION_KEYS, ("number", "date"))
    decision = Decision(
        number=c.text(d.get("number"), "decision.number"),
        date=parse_date(c, d.get("date"), "decision.date"),
        issuer=c.text(d.get("issuer"), "decision.issuer"),
        signer=c.text(d.get("signer"), "decision.signer"),
        title=c.text(d.get("title"), "decision.title"),
    )

    levels_list = c.seq(top.get("education_levels"), "education_levels")
    for i, lv in enumerate(levels_list):
        if lv not in EDUCATION_LEVELS:
            c.error(
                f"education_levels[{i}]",
                f"cấp học không hợp lệ {lv!r} (cho phép: {', '.join(EDUCATION_LEVELS)})",
            )
    if not levels_list:
        c.error("education_levels", "phải nêu ít nhất một cấp học áp dụng")

    p = c.mapping(top.get("policies", {}), "policies", _POLICY_KEYS, ())
    mandatory_unmet = p.get("mandatory_unmet", "group_level_1")
    if mandatory_unmet not in MANDATORY_EFFECTS:
        c.error("policies.mandatory_unmet", f"phải là một trong {', '.join(MANDATORY_EFFECTS)}")
    policies = Policies(
        mandatory_unmet=mandatory_unmet,
        zero_fact_scores_zero=c.flag(
            p.get("zero_fact_scores_zero"), "policies.zero_fact_scores_zero", True
        ),
        cap_criterion_at_max=c.flag(
            p.get("cap_criterion_at_max"), "policies.cap_criterion_at_max", True
        ),
    )

    level_names = dict(DEFAULT_LEVEL_NAMES)
    names_raw = top.get("level_names") or {}
    if not isinstance(names_raw, Mapping):
        c.error("level_names", "phải là một bảng mức độ: tên")
    else:
        for key, name in names_raw.items():
            level = int(key) if str(key) in {"1", "2", "3"} else None  # JSON turns keys into text
            if level is None:
                c.error(f"level_names.{key}", "mức độ phải là 1, 2 hoặc 3")
            else:
                level_names[level] = c.text(name, f"level_names.{key}", required=True)

    complete = c.flag(top.get("complete"), "complete", True)
    default_group_levels = top.get("group_levels")

    groups = []
    seen_codes: set[str] = set()
    raw_groups = c.seq(top.get("groups"), "groups")
    for gi, graw in enumerate(raw_groups):
        groups.append(_group(c, graw, f"groups[{gi}]", default_group_levels, seen_codes))
    if complete and not any(g.criteria for g in groups):
        c.error("groups", "bộ chỉ số đánh dấu 'complete' nhưng không có tiêu chí nào")

    notes = tuple(c.text(n, f"notes[{i}]") for i, n in enumerate(c.seq(top.get("notes"), "notes")))
    total_levels, headline = _overall(c, top, sum(g.max_points for g in groups))
    if c.problems:
        raise FrameworkError(source, c.problems)
    return Framework(
        code=code,
        version=version,
        title=title,
        decision=decision,
        education_levels=tuple(levels_list),
        complete=complete,
        policies=policies,
        level_names=level_names,
        groups=tuple(groups),
        notes=notes,
        total_levels=total_levels,
        headline=headline,
        warnings=tuple(c.warnings),
    )


def _overall(c: Checker, top: dict, max_points: float) -> tuple[tuple[LevelBand, ...], str]:
    """The index-wide rules: levels on the total of all groups, and the headline rule."""
    total_levels: tuple[LevelBand, ...] = ()
    if top.get("total_levels") is not None:
        if not c.seq(top.get("total_levels"), "total_levels"):
            c.error("total_levels", "phải nêu ít nhất một ngưỡng mức độ, hoặc bỏ khóa này")
        else:
            total_levels = parse_levels(c, top.get("total_levels"), "total_levels", max_points)
    headline = c.text(top.get("headline"), "headline")
    if headline and headline not in HEADLINE_RULES:
        c.error(
            "headline", f"quy tắc {headline!r} không hợp lệ (cho phép: {', '.join(HEADLINE_RULES)})"
        )
    if headline == "total" and not total_levels:
        c.error("headline", "quy tắc 'total' cần ngưỡng mức độ theo tổng điểm (total_levels)")
    return total_levels, headline


def _group(c: Checker, raw, where, default_levels, seen: set[str]) -> Group:
    where = place(raw, "nhóm", where)
    g = c.mapping(raw, where, _GROUP_KEYS, ("code", "title", "max_points"))
    code = c.text(g.get("code"), f"{where}.code", required=True)
    check_unique(c, code, seen, where)
    max_points = c.number(g.get("max_points", 0), f"{where}.max_points")
    levels_raw = g.get("levels", default_levels)
    if levels_raw is None:
        c.error(where, "thiếu ngưỡng mức độ (levels) của nhóm, hoặc group_levels chung")
    levels = parse_levels(c, levels_raw, f"{where}.levels", max_points)
    criteria = tuple(
        _criterion(c, craw, f"{where}.criteria[{ci}]", seen)
        for ci, craw in enumerate(c.seq(g.get("criteria"), f"{where}.criteria"))
    )
    total = sum(cr.max_points for cr in criteria)
    if criteria and not math.isclose(total, max_points):
        c.warn(
            where,
            f"tổng điểm tối đa các tiêu chí là {fmt(total)}, khác điểm tối đa của nhóm {fmt(max_points)}",
        )
    return Group(
        code=code,
        title=c.text(g.get("title"), f"{where}.title"),
        max_points=max_points,
        levels=levels,
        criteria=criteria,
    )


def _criterion(c: Checker, raw, where, seen: set[str]) -> Criterion:
    where = place(raw, "tiêu chí", where)
    r = c.mapping(raw, where, _CRITERION_KEYS, ("code", "title"))
    code = c.text(r.get("code"), f"{where}.code", required=True)
    check_unique(c, code, seen, where)
    mandatory = c.flag(r.get("mandatory"), f"{where}.mandatory", False)
    max_points = c.number(r.get("max_points", 0), f"{where}.max_points")
    items_raw = c.seq(r.get("items"), f"{where}.items")
    if mandatory:
        if items_raw or r.get("levels") or max_points:
            c.error(where, "điều kiện bắt buộc không có điểm, thành phần hay mức độ")
        levels: tuple[LevelBand, ...] = ()
        items: tuple[Item, ...] = ()
    else:
        if max_points <= 0:
            c.error(f"{where}.max_points", "tiêu chí tính điểm phải có điểm tối đa lớn hơn 0")
        if not items_raw:
            c.error(where, "tiêu chí tính điểm phải có ít nhất một điểm thành phần (items)")
        if not r.get("levels"):
            c.error(where, "tiêu chí tính điểm phải có ngưỡng mức độ (levels)")
        levels = parse_levels(c, r.get("levels"), f"{where}.levels", max_points)
        items = tuple(
            _item(c, iraw, f"{where}.items[{ii}]", seen, code) for ii, iraw in enumerate(items_raw)
        )
        total = sum(i.max_points for i in items)
        if items and not math.isclose(total, max_points):
            c.warn(
                where,
                f"các điểm thành phần cộng lại {fmt(total)}, khác điểm tối đa in trong quyết định "
                f"{fmt(max_points)}; giữ cả hai con số",
            )
    return Criterion(
        code=code,
        title=c.text(r.get("title"), f"{where}.title", required=True),
        mandatory=mandatory,
        max_points=max_points,
        levels=levels,
        items=items,
        details=parse_details(c, r.get("details"), f"{where}.details"),
        evidence=c.text(r.get("evidence"), f"{where}.evidence"),
        evidence_hint=c.text(r.get("evidence_hint"), f"{where}.evidence_hint"),
        note=c.text(r.get("note"), f"{where}.note"),
    )


def _item(c: Checker, raw, where, seen: set[str], criterion_code: str) -> Item:
    where = place(raw, "thành phần", where)
    r = c.mapping(raw, where, _ITEM_KEYS, ("code", "title", "kind", "max_points"))
    code = c.text(r.get("code"), f"{where}.code", required=True)
    check_unique(c, code, seen, where)
    if code and not code.startswith(criterion_code + "."):
        c.error(f"{where}.code", f"mã thành phần phải bắt đầu bằng mã tiêu chí '{criterion_code}.'")
    kind = r.get("kind")
    if kind not in ITEM_KINDS:
        c.error(
            f"{where}.kind",
            f"loại dữ kiện {kind!r} không hợp lệ (cho phép: {', '.join(ITEM_KINDS)})",
        )
    max_points = c.number(r.get("max_points", 0), f"{where}.max_points")
    if max_points <= 0:
        c.error(f"{where}.max_points", "phải lớn hơn 0")
    bands: tuple[Band, ...] = ()
    options: tuple[Option, ...] = ()
    if kind in ("count", "percentage", "level"):
        if "options" in r:
            c.error(where, f"loại '{kind}' không dùng 'options'")
        bands = parse_bands(c, r.get("bands"), f"{where}.bands", kind, max_points)
    elif kind == "choice":
        if "bands" in r:
            c.error(where, "loại 'choice' dùng 'options', không dùng 'bands'")
        options = parse_options(c, r.get("options"), f"{where}.options", max_points)
    elif kind == "boolean" and ("bands" in r or "options" in r):
        c.error(where, "loại 'boolean' được tối đa max_points khi 'có'; không dùng bands/options")
    suggestion = None
    if r.get("suggestion") is not None:
        if kind != "level":
            c.error(f"{where}.suggestion", "chỉ loại 'level' mới có gợi ý mức")
        suggestion = parse_suggestion(c, r.get("suggestion"), f"{where}.suggestion")
    return Item(
        code=code,
        title=c.text(r.get("title"), f"{where}.title", required=True),
        kind=kind if kind in ITEM_KINDS else "boolean",
        max_points=max_points,
        unit=c.text(r.get("unit"), f"{where}.unit"),
        bands=bands,
        options=options,
        details=parse_details(c, r.get("details"), f"{where}.details"),
        suggestion=suggestion,
        evidence_hint=c.text(r.get("evidence_hint"), f"{where}.evidence_hint"),
        note=c.text(r.get("note"), f"{where}.note"),
    )
