from django.contrib import admin

from edudx.workbooks.models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "title", "requested_by", "state", "done", "total", "created_at")
    list_filter = ("kind", "state")
    readonly_fields = [f.name for f in ExportJob._meta.fields]

    def has_add_permission(self, request):
        return False
