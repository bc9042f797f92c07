from django.contrib import admin

from duoplus.core.admin import ReadOnlyInline

from .models import (
    Consultation,
    ConsultationDocument,
    CorrectionConsent,
    CouncilResponse,
    LegalTerms,
    Reaction,
    ReactionApproval,
)


@admin.register(LegalTerms)
class LegalTermsAdmin(admin.ModelAdmin):
    """The legal clock per executing organisation; each field names its legal basis."""

    list_display = ["organisation", "consultation_weeks", "budget_changes_consulted", "gs_days"]


class ResponseInline(ReadOnlyInline):
    model = CouncilResponse
    fields = readonly_fields = (
        "council",
        "version",
        "kind",
        "council_decision_date",
        "late",
        "recorded_by",
    )


class ConsentInline(ReadOnlyInline):
    model = CorrectionConsent
    fields = readonly_fields = ("council", "reason", "granted_by", "granted_at")


class ReactionInline(ReadOnlyInline):
    model = Reaction
    fields = readonly_fields = ("council", "outcome", "explanation", "written_by", "updated_at")


class ReactionApprovalInline(ReadOnlyInline):
    model = ReactionApproval
    fields = readonly_fields = ("organisation", "user", "submitted_at", "approved_at")


class DocumentInline(ReadOnlyInline):
    model = ConsultationDocument
    fields = readonly_fields = (
        "kind",
        "council",
        "status",
        "attempts",
        "sha256",
        "size",
        "rendered_at",
        "error",
    )


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    """Read-only: the procedure changes only through its services (audited)."""

    list_display = ["report", "sent_on", "term_end"]
    readonly_fields = [f.name for f in Consultation._meta.fields]
    inlines = [
        ResponseInline,
        ConsentInline,
        ReactionInline,
        ReactionApprovalInline,
        DocumentInline,
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
