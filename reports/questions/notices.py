"""E-mails about technische vragen: each recorded once (per kind, person and key), then
queued once the transaction commits; the sweep sends what the queue lost."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from duoplus.core import queue
from duoplus.core.models import Role
from duoplus.core.roles import members

from .models import Question, QuestionNotice
from .tasks import send_question_notice

ASKED = "asked"
ASSIGNED = "assigned"
RELEASED = "released"
DUE = "due"
LATE = "late"


def coordinators(*, question: Question) -> QuerySet[Any]:
    return members(organisation_ids=[question.report.organisation_id], role=Role.COORDINATOR)


def clerks(*, council_id: int) -> QuerySet[Any]:
    return members(organisation_ids=[council_id], role=Role.CLERK)


def notify(*, question: Question, kind: str, users: Iterable[Any], key: str = "") -> int:
    made = 0
    for user in {u.pk: u for u in users}.values():
        notice, created = QuestionNotice.objects.get_or_create(
            question=question, kind=kind, recipient=user, key=key
        )
        if created:
            made += 1
            queue.after_commit(send_question_notice, notice.pk)
    return made
