from django.contrib import admin

from .models import Approval, EntryRevision, ProgressEntry, Report, ReportPDF, ReportTransition


class ProgressEntryInline(admin.TabularInline):
    model = ProgressEntry
    fields = ["programme", "status", "version", "updated_by", "updated_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TransitionInline(ReadOnlyInline):
    model = ReportTransition
    fields = ["at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields


class ApprovalInline(ReadOnlyInline):
    model = Approval
    fields = ["review_round", "organisation", "user", "at"]
    readonly_fields = fields


class PDFInline(ReadOnlyInline):
    model = ReportPDF
    fields = ["council", "report_version", "status", "sha256", "size", "rendered_at", "error"]
    readonly_fields = fields


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Status changes go through the workflow pages, never through this form."""

    list_display = ["title", "kind", "year", "status", "version", "purpose"]
    list_filter = ["kind", "status", "year", "purpose"]
    search_fields = ["title"]
    readonly_fields = [
        "status",
        "version",
        "supersedes",
        "review_round",
        "submitted_at",
        "approved_at",
        "published_at",
        "created_at",
    ]
    filter_horizontal = ["recipients"]
    inlines = [ProgressEntryInline, ApprovalInline, TransitionInline, PDFInline]


@admin.register(ProgressEntry)
class ProgressEntryAdmin(admin.ModelAdmin):
    """Read-only here: entries are edited through the editor (with version checks)."""

    list_display = ["programme", "report", "status", "version", "updated_by", "updated_at"]
    list_filter = ["report", "status"]
    readonly_fields = ["report", "programme", "progress", "status", "version", "updated_by"]

    def has_add_permission(self, request):
        return False


@admin.register(EntryRevision)
class EntryRevisionAdmin(admin.ModelAdmin):
    list_display = ["entry", "version", "saved_by", "saved_at"]
    readonly_fields = ["entry", "version", "progress", "status", "saved_by", "saved_at"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
