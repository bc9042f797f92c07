"""Who hears about a workflow event, and what they read. Each e-mail is a message of the
outbox (duoplus.core.outbox), recorded in the transaction of the event with its
``WorkflowMail`` (what it is about), and sent once that commits: a rolled-back action
notifies nobody."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from duoplus.core import messages, outbox
from duoplus.core.messages import Mail
from duoplus.core.models import Message, Role
from reports.core.models import Report

from . import policy
from .models import WorkflowMail, WorkflowMailKind

SUBMITTED = WorkflowMailKind.SUBMITTED  # to the board members whose consent is needed
APPROVAL = WorkflowMailKind.APPROVAL  # one organisation consented: to the coordinators
APPROVED = WorkflowMailKind.APPROVED  # every organisation consented: to the coordinators
SENT_BACK = WorkflowMailKind.SENT_BACK  # to the coordinators and the editors of the entries
PUBLISHED = WorkflowMailKind.PUBLISHED  # to the council members of every receiving council

SUBJECTS = {
    SUBMITTED: _("Ter goedkeuring: %(title)s"),
    APPROVAL: _("Goedgekeurd namens een organisatie: %(title)s"),
    APPROVED: _("Goedgekeurd door het directieberaad: %(title)s"),
    SENT_BACK: _("Teruggestuurd: %(title)s"),
    PUBLISHED: _("Gepubliceerd voor uw raad: %(title)s"),
}


def compose(message: Message) -> Mail:
    """The e-mail of one workflow message, as it is sent."""
    row = WorkflowMail.objects.select_related("report__organisation", "actor").get(message=message)
    report = row.report
    context = {
        "kind": row.kind,
        "report": report,
        "recipient": message.recipient,
        "actor": row.actor,
        "reason": row.reason,
        "url": settings.SITE_URL + report.get_absolute_url(),
    }
    return Mail(
        subject=SUBJECTS[WorkflowMailKind(row.kind)] % {"title": report.title},
        body=render_to_string("review/email/workflow.txt", context),
    )


MESSAGE_KIND = messages.register(
    "review.workflow", label=_("beoordeling en publicatie"), compose=compose
)


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
    """Record one message per recipient (in this transaction), each once: the key is the
    event (kind, report, submission, who acted) and the recipient."""
    actor_id = getattr(actor, "pk", None)
    for user in recipients(kind=kind, report=report).exclude(pk=actor_id):
        message = outbox.record(
            kind=MESSAGE_KIND,
            key=f"review.{kind}:{report.pk}:{report.submission}:{actor_id or '-'}:{user.pk}",
            recipient=user,
        )
        if message is not None:
            WorkflowMail.objects.create(
                message=message,
                kind=kind,
                report=report,
                recipient=user,
                actor_id=actor_id,
                reason=reason,
            )
