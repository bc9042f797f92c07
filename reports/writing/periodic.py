"""What Celery beat runs for writing (CELERY_BEAT_SCHEDULE)."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from duoplus.core import queue

from .tasks import send_entry_reminders, unsent_reminders

RESEND_DAYS = 7


@shared_task
def resend_reminders():
    """Beat, every SWEEP_SECONDS: reminders whose job was lost (broker down when they were
    made) are queued again, one message per person; the task sends each once."""
    now = timezone.now()
    groups = unsent_reminders(
        before=now - datetime.timedelta(seconds=settings.MAIL_RESEND_SECONDS),
        since=now - datetime.timedelta(days=RESEND_DAYS),
    )
    return sum(queue.send(send_entry_reminders, ids) for _recipient, ids in groups)
