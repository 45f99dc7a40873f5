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

from urllib.parse import quote

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_noop

from edudx.core.markup import Labels, shown
from edudx.core.urls import url_of
from edudx.frameworks.templatetags.points import points

ITEM_WORDS = Labels(
    carried=gettext_noop("From last year — confirm"),
    undeclared=gettext_noop("— not declared —"),
    yes=gettext_noop("Yes"),
    no=gettext_noop("No"),
    level=gettext_noop("Level"),
    meeting=gettext_noop("Number meeting it"),
    total=gettext_noop("Total"),
    add_document=gettext_noop("Add this document as evidence"),
    award_fewer=gettext_noop("Award fewer points than suggested"),
    suggested=gettext_noop("suggested"),
    awarded=gettext_noop("Points awarded"),
    reason=gettext_noop("Reason"),
    next_band=gettext_noop("Next band"),
    up_to=gettext_noop("up to"),
    confirm=gettext_noop("Confirm"),
    save=gettext_noop("Save"),
)


def item_html(
    row: dict, *, editable: bool, participation_pk: int, provenance: dict, csrf_token
) -> SafeString:
    """One item of the form (`row` as `form_page._row` arranges it)."""
    t = ITEM_WORDS()
    spec, code, kind, value = row["spec"], shown(row["code"]), row["kind"], row["value"]
    mandatory = getattr(spec, "mandatory", False)  # a criterion that is a condition, not an item
    off = "" if editable else "disabled"
    csrf = (
        format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token)
        if csrf_token and csrf_token != "NOTPROVIDED"
        else ""
    )
    save_url = shown(row["save_url"])
    hidden = ' class="visually-hidden"' if mandatory else ""
    carried = f'<p class="badge warn">{t["carried"]}</p>' if row["carried"] else ""
    out = [
        f'\n<form id="item-{code}" class="item{" carried" if row["carried"] else ""}" novalidate '
        f'method="post" action="{save_url}"\n'
        f'      hx-post="{save_url}" hx-trigger="change, submit" hx-target="this" '
        'hx-swap="outerHTML" hx-sync="#assessment:queue all">\n'
        f'  {csrf}<input type="hidden" name="revision" value="{shown(row["revision"])}">\n'
        f'  <label for="{"p" if kind == "percentage" else "f"}-{code}"'
        f"{hidden}>{'' if mandatory else code + '. '}{shown(spec.title)}</label>\n"
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
            f'<option value="{shown(o.value)}" {"selected" if value == o.value else ""}>'
            f"{shown(o.label)}</option>"
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
        derived = f"= {shown(points(value))} %" if value is not None and value != "" else ""
        out.append(
            '\n    <div class="counts">\n'
            f'      <span><label class="sub" for="p-{code}">{t["meeting"]}</label>\n'
            f'      <input id="p-{code}" name="part" inputmode="numeric" '
            f'value="{shown(row["part"])}" {off}></span>\n'
            f'      <span><label class="sub" for="w-{code}">{t["total"]}</label>\n'
            f'      <input id="w-{code}" name="whole" inputmode="numeric" '
            f'value="{shown(row["whole"])}" {off}></span>\n'
            f'      <span id="f-{code}" class="derived" aria-live="polite">{derived}</span>\n'
            "    </div>\n  "
        )
    else:
        out.append(
            f'\n    <input id="f-{code}" name="value" inputmode="decimal" '
            f'value="{shown("" if value is None else value)}"\n'
            f'           placeholder="{shown(spec.unit)}" {off}>\n  '
        )
    out.append("\n  ")
    if row["details"]:
        out.append('\n  <div class="details-fields">\n    ')
        for name, label, current in row["details"]:
            field = f"d-{code}-{shown(name)}"
            out.append(
                f'\n      <span><label class="sub" for="{field}">{shown(label)}</label>\n      '
            )
            if name == "provenance":
                options = "".join(
                    f'<option value="{shown(key)}" {"selected" if current == key else ""}>'
                    f"{shown(text)}</option>"
                    for key, text in provenance.items()
                )
                out.append(
                    f'\n        <select id="{field}" name="{shown(name)}" {off}>\n'
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
                    f'\n        <input id="{field}" name="{shown(name)}" value="{shown(current)}" '
                    f"{extra} {off}>\n      "
                )
            out.append("</span>\n    ")
        out.append("\n  </div>\n  ")
        if editable and "document_number" in spec.details:
            add = url_of("assessments:evidence_add")(participation_pk)
            out.append(
                f'<p class="note"><a href="{shown(add)}?criterion={shown(_query(row["criterion"]))}'
                f'&amp;item={shown(_query(row["code"]))}&amp;back=form">+ {t["add_document"]}'
                "</a></p>"
            )
        out.append("\n  ")
    out.append("\n  ")
    result = row["result"]
    if not mandatory and result and result.fact is not None:
        awarded, reason = row["awarded"], row["reason"]
        opened = " open" if (awarded is not None and awarded != "") or reason else ""
        suggested = shown(points(result.suggested))
        out.append(
            f'\n  <details class="award"{opened}>\n'
            f"    <summary>{t['award_fewer']} ({t['suggested']}: {suggested})</summary>\n"
            f'    <label class="sub" for="a-{code}">{t["awarded"]}</label>\n'
            f'    <input id="a-{code}" name="awarded" inputmode="decimal" '
            f'value="{shown("" if awarded is None else awarded)}" placeholder="{suggested}" '
            f"{off}>\n"
            f'    <label class="sub" for="r-{code}">{t["reason"]}</label>\n'
            f'    <textarea id="r-{code}" name="reason" rows="2" {off}>{shown(reason)}</textarea>\n'
            "  </details>\n  "
        )
    out.append("\n  ")
    if row["error"]:
        out.append(f'<p class="field-error" role="alert">{shown(row["error"])}</p>')
    out.append("\n  ")
    if result:
        step = result.next_step()
        further = (
            f" {t['next_band']}: {shown(step.needs)} → {t['up_to']} {shown(points(step.cap))}."
            if step
            else ""
        )
        out.append(f'<p class="note">{shown(result.explanation)}{further}</p>')
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
