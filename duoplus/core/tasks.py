"""The core's jobs: sending one message of the outbox. Tasks take primary keys and are
idempotent; what beat runs is in periodic.py."""

from celery import shared_task
from django.db import DatabaseError

from . import messages


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
