"""E-mails of the zienswijze procedure: each recorded once (per kind, person, the date it is
about and its key) as a message of the outbox (duoplus.core.outbox), sent once the
transaction commits; what it says is written when it is sent."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duoplus.core import messages, outbox
from duoplus.core.messages import Drop, Mail
from duoplus.core.models import Message, Organisation, Role
from duoplus.core.roles import members

from .models import Consultation, ConsultationNotice, CouncilResponse, NoticeKind
from .selectors import council_states


def compose(message: Message) -> Mail | Drop:
    """The notice as it is sent, with the state of every council's answer. A reminder whose
    council has answered meanwhile is dropped."""
    notice = ConsultationNotice.objects.select_related("consultation__report", "council").get(
        message=message
    )
    consultation = notice.consultation
    if (
        notice.kind == NoticeKind.REMINDER
        and CouncilResponse.objects.filter(
            consultation=consultation, council=notice.council
        ).exists()
    ):
        return Drop(_("De raad heeft inmiddels geantwoord."))
    report = consultation.report
    context = {
        "notice": notice,
        "consultation": consultation,
        "report": report,
        "user": message.recipient,
        "states": council_states(consultation=consultation, today=timezone.localdate()),
        "url": settings.SITE_URL + reverse("reports:consultation", args=[report.pk]),
    }
    return Mail(
        subject=render_to_string("consultation/email/subject.txt", context).strip(),
        body=render_to_string("consultation/email/notice.txt", context),
    )


MESSAGE_KIND = messages.register(
    "consultation.notice", label=gettext_lazy("bericht over een zienswijze"), compose=compose
)


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
        message = outbox.record(
            kind=MESSAGE_KIND,
            key=f"consultation.{kind}:{consultation.pk}:{user.pk}:{about.isoformat()}:{key}",
            recipient=user,
        )
        if message is not None:
            notices.append(
                ConsultationNotice.objects.create(
                    consultation=consultation,
                    kind=kind,
                    recipient=user,
                    about=about,
                    key=key,
                    council=council,
                    message=message,
                )
            )
    return notices


def notify_griffies(
    *,
    consultation: Consultation,
    kind: str,
    about: datetime.date,
    councils: Iterable[Organisation] | None = None,
    key: str = "",
) -> list[ConsultationNotice]:
    """The same notice to the griffie of each council (all the report went to, or
    ``councils``), each about its own council."""
    made = []
    for council in consultation.report.recipients.all() if councils is None else councils:
        made += notify(
            consultation=consultation,
            kind=kind,
            users=clerks(council_ids=[council.pk]),
            about=about,
            council=council,
            key=key,
        )
    return made
