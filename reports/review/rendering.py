"""What a council PDF is made from: the report as submitted, for one council. The making
itself (claim, render, checksum, store, attempts) is the core's one document store
(duoplus.core.rendering, .documents); this registers council PDFs with it."""

import logging
from typing import cast

from django.core.files.storage import Storage

from duoplus.core import rendering
from duoplus.core.rendering import Rendering
from reports.core.models import ReportStatus

from .models import ReportPDF, ReportPDFQuerySet
from .selectors import report_document

logger = logging.getLogger(__name__)

PDF_TEMPLATE = "review/pdf/report.html"
# Reports whose files the board reviews, the councils get, or got.
FROZEN_STATES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.PUBLISHED)


def pdf_storage() -> Storage:
    """The private storage of the council PDFs (that of every stored document)."""
    return rendering.storage_of(ReportPDF)


def prepare(pdf: ReportPDF) -> Rendering | None:
    """One council's PDF of the report as submitted the ``pdf.submission``-th time; None
    when that submission is no longer the one to render (sent back, a newer version)."""
    report = pdf.report
    if (
        report.submission != pdf.submission
        or report.is_concept
        or pdf.report_version != report.version
    ):
        logger.info(
            "pdf: report %s submission %s is not (or no longer) to be rendered",
            report.pk,
            pdf.submission,
        )
        return None
    council = pdf.council
    return Rendering(
        template=PDF_TEMPLATE,
        context=report_document(report=report, council=council, in_pdf=True),
        name=f"reports/{report.pk}/v{report.version}/r{pdf.submission}/{council.slug}",
    )


LABEL = rendering.register(
    ReportPDF,
    prepare=prepare,
    folder="reports",
    sweepable=lambda rows: (
        cast(ReportPDFQuerySet, rows).current().filter(report__status__in=FROZEN_STATES)
    ),
)
