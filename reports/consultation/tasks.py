"""Jobs the zienswijze procedure queues: one e-mail each, idempotent."""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from duoplus.core import mail

from . import documents
from .models import ConsultationNotice, CouncilResponse
from .selectors import council_states

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError, SMTPException, DatabaseError),
    retry_backoff=True,
    max_retries=5,
)
def send_consultation_notice(notice_id):
    """Send one notice once (locked while it goes out; a sent one is not sent again). A
    reminder whose council has answered meanwhile is dropped."""
    with transaction.atomic():
        notice = (
            ConsultationNotice.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("consultation__report", "recipient", "council")
            .filter(pk=notice_id, sent_at=None)
            .first()
        )
        if notice is None:
            return None
        consultation, recipient = notice.consultation, notice.recipient
        if not recipient.is_active or not recipient.email:
            return None
        if (
            notice.kind == "reminder"
            and CouncilResponse.objects.filter(
                consultation=consultation, council=notice.council
            ).exists()
        ):
            logger.info("consultation reminder %s dropped: the council has answered", notice_id)
            return None
        report = consultation.report
        context = {
            "notice": notice,
            "consultation": consultation,
            "report": report,
            "user": recipient,
            "states": council_states(consultation=consultation, today=timezone.localdate()),
            "url": settings.SITE_URL + reverse("reports:consultation", args=[report.pk]),
        }
        subject = render_to_string("consultation/email/subject.txt", context).strip()
        body = render_to_string("consultation/email/notice.txt", context)
        mail.send(subject=subject, body=body, to=recipient.email)
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
    return notice.pk


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError, DatabaseError),
    retry_backoff=2,
    retry_backoff_max=120,
    max_retries=10,
    soft_time_limit=300,
    time_limit=360,
)
def render_consultation_document(document_id):
    """Render the appendix or a letter (documents.render); idempotent."""
    return documents.render(document_id=document_id)
