from django.contrib import admin

from edudx.recognition.models import RecognisedResult, RecognitionDecision


class ResultInline(admin.TabularInline):
    model = RecognisedResult
    extra = 0
    can_delete = False
    fields = ("institution", "levels", "points", "withdrawn_at", "withdrawal_reason")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(RecognitionDecision)
class RecognitionDecisionAdmin(admin.ModelAdmin):
    """Read-only: decisions are issued, published and reopened through their pages (audited)."""

    list_display = ("number", "date", "authority", "campaign", "published_at")
    search_fields = ("number", "authority__name", "authority__code")
    inlines = [ResultInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
