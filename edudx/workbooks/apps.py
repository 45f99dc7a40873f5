from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbooksConfig(AppConfig):
    name = "edudx.workbooks"
    verbose_name = _("Excel workbooks")

    def ready(self):
        # registers the background writer of the authority's workbook, also in a worker process
        from edudx.workbooks import jobs  # noqa: F401
