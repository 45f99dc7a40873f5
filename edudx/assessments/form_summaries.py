"""What the self-assessment form shows of the scores — a criterion's and a group's heading, the
progress line, the headline level — written as HTML in Python.

Every autosave answers with these four (out of band, beside the item: form_items.py), and the
form shows a heading for every criterion and group. Written like the items, for the same reason
(issue 15: the save is the hot path): the markup is the one the templates _criterion.html,
_group.html, _progress.html and _headline.html wrote, whitespace included, compared byte for byte
with them over the whole test suite, the browser tests and 4,080 generated summaries in both
languages when it replaced them; every value goes out as `{{ }}` wrote it, localised and
escaped."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from edudx.core.markup import Labels, shown
from edudx.frameworks.templatetags.points import points

SUMMARY_WORDS = Labels(
    mandatory=gettext_noop("Mandatory condition"),
    met=gettext_noop("met"),
    not_met=gettext_noop("not met"),
    level=gettext_noop("Level"),
    group=gettext_noop("Group"),
    headline=gettext_noop("Headline level"),
    undetermined=gettext_noop("not determined yet"),
)

OOB = ' hx-swap-oob="true"'


def _score(result, spec, level_word: str) -> str:
    """Points of the maximum and the level, "6/10 · Mức độ 2" ("?" when there is no level)."""
    return (
        f"{shown(points(result.points))}/{shown(points(spec.max_points))} · "
        f"{level_word} {shown(result.level or '?')}"
    )


def criterion_heading(c: dict, *, oob: bool = False) -> SafeString:
    """A criterion's heading (`c`: its spec and result)."""
    t = SUMMARY_WORDS()
    spec, result = c["spec"], c["result"]
    if spec.mandatory:
        badge = (
            f'<span class="badge {"ok" if result.met else "warn"}">{t["mandatory"]}: '
            f"{t['met'] if result.met else t['not_met']}</span>\n  "
        )
    else:
        badge = f'<span class="badge">{_score(result, spec, t["level"])}</span>'
    return mark_safe(
        f'<h3 id="crit-{shown(spec.code)}"{OOB if oob else ""}>{shown(spec.code)}. {shown(spec.title)}\n'
        f"  {badge}</h3>\n"
    )


def group_heading(g: dict, *, oob: bool = False) -> SafeString:
    """A group's heading (`g`: its spec and result), with why it is held at level 1."""
    t = SUMMARY_WORDS()
    spec, result = g["spec"], g["result"]
    why = f'<small class="note">{shown(result.reason)}</small>' if result.unmet_mandatory else ""
    return mark_safe(
        f'<h2 id="group-{shown(spec.code)}"{OOB if oob else ""}>{t["group"]} {shown(spec.code)}. '
        f"{shown(spec.title)}\n"
        f'  <span class="badge {"ok" if result.level == 3 else "warn"}">'
        f"{_score(result, spec, t['level'])}</span>\n"
        f"  {why}</h2>\n"
    )


def progress(groups: list[dict], answered: int, total: int, *, oob: bool = False) -> SafeString:
    """Points and level of each group and how many items are answered."""
    t = SUMMARY_WORDS()
    spans = "".join(
        f'<span><a href="#g-{shown(g["spec"].code)}">{t["group"]} {shown(g["spec"].code)}</a>: '
        f"<strong>{shown(points(g['result'].points))}/{shown(points(g['spec'].max_points))}</strong>"
        f" · {t['level']} {shown(g['result'].level or '?')}</span>\n  "
        for g in groups
    )
    entered = _("%(answered)s/%(total)s entered") % {
        "answered": shown(answered),
        "total": shown(total),
    }
    return mark_safe(
        f'\n<p id="form-progress" class="form-progress"{OOB if oob else ""}>\n'
        f'  {spans}<span class="answered">{entered}</span>\n</p>\n'
    )


def headline_block(headline, *, oob: bool = False) -> SafeString:
    """The institution's one level, when the index or the campaign defines a rule."""
    t = SUMMARY_WORDS()
    inside = ""
    if headline:
        if headline.level:
            level = _("Level %(level)s") % {"level": shown(headline.level)}
            if headline.level_name:
                level += f" — {shown(headline.level_name)}"
        else:
            level = t["undetermined"]
        note = f" {shown(headline.note)}" if headline.note else ""
        inside = (
            f'<p class="headline"><strong>{t["headline"]}: {level}</strong>\n'
            f'  <br><small class="note">{shown(headline.label)}. {shown(headline.explanation)}{note}'
            "</small></p>"
        )
    return mark_safe(f'<div id="headline"{OOB if oob else ""}>{inside}</div>\n')
