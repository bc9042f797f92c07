"""The core's jobs: sending one message of the outbox, rendering one stored document.
Tasks take primary keys and are idempotent; what beat runs is in periodic.py."""

from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import DatabaseError
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as KombuOperationalError

from . import messages, rendering

# The render task's time limits (seconds): a document queued or being made for longer than
# the hard limit (and a margin: PDF_STUCK_SECONDS) is stuck, and queued again by the sweep.
RENDER_SOFT_LIMIT, RENDER_HARD_LIMIT = 300, 360


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    # The database away for a moment: try again. A mail server that refuses is an attempt
    # of the message itself (messages.deliver), tried again later by the sweep.
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=5,
)
def send_message(message_id: int) -> str | None:
    """Send one message of the outbox once (messages.deliver)."""
    return messages.deliver(message_id=message_id)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=RENDER_SOFT_LIMIT,
    time_limit=RENDER_HARD_LIMIT,
    # A database or broker that is away for a while: try again, waiting longer each time.
    autoretry_for=(OSError, DatabaseError, KombuOperationalError),
    retry_backoff=2,
    retry_backoff_max=120,
    max_retries=10,
)
def render_document(self: Any, label: str, pk: int) -> int | None:
    """Render one stored document (rendering.render): acknowledged late and rejected back
    to the queue when its worker dies, so a killed worker loses no job (the same job, by its
    id, takes the document up again); retried when the database or broker is away."""
    try:
        return rendering.render(label=label, pk=pk, job=self.request.id or "")
    except SoftTimeLimitExceeded:
        rendering.record_failure(
            label=label, pk=pk, message=_("Het maken duurde te lang en is afgebroken.")
        )
        raise
