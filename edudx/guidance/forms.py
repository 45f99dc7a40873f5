from django import forms
from django.utils.translation import gettext_lazy as _

from edudx.core.dates import DateField
from edudx.core.files import XlsxUploadForm


class GuidanceUploadForm(XlsxUploadForm):
    """The sheet and the reference of the official letter it comes from."""

    letter_number = forms.CharField(
        label=_("Letter number and sign"), max_length=100, help_text=_("e.g. 873/SGDĐT-VP")
    )
    letter_date = DateField(label=_("Letter date (dd/mm/yyyy)"))
    letter_title = forms.CharField(
        label=_("Letter summary (optional)"), max_length=500, required=False
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, initial=0, min_value=0)
