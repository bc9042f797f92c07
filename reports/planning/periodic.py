"""What Celery beat runs for the P&C calendar (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import chasing


@shared_task
def run_calendar() -> dict[str, int] | None:
    """Beat, hourly: the P&C calendar (chasing.run_calendar), from CALENDAR_HOUR local time
    on; before that hour it waits for a later firing, so messages never go out in the night.
    Running it again the same day sends nothing twice."""
    if timezone.localtime().hour < settings.CALENDAR_HOUR:
        return None
    return chasing.run_calendar()
