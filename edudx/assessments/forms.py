from django import forms
from django.utils.translation import gettext_lazy as _

from edudx.assessments.campaigns import DEADLINE_LABELS, parse_school_year
from edudx.assessments.errors import CampaignError
from edudx.core.dates import DateField
from edudx.core.education import EDUCATION_LEVELS
from edudx.frameworks.models import FrameworkVersion


class CampaignForm(forms.Form):
    school_year = forms.CharField(
        label=_("School year"), max_length=9, help_text=_("e.g. 2025-2026")
    )
    self_assessment_due = DateField(label=_("Self-assessment due (dd/mm/yyyy)"))
    evaluation_due = DateField(label=_("External evaluation and recognition due (dd/mm/yyyy)"))
    publication_due = DateField(label=_("Publication due (dd/mm/yyyy)"))
    institutions = forms.ModelMultipleChoiceField(
        label=_("Participating institutions"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cascade = forms.BooleanField(
        label=_("Also open it for every local authority under this department"),
        required=False,
    )

    def __init__(self, *args, institutions, levels, is_department, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institutions"].queryset = institutions
        if not is_department:
            del self.fields["cascade"]
        usable = list(FrameworkVersion.objects.usable().order_by("code", "-decision_date"))
        self.level_fields = []
        for level in levels:
            choices = [("", _("— not assessed in this campaign —"))] + [
                (v.pk, f"{v.decision_number} ({v.version})")
                for v in usable
                if level in v.education_levels
            ]
            name = f"version_{level}"
            self.fields[name] = forms.TypedChoiceField(
                label=EDUCATION_LEVELS[level],
                choices=choices,
                coerce=int,
                required=False,
                empty_value=None,
            )
            if len(choices) > 1:
                self.initial.setdefault(name, choices[1][0])
            self.level_fields.append(self[name])
        self._versions = {v.pk: v for v in usable}

    def clean_school_year(self):
        value = self.cleaned_data["school_year"].strip()
        try:
            parse_school_year(value)
        except CampaignError as exc:
            raise forms.ValidationError(str(exc)) from None
        return value

    def versions(self) -> dict:
        return {
            name.removeprefix("version_"): self._versions[pk]
            for name, pk in self.cleaned_data.items()
            if name.startswith("version_") and pk
        }

    def deadlines(self) -> dict:
        return {name: self.cleaned_data[name] for name in DEADLINE_LABELS}


class ExtensionForm(forms.Form):
    until = DateField(label=_("New self-assessment due date (dd/mm/yyyy)"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class PlanTargetForm(forms.Form):
    """One target of the improvement plan; the service checks the rest (level above the current
    one, a date not past, the criterion known)."""

    criterion = forms.CharField(label=_("Criterion"), max_length=20)
    target_level = forms.TypedChoiceField(
        label=_("Target level"),
        choices=[("", "—"), (1, "1"), (2, "2"), (3, "3")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    actions = forms.CharField(
        label=_("Actions (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    owner = forms.CharField(label=_("Person in charge"), max_length=200, required=False)
    due = DateField(
        label=_("By when (dd/mm/yyyy)"),
        required=False,
        widget=forms.DateInput(attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy"}),
    )
    resources = forms.CharField(
        label=_("Resources"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
