"""What Celery beat runs for the zienswijze procedure (CELERY_BEAT_SCHEDULE)."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from duoplus.core import queue

from . import services
from .models import ConsultationDocument
from .tasks import render_consultation_document


@shared_task
def run_consultations():
    """Beat, hourly: reminders to the griffies and the overview after the term, from
    CALENDAR_HOUR local time on (never at night); a second run the same day sends nothing
    twice."""
    if timezone.localtime().hour < settings.CALENDAR_HOUR:
        return None
    return services.remind_and_summarise(today=timezone.localdate())


@shared_task
def resend_notices():
    """Beat, every SWEEP_SECONDS: documents whose job was lost are queued again."""
    now = timezone.now()
    unrendered = ConsultationDocument.objects.filter(
        sha256="",
        consultation__created_at__gte=now - datetime.timedelta(days=365),
    ).values_list("pk", flat=True)
    return sum(queue.send(render_consultation_document, pk) for pk in unrendered)
