from django.contrib import admin

from duoplus.core.admin import ReadOnlyInline
from reports.writing.admin import ReportAdmin
from reports.writing.models import Report

from .models import Approval, ReportPDF, ReportTransition


class TransitionInline(ReadOnlyInline):
    model = ReportTransition
    fields = ["at", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields


class ApprovalInline(ReadOnlyInline):
    model = Approval
    fields = ["submission", "organisation", "user", "at"]
    readonly_fields = fields


class PDFInline(ReadOnlyInline):
    model = ReportPDF
    fields = ["council", "report_version", "status", "sha256", "size", "rendered_at", "error"]
    readonly_fields = fields


class ReviewedReportAdmin(ReportAdmin):
    """The report's page in the admin with its approvals, history and council PDFs (this app
    sits above writing, so it extends writing's admin rather than the other way round)."""

    inlines = [*ReportAdmin.inlines, ApprovalInline, TransitionInline, PDFInline]


admin.site.unregister(Report)
admin.site.register(Report, ReviewedReportAdmin)
