from django import forms

from edudx.documents.models import SECTIONS, ReportNarrative


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = ReportNarrative
        fields = [name for name, _ in SECTIONS]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name, _ in SECTIONS}
