"""What Celery beat runs for search (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import index


@shared_task(soft_time_limit=1800, time_limit=1900)
def reindex_all() -> int:
    """Nightly: rebuild the whole index, whatever a save may have missed (a bulk change
    made by hand in the database, a process that died between commit and rebuild)."""
    return index.reindex_all()
