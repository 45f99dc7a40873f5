from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "edudx.documents"
    verbose_name = _("Documents and workbooks")

    def ready(self):
        # registers the background writer of large batches, also in a worker process
        from edudx.documents import jobs  # noqa: F401
