"""Jobs that review and publication queue. Tasks take primary keys and are idempotent;
what beat runs is in periodic.py."""

from celery import shared_task
from django.db import DatabaseError
from kombu.exceptions import OperationalError as KombuOperationalError

from . import rendering
from .rendering import RENDER_HARD_LIMIT, RENDER_SOFT_LIMIT


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
def render_council_pdf(self, report_id, submission, council_id):
    """Render one council's PDF (rendering.render_council_pdf): acks late and rejected back
    to the queue when a worker dies, so a killed worker loses no job; retried when the
    database or broker is away, and queued again by the sweep when all that failed."""
    return rendering.render_council_pdf(
        report_id=report_id, submission=submission, council_id=council_id
    )
