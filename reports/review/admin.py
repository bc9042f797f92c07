from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from duoplus.core.admin import ReadOnlyInline

from .models import Approval, ReportPDF, ReportTransition


class TransitionInline(ReadOnlyInline):
    model = ReportTransition
    fields = readonly_fields = ("at", "from_status", "to_status", "actor", "reason")


class ApprovalInline(ReadOnlyInline):
    model = Approval
    fields = readonly_fields = ("submission", "organisation", "user", "at")


class PDFInline(ReadOnlyInline):
    """Narrow enough for the page: the checksum and an error shortened (in full on the
    PDF's own admin page and on the report page)."""

    model = ReportPDF
    fields = readonly_fields = (
        "council",
        "report_version",
        "status",
        "attempts",
        "checksum",
        "size",
        "rendered_at",
        "problem",
    )

    @admin.display(description=_("controlegetal"))
    def checksum(self, pdf):
        return f"{pdf.sha256[:12]}…" if pdf.sha256 else "–"

    @admin.display(description=_("foutmelding"))
    def problem(self, pdf):
        return Truncator(pdf.error).chars(60) if pdf.error else "–"
