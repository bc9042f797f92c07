"""The report's page in the admin, composed from what each area shows of it: the report core's
admin with writing's entries and review's approvals, history and council PDFs."""

from django.contrib import admin

from reports.core.admin import ReportAdmin
from reports.core.models import Report
from reports.review.admin import ApprovalInline, PDFInline, TransitionInline
from reports.writing.admin import ProgressEntryInline


class ComposedReportAdmin(ReportAdmin):
    inlines = [ProgressEntryInline, ApprovalInline, TransitionInline, PDFInline]


admin.site.register(Report, ComposedReportAdmin)
