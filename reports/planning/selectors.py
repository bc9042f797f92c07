"""Reads of the P&C calendar: a year's rounds with where each stands, their milestones, and
what a personal feed holds."""

import datetime
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.consultation import deadlines
from reports.consultation.models import Consultation, LegalTerms
from reports.core.models import Report
from reports.writing.models import EntryState

from .cycle import DATE_FIELDS, MILESTONES
from .models import CalendarFeed, ReportingRound
from .services import feed_hash, touch_feed


def year_rounds(*, user: Any, year: int) -> list[ReportingRound]:
    """The rounds of ``year`` that ``user`` may see, each with ``opened_report`` (or None),
    the number of entries and of ready entries, and its ``stage``. A fixed number of
    queries."""
    rounds = list(
        ReportingRound.objects.visible_to(user)
        .filter(year=year)
        .select_related("organisation", "report")
        .annotate(
            entry_count=Count("report__entries", distinct=True),
            ready_count=Count(
                "report__entries",
                filter=Q(report__entries__state=EntryState.READY),
                distinct=True,
            ),
        )
        .order_by("opens_on", "id")
    )
    today = timezone.localdate()
    for item in rounds:
        item.opened_report = item.report
        item.stage = _stage(item, today)
    return rounds


def _stage(item: Any, today: datetime.date) -> tuple[str, str]:
    """Where a round (annotated with its entry counts) stands, as (code, text)."""
    report = item.report
    if report is None:
        if item.opens_on <= today:
            return "late", _("Niet geopend – openingsdatum verstreken")
        return "planned", _("Nog niet geopend")
    if report.is_concept:
        text = _("Open — %(ready)s van %(total)s teksten klaar") % {
            "ready": item.ready_count,
            "total": item.entry_count,
        }
        if item.entries_due < today and item.ready_count < item.entry_count:
            return "overdue", _("%(text)s · inleverdatum verstreken") % {"text": text}
        return "open", text
    return report.status, report.status_label


def milestones(*, item: ReportingRound) -> list[dict[str, Any]]:
    labels = dict(MILESTONES)
    return [
        {"name": name, "label": labels[name], "date": getattr(item, name)}
        for name in DATE_FIELDS
        if getattr(item, name)
    ]


def feed_user(*, token: str) -> Any:
    """The active user behind a feed token, or None (also for a revoked or malformed one)."""
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=feed_hash(token), user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    touch_feed(feed=feed)
    return feed.user


def feed_rounds(*, user: Any, today: datetime.date | None = None) -> list[ReportingRound]:
    """The rounds in a person's feed: last year's, this year's and next year's."""
    today = today or timezone.localdate()
    return list(
        ReportingRound.objects.visible_to(user)
        .filter(year__gte=today.year - 1, year__lte=today.year + 1)
        .select_related("organisation")
        .order_by("opens_on", "id")
    )


def legal_deadlines(
    *, item: ReportingRound, terms: dict[int, LegalTerms] | None = None
) -> deadlines.RoundDeadlines:
    """The round's legal deadlines and the warnings where its dates break them (``terms``:
    the settings per organisation already read, filled in as they are read)."""
    terms = terms if terms is not None else {}
    if item.organisation_id not in terms:
        terms[item.organisation_id] = LegalTerms.for_organisation(item.organisation_id)
    return deadlines.for_round(
        terms=terms[item.organisation_id],
        kind=item.kind,
        purpose=item.purpose,
        period_start=item.period_start,
        period_end=item.period_end,
        dispatch_on=item.dispatch_on,
        governing_board_meeting=item.governing_board_meeting,
    )


def feed_consultations(*, user: Any, today: datetime.date | None = None) -> list[Consultation]:
    """The procedures ter zienswijze in a person's feed: of the reports they may see, sent
    in the last year or later."""
    today = today or timezone.localdate()
    return list(
        Consultation.objects.filter(
            report__in=Report.objects.visible_to(user).values("pk"),
            term_end__gte=today - datetime.timedelta(days=365),
        ).select_related("report__organisation")
    )
