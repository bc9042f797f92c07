"""The documents of the zienswijze procedure, rendered to tagged PDF by a worker: the
appendix for the bestuur (every zienswijze with Duo+'s reaction) and, after the decision,
one letter per council on how its zienswijze was handled. Stored privately with their
checksum, like the council PDFs; made once (a ready document is left alone)."""

import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from duoplus.core import pdf as pdf_renderer

from . import selectors
from .models import ConsultationDocument, DocumentKind

logger = logging.getLogger(__name__)

TEMPLATES = {
    DocumentKind.APPENDIX: "consultation/pdf/appendix.html",
    DocumentKind.LETTER: "consultation/pdf/letter.html",
}


def context(*, document: ConsultationDocument) -> dict[str, Any]:
    consultation = document.consultation
    rows = selectors.answers_with_reactions(consultation=consultation)
    return {
        "document": document,
        "consultation": consultation,
        "report": consultation.report,
        "council": document.council,
        "rows": rows,
        "own": next((r for r in rows if r.council.pk == document.council_id), None),
    }


def render(*, document_id: int) -> int | None:
    """Render one document and store it; None when it is gone or made already."""
    document = (
        ConsultationDocument.objects.select_related(
            "consultation__report__organisation", "consultation__decision_recorded_by", "council"
        )
        .filter(pk=document_id)
        .first()
    )
    if document is None or document.ready:
        return None
    try:
        _html, data = pdf_renderer.render_pdf(TEMPLATES[document.kind], context(document=document))
    except Exception as exc:
        ConsultationDocument.objects.filter(pk=document.pk).update(error=str(exc)[:2000])
        logger.error("consultation document %s failed: %s", document_id, exc, exc_info=exc)
        raise
    digest = pdf_renderer.sha256(data)
    slug = document.council.slug if document.council else "bestuur"
    storage = ConsultationDocument._meta.get_field("file").storage
    name = f"zienswijzen/{document.consultation_id}/{document.kind}-{slug}-{digest[:12]}.pdf"
    if not storage.exists(name):
        name = storage.save(name, ContentFile(data))
    with transaction.atomic():
        row = ConsultationDocument.objects.select_for_update().get(pk=document.pk)
        if row.ready:
            return row.pk
        row.file.name = name
        row.sha256 = digest
        row.size = len(data)
        row.rendered_at = timezone.now()
        row.error = ""
        row.save()
    logger.info("consultation document %s ready (%s bytes, sha256 %s)", row.pk, len(data), digest)
    return row.pk


def download_name(document: ConsultationDocument) -> str:
    report = document.consultation.report
    base = f"{report.organisation.slug}-{report.year}-{report.kind}"
    if document.kind == DocumentKind.APPENDIX:
        return f"{base}-zienswijzen-en-reacties.pdf"
    return f"{base}-brief-zienswijze-{document.council.slug if document.council else ''}.pdf"
