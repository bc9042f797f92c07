"""The legal clock: terms of weeks, extended by the Algemene termijnenwet over weekends and
the holidays of its art. 3, across year ends and daylight saving, and against the settings."""

import datetime
import zoneinfo

import pytest

from duoplus.core import workdays
from reports.consultation import legal
from reports.consultation.models import LegalTerms

D = datetime.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, D(2024, 3, 31)), (2025, D(2025, 4, 20)), (2026, D(2026, 4, 5)), (2027, D(2027, 3, 28))],
)
def test_easter(year, easter):
    assert workdays.easter_sunday(year) == easter


def test_the_holidays_of_the_termijnenwet_2026():
    assert sorted(workdays.holidays(2026)) == [
        D(2026, 1, 1),  # Nieuwjaarsdag
        D(2026, 4, 6),  # tweede Paasdag
        D(2026, 4, 27),  # Koningsdag
        D(2026, 5, 5),
        D(2026, 5, 14),  # Hemelvaartsdag
        D(2026, 5, 25),  # tweede Pinksterdag
        D(2026, 12, 25),
        D(2026, 12, 26),
    ]
    assert workdays.is_working_day(D(2026, 4, 3))  # Goede Vrijdag is no Atw holiday


def test_kings_day_moves_to_saturday_when_the_27th_is_a_sunday():
    assert workdays.kings_day(2025) == D(2025, 4, 26)
    assert workdays.kings_day(2026) == D(2026, 4, 27)


def test_twelve_weeks_end_on_the_same_weekday():
    assert legal.term_end(sent_on=D(2026, 3, 2), weeks=12) == D(2026, 5, 25) + datetime.timedelta(
        days=1
    )  # 25 May 2026 is tweede Pinksterdag: Tuesday 26 May


def test_a_term_ending_on_a_weekend_runs_to_monday():
    # Sent on Saturday 7 February 2026: twelve weeks end on Saturday 2 May.
    assert legal.term_end(sent_on=D(2026, 2, 7), weeks=12) == D(2026, 5, 4)
    assert legal.term_end(sent_on=D(2026, 2, 7), weeks=12, extend_to_working_day=False) == D(
        2026, 5, 2
    )


def test_a_term_over_the_year_end_skips_christmas_and_new_year():
    # Sent Friday 3 October 2025: twelve weeks end Friday 26 December (tweede Kerstdag), the
    # weekend follows: Monday 29 December.
    assert legal.term_end(sent_on=D(2025, 10, 3), weeks=12) == D(2025, 12, 29)
    # Ending on 1 January 2027 (Friday, Nieuwjaarsdag): Monday 4 January.
    assert legal.term_end(sent_on=D(2026, 10, 9), weeks=12) == D(2027, 1, 4)


def test_a_term_over_easter_and_kings_day_and_5_may():
    # Sent 2 February 2027 (Tuesday) → 27 April 2027 is Koningsdag (Tuesday) → Wednesday 28.
    assert legal.term_end(sent_on=D(2027, 2, 2), weeks=12) == D(2027, 4, 28)
    # Sent 10 February 2026 (Tuesday) → 5 May 2026 (Tuesday) → Wednesday 6 May.
    assert legal.term_end(sent_on=D(2026, 2, 10), weeks=12) == D(2026, 5, 6)


def test_days_left_across_daylight_saving():
    """Dates, not hours: the night summer time starts (29 March 2026) costs no day."""
    amsterdam = zoneinfo.ZoneInfo("Europe/Amsterdam")
    end = D(2026, 3, 30)
    before = datetime.datetime(2026, 3, 28, 23, 30, tzinfo=amsterdam)
    assert legal.days_left(end=end, today=before.date()) == 2
    after = datetime.datetime(2026, 3, 29, 3, 30, tzinfo=amsterdam)
    assert legal.days_left(end=end, today=after.date()) == 1
    assert legal.days_left(end=end, today=end) == 0
    assert legal.days_left(end=end, today=end + datetime.timedelta(days=1)) == -1


def test_settings_change_the_arithmetic():
    terms = LegalTerms(consultation_weeks=8, extend_to_working_day=False, reminder_days="3,14,3")
    assert terms.term_end(D(2026, 2, 7)) == D(2026, 4, 4)  # a Saturday, not extended
    assert terms.reminders == [14, 3]
    default = LegalTerms()
    assert default.consultation_weeks == 12
    assert default.term_end(D(2026, 2, 7)) == D(2026, 5, 4)
    assert (default.framework_month, default.framework_day) == (4, 15)
    assert legal.before_date(year=2026, month=4, day=15) == D(2026, 4, 14)


def test_working_days_before_skip_weekends_and_holidays():
    # Back from Tuesday 28 April 2026: Koningsdag (27th) and the weekend do not count.
    assert workdays.working_days_before(D(2026, 4, 28), 3) == D(2026, 4, 22)
    assert workdays.working_days_before(D(2026, 1, 5), 1) == D(2026, 1, 2)  # past New Year
    assert workdays.working_days_before(D(2026, 1, 5), 0) == D(2026, 1, 5)
