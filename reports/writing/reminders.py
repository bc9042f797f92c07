"""Reminding the people who write: by the coordinator, and automatically before the
entry deadline. Every reminder is a row; the e-mail goes through Celery once it commits."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duoplus.core import audit, queue
from duoplus.core.audit import AuditAction

from . import policy
from .models import EntryReminder, EntryState, ProgressEntry, ReminderKind, Report, ReportStatus
from .tasks import send_entry_reminders


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
            if report.status != ReportStatus.CONCEPT:
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
    """One message per person, listing all their entries, once the reminders commit."""
    by_person: dict[int, list[int]] = {}
    for reminder in reminders:
        by_person.setdefault(reminder.recipient_id, []).append(reminder.pk)
    for ids in by_person.values():
        queue.after_commit(send_entry_reminders, ids)
