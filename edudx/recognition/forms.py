from django import forms
from django.utils.translation import gettext_lazy as _

from edudx.core.dates import DateField


class DecisionForm(forms.Form):
    assessments = forms.TypedMultipleChoiceField(
        label=_("Institutions to recognise"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one institution to recognise.")},
    )
    number = forms.CharField(
        label=_("Decision number"), max_length=60, help_text=_("e.g. 123/QĐ-UBND")
    )
    date = DateField(label=_("Decision date (dd/mm/yyyy)"))
    signer_name = forms.CharField(label=_("Signed by (full name)"), max_length=200)
    signer_title = forms.CharField(
        label=_("Signer's title"), max_length=200, help_text=_("e.g. Chủ tịch, Phó Chủ tịch")
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessments"].choices = [(a.pk, str(a.pk)) for a in candidates]
