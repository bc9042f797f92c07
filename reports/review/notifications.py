"""Who hears about a workflow event. E-mails go through Celery once the transaction that
made the change commits, so a rolled-back action never notifies anybody."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from duoplus.core import queue
from duoplus.core.models import Role
from reports.writing.models import Report

from . import policy
from .models import WorkflowMail
from .tasks import send_notification

SUBMITTED = "submitted"  # to the board members whose consent is needed
APPROVAL = "approval"  # one organisation consented: to the coordinators
APPROVED = "approved"  # every organisation consented: to the coordinators
SENT_BACK = "sent_back"  # to the coordinators and the editors of the report's entries
PUBLISHED = "published"  # to the council members of every receiving council


def recipients(*, kind: str, report: Report) -> QuerySet[Any]:
    """The active users to notify of ``kind`` for ``report``, as a queryset."""
    users = get_user_model().objects.filter(is_active=True)
    coordinators = Q(
        memberships__role=Role.COORDINATOR, memberships__organisation=report.organisation_id
    )
    if kind == SUBMITTED:
        orgs = policy.required_organisations(report=report)
        condition = Q(memberships__role=Role.BOARD, memberships__organisation__in=orgs)
    elif kind in (APPROVAL, APPROVED):
        condition = coordinators
    elif kind == SENT_BACK:
        condition = coordinators | Q(edited_programmes__entries__report=report)
    elif kind == PUBLISHED:
        condition = Q(
            memberships__role=Role.COUNCIL,
            memberships__organisation__in=report.recipients.all(),
        )
    else:
        raise ValueError(kind)
    return users.filter(condition).distinct().order_by("pk")


def notify(*, kind: str, report: Report, actor: Any = None, reason: str = "") -> None:
    """Record one e-mail per recipient (the outbox, in this transaction) and queue each to be
    sent once it commits; the sweep sends what the queue lost."""
    actor_id = getattr(actor, "pk", None)
    mails = WorkflowMail.objects.bulk_create(
        WorkflowMail(
            kind=kind, report=report, recipient_id=user_id, actor_id=actor_id, reason=reason
        )
        for user_id in recipients(kind=kind, report=report)
        .exclude(pk=actor_id)
        .values_list("pk", flat=True)
    )
    for mail in mails:
        queue.after_commit(send_notification, mail.pk)
