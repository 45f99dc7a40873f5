from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "edudx.dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        from edudx.dashboards import lines  # noqa: F401  (connects the receiver)
