"""Writing HTML in Python the way a template writes it: the form's items and score summaries
(assessments/form_items.py, form_summaries.py), the hottest markup of the national peak, whose
template rendering cost more than the rest of an opening (issue 15)."""

from __future__ import annotations

import html
import weakref

from django.dispatch import receiver
from django.utils.autoreload import file_changed
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _


def shown(value) -> str:
    """`value` as `{{ value }}` writes it: localised (a decimal comma in Vietnamese) and escaped.
    Most values are plain text (codes, titles, what people typed): those skip the localisation
    and Django's lazy-aware escape, which cost more than the escaping itself — a form opening
    writes some 400 values."""
    if type(value) is str:
        return html.escape(value)
    if isinstance(value, SafeData) and isinstance(value, str):
        return value
    value = localize(template_localtime(value))
    if not isinstance(value, str):
        value = str(value)
    return conditional_escape(value)


class Labels:
    """A page's fixed words, escaped as `{% translate %}` writes them, looked up once per language
    and process (a served catalogue does not change; the development server reloads a changed
    one in place, and then these are forgotten too: `forget_words`). Mark each text with
    `gettext_noop` so that `make messages` keeps it in the catalogue."""

    made: weakref.WeakSet[Labels] = weakref.WeakSet()

    def __init__(self, **texts: str) -> None:
        self.texts = texts
        self.by_language: dict[str | None, dict[str, str]] = {}
        Labels.made.add(self)

    def __call__(self) -> dict[str, str]:
        language = get_language()
        words = self.by_language.get(language)
        if words is None:
            words = {key: conditional_escape(_(text)) for key, text in self.texts.items()}
            self.by_language[language] = words
        return words


@receiver(file_changed, dispatch_uid="edudx.core.markup.forget_words")
def forget_words(sender, file_path, **kwargs) -> None:
    """A catalogue (.mo) changed under the development server: look the words up again. Returns
    None so that Django's own handler still reloads the catalogue without a restart."""
    if file_path.suffix == ".mo":
        for labels in Labels.made:
            labels.by_language.clear()
