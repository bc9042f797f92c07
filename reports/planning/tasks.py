"""Jobs that the calendar queues. Tasks take primary keys and are idempotent; what beat runs
is in periodic.py."""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from duoplus.core import mail
from reports.writing.models import ProgressEntry, ReportStatus
from reports.writing.selectors import open_entries

from .models import RoundNotice

logger = logging.getLogger(__name__)


NOTICE_TEMPLATES = {
    "opened": "planning/email/round_opened",
    "overdue": "planning/email/round_overdue",
    "board_warning": "planning/email/round_board_warning",
}


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError, SMTPException, DatabaseError),
    retry_backoff=True,
    max_retries=5,
)
def send_round_notice(notice_id):
    """E-mail one calendar notice, saying what is missing as it stands when it is sent and
    linking straight to it. Idempotent: a sent notice is not sent again; one that no longer
    matters (the report was submitted, the editor's entries are ready) is dropped."""
    with transaction.atomic():
        # Locked while it goes out: a second task for it (the sweep's) skips it.
        notice = (
            RoundNotice.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("report__reporting_round", "recipient")
            .filter(pk=notice_id, sent_at=None)
            .first()
        )
        if notice is None:
            return None
        return _send_notice(notice_id, notice)


def _send_notice(notice_id, notice):
    report, recipient = notice.report, notice.recipient
    if report.status != ReportStatus.CONCEPT or not recipient.is_active or not recipient.email:
        logger.info("calendar notice %s dropped (submitted, inactive or no address)", notice_id)
        return None
    missing = open_entries(report=report)
    if notice.kind == "opened":
        mine = list(
            ProgressEntry.objects.filter(report=report, programme__editors=recipient)
            .select_related("programme")
            .order_by("programme__order", "programme__name")
        )
        if not mine:
            return None
        entries = [(entry, settings.SITE_URL + entry.get_absolute_url()) for entry in mine]
    else:
        entries = [(entry, settings.SITE_URL + entry.get_absolute_url()) for entry in missing]
    context = {
        "notice": notice,
        "report": report,
        "round": report.reporting_round,
        "recipient": recipient,
        "entries": entries,
        "missing_count": len(missing),
        "total": report.entries.count(),
        "letter_missing": not (report.letter_reason or report.letter_summary).strip(),
        "url": settings.SITE_URL + report.get_absolute_url(),
        "letter_url": settings.SITE_URL + reverse("reports:letter_edit", args=[report.pk]),
        "my_work_url": settings.SITE_URL + reverse("my_work") + f"#rapportage-{report.pk}",
    }
    base = NOTICE_TEMPLATES[notice.kind]
    subject = render_to_string(f"{base}_subject.txt", context).strip()
    body = render_to_string(f"{base}.txt", context)
    mail.send(subject=subject, body=body, to=recipient.email)
    RoundNotice.objects.filter(pk=notice.pk).update(sent_at=timezone.now())
    return notice.pk
