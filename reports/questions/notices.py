"""E-mails about technische vragen: each recorded once (per kind, person and key) as a
message of the outbox (duoplus.core.outbox), sent once the transaction commits; what it
says is written when it is sent."""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy

from duoplus.core import messages, outbox
from duoplus.core.messages import Mail
from duoplus.core.models import Message, Role
from duoplus.core.roles import members

from .models import Question, QuestionNotice, QuestionNoticeKind

ASKED = QuestionNoticeKind.ASKED
ASSIGNED = QuestionNoticeKind.ASSIGNED
RELEASED = QuestionNoticeKind.RELEASED
DUE = QuestionNoticeKind.DUE
LATE = QuestionNoticeKind.LATE


def compose(message: Message) -> Mail:
    notice = QuestionNotice.objects.select_related("question__report", "question__council").get(
        message=message
    )
    question = notice.question
    context = {
        "notice": notice,
        "question": question,
        "report": question.report,
        "user": message.recipient,
        "url": settings.SITE_URL
        + reverse("reports:question", args=[question.report_id, question.pk]),
    }
    return Mail(
        subject=render_to_string("questions/email/subject.txt", context).strip(),
        body=render_to_string("questions/email/notice.txt", context),
    )


MESSAGE_KIND = messages.register(
    "questions.notice", label=gettext_lazy("bericht over een technische vraag"), compose=compose
)


def coordinators(*, question: Question) -> QuerySet[Any]:
    return members(organisation_ids=[question.report.organisation_id], role=Role.COORDINATOR)


def clerks(*, council_id: int) -> QuerySet[Any]:
    return members(organisation_ids=[council_id], role=Role.CLERK)


def notify(*, question: Question, kind: str, users: Iterable[Any], key: str = "") -> int:
    made = 0
    for user in {u.pk: u for u in users}.values():
        message = outbox.record(
            kind=MESSAGE_KIND,
            key=f"questions.{kind}:{question.pk}:{user.pk}:{key}",
            recipient=user,
        )
        if message is not None:
            QuestionNotice.objects.create(
                question=question, kind=kind, recipient=user, key=key, message=message
            )
            made += 1
    return made
