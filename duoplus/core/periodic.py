"""What Celery beat runs for the core (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import outbox


@shared_task
def sweep_messages() -> dict[str, int]:
    """Beat, every SWEEP_SECONDS: the outbox's messages that are due are queued again (a
    lost job, a failed attempt whose next try has come); too old ones are marked failed."""
    return outbox.sweep()
