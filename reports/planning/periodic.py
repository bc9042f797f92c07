"""What Celery beat runs for the P&C calendar (CELERY_BEAT_SCHEDULE)."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from duoplus.core import queue

from . import chasing
from .models import RoundNotice
from .tasks import send_round_notice


@shared_task
def run_calendar():
    """Beat, hourly: the P&C calendar (chasing.run_calendar), from CALENDAR_HOUR local time
    on; before that hour it waits for a later firing, so messages never go out in the night.
    Running it again the same day sends nothing twice."""
    if timezone.localtime().hour < settings.CALENDAR_HOUR:
        return None
    return chasing.run_calendar()


@shared_task
def resend_notices():
    """Beat, every SWEEP_SECONDS: calendar notices whose job was lost are queued again; the
    task sends each once."""
    now = timezone.now()
    pending = RoundNotice.objects.filter(
        sent_at=None,
        created_at__lt=now - datetime.timedelta(seconds=settings.MAIL_RESEND_SECONDS),
        created_at__gte=now - datetime.timedelta(days=7),
    ).values_list("pk", flat=True)
    return sum(queue.send(send_round_notice, pk) for pk in pending)
