"""The evidence form, shared by the page and the catalogue import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from edudx.assessments.evidence.checks import ACCEPT
from edudx.assessments.models import SelfAssessment
from edudx.core.dates import DateField, parse_vn_date


class OtherCriteria(forms.CheckboxSelectMultiple):
    """The criteria an evidence also supports, without the main one (which already counts): its
    box is hidden, not dropped, so that choosing another main criterion can show it again."""

    main = ""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if self.main and str(value) == self.main:
            option["attrs"]["hidden"] = True
        return option


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Evidence title"), max_length=500)
    number = forms.CharField(label=_("Issuing number"), max_length=100, required=False)
    issued_on = DateField(
        label=_("Issuing date (dd/mm/yyyy)"),
        required=False,
        widget=forms.DateInput(attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"}),
    )
    issuer = forms.CharField(label=_("Issuer"), max_length=300, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    criterion = forms.ChoiceField(
        label=_("Main criterion (gives the code)"),
        error_messages={"invalid_choice": _("Criterion %(value)s is not in this index.")},
    )
    also = forms.MultipleChoiceField(
        label=_("Also evidence for the criteria"),
        required=False,
        widget=OtherCriteria,
        error_messages={"invalid_choice": _("Criterion %(value)s is not in this index.")},
    )
    file = forms.FileField(label=_("File"), required=False)
    url = forms.CharField(label=_("or a link (http/https)"), max_length=1000, required=False)

    def __init__(self, *args, criteria, titles=None, **kwargs):
        super().__init__(*args, **kwargs)
        titles = titles or {}
        choices = [(c, f"{c}. {_short(titles[c])}" if c in titles else c) for c in criteria]
        self.fields["criterion"].choices = [("", "—"), *choices]
        self.fields["also"].choices = choices
        main = self.data.get("criterion") if self.is_bound else self.initial.get("criterion")
        self.fields["also"].widget.main = str(main or "")
        self.fields["criterion"].widget.attrs["data-hides-in"] = "also"
        self.fields["file"].widget.attrs["accept"] = ACCEPT
        self.fields["url"].widget.attrs.update({"inputmode": "url", "placeholder": "https://"})

    def criteria(self) -> list[str]:
        main = self.cleaned_data["criterion"]
        return [main, *(c for c in self.cleaned_data.get("also", []) if c != main)]

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "criteria": self.criteria(),
            "number": data["number"],
            "issued_on": data["issued_on"],
            "issuer": data["issuer"],
            "note": data["note"],
        }


def _short(title: str, limit: int = 90) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def form_for(assessment: SelfAssessment, *args, **kwargs) -> EvidenceForm:
    """The evidence form with the criteria of the assessment's index."""
    fw = assessment.participation.version.framework()
    codes = [c.code for c in fw.criteria()]
    titles = {c.code: c.title for c in fw.criteria()}
    return EvidenceForm(*args, criteria=codes, titles=titles, **kwargs)


def document_of_item(assessment: SelfAssessment, criterion: str, item: str = "") -> dict:
    """The number and date of the document an item already names (the item asked for, else the
    first item of the criterion that names one), as initial values of a new evidence: the
    document is usually the evidence itself, and typing it twice invites mistakes."""
    if not criterion:
        return {}
    entries = [
        e
        for e in assessment.facts.filter(code__startswith=criterion)
        if e.code == criterion or e.code.startswith(criterion + ".")
    ]
    for entry in sorted(entries, key=lambda e: (e.code != item, e.code)):
        number = str(entry.details.get("document_number") or "")
        if not number:
            continue
        try:
            issued_on = parse_vn_date(entry.details.get("document_date") or "")
        except ValueError:
            issued_on = None
        return {"number": number, "issued_on": issued_on}
    return {}
