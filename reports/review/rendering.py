"""Rendering one council's PDF and storing it with its checksum: the work of the render
task (tasks.py), here so that it can be called and tested without a queue."""

import logging

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duoplus.core import pdf as pdf_renderer
from reports.writing.models import Report, ReportStatus

from .models import PDFStatus, ReportPDF
from .selectors import report_document

logger = logging.getLogger(__name__)

PDF_TEMPLATE = "review/pdf/report.html"
# The render task's time limits (seconds): a file queued or being made for longer than the
# hard limit (and PDF_STUCK_MARGIN) is stuck and queued again by the sweep.
RENDER_SOFT_LIMIT, RENDER_HARD_LIMIT = 300, 360


def pdf_storage() -> Storage:
    """The private storage of the council PDFs."""
    return ReportPDF._meta.get_field("file").storage


def render_council_pdf(*, report_id: int, submission: int, council_id: int) -> int | None:
    """Render one council's PDF of a report as submitted the ``submission``-th time and store it
    with its checksum.

    Idempotent: a ready file is left alone, and rendering is deterministic, so the same
    content gives the same bytes and is stored once. The file is written and checksummed
    before the row says "ready", so a half-written file is never offered. A job for a submission
    that was sent back in the meantime does nothing (its row is gone).
    """
    report = Report.objects.filter(pk=report_id).first()
    pdf = (
        ReportPDF.objects.filter(report_id=report_id, submission=submission, council_id=council_id)
        .select_related("council")
        .first()
    )
    if (
        report is None
        or pdf is None
        or report.submission != submission
        or report.status == ReportStatus.CONCEPT
        or pdf.report_version != report.version
    ):
        logger.info(
            "pdf: report %s submission %s is not (or no longer) to be rendered",
            report_id,
            submission,
        )
        return None
    storage = pdf_storage()
    if pdf.status == PDFStatus.READY and pdf.file and storage.exists(pdf.file.name):
        return pdf.pk
    council = pdf.council
    ReportPDF.objects.filter(pk=pdf.pk).update(
        status=PDFStatus.RENDERING, error="", status_changed_at=timezone.now()
    )
    try:
        _html, data = pdf_renderer.render_pdf(
            PDF_TEMPLATE, report_document(report=report, council=council, in_pdf=True)
        )
    except SoftTimeLimitExceeded as exc:
        _failed(pdf, _("Het maken duurde te lang en is afgebroken."), exc)
        raise
    except DatabaseError:
        raise  # away for a moment: the task tries again (the row says it is being made)
    except Exception as exc:
        _failed(pdf, str(exc), exc)
        raise
    digest = pdf_renderer.sha256(data)
    if pdf.sha256 and pdf.sha256 != digest:
        # A lost file made again must be the very file that was approved.
        _failed(
            pdf,
            _("De opnieuw gemaakte pdf wijkt af van de goedgekeurde (controlegetal %(sha)s).")
            % {"sha": digest[:12]},
        )
        return None
    name = f"reports/{report.pk}/v{report.version}/r{submission}/{council.slug}-{digest[:12]}.pdf"
    if not storage.exists(name):
        name = storage.save(name, ContentFile(data))
    with transaction.atomic():
        row = ReportPDF.objects.select_for_update().filter(pk=pdf.pk).first()
        if row is None:  # sent back while rendering: the file is not wanted
            transaction.on_commit(lambda: storage.delete(name))
            return None
        row.file.name = name
        row.sha256 = digest
        row.size = len(data)
        row.status = PDFStatus.READY
        row.status_changed_at = timezone.now()
        row.error = ""
        row.rendered_at = timezone.now()
        row.save()
    logger.info(
        "pdf: report %s v%s submission %s for %s ready (%s bytes, sha256 %s)",
        report_id,
        report.version,
        submission,
        council.slug,
        len(data),
        digest,
    )
    return pdf.pk


def _failed(pdf: ReportPDF, message: str, exc: BaseException | None = None) -> None:
    try:
        ReportPDF.objects.filter(pk=pdf.pk).update(
            status=PDFStatus.FAILED, error=str(message)[:2000], status_changed_at=timezone.now()
        )
    except DatabaseError:
        logger.warning("pdf: could not record that %s failed (database away)", pdf.pk)
    if exc is not None:
        logger.error("pdf: rendering %s failed: %s", pdf, exc, exc_info=exc)
    else:
        logger.error("pdf: rendering %s failed: %s", pdf, message)
