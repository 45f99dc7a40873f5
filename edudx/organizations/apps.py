from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "edudx.organizations"
    verbose_name = _("Organisations")

    def ready(self):
        # registers the background import of a large registry file, also in a worker process
        from edudx.organizations import tasks  # noqa: F401
