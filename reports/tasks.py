"""Celery tasks of the reports app. Tasks take primary keys and are idempotent."""

import logging
from smtplib import SMTPException

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
def render_council_pdf(self, report_id, review_round, council_id):
    """Render one council's PDF of a report as submitted in ``review_round`` and store it
    with its checksum.

    Idempotent: a ready file is left alone, and rendering is deterministic, so the same
    content gives the same bytes and is stored once. The file is written and checksummed
    before the row says "ready", so a half-written file is never offered. A job for a round
    that was sent back in the meantime does nothing (its row is gone).
    """
    from .pdf import render_pdf, sha256
    from .selectors import report_document

    report = Report.objects.filter(pk=report_id).first()
    pdf = (
        ReportPDF.objects.filter(
            report_id=report_id, review_round=review_round, council_id=council_id
        )
        .select_related("council")
        .first()
    )
    if (
        report is None
        or pdf is None
        or report.review_round != review_round
        or report.status == ReportStatus.CONCEPT
        or pdf.report_version != report.version
    ):
        logger.info(
            "pdf: report %s round %s is not (or no longer) to be rendered", report_id, review_round
        )
        return None
    storage = ReportPDF._meta.get_field("file").storage
    if pdf.status == PDFStatus.READY and pdf.file and storage.exists(pdf.file.name):
        return pdf.pk
    council = pdf.council
    ReportPDF.objects.filter(pk=pdf.pk).update(status=PDFStatus.RENDERING, error="")
    try:
        _html, data = render_pdf(
            "pdf/report.html", report_document(report, council=council, in_pdf=True)
        )
    except SoftTimeLimitExceeded as exc:
        _failed(pdf, _("Het maken duurde te lang en is afgebroken."), exc)
        raise
    except Exception as exc:
        _failed(pdf, str(exc), exc)
        raise
    digest = sha256(data)
    if pdf.sha256 and pdf.sha256 != digest:
        # A lost file made again must be the very file that was approved.
        _failed(
            pdf,
            _("De opnieuw gemaakte pdf wijkt af van de goedgekeurde (controlegetal %(sha)s).")
            % {"sha": digest[:12]},
        )
        return None
    name = f"reports/{report.pk}/v{report.version}/r{review_round}/{council.slug}-{digest[:12]}.pdf"
    if not storage.exists(name):
        name = storage.save(name, ContentFile(data))
    with transaction.atomic():
        row = ReportPDF.objects.select_for_update().filter(pk=pdf.pk).first()
        if row is None:  # sent back while rendering: the file is not wanted
            transaction.on_commit(lambda: storage.delete(name))
            return None
        row.file.name = name
        row.sha256 = digest
        row.size = len(data)
        row.status = PDFStatus.READY
        row.error = ""
        row.rendered_at = timezone.now()
        row.save()
    logger.info(
        "pdf: report %s v%s round %s for %s ready (%s bytes, sha256 %s)",
        report_id,
        report.version,
        review_round,
        council.slug,
        len(data),
        digest,
    )
    return pdf.pk


def _failed(pdf, message, exc=None):
    ReportPDF.objects.filter(pk=pdf.pk).update(status=PDFStatus.FAILED, error=str(message)[:2000])
    if exc is not None:
        logger.error("pdf: rendering %s failed: %s", pdf, exc, exc_info=exc)
    else:
        logger.error("pdf: rendering %s failed: %s", pdf, message)


@shared_task
def check_published_pdfs():
    """Beat, daily: render whatever PDF of a published report is missing."""
    from .services import check_published_pdfs as check

    return check()


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
    """Remind editors of entries that are not ready shortly before the deadline (part of
    the daily calendar run; kept callable on its own)."""
    from .services import send_due_reminders

    return len(send_due_reminders())


@shared_task
def run_calendar():
    """Beat, hourly: the P&C calendar (see reports.planning.run_calendar), from
    CALENDAR_HOUR local time on; before that hour it waits for a later firing, so messages
    never go out in the night. Running it again the same day sends nothing twice."""
    from .planning import run_calendar as run

    if timezone.localtime().hour < settings.CALENDAR_HOUR:
        return None
    return run()


NOTICE_TEMPLATES = {
    "opened": "email/round_opened",
    "overdue": "email/round_overdue",
    "board_warning": "email/round_board_warning",
}


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError, SMTPException),
    retry_backoff=True,
    max_retries=5,
)
def send_round_notice(notice_id):
    """E-mail one calendar notice, saying what is missing as it stands when it is sent and
    linking straight to it. Idempotent: a sent notice is not sent again; one that no longer
    matters (the report was submitted, the editor's entries are ready) is dropped."""
    from .models import ProgressEntry, RoundNotice
    from .planning import open_entries

    notice = (
        RoundNotice.objects.select_related("report__reporting_round", "recipient")
        .filter(pk=notice_id)
        .first()
    )
    if notice is None or notice.sent_at is not None:
        return None
    report, recipient = notice.report, notice.recipient
    if report.status != ReportStatus.CONCEPT or not recipient.is_active or not recipient.email:
        logger.info("calendar notice %s dropped (submitted, inactive or no address)", notice_id)
        return None
    missing = open_entries(report)
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
    send_mail(subject, body, None, [recipient.email])
    RoundNotice.objects.filter(pk=notice.pk).update(sent_at=timezone.now())
    return notice.pk


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
