"""State-changing actions on the council PDFs: queueing the renders at submission (and for
"opnieuw maken" and the nightly check), rendering them in-process for the demo, discarding
them on a send-back, and the checksums an approval records."""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from duoplus.core import audit, documents
from duoplus.core.audit import AuditAction
from duoplus.core.models import Organisation
from reports.core.models import Report, ReportStatus

from . import policy
from .models import PDFStatus, ReportPDF
from .rendering import pdf_storage

logger = logging.getLogger(__name__)


def queue_pdf_renders(*, report: Report) -> list[Organisation]:
    """Queue, on commit, every council PDF of the report's current version and submission
    that is not ready with its file (at submission, by the daily check, and "opnieuw
    maken"). Returns the councils queued. Making one twice does no harm: it is idempotent."""
    existing = {
        pdf.council_id: pdf
        for pdf in ReportPDF.objects.filter(
            report=report, report_version=report.version, submission=report.submission
        )
    }
    queued = []
    for council in report.recipients.all():
        pdf = existing.get(council.pk)
        if pdf is not None and not documents.needs_making(pdf):
            continue
        if pdf is None:
            pdf = ReportPDF.objects.create(
                report=report,
                report_version=report.version,
                submission=report.submission,
                council=council,
                status=PDFStatus.QUEUED,
            )
        documents.queue(pdf, anew=pdf.status == PDFStatus.FAILED)
        queued.append(council)
    return queued


def render_pdfs_now(*, report: Report) -> None:
    """Render the report's queued PDFs in this process, one after the other (demo data and
    tests; the workflow itself always goes through the queue)."""
    report = Report.objects.get(pk=report.pk)
    pending = ReportPDF.objects.current().filter(report=report).exclude(status=PDFStatus.READY)
    for pdf in pending:
        documents.render_now(pdf)


def discard_pdfs(*, report: Report) -> None:
    """A report sent back to concept: its renders are not what will be published. Rows go
    now; files once the transaction has committed."""
    pdfs = ReportPDF.objects.filter(report=report)
    names = [name for name in pdfs.values_list("file", flat=True) if name]
    pdfs.delete()
    storage = pdf_storage()

    def delete_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)


def current_pdf_checksums(*, report: Report) -> dict[str, str]:
    """{council slug: SHA-256} of the report's rendered PDFs, every recipient's file ready;
    otherwise a ValidationError that says which are missing. What an approval records."""
    ready = {
        pdf.council_id: pdf.sha256
        for pdf in ReportPDF.objects.ready().filter(report=report).only("council_id", "sha256")
    }
    recipients = list(report.recipients.all())
    missing = [council.name for council in recipients if council.pk not in ready]
    if missing:
        raise ValidationError(
            _(
                "De pdf’s voor de raden zijn nog niet allemaal klaar (nog niet: %(missing)s). "
                "U kunt goedkeuren zodra ze klaar zijn: u keurt precies de bestanden goed die "
                "de raden krijgen."
            )
            % {"missing": ", ".join(missing)}
        )
    return {council.slug: ready[council.pk] for council in recipients}


@audit.refusals_recorded(AuditAction.PDF_RERENDER, obj="report")
def rerender_pdf(
    *, report: Report, council: Organisation, user: Any, ip: str | None = None
) -> None:
    """The coordinator has a PDF that failed (or got stuck) rendered again. A ready file is
    never replaced: it may have been approved."""
    with transaction.atomic():
        if not policy.can_rerender(user=user, report=report):
            raise PermissionDenied(
                _("U mag de pdf’s van deze rapportage niet opnieuw laten maken.")
            )
        report = Report.objects.select_for_update().get(pk=report.pk)
        pdf = ReportPDF.objects.current().filter(report=report, council=council).first()
        if pdf is None or pdf.status == PDFStatus.READY:
            raise ValidationError(_("Deze pdf is klaar; hij wordt niet opnieuw gemaakt."))
        documents.remake(pdf)
        audit.record(AuditAction.PDF_RERENDER, actor=user, obj=report, ip=ip, council=council.slug)


def check_published_pdfs() -> int:
    """Beat, daily: every published report has all its PDFs; render what is missing (a lost
    file or a render that never finished). Returns the number of files queued."""
    queued = 0
    for report in Report.objects.filter(status=ReportStatus.PUBLISHED).prefetch_related(
        "recipients"
    ):
        with transaction.atomic():
            queued += len(queue_pdf_renders(report=report))
    return queued
