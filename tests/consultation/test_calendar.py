"""The legal deadlines on the P&C calendar (Wgr art. 34, 34a, 34b, 35), the warnings when
planned dates break them, and the terms in the agenda feeds of the griffie and the council
members."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from reports.consultation import deadlines
from reports.consultation.models import LegalTerms

pytestmark = pytest.mark.django_db
D = datetime.date


def _round(**kwargs):
    base = {
        "terms": LegalTerms(),
        "kind": "budget",
        "purpose": "consultation",
        "period_start": D(2027, 1, 1),
        "period_end": D(2027, 12, 31),
        "dispatch_on": D(2026, 4, 14),
        "governing_board_meeting": D(2026, 7, 2),
    }
    base.update(kwargs)
    return deadlines.for_round(**base)


def test_a_begroting_ter_zienswijze_has_its_term_and_the_gs_date():
    result = _round()
    got = {d.name: d.date for d in result.deadlines}
    # 12 weeks from Tuesday 14 April 2026 is Tuesday 7 July 2026; GS before 1 August 2026.
    assert got == {"term": D(2026, 7, 7), "gs": D(2026, 7, 31)}
    assert len(result.warnings) == 1
    assert "07-07-2026" in result.warnings[0] and "02-07-2026" in result.warnings[0]
    assert _round(governing_board_meeting=D(2026, 7, 9)).warnings == []
    late = _round(governing_board_meeting=D(2026, 8, 3)).warnings
    assert any("te laat bij Gedeputeerde Staten" in w for w in late)
    assert any("Plan het bestuur" in w for w in _round(governing_board_meeting=None).warnings)


def test_the_settings_change_the_deadlines():
    stricter = LegalTerms(consultation_weeks=8, budget_gs_month=7, budget_gs_day=15)
    got = {d.name: d.date for d in _round(terms=stricter).deadlines}
    assert got == {"term": D(2026, 6, 9), "gs": D(2026, 7, 14)}
    # Budget changes are consulted unless the regulation excludes them (Wgr art. 35 lid 5).
    change = _round(kind="budget_change", period_start=D(2026, 1, 1), period_end=D(2026, 12, 31))
    assert [d.name for d in change.deadlines] == ["term"]
    excluded = LegalTerms(budget_changes_consulted=False)
    assert _round(terms=excluded, kind="budget_change").deadlines == []


def test_kaderbrief_and_jaarstukken_go_to_the_councils_before_15_april():
    kader = _round(kind="framework", purpose="information", dispatch_on=D(2026, 4, 20))
    assert [(d.name, d.date) for d in kader.deadlines] == [("councils", D(2026, 4, 14))]
    assert "20-04-2026" in kader.warnings[0]
    annual = _round(
        kind="annual",
        purpose="decision",
        period_start=D(2025, 1, 1),
        period_end=D(2025, 12, 31),
        dispatch_on=D(2026, 4, 1),
        governing_board_meeting=D(2026, 7, 16),
    )
    assert {d.name: d.date for d in annual.deadlines} == {
        "councils": D(2026, 4, 14),
        "gs": D(2026, 7, 14),
    }
    assert len(annual.warnings) == 1 and "jaarrekening te laat" in annual.warnings[0]


def test_the_calendar_shows_the_legal_deadlines_and_warns(world, client):
    from reports.planning import services as planning_services

    rounds = planning_services.generate_year(
        organisation=world.executing, year=2026, user=world.coordinator
    )
    budget = next(r for r in rounds if r.kind == "budget")
    budget.purpose = "consultation"
    budget.governing_board_meeting = budget.dispatch_on + datetime.timedelta(days=30)
    budget.save()
    client.force_login(world.coordinator)
    page = client.get(reverse("calendar", args=[2026])).content.decode()
    item = page[page.index(f'id="ronde-{budget.pk}"') :].split('<li class="round-item', 1)[0]
    assert "Einde termijn zienswijzen" in item and "Begroting uiterlijk bij GS" in item
    assert "Let op, wettelijke termijn:" in item
    # 2027: the begroting 2028 must be with GS before 1 August, and 31 July is a Saturday.
    later = planning_services.generate_year(
        organisation=world.executing, year=2027, user=world.coordinator
    )
    budget = next(r for r in later if r.kind == "budget")
    page = client.get(reverse("calendar", args=[2027])).content.decode()
    item = page[page.index(f'id="ronde-{budget.pk}"') :].split('<li class="round-item', 1)[0]
    gs = item[item.index("Begroting uiterlijk bij GS") :].split("</li>", 1)[0]
    assert '<time datetime="2027-08-02">' in gs and "(Atw: za 31 jul is geen werkdag)" in gs


def _feed_path(client, user):
    client.force_login(user)
    response = client.post(reverse("calendar_feed_manage"), {"action": "new"})
    page = client.get(response["Location"]).content.decode()
    url = re.search(r'id="agenda-link" readonly value="([^"]+)"', page).group(1)
    client.logout()
    return urlsplit(url).path


def test_the_griffie_and_council_members_get_the_terms_in_their_feed(sent, client):
    w = sent
    c = w.consultation
    for user in (w.clerk_noord, w.council_zuid):
        path = _feed_path(client, user)
        with time_machine.travel(datetime.datetime(2026, 3, 1, 10, 0), tick=False):
            response = client.get(path)
        events = {
            str(e["SUMMARY"]): e.decoded("DTSTART")
            for e in Calendar.from_ical(response.content).walk("VEVENT")
        }
        assert events == {"Einde termijn zienswijze: Ontwerpbegroting 2027": c.term_end}
    # A griffie of a council the report did not go to gets nothing of it.
    w.approved.recipients.set([w.noord])
    path = _feed_path(client, w.clerk_zuid)
    with time_machine.travel(datetime.datetime(2026, 3, 1, 10, 0), tick=False):
        assert b"VEVENT" not in client.get(path).content


def test_a_legal_deadline_on_a_saturday_moves_to_monday_with_the_rule_named():
    # Before 1 August 2028 (for the begroting 2029): 31 July 2027 is a Saturday.
    gs = {
        d.name: d
        for d in _round(
            period_start=D(2028, 1, 1), period_end=D(2028, 12, 31), dispatch_on=D(2027, 4, 14)
        ).deadlines
    }["gs"]
    assert (gs.date, gs.moved_from) == (D(2027, 8, 2), D(2027, 7, 31))
    assert "31-07-2027 is geen werkdag" in gs.basis and "Algemene termijnenwet" in gs.basis
    # Before 15 April 2029: the 14th is a Saturday, so Monday 16 April.
    kader = _round(
        kind="framework",
        purpose="information",
        period_start=D(2030, 1, 1),
        period_end=D(2030, 12, 31),
        dispatch_on=D(2029, 4, 10),
    )
    assert [(d.date, d.moved_from) for d in kader.deadlines] == [(D(2029, 4, 16), D(2029, 4, 14))]
    # A working day stays as it is, and says nothing of the Atw.
    plain = {d.name: d for d in _round().deadlines}["gs"]
    assert plain.moved_from is None and "termijnenwet" not in plain.basis
    # The setting that turns the Atw off keeps the named day.
    off = LegalTerms(extend_to_working_day=False)
    got = {
        d.name: d.date
        for d in _round(
            terms=off,
            period_start=D(2028, 1, 1),
            period_end=D(2028, 12, 31),
            dispatch_on=D(2027, 4, 14),
        ).deadlines
    }
    assert got["gs"] == D(2027, 7, 31)


@pytest.mark.parametrize(
    ("decided_on", "due"),
    [
        (D(2027, 3, 15), D(2027, 3, 30)),  # 14 days: tweede Paasdag 29 March 2027
        (D(2026, 4, 13), D(2026, 4, 28)),  # 14 days: Koningsdag Monday 27 April 2026
        (D(2026, 4, 21), D(2026, 5, 6)),  # 14 days: 5 May 2026 (every year, Atw art. 3)
        (D(2026, 5, 1), D(2026, 5, 15)),  # 14 days: Friday 15 May, a working day
        (D(2029, 5, 26), D(2029, 6, 11)),  # 14 days: Saturday 9 June 2029
        (D(2027, 12, 11), D(2027, 12, 27)),  # 14 days: Saturday 25 December 2027
        (D(2027, 7, 20), D(2027, 8, 2)),  # before 1 August: Saturday 31 July 2027
    ],
)
def test_the_gs_deadline_follows_the_algemene_termijnenwet(decided_on, due):
    assert LegalTerms().gs_due(kind="budget", decided_on=decided_on) == due


def test_no_computed_legal_deadline_of_2026_to_2030_falls_on_a_weekend_or_holiday():
    """Every deadline of every kind of round sent on any day of 2026–2030, and the GS
    deadline of a decision on any of those days: a working day."""
    from duoplus.core.workdays import is_working_day

    terms = LegalTerms()
    wrong = []
    day = D(2026, 1, 1)
    while day <= D(2030, 12, 31):
        for kind, purpose in [
            ("budget", "consultation"),
            ("budget_change", "consultation"),
            ("framework", "consultation"),
            ("annual", "decision"),
        ]:
            year = day.year + 1 if kind in ("budget", "framework") else day.year - 1
            result = deadlines.for_round(
                terms=terms,
                kind=kind,
                purpose=purpose,
                period_start=D(year, 1, 1),
                period_end=D(year, 12, 31),
                dispatch_on=day,
                governing_board_meeting=None,
            )
            wrong += [
                (kind, day, d.name, d.date) for d in result.deadlines if not is_working_day(d.date)
            ]
        for kind in ("budget", "annual"):
            due = terms.gs_due(kind=kind, decided_on=day)
            if not is_working_day(due):
                wrong.append((kind, day, "gs_due", due))
        day += datetime.timedelta(days=1)
    assert not wrong, wrong[:10]
