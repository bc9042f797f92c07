"""Reminding the people who write: by the coordinator, and automatically before the
entry deadline. Every reminder is a row; the reminders made together for one person are one
message of the outbox (duoplus.core.outbox), which lists all their entries and is sent once
the transaction commits."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duoplus.core import audit, messages, outbox
from duoplus.core.audit import AuditAction
from duoplus.core.messages import Drop, Mail
from duoplus.core.models import Message
from reports.core.models import Report, ReportStatus

from . import policy
from .models import EntryReminder, EntryState, ProgressEntry, ReminderKind


@audit.refusals_recorded(AuditAction.ENTRY_REMIND, obj="report")
def remind_entries(
    *,
    report: Report,
    user: Any,
    entries: Iterable[ProgressEntry | int] | None = None,
    ip: str | None = None,
) -> tuple[list[EntryReminder], list[ProgressEntry]]:
    """The coordinator reminds the editors of entries that are not ready (all of them, or
    the ``entries`` given). E-mails go out through Celery once the transaction commits.

    Returns (reminders, entries without an editor to remind).
    """
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if not policy.can_remind(user=user, report=report):
            if report.is_frozen:
                raise PermissionDenied(
                    _("Deze rapportage is ingediend; herinneren is niet meer nodig.")
                )
            raise PermissionDenied(_("Alleen de coördinator van deze rapportage kan herinneren."))
        open_entries = (
            report.entries.exclude(state=EntryState.READY)
            .select_related("programme")
            .prefetch_related("programme__editors")
        )
        if entries is not None:
            open_entries = open_entries.filter(pk__in=[getattr(e, "pk", e) for e in entries])
        reminders, orphans = [], []
        for entry in open_entries:
            editors = [u for u in entry.programme.editors.all() if u.is_active]
            if not editors:
                orphans.append(entry)
            for editor in editors:
                reminders.append(
                    EntryReminder.objects.create(
                        entry=entry,
                        recipient=editor,
                        kind=ReminderKind.MANUAL,
                        deadline=report.deadline,
                        sent_by=user,
                    )
                )
        audit.record(
            AuditAction.ENTRY_REMIND, actor=user, obj=report, ip=ip, reminders=len(reminders)
        )
        _queue(reminders)
    return reminders, orphans


def send_due_reminders(*, today: datetime.date | None = None) -> list[EntryReminder]:
    """Remind, once per deadline, every editor whose entry is not ready when the deadline
    of a concept report is ENTRY_REMINDER_DAYS_BEFORE days away or closer (a beat that
    fires twice, or a day that was missed, sends nothing twice). Returns the new reminders."""
    today = today or timezone.localdate()
    days = settings.ENTRY_REMINDER_DAYS_BEFORE
    reports = Report.objects.filter(
        status=ReportStatus.CONCEPT,
        deadline__gte=today,
        deadline__lte=today + datetime.timedelta(days=days),
    )
    entries = (
        ProgressEntry.objects.filter(report__in=reports)
        .exclude(state=EntryState.READY)
        .select_related("report")
        .prefetch_related("programme__editors")
    )
    reminders = []
    with transaction.atomic():
        for entry in entries:
            for editor in entry.programme.editors.all():
                if not editor.is_active:
                    continue
                reminder, created = EntryReminder.objects.get_or_create(
                    entry=entry,
                    recipient=editor,
                    kind=ReminderKind.AUTOMATIC,
                    deadline=entry.report.deadline,
                )
                if created:
                    reminders.append(reminder)
        _queue(reminders)
    return reminders


def _queue(reminders: list[EntryReminder]) -> None:
    """One message per person, listing all their entries, recorded with the reminders and
    sent once they commit. Its key is the first of its reminders: each goes once."""
    by_person: dict[int, list[EntryReminder]] = {}
    for reminder in reminders:
        by_person.setdefault(reminder.recipient_id, []).append(reminder)
    for theirs in by_person.values():
        message = outbox.record(
            kind=MESSAGE_KIND,
            key=f"writing.reminder:{min(r.pk for r in theirs)}",
            recipient=theirs[0].recipient,
        )
        EntryReminder.objects.filter(pk__in=[r.pk for r in theirs]).update(message=message)
        for reminder in theirs:
            reminder.message = message


def compose(message: Message) -> Mail | Drop:
    """The reminder as it stands when it is sent: per report the entries that are still
    not ready, with what is missing, the deadline and a link. Entries that became ready (or
    whose report left concept) meanwhile are left out; when none is left it is dropped."""
    reminders = list(
        EntryReminder.objects.filter(message=message)
        .select_related("entry__report", "entry__programme", "sent_by")
        .order_by("entry__report_id", "entry__programme__order", "entry__programme__name")
    )
    due = [r for r in reminders if r.entry.state != EntryState.READY and r.entry.report.is_concept]
    if not due:
        return Drop(_("De teksten zijn klaar of de rapportage is ingediend."))
    reports: dict[Report, list[ProgressEntry]] = {}
    for reminder in due:
        reports.setdefault(reminder.entry.report, []).append(reminder.entry)
    context = {
        "recipient": message.recipient,
        "reports": [
            {
                "report": report,
                "entries": [
                    {"entry": e, "url": settings.SITE_URL + e.get_absolute_url()} for e in entries
                ],
            }
            for report, entries in reports.items()
        ],
        "entries": [r.entry for r in due],
        "sent_by": due[0].sent_by,
        "my_work_url": settings.SITE_URL + reverse("my_work"),
    }
    return Mail(
        subject=render_to_string("writing/email/entry_reminder_subject.txt", context).strip(),
        body=render_to_string("writing/email/entry_reminder.txt", context),
    )


MESSAGE_KIND = messages.register(
    "writing.reminder", label=gettext_lazy("herinnering aan een schrijver"), compose=compose
)
