"""Queueing a job once the transaction commits, without letting the broker break the
action that queued it.

The job's row (a PDF "in de wachtrij", a reminder or mail not yet sent) is committed with the
action; queueing comes after. When the broker is down (or, eagerly in development, the job
itself fails) that is logged and the action stands: the periodic sweep finds the row that
is still waiting and queues it again. So a broker outage delays work, never loses it, and
never turns a committed action into an error page."""

import functools
import logging
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def after_commit(task: Any, *args: Any) -> None:
    transaction.on_commit(functools.partial(send, task, *args))


def send(task: Any, *args: Any) -> bool:
    """Queue ``task`` now; False (logged) when that failed."""
    try:
        task.apply_async(args=args)
    except Exception:
        logger.warning(
            "queue: %s%r not queued now; the sweep queues it again", task.name, args, exc_info=True
        )
        return False
    return True
