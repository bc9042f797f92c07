"""Celery tasks of the reports app. Tasks take primary keys and are idempotent."""

import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from duoplus.models import Organisation

from .models import PDFStatus, Report, ReportPDF

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=300,
    time_limit=360,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def render_council_pdf(self, report_id, report_version, council_id):
    """Render one report version for one council and store it with its checksum.

    Idempotent: a file that is already ready for this version is left alone. The file is
    written and checksummed before the row says "ready", so a half-written file is never
    offered for download.
    """
    from .pdf import render_pdf, sha256
    from .selectors import report_document

    report = Report.objects.get(pk=report_id)
    council = Organisation.objects.get(pk=council_id)
    pdf, _created = ReportPDF.objects.get_or_create(
        report=report, report_version=report_version, council=council
    )
    if pdf.status == PDFStatus.READY and pdf.file:
        return pdf.pk
    if report.version != report_version:
        logger.info(
            "pdf: report %s is at version %s, skipping v%s",
            report_id,
            report.version,
            report_version,
        )
        return None
    ReportPDF.objects.filter(pk=pdf.pk).update(status=PDFStatus.RENDERING, error="")
    try:
        _html, data = render_pdf("pdf/report.html", report_document(report, council=council))
    except Exception as exc:
        ReportPDF.objects.filter(pk=pdf.pk).update(status=PDFStatus.FAILED, error=str(exc)[:2000])
        logger.exception("pdf: rendering report %s for %s failed", report_id, council.slug)
        raise
    digest = sha256(data)
    name = f"reports/{report.pk}/v{report_version}/{council.slug}-{digest[:12]}.pdf"
    stored = ReportPDF._meta.get_field("file").storage.save(name, ContentFile(data))
    with transaction.atomic():
        pdf = ReportPDF.objects.select_for_update().get(pk=pdf.pk)
        pdf.file.name = stored
        pdf.sha256 = digest
        pdf.size = len(data)
        pdf.status = PDFStatus.READY
        pdf.error = ""
        pdf.rendered_at = timezone.now()
        pdf.save()
    logger.info(
        "pdf: report %s v%s for %s ready (%s bytes)",
        report_id,
        report_version,
        council.slug,
        len(data),
    )
    return pdf.pk
