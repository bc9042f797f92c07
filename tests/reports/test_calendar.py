"""The P&C calendar: a year of rounds opened, chased and closed by beat, with the clock
driven day by day (time-machine), and the personal iCalendar feed."""

import datetime
import re
from collections import Counter, defaultdict
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from reports.core.models import Report, ReportStatus
from reports.planning import chasing, cycle
from reports.planning import periodic as planning_periodic
from reports.planning import selectors as planning_selectors
from reports.planning import services as planning_services
from reports.planning.models import ReportingRound, RoundNotice
from reports.writing import services
from reports.writing.models import EntryReminder, EntryState, ProgressEntry

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
FULL = {
    "progress": "Gedaan.",
    "costs": "Binnen budget.",
    "status": "on_track",
    "budget_status": "on_track",
}


def at(day, hour=7, minute=15):
    """``day`` at a local (Europe/Amsterdam) hour, as the beat would fire."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=AMS)


def days(start, end):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def beat(moment):
    """One beat run of the calendar task at ``moment`` (the clock stands still)."""
    with time_machine.travel(moment, tick=False):
        return planning_periodic.run_calendar.apply().get()


def make_calendar(world, year=2027):
    return planning_services.generate_year(
        organisation=world.executing, year=year, user=world.coordinator
    )


def write(world, user, report, programme, text, ready=False):
    entry = ProgressEntry.objects.get(report=report, programme=programme)
    data = {**FULL, "progress": text}
    return services.save_entry(
        entry=entry, user=user, data=data, version=entry.version, ready=ready
    )


def test_default_cycle_for_a_first_year(world):
    rounds = make_calendar(world)
    assert [r.title for r in rounds] == [
        "Jaarstukken 2026",
        "Begroting 2028",
        "Eerste voortgangsrapportage 2027",
        "Tweede voortgangsrapportage 2027",
    ]
    first = rounds[2]
    assert (first.period_start, first.period_end) == (
        datetime.date(2027, 1, 1),
        datetime.date(2027, 4, 30),
    )
    assert rounds[3].period_end == datetime.date(2027, 8, 31)
    assert rounds[0].period_start == datetime.date(2026, 1, 1)
    for item in rounds:
        dates = [getattr(item, name) for name in cycle.DATE_FIELDS if getattr(item, name)]
        assert dates == sorted(dates), item
        assert all(d.weekday() < 5 for d in dates), f"{item} has a date in a weekend"
        assert set(item.programmes.all()) == {world.p1, world.p2}
        assert set(item.recipients.all()) == {world.noord, world.zuid}
    # 1 May 2027 is a Saturday: the opening moves to Monday 3 May.
    assert first.opens_on == datetime.date(2027, 5, 3)


def test_next_year_is_made_from_this_year(world):
    rounds = make_calendar(world, 2027)
    first = rounds[2]
    first.title = "1e Voortgangsrapportage 2027 (januari t/m april)"
    first.entries_due = datetime.date(2027, 5, 14)
    first.save()
    first.programmes.set([world.p1])
    # A programme that is no longer active is not planned again.
    world.p2.is_active = False
    world.p2.save()
    rounds_2028 = make_calendar(world, 2028)
    titles = [r.title for r in rounds_2028]
    assert "1e Voortgangsrapportage 2028 (januari t/m april)" in titles
    assert "Begroting 2029" in titles and "Jaarstukken 2027" in titles
    moved = next(r for r in rounds_2028 if r.title.startswith("1e"))
    # 14 May 2028 is a Sunday: Monday 15 May.
    assert moved.entries_due == datetime.date(2028, 5, 15)
    assert moved.period_start == datetime.date(2028, 1, 1)
    assert set(moved.programmes.all()) == {world.p1}
    # Generating twice makes nothing twice.
    with pytest.raises(ValidationError, match="al een kalender"):
        make_calendar(world, 2028)
    assert ReportingRound.objects.filter(year=2028).count() == 4


def test_only_a_coordinator_plans(world):
    from django.core.exceptions import PermissionDenied

    for user in (world.editor, world.board_exec, world.council_noord):
        with pytest.raises(PermissionDenied):
            planning_services.generate_year(organisation=world.executing, year=2027, user=user)
    assert not ReportingRound.objects.exists()


def test_a_year_of_beats(world, django_capture_on_commit_callbacks, settings):
    """The clock runs through 2027, the beat fires every morning at 07:15 and again an hour
    later (a restarted beat), and on the two daylight-saving nights every hour. Rounds open
    on their date, exactly once; entries start from the previous round; reminders reach
    exactly the editors whose entry is not ready; the coordinator gets one overview after
    each deadline and one warning before each board meeting of an unsubmitted report."""
    settings.ENTRY_REMINDER_DAYS_BEFORE = 3
    settings.CALENDAR_BOARD_WARNING_DAYS = 5
    # The text of the world's 2022 report is what the first round of 2027 starts from.
    rounds = {r.title: r for r in make_calendar(world)}
    annual = rounds["Jaarstukken 2026"]
    budget = rounds["Begroting 2028"]
    first = rounds["Eerste voortgangsrapportage 2027"]
    second = rounds["Tweede voortgangsrapportage 2027"]
    # Both rounds of the progress reports run on their own; the budget and annual ones
    # include Inkoop only.
    annual.programmes.set([world.p1])
    budget.programmes.set([world.p1])

    opened_on = {}
    mails_on = defaultdict(list)
    dst_nights = {datetime.date(2027, 3, 28), datetime.date(2027, 10, 31)}
    for day in days(datetime.date(2027, 1, 1), datetime.date(2027, 12, 31)):
        moments = [at(day), at(day, 8, 15)]
        if day in dst_nights:
            # Every hour of the night in UTC: 02:00-03:00 local does not exist in March and
            # happens twice in October.
            midnight = datetime.datetime(day.year, day.month, day.day, tzinfo=AMS)
            moments += [
                midnight.astimezone(datetime.UTC) + datetime.timedelta(hours=h) for h in range(0, 6)
            ]
        before = len(mail.outbox)
        for moment in moments:
            with django_capture_on_commit_callbacks(execute=True):
                beat(moment)
        mails_on[day] += mail.outbox[before:]
        for item in ReportingRound.objects.filter(report__isnull=False):
            opened_on.setdefault(item.pk, day)

        # People at work: in the annual round Inkoop's editor writes and hands in at once;
        # in the first progress report Inkoop is ready early, Governance never.
        if day == annual.opens_on:
            report = Report.objects.get(reporting_round=annual)
            write(world, world.editor, report, world.p1, "Jaarverslag inkoop.", ready=True)
        if day == first.opens_on + datetime.timedelta(days=2):
            report = Report.objects.get(reporting_round=first)
            write(world, world.editor, report, world.p1, "Inkoop tot en met april.", ready=True)
        if day == first.board_meeting:
            Report.objects.filter(reporting_round=first).update(status=ReportStatus.SUBMITTED)
        if day == budget.board_meeting - datetime.timedelta(days=10):
            # Submitted well before its board meeting: no warning.
            Report.objects.filter(reporting_round=budget).update(status=ReportStatus.SUBMITTED)

    # Every round opened on its day, and has exactly one report.
    for item in (annual, budget, first, second):
        assert opened_on[item.pk] == item.opens_on, item
        assert Report.objects.filter(reporting_round=item).count() == 1
    assert Report.objects.filter(reporting_round__isnull=False).count() == 4

    # Entries start from the same programme's entry in the previous report.
    def texts(item):
        report = Report.objects.get(reporting_round=item)
        return dict(report.entries.values_list("programme__slug", "progress"))

    assert texts(annual) == {"inkoop": "Jaarverslag inkoop."}  # written after opening
    assert texts(first) == {
        "inkoop": "Inkoop tot en met april.",
        "governance": "Tekst over governance.",
    }
    # The second progress report (January to August) starts from the first (to April).
    assert texts(second) == {
        "inkoop": "Inkoop tot en met april.",
        "governance": "Tekst over governance.",
    }
    second_report = Report.objects.get(reporting_round=second)
    assert second_report.deadline == second.entries_due
    assert set(second_report.entries.values_list("state", flat=True)) == {EntryState.NOT_STARTED}

    # Opening: each editor heard once per round, about their own programme.
    opened = [m for m in mail.outbox if m.subject.startswith("Geopend:")]
    assert Counter((m.to[0], m.subject.split(" – ")[0]) for m in opened) == Counter(
        {
            ("editor@example.invalid", "Geopend: Jaarstukken 2026"): 1,
            ("editor@example.invalid", "Geopend: Begroting 2028"): 1,
            ("editor@example.invalid", "Geopend: Eerste voortgangsrapportage 2027"): 1,
            ("editor2@example.invalid", "Geopend: Eerste voortgangsrapportage 2027"): 1,
            ("editor@example.invalid", "Geopend: Tweede voortgangsrapportage 2027"): 1,
            ("editor2@example.invalid", "Geopend: Tweede voortgangsrapportage 2027"): 1,
        }
    )
    first_report = Report.objects.get(reporting_round=first)
    opening = next(m for m in mails_on[first.opens_on] if m.to == ["editor2@example.invalid"])
    entry2 = first_report.entries.get(programme=world.p2)
    assert "Governance" in opening.body and "Inkoop" not in opening.body
    assert entry2.get_absolute_url() in opening.body

    # Reminders: ENTRY_REMINDER_DAYS_BEFORE days before each deadline, once, to exactly the
    # editors whose entry was not ready.
    reminded = {
        (r.entry.report.reporting_round.pk, r.recipient.username)
        for r in EntryReminder.objects.select_related("entry__report", "recipient")
    }
    assert reminded == {
        (budget.pk, "editor"),  # Inkoop in the budget round was never handed in
        (first.pk, "editor2"),  # Governance, not Inkoop (ready early)
        (second.pk, "editor"),
        (second.pk, "editor2"),
    }
    assert EntryReminder.objects.count() == 4
    for item in (budget, first, second):
        remind_day = item.entries_due - datetime.timedelta(days=3)
        assert any(m.subject.startswith("Herinnering") for m in mails_on[remind_day]), item
        earlier = [
            m
            for d, ms in mails_on.items()
            if d < remind_day
            for m in ms
            if m.subject.startswith("Herinnering") and item.title in m.body
        ]
        assert not earlier

    # The overview after each deadline of a report still in concept, to the coordinator only.
    overdue = RoundNotice.objects.filter(kind="overdue")
    assert sorted(n.report.reporting_round.pk for n in overdue) == sorted(
        [annual.pk, budget.pk, first.pk, second.pk]
    )
    assert {n.recipient for n in overdue} == {world.coordinator}
    summary = next(
        m
        for m in mails_on[first.entries_due + datetime.timedelta(days=1)]
        if m.to == ["coord@example.invalid"]
    )
    assert "Governance" in summary.body and "Inkoop" not in summary.body
    assert entry2.get_absolute_url() in summary.body
    assert world.other_editor.get_full_name() in summary.body  # who is responsible
    assert summary.subject == (
        "Inleverdatum verstreken: 1 tekst van de Eerste voortgangsrapportage 2027 is nog niet klaar"
    )
    # The annual round's only entry was ready: the overview says there is nothing missing.
    annual_summary = next(
        m
        for m in mail.outbox
        if m.subject.startswith("Inleverdatum verstreken") and "Jaarstukken" in m.subject
    )
    assert "Alle teksten zijn klaar" in annual_summary.body

    # Warnings CALENDAR_BOARD_WARNING_DAYS before the board meeting of a report still in
    # concept: the first progress report was submitted only on the day of its meeting, so it
    # was warned; the budget was submitted ten days before, so it was not.
    warned = {
        n.report.reporting_round.pk: n.created_at.astimezone(AMS).date()
        for n in RoundNotice.objects.filter(kind="board_warning")
    }
    assert set(warned) == {annual.pk, first.pk, second.pk}
    for pk, day in warned.items():
        meeting = ReportingRound.objects.get(pk=pk).board_meeting
        assert day == meeting - datetime.timedelta(days=5)
    warning = next(
        m for m in mail.outbox if m.subject.startswith("Let op:") and "Tweede" in m.subject
    )
    assert "Governance" in warning.body and "Inkoop" in warning.body
    assert "brief aan de raden" in warning.body

    # Nothing was sent twice, whatever the double beats and the daylight-saving nights did.
    keys = Counter((tuple(m.to), m.subject) for m in mail.outbox)
    assert max(keys.values()) == 1, [k for k, n in keys.items() if n > 1]


def test_the_day_is_the_local_day(world, django_capture_on_commit_callbacks):
    """At 22:30 UTC on 2 May 2027 it is 00:30 on 3 May in Amsterdam: the round that opens on
    3 May opens then (the service works in local dates), not an hour or a day off."""
    rounds = {r.title: r for r in make_calendar(world)}
    first = rounds["Eerste voortgangsrapportage 2027"]
    ReportingRound.objects.exclude(pk=first.pk).delete()
    planned = Report.objects.filter(reporting_round__isnull=False)
    for moment, opened in (
        (datetime.datetime(2027, 5, 2, 21, 30, tzinfo=datetime.UTC), False),  # 23:30, 2 May
        (datetime.datetime(2027, 5, 2, 22, 30, tzinfo=datetime.UTC), True),  # 00:30, 3 May
    ):
        with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks():
            chasing.run_calendar()
        assert planned.exists() == opened
    assert planned.get().reporting_round == first


def test_no_messages_in_the_night(world, django_capture_on_commit_callbacks, settings):
    """The hourly beat does its work from CALENDAR_HOUR local time on, not at 00:15."""
    settings.CALENDAR_HOUR = 7
    first = make_calendar(world)[2]
    with django_capture_on_commit_callbacks(execute=True):
        assert beat(at(first.opens_on, 6, 15)) is None
    assert not Report.objects.filter(reporting_round=first).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert beat(at(first.opens_on, 7, 15))["opened"] == 1
    assert len(mail.outbox) == 2


def test_beat_firings_through_daylight_saving(world, django_capture_on_commit_callbacks):
    """Beat's own crontab arithmetic drives the clock through the weeks summer time starts
    and ends: every local day gets exactly one working run, at 07:15 local, and a round
    opening on the day of the change opens that day, once."""
    from django.conf import settings

    from duoplus.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["pc-calendar"]["schedule"]
    schedule = entry.__class__(minute=entry._orig_minute, hour=entry._orig_hour, app=app)
    for change in (datetime.date(2027, 3, 28), datetime.date(2027, 10, 31)):
        item = ReportingRound.objects.create(
            organisation=world.executing,
            year=2027,
            title=f"Ronde {change}",
            kind="progress",
            period_start=datetime.date(2027, 1, 1),
            period_end=change,
            opens_on=change,
            entries_due=change + datetime.timedelta(days=14),
            review_due=change + datetime.timedelta(days=20),
            board_meeting=change + datetime.timedelta(days=30),
            dispatch_on=change + datetime.timedelta(days=40),
        )
        item.programmes.set([world.p1])
        worked = defaultdict(list)
        # As celery beat does: ask the schedule whether the task is due (and when to look
        # again, at most every 5 minutes), run it when it is, and remember when it ran.
        last = at(change - datetime.timedelta(days=3), 0, 15).astimezone(datetime.UTC)
        moment = last
        while moment < at(change + datetime.timedelta(days=4), 0, 0):
            with time_machine.travel(moment, tick=False):
                due, wait = schedule.is_due(last.astimezone(AMS))
            if due:
                last = moment
                local = moment.astimezone(AMS)
                with django_capture_on_commit_callbacks(execute=True):
                    if beat(moment) is not None:
                        worked[local.date()].append(local.time())
            moment += datetime.timedelta(seconds=min(max(wait, 1), 300))
        for day, times in worked.items():
            assert times[0] == datetime.time(7, 15), (day, times)
        assert len(worked) == 7
        report = Report.objects.get(reporting_round=item)
        assert report.created_at.astimezone(AMS).date() == change
        opened = RoundNotice.objects.filter(report=report, kind="opened")
        assert opened.count() == 1


def test_opening_twice_makes_one_report(world, django_capture_on_commit_callbacks):
    item = make_calendar(world)[2]
    with django_capture_on_commit_callbacks(execute=True):
        report, created = planning_services.open_round(item=item)
        again, created_again = planning_services.open_round(item=item)
    assert created and not created_again and again == report
    assert Report.objects.filter(reporting_round=item).count() == 1
    assert RoundNotice.objects.filter(kind="opened").count() == 2  # two editors, once each


def test_a_moved_deadline_moves_the_report_and_the_reminders(world):
    item = make_calendar(world)[2]
    report, _created = planning_services.open_round(item=item)
    values = {name: getattr(item, name) for name in cycle.DATE_FIELDS}
    values["entries_due"] = item.entries_due + datetime.timedelta(days=2)
    planning_services.save_round(
        user=world.coordinator, values=values, programmes=[], recipients=[], instance=item
    )
    report.refresh_from_db()
    assert report.deadline == values["entries_due"]
    # Programmes and recipients of an open round stay as they were.
    assert set(ReportingRound.objects.get(pk=item.pk).programmes.all()) == {world.p1, world.p2}


def test_dates_out_of_order_are_refused_in_dutch(world):
    item = make_calendar(world)[2]
    values = {name: getattr(item, name) for name in cycle.DATE_FIELDS}
    values["board_meeting"] = item.opens_on - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        planning_services.save_round(
            user=world.coordinator, values=values, programmes=[], recipients=[], instance=item
        )
    assert (
        "De datum ‘Directieberaad’ kan niet vóór de datum ‘Beoordeling coördinator’ liggen."
        in str(info.value)
    )
    assert ReportingRound.objects.get(pk=item.pk).board_meeting != values["board_meeting"]


# -- pages ------------------------------------------------------------------------------------


def test_calendar_page_shows_where_each_round_stands(world, client):
    rounds = make_calendar(world)
    with time_machine.travel(at(rounds[2].opens_on), tick=False):
        chasing.run_calendar()
        report = Report.objects.get(reporting_round=rounds[2])
        write(world, world.editor, report, world.p1, "Klaar.", ready=True)
        client.force_login(world.editor)
        page = client.get(reverse("calendar", args=[2027])).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Open — 1 van 2 teksten klaar" in text
    assert "Nog niet geopend" in text  # the second progress report
    assert (
        "Niet geopend – openingsdatum verstreken" in text
    )  # January's rounds were planned after the fact
    assert "Teksten inleveren" in text
    # An editor sees the calendar but cannot plan.
    assert reverse("round_edit", args=[rounds[2].pk]) not in page
    client.force_login(world.coordinator)
    page = client.get(reverse("calendar", args=[2027])).content.decode()
    assert reverse("round_edit", args=[rounds[2].pk]) in page
    assert reverse("round_open", args=[rounds[3].pk]) in page
    # The opened round offers no second opening.
    assert reverse("round_open", args=[rounds[2].pk]) not in page


def test_calendar_page_queries_do_not_grow(world, client, django_assert_max_num_queries):
    client.force_login(world.coordinator)
    make_calendar(world, 2027)
    for item in ReportingRound.objects.all():
        planning_services.open_round(item=item)
    url = reverse("calendar", args=[2027])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(12):
        extra = ReportingRound.objects.create(
            organisation=world.executing,
            year=2027,
            title=f"Extra {n}",
            kind="progress",
            period_start=datetime.date(2027, 1, 1),
            period_end=datetime.date(2027, 6, 30),
            opens_on=datetime.date(2027, 7, 1),
            entries_due=datetime.date(2027, 7, 10),
            review_due=datetime.date(2027, 7, 15),
            board_meeting=datetime.date(2027, 7, 20),
            dispatch_on=datetime.date(2027, 7, 30),
        )
        extra.programmes.set([world.p1, world.p2])
        planning_services.open_round(item=extra)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).content.decode().count("round-item") == 16


def test_council_members_have_no_calendar(world, client):
    client.force_login(world.council_noord)
    assert client.get(reverse("calendar", args=[2027])).status_code == 404
    assert client.get(reverse("calendar_today")).status_code == 404


def test_round_form_keeps_input_and_says_what_is_wrong(world, client):
    client.force_login(world.coordinator)
    data = {
        "organisation": world.executing.pk,
        "title": "Extra rapportage zomer",
        "kind": "progress",
        "purpose": "information",
        "period_start": "2027-01-01",
        "period_end": "2027-06-30",
        "programmes": [world.p1.pk],
        "recipients": [world.noord.pk],
        "opens_on": "2027-07-05",
        "entries_due": "2027-07-01",
        "review_due": "2027-07-20",
        "board_meeting": "2027-07-27",
        "dispatch_on": "2027-08-02",
    }
    response = client.post(reverse("round_new", args=[2027]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "De datum ‘Teksten inleveren’ kan niet vóór de datum ‘Rapportage opent’ liggen." in page
    assert 'value="Extra rapportage zomer"' in page
    assert not ReportingRound.objects.exists()
    data["entries_due"] = "2027-07-12"
    response = client.post(reverse("round_new", args=[2027]), data)
    assert response.status_code == 302
    item = ReportingRound.objects.get()
    assert item.year == 2027 and list(item.programmes.all()) == [world.p1]


def test_open_now_by_hand(world, client, django_capture_on_commit_callbacks):
    item = make_calendar(world)[0]
    client.force_login(world.coordinator)
    question = client.post(reverse("round_open", args=[item.pk]))
    assert "nu openen?" in question.content.decode() and "Inkoop" in question.content.decode()
    assert not Report.objects.filter(reporting_round=item).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("round_open", args=[item.pk]), {"bevestigd": "1"})
    report = Report.objects.get(reporting_round=item)
    assert response["Location"] == report.get_absolute_url()
    response = client.post(reverse("round_open", args=[item.pk]), follow=True)
    assert "al geopend" in response.content.decode()
    assert Report.objects.filter(reporting_round=item).count() == 1
    # An opened round cannot be deleted.
    response = client.post(reverse("round_delete", args=[item.pk]), follow=True)
    assert "Verwijderen kan niet meer" in response.content.decode()
    assert ReportingRound.objects.filter(pk=item.pk).exists()


# -- the iCalendar feed -------------------------------------------------------------------------


def _new_feed(client, user):
    client.force_login(user)
    response = client.post(reverse("calendar_feed_manage"), {"action": "new", "year": "2027"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    url = re.search(r'id="agenda-link" readonly value="([^"]+)"', page).group(1)
    # Shown once only.
    assert "agenda-link" not in client.get(response["Location"]).content.decode()
    client.logout()
    return urlsplit(url).path


def test_feed_parses_and_holds_every_deadline(world, client):
    rounds = make_calendar(world, 2027)
    path = _new_feed(client, world.editor)
    with time_machine.travel(at(datetime.date(2027, 2, 1)), tick=False):
        response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = list(cal.walk("VEVENT"))
    expected = {
        (f"{label}: {item.title}", getattr(item, name))
        for item in rounds
        for name, label in cycle.MILESTONES
        if getattr(item, name)
    } | {
        (f"{deadline.label}: {item.title}", deadline.date)
        for item in rounds
        for deadline in planning_selectors.legal_deadlines(item=item).deadlines
    }
    # The default cycle's jaarstukken and begroting carry their legal deadlines.
    assert any(summary.startswith("Begroting uiterlijk bij GS") for summary, _day in expected)
    got = {(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events}
    assert got == expected
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert all(isinstance(e.decoded("DTSTART"), datetime.date) for e in events)
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Amsterdam"


def test_feed_token_can_be_revoked_and_replaced(world, client):
    make_calendar(world, 2027)
    old = _new_feed(client, world.coordinator)
    assert client.get(old).status_code == 200
    new = _new_feed(client, world.coordinator)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    client.force_login(world.coordinator)
    client.post(reverse("calendar_feed_manage"), {"action": "revoke"})
    client.logout()
    assert client.get(new).status_code == 404
    assert client.get(reverse("calendar_feed", args=["verzonnen"])).status_code == 404


def test_feed_of_someone_who_left_stops(world, client):
    make_calendar(world, 2027)
    path = _new_feed(client, world.editor)
    world.editor.is_active = False
    world.editor.save()
    assert client.get(path).status_code == 404


def test_feed_shows_a_board_member_of_a_municipality_the_rounds_for_their_council(world, client):
    rounds = make_calendar(world, 2027)
    rounds[0].recipients.set([world.zuid])
    path = _new_feed(client, world.board_noord)
    cal = Calendar.from_ical(client.get(path).content)
    titles = {str(e["SUMMARY"]).split(": ", 1)[1] for e in cal.walk("VEVENT")}
    assert rounds[0].title not in titles and rounds[1].title in titles


def test_year_links_do_not_run_on_forever(world, client):
    """Last, this and next year, and years that have rounds: no endless chain of empty
    years to click (or crawl) through."""
    make_calendar(world, 2031)
    with time_machine.travel(at(datetime.date(2027, 6, 1)), tick=False):
        client.force_login(world.editor)
        this = client.get(reverse("calendar", args=[2027])).content.decode()
        nxt = client.get(reverse("calendar", args=[2028])).content.decode()
        far = client.get(reverse("calendar", args=[2030])).content.decode()
    assert reverse("calendar", args=[2026]) in this and reverse("calendar", args=[2028]) in this
    assert reverse("calendar", args=[2027]) in nxt and reverse("calendar", args=[2029]) not in nxt
    assert reverse("calendar", args=[2031]) in far  # it has rounds


def test_a_new_round_starts_with_every_programme_and_council(world, client):
    client.force_login(world.coordinator)
    page = client.get(reverse("round_new", args=[2027])).content.decode()
    for name, obj in (
        ("programmes", world.p1),
        ("programmes", world.p2),
        ("recipients", world.noord),
    ):
        assert re.search(rf'name="{name}" value="{obj.pk}"[^>]*checked', page), (name, obj)
