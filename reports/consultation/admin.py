from django.contrib import admin

from duoplus.core.admin import ReadOnlyInline

from .models import Consultation, CorrectionConsent, CouncilResponse, LegalTerms


@admin.register(LegalTerms)
class LegalTermsAdmin(admin.ModelAdmin):
    """The legal clock per executing organisation; each field names its legal basis."""

    list_display = ["organisation", "consultation_weeks", "budget_changes_consulted", "gs_days"]


class ResponseInline(ReadOnlyInline):
    model = CouncilResponse
    fields = ["council", "version", "kind", "council_decision_date", "late", "recorded_by"]
    readonly_fields = fields


class ConsentInline(ReadOnlyInline):
    model = CorrectionConsent
    fields = ["council", "reason", "granted_by", "granted_at"]
    readonly_fields = fields


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    """Read-only: the procedure changes only through its services (audited)."""

    list_display = ["report", "sent_on", "term_end"]
    readonly_fields = [f.name for f in Consultation._meta.fields]
    inlines = [ResponseInline, ConsentInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
