"""Pages found wanting when walked as each role (issue 17): the calendar's way around, the
agenda link, the refused-form page, the second step's wait, the admin's words."""

import datetime
import os
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from icalendar import Calendar

from duoplus.core.models import User
from reports.planning import services as planning_services
from reports.planning.models import ReportingRound
from reports.writing import services
from tests import factories as f
from tests.workflow_helpers import submit

pytestmark = pytest.mark.django_db

FULL = {
    "progress": "Gedaan.",
    "costs": "Binnen budget.",
    "status": "on_track",
    "budget_status": "on_track",
}


def _plan(world, year):
    return planning_services.generate_year(
        organisation=world.executing, year=year, user=world.coordinator
    )


# The calendar ---------------------------------------------------------------------------------


def test_every_year_with_rounds_and_the_years_around_today_are_linked(world, client):
    _plan(world, 2019)
    client.force_login(world.coordinator)
    today = timezone.localdate().year
    page = client.get(reverse("calendar", args=[today])).content.decode()
    links = {int(y) for y in re.findall(r'href="/kalender/(\d{4})/"', page)}
    # 2019 has rounds (far from today); last and next year are there to plan.
    assert {2019, today - 1, today + 1} <= links
    # From the old year's page the way back to today (and the year to plan) is there too.
    page = client.get(reverse("calendar", args=[2019])).content.decode()
    links = {int(y) for y in re.findall(r'href="/kalender/(\d{4})/"', page)}
    assert {today - 1, today, today + 1} <= links
    assert not links - {2018, 2019, 2020, today - 1, today, today + 1}  # not on for ever


def test_month_abbreviations_are_lower_case_and_the_stage_is_explained(world, client):
    _plan(world, 2027)
    with time_machine.travel(datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC)):
        client.force_login(world.coordinator)
        page = client.get(reverse("calendar", args=[2027])).content.decode()
    assert ">mrt<" in page and ">Mrt<" not in page
    assert re.search(
        r"(ma|di|wo|do|vr|za|zo) \d{1,2} (jan|feb|mrt|apr|mei|jun|jul|aug|sep|okt)", page
    )
    assert "Wat betekenen de kleuren en statussen?" in page
    assert "Niet geopend – openingsdatum verstreken" in page


def test_the_agenda_address_made_on_a_years_page_stays_on_that_page(world, client):
    client.force_login(world.coordinator)
    response = client.post(reverse("calendar_feed_manage"), {"action": "new", "year": "2023"})
    assert response["Location"] == reverse("calendar", args=[2023]) + "#agenda"
    # The form on that page sends the year as it is written in an address (no "2.023").
    page = client.get(reverse("calendar", args=[2023])).content.decode()
    assert 'name="year" value="2023"' in page


def test_a_bookmarked_agenda_address_page_leads_to_the_calendar(world, client):
    client.force_login(world.editor)
    response = client.get(reverse("calendar_feed_manage"))
    assert response.status_code == 302 and response["Location"].endswith("#agenda")
    assert client.get(response["Location"], follow=True).status_code == 200


def test_the_demo_agenda_has_coming_dates(db, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=open(os.devnull, "w"))
    editor = User.objects.get(username="medewerker")
    User.objects.filter(pk=editor.pk).update(is_demo=False)  # demo accounts need DEBUG
    next_year = timezone.localdate().year + 1
    assert ReportingRound.objects.filter(year=next_year).exists()
    client.force_login(editor)
    response = client.post(reverse("calendar_feed_manage"), {"action": "new"})
    page = client.get(response["Location"]).content.decode()
    address = re.search(r'id="agenda-link" readonly value="([^"]+)"', page).group(1)
    client.logout()
    events = list(Calendar.from_ical(client.get(urlsplit(address).path).content).walk("VEVENT"))
    assert events and all(e.decoded("DTSTART").year >= next_year - 2 for e in events)
    # Seeding again plans nothing twice.
    count = ReportingRound.objects.count()
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    assert ReportingRound.objects.count() == count


@override_settings(SITE_URL="http://127.0.0.1:8123")
def test_links_in_the_agenda_address_follow_the_site_url(world, client):
    client.force_login(world.coordinator)
    response = client.post(reverse("calendar_feed_manage"), {"action": "new", "year": "2027"})
    page = client.get(response["Location"]).content.decode()
    assert 'value="http://127.0.0.1:8123/kalender/agenda/' in page


def test_make_run_points_links_at_its_own_port():
    """`make run PORT=…` serves on that port; mails and the agenda link must point there."""
    import subprocess

    out = subprocess.run(
        ["make", "-n", "-p", "run", "PORT=8123"], capture_output=True, text=True, check=False
    ).stdout
    assert "run: SITE_URL = http://127.0.0.1:$(PORT)" in out
    assert "runserver 127.0.0.1:8123" in out


# The refused-form page ------------------------------------------------------------------------


def test_a_refused_login_form_does_not_claim_typed_text_was_kept(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "coord", "password": "x"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "bewaard" not in page and "Opnieuw inloggen" in page


def test_a_refused_entry_form_says_the_draft_is_kept(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.editor)
    url = reverse("reports:entry_edit", args=[world.report.pk, world.e1.pk])
    response = client.post(url, {"progress": "Nieuw"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "in deze browser bewaard" in page and f'href="{url}"' in page


# The second step --------------------------------------------------------------------------------


@override_settings(TWO_FACTOR_REQUIRED_ROLES=["coordinator"])
def test_setting_up_right_after_a_wrong_code_says_wait(world, client):
    with time_machine.travel("2026-11-30 10:00:00+01:00", tick=False) as clock:
        client.post(reverse("login"), {"username": "coord", "password": "duoplus-test"})
        client.force_login(world.coordinator)
        client.get(reverse("two_factor_setup"))
        device = TOTPDevice.objects.get(user=world.coordinator, confirmed=False)
        page = client.post(reverse("two_factor_setup"), {"otp_token": "000000"}).content.decode()
        assert "Deze code klopt niet" in page
        right = f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"
        page = client.post(reverse("two_factor_setup"), {"otp_token": right}).content.decode()
        assert "Wacht even" in page and "klopt niet" not in page
        device.refresh_from_db()
        assert not device.confirmed
        clock.shift(31)
        right = f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"
        client.post(reverse("two_factor_setup"), {"otp_token": right})
        device.refresh_from_db()
        assert device.confirmed


# The admin --------------------------------------------------------------------------------------


def test_the_admin_speaks_dutch_and_writes_years_as_years(world, client):
    world.admin.is_staff = True
    world.admin.is_superuser = True
    world.admin.save()
    world.report.year = 2024
    world.report.save()
    client.force_login(world.admin)
    index = client.get(reverse("admin:index")).content.decode()
    for english in ("Access attempts", "Static devices", "TOTP devices", "Otp_", ">Axes<"):
        assert english not in index
    for dutch in ("Inlogpogingen", "Authenticator-apps", "Sets herstelcodes", "Inlogbeveiliging"):
        assert dutch in index
    # A lost phone: the functional administrator removes the app (README, Security).
    assert client.get(reverse("admin:core_authenticatorapp_changelist")).status_code == 200
    listing = client.get(reverse("admin:reports_report_changelist")).content.decode()
    assert "2.024" not in listing and ">2024<" in listing


# Mijn werk --------------------------------------------------------------------------------------


def test_mijn_werk_groups_by_report_and_filters_by_state_and_person(world, client):
    other = f.ReportFactory(organisation=world.executing, title="Tweede voortgangsrapportage 2022")
    other.recipients.set([world.noord])
    f.EntryFactory(report=other, programme=world.p1)
    services.save_entry(entry=world.e1, user=world.editor, data=FULL, version=0, ready=True)
    # The editor: per report a heading, the title not repeated on every row.
    client.force_login(world.editor)
    page = client.get(reverse("my_work")).content.decode()
    headings = re.findall(r'<h3 class="my-report">([^<]+)', page)
    assert headings == ["Eerste voortgangsrapportage 2022", "Tweede voortgangsrapportage 2022"]
    assert 'data-label="Rapportage"' not in page
    # The coordinator: every open report with its progress, one report's entries.
    client.force_login(world.coordinator)
    page = client.get(reverse("my_work")).content.decode()
    assert "1 van 2" in page and "0 van 1" in page
    url = reverse("my_work") + f"?rapportage={world.report.pk}"
    page = client.get(url + "&status=open").content.decode()
    table = page.split('class="table stack coordination"')[1]
    assert "Governance" in table and "Inkoop" not in table
    page = client.get(url + f"&persoon={world.editor.pk}").content.decode()
    table = page.split('class="table stack coordination"')[1]
    assert "Inkoop" in table and "Governance" not in table
    bad = client.get(url + "&persoon=99999999999999999999").content.decode()
    assert "Dit filter kan niet" in bad


def test_mijn_werk_tells_a_board_member_what_awaits_them(world, client):
    client.force_login(world.board_noord)
    page = client.get(reverse("my_work")).content.decode()
    assert "Wacht op uw goedkeuring" not in page
    submit(world.report, world.coordinator)
    page = client.get(reverse("my_work")).content.decode()
    assert "Wacht op uw goedkeuring" in page and "uw besluit nodig" in page
    assert "Er staan geen teksten voor u open" not in page
    home = client.get(reverse("home")).content.decode()
    assert reverse("my_work") in home.split("</nav>")[0]  # in the menu


def test_mijn_werk_of_a_coordinator_stays_flat_as_open_reports_grow(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def measure():
        client.force_login(world.coordinator)
        client.get(reverse("my_work"))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("my_work"))
        return len(ctx), len(response.content)

    def add_reports(n):
        for i in range(n):
            report = f.ReportFactory(organisation=world.executing, title=f"Open rapportage {i}")
            for _ in range(8):
                f.EntryFactory(report=report)

    add_reports(1)
    queries, size = measure()
    add_reports(10)
    more_queries, more_size = measure()
    assert more_queries == queries
    # Ten more open reports add a summary row each, not their 80 entries.
    assert more_size - size < 10 * 1500
