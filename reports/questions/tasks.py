"""Jobs the technische vragen queue: one e-mail each, idempotent."""

import logging
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from duoplus.core import mail

from . import document
from .models import QuestionNotice

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError, SMTPException, DatabaseError),
    retry_backoff=True,
    max_retries=5,
)
def send_question_notice(notice_id):
    """Send one notice once (locked while it goes out; a sent one is not sent again)."""
    with transaction.atomic():
        notice = (
            QuestionNotice.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("question__report", "question__council", "recipient")
            .filter(pk=notice_id, sent_at=None)
            .first()
        )
        if notice is None:
            return None
        recipient = notice.recipient
        if not recipient.is_active or not recipient.email:
            return None
        question = notice.question
        context = {
            "notice": notice,
            "question": question,
            "report": question.report,
            "user": recipient,
            "url": settings.SITE_URL
            + reverse("reports:question", args=[question.report_id, question.pk]),
        }
        subject = render_to_string("questions/email/subject.txt", context).strip()
        body = render_to_string("questions/email/notice.txt", context)
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
def render_question_document(document_id):
    """Render "Beantwoording technische vragen" once (document.render); idempotent."""
    return document.render(document_id=document_id)
