from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from edudx.core.dates import DateField
from edudx.core.files import MB, ArchiveTooLarge, check_archive


class RegistryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Registry file (.xlsx or .csv)"),
        validators=[
            FileExtensionValidator(
                ["xlsx", "csv"], message=_("Only .xlsx or .csv files are accepted.")
            )
        ],
    )

    since = DateField(
        label=_("Managing units change on (dd/mm/yyyy)"),
        required=False,
        help_text=_("For the history of units that move; leave empty for today."),
    )

    def clean_file(self):
        """A registry file within its size as sent; an .xlsx also within what it unpacks to
        (a .csv is not an archive: its rows are counted as they are read)."""
        upload = self.cleaned_data["file"]
        if upload.size > settings.REGISTRY_MAX_UPLOAD_MB * MB:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": settings.REGISTRY_MAX_UPLOAD_MB}
            )
        if upload.name.lower().endswith(".xlsx"):
            try:
                check_archive(upload)
            except ArchiveTooLarge as exc:
                raise forms.ValidationError(str(exc)) from None
        return upload
