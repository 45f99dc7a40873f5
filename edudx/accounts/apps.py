from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "edudx.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from edudx.accounts import throttle  # noqa: F401  connects the log-in signal receivers
