"""The outbox: every e-mail the portal sends is first a ``Message`` row, recorded once by
its key in the transaction of the event it is about, then queued when that commits. One
task sends it (``tasks.send_message`` → ``messages.deliver``); one sweep
(``periodic.sweep``) queues again what is due: a message whose job was lost (a broker that
was away) and one whose sending failed and whose next attempt has come. A message left
pending for MESSAGE_EXPIRY_DAYS is marked failed: it would come too late."""

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit, messages, queue
from .audit import AuditAction
from .models import Message, MessageState, Role
from .roles import has_role
from .tasks import send_message


def record(*, kind: str, key: str, recipient: Any) -> Message | None:
    """Record one message (in the caller's transaction) and queue it once that commits.
    None when a message with this key was recorded before: each goes once, however often
    the event is seen (a beat that fires twice, a retried job, two requests at once)."""
    if not messages.is_registered(kind):
        raise ValueError(f"unknown message kind {kind!r}")
    now = timezone.now()
    message, created = Message.objects.get_or_create(
        key=key[:200],
        defaults={
            "kind": kind,
            "recipient": recipient,
            "next_attempt_at": now + datetime.timedelta(seconds=settings.MAIL_RESEND_SECONDS),
        },
    )
    if not created:
        return None
    queue.after_commit(send_message, message.pk)
    return message


def sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Queue every pending message whose next attempt is due (each claimed by moving its
    next attempt on, so the next sweep does not queue it again while it waits in the
    queue); mark failed what has waited longer than MESSAGE_EXPIRY_DAYS."""
    now = now or timezone.now()
    expired = Message.objects.filter(
        state=MessageState.PENDING,
        created_at__lt=now - datetime.timedelta(days=settings.MESSAGE_EXPIRY_DAYS),
    ).update(
        state=MessageState.FAILED,
        reason=_("Niet verstuurd binnen %(days)s dagen; het zou te laat komen.")
        % {"days": settings.MESSAGE_EXPIRY_DAYS},
    )
    queued = 0
    later = now + datetime.timedelta(seconds=settings.MAIL_RESEND_SECONDS)
    due = Message.objects.filter(state=MessageState.PENDING, next_attempt_at__lte=now)
    for pk, at in due.order_by("next_attempt_at").values_list("pk", "next_attempt_at")[:1000]:
        claimed = Message.objects.filter(
            pk=pk, state=MessageState.PENDING, next_attempt_at=at
        ).update(next_attempt_at=later)
        if claimed:
            queued += queue.send(send_message, pk)
    return {"messages": queued, "expired": expired}


@audit.refusals_recorded(AuditAction.MESSAGE_RETRY, obj="message")
def retry(*, message: Message, user: Any, ip: str | None = None) -> Message:
    """The functional administrator has a failed message tried again (the mail server was
    repaired, an address corrected): pending, its attempts counted anew, queued on commit.
    A sent or dropped message is left as it is."""
    if not (user.is_superuser or has_role(user, Role.ADMIN)):
        raise PermissionDenied(
            _("Alleen de functioneel beheerder kan een e-mail opnieuw versturen.")
        )
    with transaction.atomic():
        claimed = Message.objects.filter(pk=message.pk, state=MessageState.FAILED).update(
            state=MessageState.PENDING, attempts=0, reason="", next_attempt_at=timezone.now()
        )
        if claimed:
            audit.record(AuditAction.MESSAGE_RETRY, actor=user, obj=message, ip=ip)
            queue.after_commit(send_message, message.pk)
    message.refresh_from_db()
    return message
