from django.contrib import admin

from duoplus.admin import AppendOnlyAdmin, ReadOnlyAdmin

from .models import (
    Approval,
    EntryReminder,
    EntryRevision,
    ProgressEntry,
    Report,
    ReportPDF,
    ReportTransition,
)


class ProgressEntryInline(admin.TabularInline):
    model = ProgressEntry
    fields = ["programme", "state", "status", "budget_status", "version", "updated_by"]
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

    def get_readonly_fields(self, request, obj=None):
        """Once submitted, what was approved or published is not edited here either."""
        if obj is not None and not obj.is_concept:
            return [f.name for f in obj._meta.fields] + ["recipients"]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return (obj is None or obj.is_concept) and super().has_delete_permission(request, obj)


@admin.register(ProgressEntry)
class ProgressEntryAdmin(ReadOnlyAdmin):
    """Read-only here: entries are edited through the editor (with version checks)."""

    list_display = ["programme", "report", "state", "status", "budget_status", "version"]
    list_filter = ["report", "state", "status", "budget_status"]
    readonly_fields = [
        "report",
        "programme",
        "ambition",
        "progress",
        "costs",
        "status",
        "budget_status",
        "state",
        "version",
        "updated_by",
        "updated_at",
    ]
    fields = readonly_fields


@admin.register(EntryRevision)
class EntryRevisionAdmin(AppendOnlyAdmin):
    list_display = ["entry", "version", "state", "saved_by", "saved_at", "restored_from"]
    readonly_fields = [
        "entry",
        "version",
        "ambition",
        "progress",
        "costs",
        "status",
        "budget_status",
        "state",
        "indicators",
        "restored_from",
        "saved_by",
        "saved_at",
    ]


@admin.register(EntryReminder)
class EntryReminderAdmin(ReadOnlyAdmin):
    """Sent reminders, for reference; they are made from Mijn werk and by beat."""

    list_display = ["entry", "recipient", "kind", "deadline", "sent_by", "created_at", "sent_at"]
    list_filter = ["kind"]
    readonly_fields = list_display
