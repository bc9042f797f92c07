"""What the portal accepts as a year, a date, an id and a one-line text: one place for the
bounds that keep input within what the database, the calendar and the iCalendar feed can
hold, so that too large a number or a stray control character is a Dutch refusal, never an
error page or a hung worker."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MIN_YEAR, MAX_YEAR = 2000, 2100
FIRST_DATE, LAST_DATE = datetime.date(MIN_YEAR, 1, 1), datetime.date(MAX_YEAR, 12, 31)
MAX_DIGITS = 18  # below 2**63 - 1, the largest bigint (and SQLite's INTEGER)

_YEAR = re.compile(r"^\s*([0-9]{4})\s*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def bounded_int(value) -> int | None:
    """A posted id or version: a whole number a database column can hold, or None."""
    text = str(value or "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > MAX_DIGITS:
        return None
    return int(text)


def year_or_none(value) -> int | None:
    """A year between MIN_YEAR and MAX_YEAR from four digits (or a whole number of a
    spreadsheet cell), else None. Never converts a long or exponent notation to a number
    first (``1e999999999`` would build a billion-digit integer)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        year = value
    elif isinstance(value, float):
        if not value.is_integer() or not MIN_YEAR <= value <= MAX_YEAR:
            return None
        year = int(value)
    else:
        match = _YEAR.match(str(value or "")[:20])
        if match is None:
            return None
        year = int(match.group(1))
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def check_date(value: datetime.date | None) -> None:
    """Refuse a date the calendar cannot plan (Dutch)."""
    if value is not None and not FIRST_DATE <= value <= LAST_DATE:
        raise ValidationError(
            _("Kies een datum tussen %(first)s en %(last)s.")
            % {"first": FIRST_DATE.strftime("%d-%m-%Y"), "last": LAST_DATE.strftime("%d-%m-%Y")},
            code="date_range",
        )


def one_line(value: str) -> str:
    """The text on one line: control characters and line breaks become spaces (a mail
    header, a file name)."""
    return " ".join(_CONTROL.sub(" ", value or "").split())


def validate_single_line(value: str) -> None:
    """A title, name or code: one line, without tabs, line breaks or control characters."""
    if _CONTROL.search(value or ""):
        raise ValidationError(
            _("Gebruik één regel, zonder tabs, regeleinden of andere stuurtekens."),
            code="single_line",
        )
