from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "edudx.reviews"
    verbose_name = _("Review and external evaluation")

    def ready(self):
        from edudx.accounts.permissions import register_team_membership
        from edudx.reviews.membership import TeamMembers

        register_team_membership(TeamMembers())
