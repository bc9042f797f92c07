from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

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
    """Narrow enough for the page: the checksum and an error shortened (in full on the
    PDF's own admin page and on the report page)."""

    model = ReportPDF
    fields = [
        "council",
        "report_version",
        "status",
        "attempts",
        "checksum",
        "size",
        "rendered_at",
        "problem",
    ]
    readonly_fields = fields

    @admin.display(description=_("controlegetal"))
    def checksum(self, pdf):
        return f"{pdf.sha256[:12]}…" if pdf.sha256 else "–"

    @admin.display(description=_("foutmelding"))
    def problem(self, pdf):
        return Truncator(pdf.error).chars(60) if pdf.error else "–"


class ReviewedReportAdmin(ReportAdmin):
    """The report's page in the admin with its approvals, history and council PDFs (this app
    sits above writing, so it extends writing's admin rather than the other way round)."""

    inlines = [*ReportAdmin.inlines, ApprovalInline, TransitionInline, PDFInline]


admin.site.unregister(Report)
admin.site.register(Report, ReviewedReportAdmin)
