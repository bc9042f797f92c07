"""What Celery beat runs for the technische vragen (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import services


@shared_task
def run_questions() -> int | None:
    """Beat, hourly from CALENDAR_HOUR: the reminder on an answer's due day, the late ones
    to the coordinator, and the document of each question round that has closed; a second
    run the same day does nothing twice."""
    if timezone.localtime().hour < settings.CALENDAR_HOUR:
        return None
    today = timezone.localdate()
    return services.remind_and_report_late(today=today) + services.freeze_closed_rounds(today=today)
