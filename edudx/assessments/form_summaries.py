"""What the self-assessment form shows of the scores — a criterion's and a group's heading, the
progress line, the headline level — written as HTML in Python.

Every autosave answers with these four (out of band, beside the item: form_items.py), and the
form shows a heading for every criterion and group. Written like the items, for the same reason
(issue 15: the save is the hot path): the markup is the one the templates _criterion.html,
_group.html, _progress.html and _headline.html wrote, whitespace included, compared byte for byte
with them over the whole test suite, the browser tests and 4,080 generated summaries in both
languages when it replaced them; every value goes
out as `{{ }}` wrote it, localised and escaped."""

from __future__ import annotations

from functools import cache

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from edudx.frameworks.templatetags.points import points

_TEXTS = {
    "mandatory": "Mandatory condition",
    "met": "met",
    "not_met": "not met",
    "level": "Level",
    "group": "Group",
    "headline": "Headline level",
    "undetermined": "not determined yet",
}

OOB = ' hx-swap-oob="true"'


@cache
def _labels(language: str | None) -> dict[str, str]:
    """The words in `language`, escaped as `{% translate %}` escapes them."""
    return {key: conditional_escape(_(text)) for key, text in _TEXTS.items()}


def _v(value) -> str:
    """A value as `{{ value }}` writes it."""
    return conditional_escape(localize(value))


def _score(result, spec, level_word: str) -> str:
    """ "6/10 · Mức độ 2": points of the maximum and the level ("?" when there is none)."""
    return (
        f"{_v(points(result.points))}/{_v(points(spec.max_points))} · "
        f"{level_word} {_v(result.level or '?')}"
    )


def criterion_heading(c: dict, *, oob: bool = False) -> SafeString:
    """A criterion's heading (`c`: its spec and result)."""
    t = _labels(get_language())
    spec, result = c["spec"], c["result"]
    if spec.mandatory:
        badge = (
            f'<span class="badge {"ok" if result.met else "warn"}">{t["mandatory"]}: '
            f"{t['met'] if result.met else t['not_met']}</span>\n  "
        )
    else:
        badge = f'<span class="badge">{_score(result, spec, t["level"])}</span>'
    return mark_safe(
        f'<h3 id="crit-{_v(spec.code)}"{OOB if oob else ""}>{_v(spec.code)}. {_v(spec.title)}\n'
        f"  {badge}</h3>\n"
    )


def group_heading(g: dict, *, oob: bool = False) -> SafeString:
    """A group's heading (`g`: its spec and result), with why it is held at level 1."""
    t = _labels(get_language())
    spec, result = g["spec"], g["result"]
    why = f'<small class="note">{_v(result.reason)}</small>' if result.unmet_mandatory else ""
    return mark_safe(
        f'<h2 id="group-{_v(spec.code)}"{OOB if oob else ""}>{t["group"]} {_v(spec.code)}. '
        f"{_v(spec.title)}\n"
        f'  <span class="badge {"ok" if result.level == 3 else "warn"}">'
        f"{_score(result, spec, t['level'])}</span>\n"
        f"  {why}</h2>\n"
    )


def progress(groups: list[dict], answered: int, total: int, *, oob: bool = False) -> SafeString:
    """Points and level of each group and how many items are answered."""
    t = _labels(get_language())
    spans = "".join(
        f'<span><a href="#g-{_v(g["spec"].code)}">{t["group"]} {_v(g["spec"].code)}</a>: '
        f"<strong>{_v(points(g['result'].points))}/{_v(points(g['spec'].max_points))}</strong>"
        f" · {t['level']} {_v(g['result'].level or '?')}</span>\n  "
        for g in groups
    )
    entered = _("%(answered)s/%(total)s entered") % {"answered": _v(answered), "total": _v(total)}
    return mark_safe(
        f'\n<p id="form-progress" class="form-progress"{OOB if oob else ""}>\n'
        f'  {spans}<span class="answered">{entered}</span>\n</p>\n'
    )


def headline_block(headline, *, oob: bool = False) -> SafeString:
    """The institution's one level, when the index or the campaign defines a rule."""
    t = _labels(get_language())
    shown = ""
    if headline:
        if headline.level:
            level = _("Level %(level)s") % {"level": _v(headline.level)}
            if headline.level_name:
                level += f" — {_v(headline.level_name)}"
        else:
            level = t["undetermined"]
        note = f" {_v(headline.note)}" if headline.note else ""
        shown = (
            f'<p class="headline"><strong>{t["headline"]}: {level}</strong>\n'
            f'  <br><small class="note">{_v(headline.label)}. {_v(headline.explanation)}{note}'
            "</small></p>"
        )
    return mark_safe(f'<div id="headline"{OOB if oob else ""}>{shown}</div>\n')
