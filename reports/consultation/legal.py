"""The legal clock of a zienswijze: dates only, in Europe/Amsterdam.

Wet gemeenschappelijke regelingen (Wgr), as in force since 1 July 2022:

- art. 35 lid 1 and 3: the dagelijks bestuur sends the ontwerpbegroting to the councils
  twelve weeks before it goes to the algemeen bestuur; the councils may give their
  zienswijze on it. Lid 5: the same for begrotingswijzigingen, unless the regulation
  excludes them (some kinds).
- art. 34b: the general financial and policy frameworks (kaderbrief) and the voorlopige
  jaarrekening go to the councils before 15 April of the year before the budget year.
- art. 34 lid 3: the adopted begroting goes to Gedeputeerde Staten within two weeks of
  adoption and in any case before 1 August; art. 34a: the jaarrekening within two weeks of
  adoption and before 15 July.

Algemene termijnenwet (Atw) art. 1 and 3: a statutory term that would end on a Saturday,
a Sunday or a generally recognised holiday is extended to the next day that is none of
those. The holidays of art. 3 lid 1: Nieuwjaarsdag, tweede Paasdag, Hemelvaartsdag, tweede
Pinksterdag, both Christmas days, the day the King's birthday is celebrated (Koningsdag) and
5 May. (Goede Vrijdag is not one; days equated by an AMvB are not modelled.)

Each number is a setting per executing organisation (``LegalTerms``): a regulation may be
stricter. This module holds only the arithmetic."""

import datetime

from duoplus.core.workdays import next_working_day


def last_day(day: datetime.date, *, extend_to_working_day: bool = True) -> datetime.date:
    """The last day of a statutory term that would end on ``day``: the next working day
    when ``day`` is a Saturday, a Sunday or a generally recognised holiday (Atw art. 1)."""
    return next_working_day(day) if extend_to_working_day else day


def term_end(
    *, sent_on: datetime.date, weeks: int, extend_to_working_day: bool = True
) -> datetime.date:
    """The last day of a term of ``weeks`` weeks that starts the day after ``sent_on``
    (a term of weeks ends on the same weekday), extended by the Atw when it ends on a
    weekend day or holiday."""
    end = sent_on + datetime.timedelta(weeks=weeks)
    return last_day(end, extend_to_working_day=extend_to_working_day)


def ends_after_board(*, term_end: datetime.date, meeting: datetime.date | None) -> bool:
    """The term ends on or after the planned meeting of the algemeen bestuur: the
    zienswijzen cannot all be with the draft when the bestuur decides."""
    return meeting is not None and term_end >= meeting


def days_left(*, end: datetime.date, today: datetime.date) -> int:
    """Calendar days from ``today`` to ``end``: 0 on the last day, negative once it passed."""
    return (end - today).days


def before_date(*, year: int, month: int, day: int) -> datetime.date:
    """The last day that is still "before" the given date of ``year`` (vóór 15 april: 14 April)."""
    return datetime.date(year, month, day) - datetime.timedelta(days=1)
