"""The calendar's daily work: opening the rounds that are due and chasing them (reminders
before the entry deadline, the overview after it, the warning before the board meeting).

Every date here is a date in Europe/Amsterdam (``timezone.localdate()``): beat fires every
hour, and every message is recorded with the date it is about, so a beat that fires twice,
a worker that restarts or a daylight-saving jump never opens a round twice or sends a
message twice."""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from duoplus.core.models import Role
from reports.core.models import Report, ReportStatus
from reports.writing.reminders import send_due_reminders

from . import notices
from .models import ReportingRound, RoundNotice, RoundNoticeKind
from .services import open_round


def open_due_rounds(*, today: datetime.date) -> list[Report]:
    """Open every round whose opening date has come and whose entry deadline has not passed
    (a round planned after the fact is opened by hand: "Nu openen")."""
    due = ReportingRound.objects.filter(
        opens_on__lte=today, entries_due__gte=today, report__isnull=True
    )
    opened = []
    for item in due:
        report, created = open_round(item=item)
        if created:
            opened.append(report)
    return opened


def _coordinators(report: Report) -> QuerySet[Any]:
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__role=Role.COORDINATOR,
            memberships__organisation=report.organisation_id,
        )
        .distinct()
    )


def summarise_overdue(*, today: datetime.date) -> list[RoundNotice]:
    """The day after a concept report's entry deadline (or the first run after it, within
    a week), its coordinators get an overview: what is ready, what is missing and whose."""
    reports = Report.objects.filter(
        status=ReportStatus.CONCEPT,
        deadline__lt=today,
        deadline__gte=today - datetime.timedelta(days=7),
    )
    sent: list[RoundNotice] = []
    with transaction.atomic():
        for report in reports:
            sent += notices.notify(
                report=report,
                kind=RoundNoticeKind.OVERDUE,
                users=_coordinators(report),
                about=report.deadline or today,  # the filter has a deadline
            )
    return sent


def warn_before_board(*, today: datetime.date) -> list[RoundNotice]:
    """CALENDAR_BOARD_WARNING_DAYS before the board meeting of a round whose report has not
    been submitted, its coordinators are warned."""
    days = settings.CALENDAR_BOARD_WARNING_DAYS
    reports = Report.objects.filter(
        status=ReportStatus.CONCEPT,
        reporting_round__board_meeting__gte=today,
        reporting_round__board_meeting__lte=today + datetime.timedelta(days=days),
    ).select_related("reporting_round")
    sent: list[RoundNotice] = []
    with transaction.atomic():
        for report in reports:
            sent += notices.notify(
                report=report,
                kind=RoundNoticeKind.BOARD_WARNING,
                users=_coordinators(report),
                about=report.reporting_round.board_meeting,
            )
    return sent


def run_calendar(*, today: datetime.date | None = None) -> dict[str, int]:
    """The day's work of the calendar (beat runs it hourly; the first run of the day from
    CALENDAR_HOUR on does it, later runs find nothing new): open the rounds that are due,
    remind editors before the deadline, give coordinators the overview after it and warn
    them before the board meeting."""
    today = today or timezone.localdate()
    opened = open_due_rounds(today=today)
    reminders = send_due_reminders(today=today)
    overdue = summarise_overdue(today=today)
    warnings = warn_before_board(today=today)
    return {
        "opened": len(opened),
        "reminders": len(reminders),
        "overdue": len(overdue),
        "warnings": len(warnings),
    }
