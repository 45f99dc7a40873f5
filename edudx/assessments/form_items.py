"""The items of the self-assessment form, written as HTML in Python.

Every school opens this form, and during the national peak thousands open it at once (issue 15):
through the template engine its 29 items (4725) cost 9–13 ms of an opening's ~50 (measured
in-process) — some 40 tags and lookups each, the translations looked up again for every item.
Here an item is a few f-strings, its translated labels looked up once per language and process.
The markup is the one the template `_item.html` wrote, whitespace included: when it replaced the
template it was compared byte for byte with it over the whole test suite, the browser tests and
6,720 generated items (every kind, value, error, editable or not, in both languages). Every value
goes out as `{{ }}` wrote it: localised (a decimal comma in Vietnamese) and escaped."""

from __future__ import annotations

from functools import cache
from urllib.parse import quote

from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from edudx.core.urls import url_of
from edudx.frameworks.templatetags.points import points

_TEXTS = {
    "carried": "From last year — confirm",
    "undeclared": "— not declared —",
    "yes": "Yes",
    "no": "No",
    "level": "Level",
    "meeting": "Number meeting it",
    "total": "Total",
    "add_document": "Add this document as evidence",
    "award_fewer": "Award fewer points than suggested",
    "suggested": "suggested",
    "awarded": "Points awarded",
    "reason": "Reason",
    "next_band": "Next band",
    "up_to": "up to",
    "confirm": "Confirm",
    "save": "Save",
}


@cache
def _labels(language: str | None) -> dict[str, str]:
    """The form's words in `language`, escaped as `{% translate %}` escapes them (the catalogue
    does not change while a process runs)."""
    return {key: conditional_escape(_(text)) for key, text in _TEXTS.items()}


def _v(value) -> str:
    """A value as `{{ value }}` writes it."""
    return conditional_escape(localize(value))


def item_html(
    row: dict, *, editable: bool, participation_pk: int, provenance: dict, csrf_token
) -> SafeString:
    """One item of the form (`row` as `form_page._row` arranges it)."""
    t = _labels(get_language())
    spec, code, kind, value = row["spec"], _v(row["code"]), row["kind"], row["value"]
    mandatory = getattr(spec, "mandatory", False)  # a criterion that is a condition, not an item
    off = "" if editable else "disabled"
    csrf = (
        format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token)
        if csrf_token and csrf_token != "NOTPROVIDED"
        else ""
    )
    save_url = _v(row["save_url"])
    hidden = ' class="visually-hidden"' if mandatory else ""
    carried = f'<p class="badge warn">{t["carried"]}</p>' if row["carried"] else ""
    out = [
        f'\n<form id="item-{code}" class="item{" carried" if row["carried"] else ""}" novalidate '
        f'method="post" action="{save_url}"\n'
        f'      hx-post="{save_url}" hx-trigger="change, submit" hx-target="this" '
        'hx-swap="outerHTML" hx-sync="#assessment:queue all">\n'
        f'  {csrf}<input type="hidden" name="revision" value="{_v(row["revision"])}">\n'
        f'  <label for="{"p" if kind == "percentage" else "f"}-{code}"'
        f"{hidden}>{'' if mandatory else code + '. '}{_v(spec.title)}</label>\n"
        f"  {carried}\n  "
    ]
    undeclared = f'<option value="">{t["undeclared"]}</option>'
    if kind == "boolean":
        yes = "selected" if value is True or value == "true" else ""
        no = "selected" if value is False or value == "false" else ""
        out.append(
            f'\n    <select id="f-{code}" name="value" {off}>\n      {undeclared}\n'
            f'      <option value="true" {yes}>{t["yes"]}</option>\n'
            f'      <option value="false" {no}>{t["no"]}</option>\n    </select>\n  '
        )
    elif kind == "choice":
        options = "".join(
            f'<option value="{_v(o.value)}" {"selected" if value == o.value else ""}>'
            f"{_v(o.label)}</option>"
            for o in spec.options
        )
        out.append(
            f'\n    <select id="f-{code}" name="value" {off}>\n      {undeclared}\n'
            f"      {options}\n    </select>\n  "
        )
    elif kind == "level":
        options = "".join(
            f'<option value="{n}" {"selected" if str(value) == n else ""}>{t["level"]} {n}</option>'
            for n in "123"
        )
        out.append(
            f'\n    <select id="f-{code}" name="value" {off}>\n      {undeclared}\n'
            f"      {options}\n    </select>\n  "
        )
    elif kind == "percentage":
        derived = f"= {_v(points(value))} %" if value is not None and value != "" else ""
        out.append(
            '\n    <div class="counts">\n'
            f'      <span><label class="sub" for="p-{code}">{t["meeting"]}</label>\n'
            f'      <input id="p-{code}" name="part" inputmode="numeric" '
            f'value="{_v(row["part"])}" {off}></span>\n'
            f'      <span><label class="sub" for="w-{code}">{t["total"]}</label>\n'
            f'      <input id="w-{code}" name="whole" inputmode="numeric" '
            f'value="{_v(row["whole"])}" {off}></span>\n'
            f'      <span id="f-{code}" class="derived" aria-live="polite">{derived}</span>\n'
            "    </div>\n  "
        )
    else:
        out.append(
            f'\n    <input id="f-{code}" name="value" inputmode="decimal" '
            f'value="{_v("" if value is None else value)}"\n'
            f'           placeholder="{_v(spec.unit)}" {off}>\n  '
        )
    out.append("\n  ")
    if row["details"]:
        out.append('\n  <div class="details-fields">\n    ')
        for name, label, current in row["details"]:
            field = f"d-{code}-{_v(name)}"
            out.append(
                f'\n      <span><label class="sub" for="{field}">{_v(label)}</label>\n      '
            )
            if name == "provenance":
                options = "".join(
                    f'<option value="{_v(key)}" {"selected" if current == key else ""}>'
                    f"{_v(text)}</option>"
                    for key, text in provenance.items()
                )
                out.append(
                    f'\n        <select id="{field}" name="{_v(name)}" {off}>\n'
                    '          <option value="">—</option>\n'
                    f"          {options}\n        </select>\n      "
                )
            else:
                extra = (
                    'type="url" inputmode="url" placeholder="https://…"'
                    if name == "link"
                    else 'placeholder="dd/mm/yyyy" inputmode="numeric"'
                    if name == "document_date"
                    else ""
                )
                out.append(
                    f'\n        <input id="{field}" name="{_v(name)}" value="{_v(current)}" '
                    f"{extra} {off}>\n      "
                )
            out.append("</span>\n    ")
        out.append("\n  </div>\n  ")
        if editable and "document_number" in spec.details:
            add = url_of("assessments:evidence_add")(participation_pk)
            out.append(
                f'<p class="note"><a href="{_v(add)}?criterion={_v(_query(row["criterion"]))}'
                f'&amp;item={_v(_query(row["code"]))}&amp;back=form">+ {t["add_document"]}'
                "</a></p>"
            )
        out.append("\n  ")
    out.append("\n  ")
    result = row["result"]
    if not mandatory and result and result.fact is not None:
        awarded, reason = row["awarded"], row["reason"]
        opened = " open" if (awarded is not None and awarded != "") or reason else ""
        suggested = _v(points(result.suggested))
        out.append(
            f'\n  <details class="award"{opened}>\n'
            f"    <summary>{t['award_fewer']} ({t['suggested']}: {suggested})</summary>\n"
            f'    <label class="sub" for="a-{code}">{t["awarded"]}</label>\n'
            f'    <input id="a-{code}" name="awarded" inputmode="decimal" '
            f'value="{_v("" if awarded is None else awarded)}" placeholder="{suggested}" '
            f"{off}>\n"
            f'    <label class="sub" for="r-{code}">{t["reason"]}</label>\n'
            f'    <textarea id="r-{code}" name="reason" rows="2" {off}>{_v(reason)}</textarea>\n'
            "  </details>\n  "
        )
    out.append("\n  ")
    if row["error"]:
        out.append(f'<p class="field-error" role="alert">{_v(row["error"])}</p>')
    out.append("\n  ")
    if result:
        step = result.next_step()
        further = (
            f" {t['next_band']}: {_v(step.needs)} → {t['up_to']} {_v(points(step.cap))}."
            if step
            else ""
        )
        out.append(f'<p class="note">{_v(result.explanation)}{further}</p>')
    out.append("\n  ")
    if editable:
        out.append(
            f'<button type="submit" name="confirm" value="1">{t["confirm"]}</button>'
            if row["carried"]
            else f'<noscript><button type="submit">{t["save"]}</button></noscript>'
        )
    out.append("\n</form>\n")
    return mark_safe("".join(out))


def _query(value) -> str:
    """`value|urlencode`: quoted for a query string, "/" kept."""
    return quote(str(value), safe="/")
