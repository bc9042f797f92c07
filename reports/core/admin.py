"""The report in the admin. Not registered here: the composition root (duoplus/admin.py)
registers it with what every area shows of a report (its entries, approvals, history and
PDFs), so that no area imports another's admin."""

from django.contrib import admin


class ReportAdmin(admin.ModelAdmin):
    """Status changes go through the workflow pages, never through this form; a report is
    made by opening its round in the P&C calendar (planning) or by the services, which make
    its entries, their first versions and the audit row, never here."""

    list_display = ["title", "kind", "year", "status", "version", "purpose"]
    list_filter = ["kind", "status", "year", "purpose"]
    search_fields = ["title"]
    readonly_fields = [
        "status",
        "version",
        "supersedes",
        "submission",
        "submitted_at",
        "approved_at",
        "published_at",
        "created_at",
    ]
    filter_horizontal = ["recipients"]

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        """Once submitted, what was approved or published is not edited here either."""
        if obj is not None and not obj.is_concept:
            return [f.name for f in obj._meta.fields] + ["recipients"]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.is_concept) and super().has_delete_permission(request, obj)
