"""Jobs that review and publication queue. Tasks take primary keys and are idempotent;
what beat runs is in periodic.py."""

from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from duoplus.core import mail
from reports.writing.models import Report

from . import rendering


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
def render_council_pdf(self, report_id, submission, council_id):
    """Render one council's PDF (rendering.render_council_pdf): acks late and rejected back
    to the queue when a worker dies, so a killed worker loses no job."""
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
    autoretry_for=(OSError, SMTPException),
    retry_backoff=True,
    max_retries=5,
)
def send_notification(kind, report_id, user_id, actor_id=None, reason=""):
    """E-mail one person about one workflow event (see notifications.py)."""
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
    body = render_to_string("review/email/workflow.txt", context)
    mail.send(subject=SUBJECTS[kind] % {"title": report.title}, body=body, to=recipient.email)
    return kind
