"""E-mails of the zienswijze procedure: each recorded once (per kind, person, the date it is
about and its key), then queued once the transaction commits; the sweep sends what the
queue lost."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from duoplus.core import queue
from duoplus.core.models import Organisation, Role
from duoplus.core.roles import members

from .models import Consultation, ConsultationNotice
from .tasks import send_consultation_notice


def clerks(*, council_ids: Iterable[int]) -> QuerySet[Any]:
    return members(organisation_ids=council_ids, role=Role.CLERK)


def coordinators(*, consultation: Consultation) -> QuerySet[Any]:
    return members(organisation_ids=[consultation.report.organisation_id], role=Role.COORDINATOR)


def notify(
    *,
    consultation: Consultation,
    kind: str,
    users: Iterable[Any],
    about: datetime.date,
    council: Organisation | None = None,
    key: str = "",
) -> list[ConsultationNotice]:
    notices = []
    for user in users:
        notice, created = ConsultationNotice.objects.get_or_create(
            consultation=consultation,
            kind=kind,
            recipient=user,
            about=about,
            key=key,
            defaults={"council": council},
        )
        if created:
            notices.append(notice)
            queue.after_commit(send_consultation_notice, notice.pk)
    return notices
