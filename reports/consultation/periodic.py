"""What Celery beat runs for the zienswijze procedure (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import services


@shared_task
def run_consultations() -> int | None:
    """Beat, hourly: reminders to the griffies and the overview after the term, from
    CALENDAR_HOUR local time on (never at night); a second run the same day sends nothing
    twice."""
    if timezone.localtime().hour < settings.CALENDAR_HOUR:
        return None
    return services.remind_and_summarise(today=timezone.localdate())
