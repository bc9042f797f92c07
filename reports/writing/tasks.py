"""Jobs that the writing services queue. Tasks take primary keys and are idempotent."""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from duoplus.core import mail

from .models import EntryReminder, EntryState, ReportStatus

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError, SMTPException, DatabaseError),
    retry_backoff=True,
    max_retries=5,
)
def send_entry_reminders(reminder_ids):
    """E-mail one person one message for the reminders ``reminder_ids`` (all theirs, made
    together): per entry what is missing, the deadline and a link.

    Idempotent: reminders that were sent are not sent again; those whose entry became ready
    (or whose report left concept) before they went out are dropped.
    """
    with transaction.atomic():
        # Locked while the message goes out: a second task for the same reminders (the
        # sweep's) skips them, and once sent they are never sent again.
        pending = list(
            EntryReminder.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("entry__report", "entry__programme", "recipient", "sent_by")
            .filter(pk__in=reminder_ids, sent_at=None)
            .order_by("entry__report_id", "entry__programme__order", "entry__programme__name")
        )
        return _send_reminders(reminder_ids, pending)


def _send_reminders(reminder_ids, pending):
    due = [
        r
        for r in pending
        if r.entry.state != EntryState.READY
        and r.entry.report.status == ReportStatus.CONCEPT
        and r.recipient.email
    ]
    if len({r.recipient_id for r in due}) > 1:
        raise ValueError("one message goes to one person")
    if not due:
        logger.info("reminders %s dropped (sent, ready, submitted or no address)", reminder_ids)
        return []
    recipient = due[0].recipient
    reports: dict = {}
    for reminder in due:
        reports.setdefault(reminder.entry.report, []).append(reminder.entry)
    context = {
        "recipient": recipient,
        "reports": [
            {
                "report": report,
                "entries": [
                    {"entry": e, "url": settings.SITE_URL + e.get_absolute_url()} for e in entries
                ],
            }
            for report, entries in reports.items()
        ],
        "entries": [r.entry for r in due],
        "sent_by": due[0].sent_by,
        "my_work_url": settings.SITE_URL + reverse("my_work"),
    }
    subject = render_to_string("writing/email/entry_reminder_subject.txt", context).strip()
    body = render_to_string("writing/email/entry_reminder.txt", context)
    mail.send(subject=subject, body=body, to=recipient.email)
    EntryReminder.objects.filter(pk__in=[r.pk for r in due]).update(sent_at=timezone.now())
    return [r.pk for r in due]


def unsent_reminders(*, before, since):
    """Reminders made between ``since`` and ``before`` that were never sent (their job was
    lost): (recipient id, [reminder ids]) for the sweep to queue again."""
    groups: dict[int, list[int]] = {}
    for pk, recipient_id in EntryReminder.objects.filter(
        sent_at=None, created_at__lt=before, created_at__gte=since
    ).values_list("pk", "recipient_id"):
        groups.setdefault(recipient_id, []).append(pk)
    return list(groups.items())
