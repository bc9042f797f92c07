"""Messages of the calendar: each recorded once per report, kind, person and the date it is
about, then queued for e-mail once the transaction commits."""

import datetime
from collections.abc import Iterable
from typing import Any

from duoplus.core import queue
from reports.writing.models import Report

from .models import RoundNotice
from .tasks import send_round_notice


def notify(
    *, report: Report, kind: str, users: Iterable[Any], about: datetime.date
) -> list[RoundNotice]:
    """Record (once) and queue a notice per user; returns the new notices."""
    notices = []
    for user in users:
        notice, created = RoundNotice.objects.get_or_create(
            report=report, kind=kind, recipient=user, about=about
        )
        if created:
            notices.append(notice)
            queue.after_commit(send_round_notice, notice.pk)
    return notices
