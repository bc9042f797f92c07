"""The document "Beantwoording technische vragen" of one report: every question with the
answer as released, rendered to tagged PDF by a worker once the question round has closed
and stored privately with its checksum (made once: a ready document is left alone)."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from duoplus.core import pdf as pdf_renderer

from . import selectors
from .models import Question, QuestionDocument

logger = logging.getLogger(__name__)

TEMPLATE = "questions/pdf/answers.html"


def rows(*, report) -> list[Question]:
    questions = list(
        Question.objects.filter(report=report)
        .select_related("asked_by", "council", "merged_into")
        .prefetch_related("answers", "merged_into__answers")
        .order_by("asked_at", "id")
    )
    for question in questions:
        question.current_answer = selectors.current_answer(question)
    return questions


def render(*, document_id: int) -> int | None:
    document = (
        QuestionDocument.objects.select_related("report__organisation")
        .filter(pk=document_id)
        .first()
    )
    if document is None or document.ready:
        return None
    report = document.report
    try:
        _html, data = pdf_renderer.render_pdf(
            TEMPLATE, {"report": report, "document": document, "questions": rows(report=report)}
        )
    except Exception as exc:
        QuestionDocument.objects.filter(pk=document.pk).update(error=str(exc)[:2000])
        logger.error("questions document %s failed: %s", document_id, exc, exc_info=exc)
        raise
    digest = pdf_renderer.sha256(data)
    storage = QuestionDocument._meta.get_field("file").storage
    name = f"vragen/{report.pk}/beantwoording-{digest[:12]}.pdf"
    if not storage.exists(name):
        name = storage.save(name, ContentFile(data))
    with transaction.atomic():
        row = QuestionDocument.objects.select_for_update().get(pk=document.pk)
        if row.ready:
            return row.pk
        row.file.name = name
        row.sha256 = digest
        row.size = len(data)
        row.rendered_at = timezone.now()
        row.error = ""
        row.save()
    return row.pk
