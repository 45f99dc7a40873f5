from django.contrib import admin

from edudx.reviews.models import Evaluation, ReturnRound, Team


class ReadOnly(admin.ModelAdmin):
    """Read-only: teams, returns and evaluations change through their pages (audited)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Team)
class TeamAdmin(ReadOnly):
    list_display = ("name", "campaign", "created_at")
    search_fields = ("name",)


@admin.register(ReturnRound)
class ReturnRoundAdmin(ReadOnly):
    list_display = ("assessment", "number", "returned_by", "returned_at")
    exclude = ("snapshot",)


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnly):
    list_display = ("assessment", "team", "state", "visit_date", "finalised_at")
    list_filter = ("state",)
