"""What Celery beat runs for review and publication (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from . import pdfs


@shared_task
def check_published_pdfs():
    """Beat, daily: render whatever PDF of a published report is missing."""
    return pdfs.check_published_pdfs()


@shared_task
def sweep():
    """Beat, every SWEEP_SECONDS: PDFs that got stuck or lost their job are queued again,
    files without a row removed."""
    return pdfs.sweep_pdfs()
