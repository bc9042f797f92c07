"""Working days in the Netherlands: the holidays of the Algemene termijnenwet (art. 3 lid 1:
Nieuwjaarsdag, tweede Paasdag, Hemelvaartsdag, tweede Pinksterdag, both Christmas days,
Koningsdag and 5 May; Goede Vrijdag is not one; days equated by an AMvB are not modelled)
and the arithmetic on them. Used by the legal clock of the zienswijzen and by the closing
date of the technische vragen."""

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


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The working day ``count`` working days before ``day`` (``day`` itself not counted)."""
    while count > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def working_days_after(day: datetime.date, count: int) -> datetime.date:
    """The working day ``count`` working days after ``day`` (``day`` itself not counted)."""
    while count > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day
