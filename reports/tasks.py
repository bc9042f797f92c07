"""Celery tasks of the reports app. Tasks take primary keys and are idempotent."""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duoplus.models import Organisation

from .models import EntryReminder, EntryState, PDFStatus, Report, ReportPDF, ReportStatus

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=300,
    time_limit=360,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def render_council_pdf(self, report_id, report_version, council_id):
    """Render one report version for one council and store it with its checksum.

    Idempotent: a file that is already ready for this version is left alone. The file is
    written and checksummed before the row says "ready", so a half-written file is never
    offered for download.
    """
    from .pdf import render_pdf, sha256
    from .selectors import report_document

    report = Report.objects.get(pk=report_id)
    council = Organisation.objects.get(pk=council_id)
    pdf, _created = ReportPDF.objects.get_or_create(
        report=report, report_version=report_version, council=council
    )
    if pdf.status == PDFStatus.READY and pdf.file:
        return pdf.pk
    if report.version != report_version:
        logger.info(
            "pdf: report %s is at version %s, skipping v%s",
            report_id,
            report.version,
            report_version,
        )
        return None
    ReportPDF.objects.filter(pk=pdf.pk).update(status=PDFStatus.RENDERING, error="")
    try:
        _html, data = render_pdf(
            "pdf/report.html", report_document(report, council=council, in_pdf=True)
        )
    except Exception as exc:
        ReportPDF.objects.filter(pk=pdf.pk).update(status=PDFStatus.FAILED, error=str(exc)[:2000])
        logger.exception("pdf: rendering report %s for %s failed", report_id, council.slug)
        raise
    digest = sha256(data)
    name = f"reports/{report.pk}/v{report_version}/{council.slug}-{digest[:12]}.pdf"
    stored = ReportPDF._meta.get_field("file").storage.save(name, ContentFile(data))
    with transaction.atomic():
        pdf = ReportPDF.objects.select_for_update().get(pk=pdf.pk)
        pdf.file.name = stored
        pdf.sha256 = digest
        pdf.size = len(data)
        pdf.status = PDFStatus.READY
        pdf.error = ""
        pdf.rendered_at = timezone.now()
        pdf.save()
    logger.info(
        "pdf: report %s v%s for %s ready (%s bytes)",
        report_id,
        report_version,
        council.slug,
        len(data),
    )
    return pdf.pk


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
    subject = render_to_string("email/entry_reminder_subject.txt", context).strip()
    body = render_to_string("email/entry_reminder.txt", context)
    send_mail(subject, body, None, [recipient.email])
    EntryReminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
    return reminder.pk


@shared_task
def remind_before_deadline():
    """Beat: remind editors of entries that are not ready shortly before the deadline."""
    from .services import send_due_reminders

    return len(send_due_reminders())


SUBJECTS = {
    "submitted": _("Ter goedkeuring: %(title)s"),
    "approval": _("Goedgekeurd namens een organisatie: %(title)s"),
    "approved": _("Goedgekeurd door het directieberaad: %(title)s"),
    "sent_back": _("Teruggestuurd: %(title)s"),
    "published": _("Gepubliceerd voor uw raad: %(title)s"),
}


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError, SMTPException),
    retry_backoff=True,
    max_retries=5,
)
def send_notification(kind, report_id, user_id, actor_id=None, reason=""):
    """E-mail one person about one workflow event (see reports.notifications)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    report = Report.objects.select_related("organisation").filter(pk=report_id).first()
    recipient = users.filter(pk=user_id, is_active=True).first()
    if report is None or recipient is None or not recipient.email:
        return None
    context = {
        "kind": kind,
        "report": report,
        "recipient": recipient,
        "actor": users.filter(pk=actor_id).first() if actor_id else None,
        "reason": reason,
        "url": settings.SITE_URL + report.get_absolute_url(),
    }
    body = render_to_string("email/workflow.txt", context)
    send_mail(SUBJECTS[kind] % {"title": report.title}, body, None, [recipient.email])
    return kind
