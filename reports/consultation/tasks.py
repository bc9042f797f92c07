"""Jobs the zienswijze procedure queues: one e-mail each, idempotent."""

import logging

from celery import shared_task
from django.db import DatabaseError

from . import documents

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
def render_consultation_document(document_id):
    """Render the appendix or a letter (documents.render); idempotent."""
    return documents.render(document_id=document_id)
