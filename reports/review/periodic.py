"""What Celery beat runs for review and publication (CELERY_BEAT_SCHEDULE)."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from duoplus.core import queue

from . import pdfs
from .models import WorkflowMail
from .tasks import send_notification

# Messages whose job was lost are sent again for this many days, then left as they are.
RESEND_DAYS = 7


@shared_task
def check_published_pdfs():
    """Beat, daily: render whatever PDF of a published report is missing."""
    return pdfs.check_published_pdfs()


@shared_task
def sweep():
    """Beat, every SWEEP_SECONDS: PDFs that got stuck or lost their job are queued again,
    files without a row removed, and workflow mails whose job was lost queued again."""
    result = pdfs.sweep_pdfs()
    now = timezone.now()
    resent = 0
    for pk in WorkflowMail.objects.filter(
        sent_at=None,
        created_at__lt=now - datetime.timedelta(seconds=settings.MAIL_RESEND_SECONDS),
        created_at__gte=now - datetime.timedelta(days=RESEND_DAYS),
    ).values_list("pk", flat=True):
        resent += queue.send(send_notification, pk)
    return {**result, "mails": resent}
