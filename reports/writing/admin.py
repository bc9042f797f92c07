from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from duoplus.core.admin import AppendOnlyAdmin, ReadOnlyAdmin

from .models import EntryReminder, EntryRevision, ProgressEntry


class ProgressEntryInline(admin.TabularInline):
    model = ProgressEntry
    fields = readonly_fields = (
        "programme",
        "state",
        "status",
        "budget_status",
        "version",
        "updated_by",
    )
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(ProgressEntry)
class ProgressEntryAdmin(ReadOnlyAdmin):
    """Read-only here: entries are edited through the editor (with version checks)."""

    list_display = ["programme", "report", "state", "status", "budget_status", "version"]
    list_filter = ["report", "state", "status", "budget_status"]
    fields = readonly_fields = (
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
    )


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

    list_display = readonly_fields = (
        "entry",
        "recipient",
        "kind",
        "deadline",
        "sent_by",
        "created_at",
        "sent",
    )
    list_filter = ["kind"]

    @admin.display(description=_("e-mail"), ordering="message__state")
    def sent(self, obj):
        return obj.message.get_state_display() if obj.message else ""
