"""Jobs that review and publication queue. Tasks take primary keys and are idempotent;
what beat runs is in periodic.py."""

from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from kombu.exceptions import OperationalError as KombuOperationalError

from duoplus.core import mail

from . import rendering
from .models import WorkflowMail
from .rendering import RENDER_HARD_LIMIT, RENDER_SOFT_LIMIT


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=RENDER_SOFT_LIMIT,
    time_limit=RENDER_HARD_LIMIT,
    # A database or broker that is away for a while: try again, waiting longer each time.
    autoretry_for=(OSError, DatabaseError, KombuOperationalError),
    retry_backoff=2,
    retry_backoff_max=120,
    max_retries=10,
)
def render_council_pdf(self, report_id, submission, council_id):
    """Render one council's PDF (rendering.render_council_pdf): acks late and rejected back
    to the queue when a worker dies, so a killed worker loses no job; retried when the
    database or broker is away, and queued again by the sweep when all that failed."""
    return rendering.render_council_pdf(
        report_id=report_id, submission=submission, council_id=council_id
    )


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
    autoretry_for=(OSError, SMTPException, DatabaseError),
    retry_backoff=True,
    max_retries=5,
)
def send_notification(mail_id):
    """E-mail one workflow message from the outbox (WorkflowMail) and mark it sent. Once:
    the row is locked while it is sent (a second task for it, from the sweep, skips it), and
    a sent one is never sent again."""
    with transaction.atomic():
        mail_row = (
            WorkflowMail.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("report__organisation", "recipient", "actor")
            .filter(pk=mail_id, sent_at=None)
            .first()
        )
        if mail_row is None:
            return None
        recipient, report = mail_row.recipient, mail_row.report
        if recipient.is_active and recipient.email:
            context = {
                "kind": mail_row.kind,
                "report": report,
                "recipient": recipient,
                "actor": mail_row.actor,
                "reason": mail_row.reason,
                "url": settings.SITE_URL + report.get_absolute_url(),
            }
            body = render_to_string("review/email/workflow.txt", context)
            mail.send(
                subject=SUBJECTS[mail_row.kind] % {"title": report.title},
                body=body,
                to=recipient.email,
            )
        WorkflowMail.objects.filter(pk=mail_row.pk).update(sent_at=timezone.now())
    return mail_row.kind
