"""The preview of an upload: per changed item, what it holds now and what it will hold — the
"after" is what `save_fact` stored in the rolled-back trial run, so the preview shows exactly
what confirming will save (a percentage derived from its counts, a date normalised…)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from edudx.assessments.details import LABELS, PROVENANCE
from edudx.frameworks.schema import fmt
from edudx.workbooks.common import shown_fact
from edudx.workbooks.offline_read import Change


def _text(value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, float):
        return fmt(value)
    return str(value)


def describe(fw, changes: list[Change], saved) -> list[dict]:
    """[{code, title, row, lines: [(label, before, after)]}] for the changed fields of each
    item; `saved` are the entries of the trial run, in the order of `changes`."""
    codes = fw.fact_codes()
    labels = {**LABELS, "part": _("Count achieved"), "whole": _("Total count")}
    out = []
    for change, entry in zip(changes, saved, strict=True):
        target = codes[change.code]
        before = change.before
        after = {
            "value": entry.value,
            "awarded": float(entry.awarded) if entry.awarded is not None else None,
            "reason": entry.reason,
            "details": entry.details or {},
        }
        lines = []
        old, new = shown_fact(target, before["value"]), shown_fact(target, after["value"])
        if _text(old) != _text(new):
            lines.append((_("Fact"), _text(old), _text(new)))
        was_details, now_details = before["details"] or {}, after["details"]
        for name in dict.fromkeys([*was_details, *now_details]):
            was, now = was_details.get(name), now_details.get(name)
            if name == "provenance":
                was, now = PROVENANCE.get(was, was), PROVENANCE.get(now, now)
            if _text(was) != _text(now):
                lines.append((labels.get(name, name), _text(was), _text(now)))
        if _text(before["awarded"]) != _text(after["awarded"]):
            lines.append((_("Awarded points"), _text(before["awarded"]), _text(after["awarded"])))
        if (before["reason"] or "") != (after["reason"] or ""):
            lines.append(
                (_("Reason for fewer points"), _text(before["reason"]), _text(after["reason"]))
            )
        out.append({"code": change.code, "title": target.title, "row": change.row, "lines": lines})
    return out
