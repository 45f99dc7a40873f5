from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

MAX_REGISTRY_UPLOAD = 50 * 1024 * 1024  # the national registry is ~6 MB as .xlsx


class RegistryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Registry file (.xlsx or .csv)"),
        validators=[
            FileExtensionValidator(
                ["xlsx", "csv"], message=_("Only .xlsx or .csv files are accepted.")
            )
        ],
    )

    since = forms.DateField(
        label=_("Managing units change on (dd/mm/yyyy)"),
        required=False,
        help_text=_("For the history of units that move; leave empty for today."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_REGISTRY_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 50 MB."))
        return upload
