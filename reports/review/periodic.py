"""What Celery beat runs for review and publication (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import pdfs


@shared_task
def check_published_pdfs() -> int:
    """Beat, daily: render whatever PDF of a published report is missing."""
    return pdfs.check_published_pdfs()
