"""Jobs the technische vragen queue: the document, idempotent."""

import logging

from celery import shared_task
from django.db import DatabaseError

from . import document

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError, DatabaseError),
    retry_backoff=2,
    retry_backoff_max=120,
    max_retries=10,
    soft_time_limit=300,
    time_limit=360,
)
def render_question_document(document_id):
    """Render "Beantwoording technische vragen" once (document.render); idempotent."""
    return document.render(document_id=document_id)
