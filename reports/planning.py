"""The planning & control calendar: rounds per year, opened and chased by Celery beat.

Every date here is a date in Europe/Amsterdam (``timezone.localdate()``): beat runs once a
day at a local hour, and every message is recorded with the date it is about, so a beat
that fires twice, a worker that restarts or a daylight-saving jump never opens a round
twice or sends a message twice.
"""

import datetime
import hashlib
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from duoplus import audit, roles
from duoplus.models import Organisation, Role
from programmes.models import Programme

from .models import (
    CalendarFeed,
    EntryState,
    ProgressEntry,
    Purpose,
    Report,
    ReportingRound,
    ReportKind,
    ReportStatus,
    RoundNotice,
    RoundNoticeKind,
)

# The milestones of a round, in order: (field, label in the calendar and the feed).
MILESTONES = (
    ("opens_on", "Rapportage opent"),
    ("entries_due", "Teksten inleveren"),
    ("review_due", "Beoordeling coördinator"),
    ("board_meeting", "Directieberaad"),
    ("governing_board_meeting", "Bestuur"),
    ("dispatch_on", "Verzending aan de raden"),
)
DATE_FIELDS = tuple(name for name, _label in MILESTONES)


# -- who may plan ---------------------------------------------------------------------------


def planning_organisations(user):
    """The organisations whose calendar ``user`` edits: as coordinator or functional admin."""
    ids = roles.organisation_ids(user, Role.COORDINATOR) | roles.organisation_ids(user, Role.ADMIN)
    return Organisation.objects.filter(pk__in=ids)


def can_plan(user, organisation_id):
    return planning_organisations(user).filter(pk=organisation_id).exists()


def _check_can_plan(user, organisation_id, *, action, obj=None, ip=None):
    if not can_plan(user, organisation_id):
        audit.record(action, actor=user, obj=obj, result="denied", ip=ip)
        raise PermissionDenied(_("Alleen de coördinator kan de P&C-kalender wijzigen."))


# -- the default cycle ----------------------------------------------------------------------


@dataclass(frozen=True)
class Moment:
    """One round of the default cycle, its dates as (month, day) of the calendar year."""

    title: str  # {year}, {prev} and {next} are filled in
    kind: str
    purpose: str
    period: str  # "year", "previous year", "next year", or "months:N" (January to month N)
    dates: tuple  # (month, day) for each of DATE_FIELDS; None for an absent bestuur


DEFAULT_CYCLE = (
    Moment(
        "Jaarstukken {prev}",
        ReportKind.ANNUAL,
        Purpose.DECISION,
        "previous year",
        ((1, 11), (2, 1), (2, 15), (3, 1), (3, 15), (4, 1)),
    ),
    Moment(
        "Begroting {next}",
        ReportKind.BUDGET,
        Purpose.DECISION,
        "next year",
        ((2, 1), (2, 22), (3, 1), (3, 8), (3, 22), (4, 1)),
    ),
    Moment(
        "Eerste voortgangsrapportage {year}",
        ReportKind.PROGRESS,
        Purpose.INFORMATION,
        "months:4",
        ((5, 1), (5, 20), (5, 27), (6, 10), (6, 24), (7, 1)),
    ),
    Moment(
        "Tweede voortgangsrapportage {year}",
        ReportKind.PROGRESS,
        Purpose.DECISION,
        "months:8",
        ((9, 1), (9, 20), (9, 27), (10, 8), (10, 22), (11, 1)),
    ),
)


def _weekday(day):
    """Deadlines and meetings fall on working days: a Saturday or Sunday moves to Monday."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _next_year(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _period(spec, year):
    if spec == "year":
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if spec == "previous year":
        return datetime.date(year - 1, 1, 1), datetime.date(year - 1, 12, 31)
    if spec == "next year":
        return datetime.date(year + 1, 1, 1), datetime.date(year + 1, 12, 31)
    month = int(spec.split(":")[1])
    end = datetime.date(year + (month == 12), month % 12 + 1, 1) - datetime.timedelta(days=1)
    return datetime.date(year, 1, 1), end


def _shift_title(title, year):
    """ "Begroting 2027" in the 2026 calendar becomes "Begroting 2028" in the 2027 one."""
    return re.sub(
        r"\b(\d{4})\b",
        lambda m: str(int(m.group(1)) + 1) if abs(int(m.group(1)) - year) <= 2 else m.group(1),
        title,
    )


def proposed_cycle(organisation, year):
    """The rounds proposed for ``year``: last year's rounds one year on, or, for a first
    calendar, the default cycle. Dates land on working days. Returns a list of dicts."""
    previous = list(
        ReportingRound.objects.filter(organisation=organisation, year=year - 1).prefetch_related(
            "recipients"
        )
    )
    municipalities = list(Organisation.objects.municipalities())
    proposals = []
    if previous:
        for old in previous:
            values = {
                "title": _shift_title(old.title, year - 1),
                "kind": old.kind,
                "purpose": old.purpose,
                "period_start": _next_year(old.period_start),
                "period_end": _next_year(old.period_end),
                "recipients": list(old.recipients.all()) or municipalities,
            }
            for name in DATE_FIELDS:
                day = getattr(old, name)
                values[name] = _weekday(_next_year(day)) if day else None
            proposals.append(values)
    else:
        for moment in DEFAULT_CYCLE:
            start, end = _period(moment.period, year)
            values = {
                "title": moment.title.format(year=year, prev=year - 1, next=year + 1),
                "kind": moment.kind,
                "purpose": moment.purpose,
                "period_start": start,
                "period_end": end,
                "recipients": municipalities,
            }
            for name, day in zip(DATE_FIELDS, moment.dates, strict=True):
                values[name] = _weekday(datetime.date(year, *day)) if day else None
            proposals.append(values)
    for values in proposals:
        _keep_order(values)
    return proposals


def _keep_order(values):
    """After moving to working days, no date may come before the one it follows."""
    latest = None
    for name in DATE_FIELDS:
        day = values.get(name)
        if day is None:
            continue
        if latest is not None and day < latest:
            values[name] = day = latest
        latest = day


def generate_year(*, organisation, year, user, ip=None):
    """Make ``year``'s calendar for ``organisation`` from last year's (or the default cycle),
    with every active programme. Refused when the year already has rounds."""
    _check_can_plan(user, organisation.pk, action="calendar.generate", ip=ip)
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        if ReportingRound.objects.filter(organisation=organisation, year=year).exists():
            raise ValidationError(
                _("Voor %(year)s staat al een kalender; pas de rondes daar aan.") % {"year": year}
            )
        programmes = list(Programme.objects.active().filter(organisation=organisation))
        rounds = []
        for values in proposed_cycle(organisation, year):
            recipients = values.pop("recipients")
            item = ReportingRound.objects.create(organisation=organisation, year=year, **values)
            item.programmes.set(programmes)
            item.recipients.set(recipients)
            rounds.append(item)
        audit.record(
            "calendar.generate", actor=user, obj=organisation, ip=ip, year=year, rounds=len(rounds)
        )
    return rounds


def check_dates(values):
    """Dutch messages for dates out of order ({field: message}); empty when all is well."""
    errors = {}
    start, end = values.get("period_start"), values.get("period_end")
    if start and end and end < start:
        errors["period_end"] = _("Het einde van de periode ligt vóór het begin.")
    previous = None
    labels = dict(MILESTONES)
    for name in DATE_FIELDS:
        day = values.get(name)
        if day is None:
            continue
        if previous is not None and day < values[previous]:
            errors[name] = _("%(this)s ligt vóór %(that)s.") % {
                "this": labels[name],
                "that": labels[previous].lower(),
            }
        previous = name
    return errors


def save_round(*, user, values, programmes, recipients, instance=None, ip=None):
    """Create or change a round. Once it is open (its report exists) only its dates change;
    the report's deadline follows the entry deadline."""
    organisation = values.get("organisation") or instance.organisation
    _check_can_plan(user, organisation.pk, action="calendar.round", obj=instance, ip=ip)
    if errors := check_dates(values):
        raise ValidationError(errors)
    with transaction.atomic():
        if instance is None:
            item = ReportingRound(**values)
            opened = None
        else:
            item = ReportingRound.objects.select_for_update().get(pk=instance.pk)
            opened = Report.objects.filter(reporting_round=item).first()
            fields = DATE_FIELDS if opened else values.keys()
            for name in fields:
                if name != "organisation" and name in values:
                    setattr(item, name, values[name])
        item.full_clean(exclude=["programmes", "recipients"])
        item.save()
        if not opened:
            item.programmes.set(programmes)
            item.recipients.set(recipients)
        elif opened.deadline != item.entries_due and opened.status == ReportStatus.CONCEPT:
            opened.deadline = item.entries_due
            opened.save(update_fields=["deadline"])
        audit.record(
            "calendar.round", actor=user, obj=item, ip=ip, created=str(instance is None).lower()
        )
    return item


def delete_round(*, user, item, ip=None):
    _check_can_plan(user, item.organisation_id, action="calendar.round_delete", obj=item, ip=ip)
    with transaction.atomic():
        if Report.objects.filter(reporting_round=item).exists():
            raise ValidationError(
                _("Deze ronde is al geopend; de rapportage bestaat. Verwijderen kan niet meer.")
            )
        audit.record("calendar.round_delete", actor=user, obj=item, ip=ip, title=item.title)
        item.delete()


# -- opening --------------------------------------------------------------------------------


def open_round(item, *, user=None, ip=None):
    """Make the round's report (one entry per programme, each starting from that programme's
    previous entry) and tell the editors. Idempotent: a round has at most one report; when
    it already has one, that report is returned and nothing else happens.

    Returns (report, created)."""
    from .services import create_report

    if user is not None:
        _check_can_plan(user, item.organisation_id, action="calendar.open", obj=item, ip=ip)
    try:
        with transaction.atomic():
            locked = (
                ReportingRound.objects.select_for_update()
                .select_related("organisation")
                .get(pk=item.pk)
            )
            existing = Report.objects.filter(reporting_round=locked).first()
            if existing is not None:
                return existing, False
            report = create_report(
                organisation=locked.organisation,
                title=locked.title,
                kind=locked.kind,
                year=locked.period_end.year,
                period_start=locked.period_start,
                period_end=locked.period_end,
                recipients=list(locked.recipients.all()),
                purpose=locked.purpose,
                programmes=list(locked.programmes.filter(is_active=True)),
                deadline=locked.entries_due,
                user=user,
                reporting_round=locked,
            )
            editors = (
                get_user_model()
                .objects.filter(is_active=True, edited_programmes__entries__report=report)
                .distinct()
            )
            _notify(report, RoundNoticeKind.OPENED, editors, locked.opens_on)
    except IntegrityError:
        # Another process opened it at the same moment: theirs is the one.
        return Report.objects.get(reporting_round_id=item.pk), False
    return report, True


def open_due_rounds(today):
    """Open every round whose opening date has come and whose entry deadline has not passed
    (a round planned after the fact is opened by hand: "Nu openen")."""
    due = ReportingRound.objects.filter(
        opens_on__lte=today, entries_due__gte=today, report__isnull=True
    )
    opened = []
    for item in due:
        report, created = open_round(item)
        if created:
            opened.append(report)
    return opened


# -- chasing --------------------------------------------------------------------------------


def _coordinators(report):
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__role=Role.COORDINATOR,
            memberships__organisation=report.organisation_id,
        )
        .distinct()
    )


def _notify(report, kind, users, about):
    """Record (once) and queue a notice per user; returns the new notices."""
    from .tasks import send_round_notice

    notices = []
    for user in users:
        notice, created = RoundNotice.objects.get_or_create(
            report=report, kind=kind, recipient=user, about=about
        )
        if created:
            notices.append(notice)
            transaction.on_commit(lambda pk=notice.pk: send_round_notice.delay(pk))
    return notices


def summarise_overdue(today):
    """The day after a concept report's entry deadline (or the first run after it, within
    a week), its coordinators get an overview: what is ready, what is missing and whose."""
    reports = Report.objects.filter(
        status=ReportStatus.CONCEPT,
        deadline__lt=today,
        deadline__gte=today - datetime.timedelta(days=7),
    )
    notices = []
    with transaction.atomic():
        for report in reports:
            notices += _notify(
                report, RoundNoticeKind.OVERDUE, _coordinators(report), report.deadline
            )
    return notices


def warn_before_board(today):
    """CALENDAR_BOARD_WARNING_DAYS before the board meeting of a round whose report has not
    been submitted, its coordinators are warned."""
    days = settings.CALENDAR_BOARD_WARNING_DAYS
    reports = Report.objects.filter(
        status=ReportStatus.CONCEPT,
        reporting_round__board_meeting__gte=today,
        reporting_round__board_meeting__lte=today + datetime.timedelta(days=days),
    ).select_related("reporting_round")
    notices = []
    with transaction.atomic():
        for report in reports:
            notices += _notify(
                report,
                RoundNoticeKind.BOARD_WARNING,
                _coordinators(report),
                report.reporting_round.board_meeting,
            )
    return notices


def run_calendar(today=None):
    """Beat, daily: open the rounds that are due, remind editors before the deadline, give
    coordinators the overview after it and warn them before the board meeting."""
    from .services import send_due_reminders

    today = today or timezone.localdate()
    opened = open_due_rounds(today)
    reminders = send_due_reminders(today)
    overdue = summarise_overdue(today)
    warnings = warn_before_board(today)
    return {
        "opened": len(opened),
        "reminders": len(reminders),
        "overdue": len(overdue),
        "warnings": len(warnings),
    }


def open_entries(report):
    """The entries of ``report`` that are not ready, each with its editors: what a message
    says is missing."""
    return list(
        ProgressEntry.objects.filter(report=report)
        .exclude(state=EntryState.READY)
        .select_related("programme")
        .prefetch_related("programme__editors")
        .order_by("programme__order", "programme__name")
    )


# -- reading --------------------------------------------------------------------------------


def year_rounds(user, year):
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
        item.opened_report = _report_of(item)
        item.stage = _stage(item, today)
    return rounds


def _report_of(item):
    try:
        return item.report
    except Report.DoesNotExist:
        return None


def _stage(item, today):
    """Where a round stands, as (code, text) for the timeline."""
    report = item.opened_report
    if report is None:
        if item.opens_on <= today:
            return "late", _("Niet geopend")
        return "planned", _("Nog niet geopend")
    if report.status == ReportStatus.CONCEPT:
        text = _("Open — %(ready)s van %(total)s teksten klaar") % {
            "ready": item.ready_count,
            "total": item.entry_count,
        }
        if item.entries_due < today and item.ready_count < item.entry_count:
            return "overdue", _("%(text)s · inleverdatum verstreken") % {"text": text}
        return "open", text
    return report.status, report.get_status_display()


def milestones(item):
    labels = dict(MILESTONES)
    return [
        {"name": name, "label": labels[name], "date": getattr(item, name)}
        for name in DATE_FIELDS
        if getattr(item, name)
    ]


# -- the iCalendar feed ---------------------------------------------------------------------


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def new_feed_token(user, *, ip=None):
    """A new secret calendar address for ``user``; any earlier one stops working. Returns
    the token (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": _hash(token)})
        audit.record("calendar.feed_new", actor=user, ip=ip)
    return token


def revoke_feed(user, *, ip=None):
    deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
    if deleted:
        audit.record("calendar.feed_revoke", actor=user, ip=ip)
    return bool(deleted)


def feed_user(token):
    """The active user behind a feed token, or None (also for a revoked or malformed one)."""
    if not token or len(token) > 100:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=_hash(token), user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > datetime.timedelta(hours=1):
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    return feed.user


def feed_rounds(user, today=None):
    """The rounds in a person's feed: last year's, this year's and next year's."""
    today = today or timezone.localdate()
    return list(
        ReportingRound.objects.visible_to(user)
        .filter(year__gte=today.year - 1, year__lte=today.year + 1)
        .select_related("organisation")
        .order_by("opens_on", "id")
    )


def ical(user, site_url, today=None):
    """The person's deadlines as an iCalendar document (bytes): one all-day event per
    milestone of every round they may see."""
    from django.urls import reverse
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//Duo+ portaal//P&C-kalender//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Duo+ P&C-kalender")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().replace(microsecond=0)
    host = site_url.split("://", 1)[-1].split("/", 1)[0] or "duoplus"
    for item in feed_rounds(user, today):
        url = site_url + reverse("calendar", args=[item.year])
        for milestone in milestones(item):
            event = Event()
            event.add("uid", f"ronde-{item.pk}-{milestone['name']}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", milestone["date"])
            event.add("dtend", milestone["date"] + datetime.timedelta(days=1))
            event.add("summary", f"{milestone['label']}: {item.title}")
            event.add(
                "description",
                f"{item.title} ({item.organisation}), periode "
                f"{item.period_start:%d-%m-%Y} t/m {item.period_end:%d-%m-%Y}.\n{url}",
            )
            event.add("url", url)
            event.add("transp", "TRANSPARENT")
            cal.add_component(event)
    return cal.to_ical()
