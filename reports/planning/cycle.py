"""The shape of a year: the milestones of a round, the default cycle, last year's rounds one
year on, and the order of the dates. Pure date arithmetic; nothing here is stored."""

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from duoplus.core import bounds
from duoplus.core.models import Organisation
from reports.core.models import Purpose, ReportKind

from .models import ReportingRound

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


def proposed_cycle(*, organisation: Organisation, year: int) -> list[dict[str, Any]]:
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


def check_dates(values: dict[str, Any]) -> dict[str, str]:
    """Dutch messages for dates out of order ({field: message}); empty when all is well."""
    errors = {}
    for name in ("period_start", "period_end", *DATE_FIELDS):
        try:
            bounds.check_date(values.get(name))
        except ValidationError as exc:
            errors[name] = exc.messages[0]
    if errors:
        return errors
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
            errors[name] = _("De datum ‘%(this)s’ kan niet vóór de datum ‘%(that)s’ liggen.") % {
                "this": labels[name],
                "that": labels[previous],
            }
        previous = name
    return errors
