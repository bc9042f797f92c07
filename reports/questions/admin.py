"""Technische vragen in the admin: read-only (they change only through the services, audited).
Private notes are deliberately not here: nobody but their writer sees them."""

from django.contrib import admin

from duoplus.core.admin import ReadOnlyInline

from .models import Answer, Question, QuestionDocument, QuestionRound


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = readonly_fields = ("version", "text", "released_by", "released_at")


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Question)
class QuestionAdmin(_ReadOnly):
    list_display = ["pk", "report", "passage_label", "council", "state", "asked_at"]
    list_filter = ["state"]
    readonly_fields = [f.name for f in Question._meta.fields]
    inlines = [AnswerInline]


@admin.register(QuestionRound)
class QuestionRoundAdmin(_ReadOnly):
    list_display = ["report", "closes_on", "first_council_meeting"]


@admin.register(QuestionDocument)
class QuestionDocumentAdmin(_ReadOnly):
    list_display = ["report", "closed_on", "status", "attempts", "sha256", "rendered_at", "error"]
