"""Messages of the calendar: each recorded once per report, kind, person and the date it is
about, as a message of the outbox (duoplus.core.outbox) sent once the transaction commits;
what it says is written when it is sent."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duoplus.core import messages, outbox
from duoplus.core.messages import Drop, Mail
from duoplus.core.models import Message
from reports.core.models import Report
from reports.writing.models import ProgressEntry
from reports.writing.selectors import open_entries

from .models import ReportingRound, RoundNotice, RoundNoticeKind

TEMPLATES = {
    RoundNoticeKind.OPENED: "planning/email/round_opened",
    RoundNoticeKind.OVERDUE: "planning/email/round_overdue",
    RoundNoticeKind.BOARD_WARNING: "planning/email/round_board_warning",
}


def compose(message: Message) -> Mail | Drop:
    """The notice as it stands when it is sent: what is missing, linking straight to it.
    One that no longer matters (the report was submitted; the editor has no entries) is
    dropped."""
    notice = RoundNotice.objects.select_related("report").get(message=message)
    report, recipient = notice.report, message.recipient
    if report.is_frozen:
        return Drop(_("De rapportage is ingediend."))
    missing = open_entries(report=report)
    if notice.kind == RoundNoticeKind.OPENED:
        mine = list(
            ProgressEntry.objects.filter(report=report, programme__editors=recipient)
            .select_related("programme")
            .order_by("programme__order", "programme__name")
        )
        if not mine:
            return Drop(_("Deze persoon schrijft geen teksten in deze rapportage."))
        entries = [(entry, settings.SITE_URL + entry.get_absolute_url()) for entry in mine]
    else:
        entries = [(entry, settings.SITE_URL + entry.get_absolute_url()) for entry in missing]
    context = {
        "notice": notice,
        "report": report,
        "round": ReportingRound.objects.filter(report=report).first(),
        "recipient": recipient,
        "entries": entries,
        "missing_count": len(missing),
        "total": report.entries.count(),
        "letter_missing": not (report.letter_reason or report.letter_summary).strip(),
        "url": settings.SITE_URL + report.get_absolute_url(),
        "letter_url": settings.SITE_URL + reverse("reports:letter_edit", args=[report.pk]),
        "my_work_url": settings.SITE_URL + reverse("my_work") + f"#rapportage-{report.pk}",
    }
    base = TEMPLATES[RoundNoticeKind(notice.kind)]
    return Mail(
        subject=render_to_string(f"{base}_subject.txt", context).strip(),
        body=render_to_string(f"{base}.txt", context),
    )


MESSAGE_KIND = messages.register(
    "planning.notice", label=gettext_lazy("bericht van de kalender"), compose=compose
)


def notify(
    *, report: Report, kind: str, users: Iterable[Any], about: datetime.date
) -> list[RoundNotice]:
    """Record (once) a notice per user; returns the new notices."""
    notices = []
    for user in users:
        message = outbox.record(
            kind=MESSAGE_KIND,
            key=f"planning.{kind}:{report.pk}:{user.pk}:{about.isoformat()}",
            recipient=user,
        )
        if message is not None:
            notices.append(
                RoundNotice.objects.create(
                    report=report, kind=kind, recipient=user, about=about, message=message
                )
            )
    return notices
