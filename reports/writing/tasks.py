"""Jobs that the writing services queue. Tasks take primary keys and are idempotent."""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import EntryReminder, EntryState, ReportStatus

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError, SMTPException),
    retry_backoff=True,
    max_retries=5,
)
def send_entry_reminder(reminder_id):
    """E-mail one reminder: what is missing in the entry, its deadline and a link to it.

    Idempotent: a reminder that was sent is not sent again; one whose entry became ready
    (or whose report left concept) before it went out is dropped.
    """
    reminder = (
        EntryReminder.objects.select_related("entry__report", "entry__programme", "recipient")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None or reminder.sent_at is not None:
        return None
    entry, recipient = reminder.entry, reminder.recipient
    if (
        entry.state == EntryState.READY
        or entry.report.status != ReportStatus.CONCEPT
        or not recipient.email
    ):
        logger.info("reminder %s dropped (ready, submitted or no address)", reminder_id)
        return None
    context = {
        "reminder": reminder,
        "entry": entry,
        "report": entry.report,
        "recipient": recipient,
        "url": settings.SITE_URL + entry.get_absolute_url(),
        "my_work_url": settings.SITE_URL + reverse("my_work"),
    }
    subject = render_to_string("writing/email/entry_reminder_subject.txt", context).strip()
    body = render_to_string("writing/email/entry_reminder.txt", context)
    send_mail(subject, body, None, [recipient.email])
    EntryReminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
    return reminder.pk
