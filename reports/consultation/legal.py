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
import functools


def easter_sunday(year: int) -> datetime.date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def kings_day(year: int) -> datetime.date:
    """27 April, or 26 April when the 27th is a Sunday (Wet van 2013, Koningsdag)."""
    day = datetime.date(year, 4, 27)
    return day - datetime.timedelta(days=1) if day.weekday() == 6 else day


@functools.lru_cache(maxsize=256)
def holidays(year: int) -> frozenset[datetime.date]:
    """The generally recognised holidays of Atw art. 3 lid 1 in ``year``."""
    easter = easter_sunday(year)
    day = datetime.timedelta(days=1)
    return frozenset(
        {
            datetime.date(year, 1, 1),  # Nieuwjaarsdag
            easter + day,  # tweede Paasdag
            easter + 39 * day,  # Hemelvaartsdag
            easter + 50 * day,  # tweede Pinksterdag
            kings_day(year),
            datetime.date(year, 5, 5),
            datetime.date(year, 12, 25),
            datetime.date(year, 12, 26),
        }
    )


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def next_working_day(day: datetime.date) -> datetime.date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def term_end(
    *, sent_on: datetime.date, weeks: int, extend_to_working_day: bool = True
) -> datetime.date:
    """The last day of a term of ``weeks`` weeks that starts the day after ``sent_on``
    (a term of weeks ends on the same weekday), extended by the Atw when it ends on a
    weekend day or holiday."""
    end = sent_on + datetime.timedelta(weeks=weeks)
    return next_working_day(end) if extend_to_working_day else end


def days_left(*, end: datetime.date, today: datetime.date) -> int:
    """Calendar days from ``today`` to ``end``: 0 on the last day, negative once it passed."""
    return (end - today).days


def before_date(*, year: int, month: int, day: int) -> datetime.date:
    """The last day that is still "before" the given date of ``year`` (vóór 15 april: 14 April)."""
    return datetime.date(year, month, day) - datetime.timedelta(days=1)
