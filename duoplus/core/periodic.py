"""What Celery beat runs for the core (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import documents, outbox


@shared_task
def sweep_messages() -> dict[str, int]:
    """Beat, every SWEEP_SECONDS: the outbox's messages that are due are queued again (a
    lost job, a failed attempt whose next try has come); too old ones are marked failed."""
    return outbox.sweep()


@shared_task
def sweep_documents() -> dict[str, int]:
    """Beat, every SWEEP_SECONDS: stored documents that got stuck or lost their job are
    queued again (or failed after their attempts), files without a row removed."""
    return documents.sweep()
