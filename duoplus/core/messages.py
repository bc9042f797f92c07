"""Sending what the outbox holds (``Message``): the kinds the areas register, and the one
way a message is delivered. Recording a message and the sweep are in ``outbox.py``; the
Celery task that calls :func:`deliver` is in ``tasks.py``.

An area registers each kind of message it records with a composer: given the message, the
composer returns the e-mail (:class:`Mail`) as it stands when it is sent, or :class:`Drop`
with the reason it is no longer wanted (the report was submitted, the council answered)."""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from . import mail
from .bounds import one_line
from .models import Message, MessageState

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    subject: str
    body: str


@dataclass(frozen=True)
class Drop:
    reason: str


Composer = Callable[[Message], Mail | Drop]


@dataclass(frozen=True)
class Kind:
    name: str
    label: str | Promise
    compose: Composer


_KINDS: dict[str, Kind] = {}


def register(name: str, *, label: str | Promise, compose: Composer) -> str:
    """Make ``name`` (e.g. ``"review.workflow"``) a kind of message; returns the name."""
    if name in _KINDS and _KINDS[name].compose is not compose:
        raise ValueError(f"message kind {name!r} is registered twice")
    _KINDS[name] = Kind(name=name, label=label, compose=compose)
    return name


def is_registered(name: str) -> bool:
    return name in _KINDS


def label(name: str) -> str:
    kind = _KINDS.get(name)
    return str(kind.label) if kind else name


def kinds() -> list[Kind]:
    return sorted(_KINDS.values(), key=lambda k: k.name)


def retry_delay(attempts: int) -> datetime.timedelta:
    """How long after the ``attempts``-th failed attempt the next one is made: growing from
    MAIL_RESEND_SECONDS, doubled each time, at most six hours."""
    seconds = settings.MAIL_RESEND_SECONDS * 2 ** max(0, attempts - 1)
    return datetime.timedelta(seconds=min(seconds, 6 * 3600))


def deliver(*, message_id: int) -> str | None:
    """Send one message once: locked while it goes out (a second job for it skips it), then
    marked sent, dropped (with the reason) or, when sending failed, left for a later attempt
    or, after MAIL_MAX_ATTEMPTS, marked failed. Returns the state it reached, or None when
    there was nothing to do. A database error is raised: the job is tried again."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=message_id, state=MessageState.PENDING)
            .first()
        )
        if message is None:
            return None
        recipient = message.recipient
        if not recipient.is_active:
            return _finish(message, MessageState.DROPPED, _("Het account is niet actief."))
        if not recipient.email:
            return _finish(message, MessageState.DROPPED, _("Er is geen e-mailadres bekend."))
        kind = _KINDS.get(message.kind)
        if kind is None:
            return _finish(message, MessageState.FAILED, f"onbekende soort {message.kind!r}")
        try:
            composed = kind.compose(message)
            if isinstance(composed, Drop):
                return _finish(message, MessageState.DROPPED, composed.reason)
            subject = one_line(composed.subject)[:300]
            mail.send(subject=subject, body=composed.body, to=recipient.email)
        except DatabaseError:
            raise
        except Exception as exc:  # a mail server that refuses (SMTPException, OSError), a bug
            return _failed_attempt(message, exc)
        message.subject = subject
        return _finish(message, MessageState.SENT, "")


def _finish(message: Message, state: str, reason: str) -> str:
    now = timezone.now()
    message.state = state
    message.reason = str(reason)[:2000]
    message.attempts += 1
    if state == MessageState.SENT:
        message.sent_at = now
    message.save(update_fields=["state", "reason", "attempts", "sent_at", "subject"])
    log = logger.info if state == MessageState.SENT else logger.warning
    log("message %s (%s) %s%s", message.pk, message.kind, state, f": {reason}" if reason else "")
    return state


def _failed_attempt(message: Message, exc: BaseException) -> str:
    message.attempts += 1
    message.reason = f"{type(exc).__name__}: {exc}"[:2000]
    if message.attempts >= settings.MAIL_MAX_ATTEMPTS:
        message.state = MessageState.FAILED
        logger.error("message %s failed for good: %s", message.pk, exc, exc_info=exc)
    else:
        message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
        logger.warning("message %s not sent (attempt %s): %s", message.pk, message.attempts, exc)
    message.save(update_fields=["state", "reason", "attempts", "next_attempt_at"])
    return message.state
