"""Bounded input (issue 18): each case seen taking a worker, a mail or a page down, as a
regression test. Every refusal is Dutch; nothing is half-saved."""

import datetime
import io
import os
import stat

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from budget import services as budget_services
from budget.models import BudgetChange
from duoplus.core.bounds import one_line, year_or_none
from duoplus.core.models import Organisation
from reports.planning import services as planning_services
from reports.planning.feed import ical
from reports.planning.forms import ROUND_DATE_FIELDS, ROUND_SUBJECT_FIELDS, RoundForm
from reports.planning.models import ReportingRound
from tests.budget.helpers import (
    HEADER,
    csv_file,
    xlsx_declaring_every_column,
    xlsx_with_shared_strings,
)
from tests.workflow_helpers import submit

pytestmark = pytest.mark.django_db


# The spreadsheet import ---------------------------------------------------------------------


def _import(w, content, name="begroting.csv"):
    return budget_services.import_budget(report=w.budget_report, name=name, content=content)


def test_a_year_in_exponent_notation_is_refused_at_once(budget_world):
    """``1e999999999`` made the import build a billion-digit integer: 31 s, then killed."""
    result = _import(budget_world, csv_file("1;Titel;Beleidskeuze;;1e999999999;1;nadeel;nee;"))
    assert not result.ok
    assert any("geen jaartal" in e.message for e in result.errors)
    assert BudgetChange.objects.count() == 0


@pytest.mark.parametrize(
    ("value", "year"),
    [
        ("2024", 2024),
        (" 2025 ", 2025),
        (2026, 2026),
        (2027.0, 2027),
        ("1e3", None),
        ("20240", None),
        ("1999", None),
        (2024.5, None),
        ("٢٠٢٤", None),
        (True, None),
    ],
)
def test_what_counts_as_a_year(value, year):
    assert year_or_none(value) == year


def test_a_sheet_declaring_every_column_is_read_as_far_as_the_import_needs(budget_world):
    content = xlsx_declaring_every_column()
    result = _import(budget_world, content, name="breed.xlsx")
    assert result.ok, result.errors
    assert BudgetChange.objects.get().title == "Titel"


def test_a_workbook_with_megabytes_of_text_is_refused_before_reading(budget_world):
    result = _import(budget_world, xlsx_with_shared_strings(9), name="tekst.xlsx")
    assert not result.ok
    assert "te veel tekst" in " ".join(e.message for e in result.errors)


def test_an_overlong_csv_cell_is_refused_in_dutch(budget_world):
    result = _import(budget_world, csv_file("1;" + "x" * 200_000))
    assert not result.ok
    message = " ".join(e.message for e in result.errors)
    assert "langer dan 131.072 tekens" in message and "field" not in message


def test_a_title_on_two_lines_is_refused(budget_world):
    content = HEADER + '\n1;"Titel\nBcc: iemand@example.org";Beleidskeuze;;2024;1;nadeel;nee;\n'
    result = _import(budget_world, content.encode())
    assert not result.ok and any(e.column == "titel" for e in result.errors)


# Single lines and mail -----------------------------------------------------------------------


def test_a_newline_in_a_title_never_breaks_the_mail(world, django_capture_on_commit_callbacks):
    """A title with a line break raised BadHeaderError: the notice was never sent."""
    type(world.report).objects.filter(pk=world.report.pk).update(title="Rapportage\nBcc: x@y.z")
    world.report.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        submit(world.report, world.coordinator)
    assert mail.outbox and all("\n" not in m.subject for m in mail.outbox)
    assert all("Bcc" not in str(m.message().get("Bcc", "")) for m in mail.outbox)
    assert one_line("a\r\nb\tc\x00d") == "a b c d"


def test_the_admin_refuses_a_title_with_a_line_break(world, client):
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    client.force_login(world.admin)
    url = reverse("admin:programmes_programme_change", args=[world.p1.pk])
    page = client.get(url).content.decode()
    assert "Inkoop" in page
    response = client.post(
        url,
        {
            "organisation": world.executing.pk,
            "name": "Inkoop\nmet regeleinde",
            "slug": "inkoop",
            "order": 1,
            "is_active": "on",
            "goals-TOTAL_FORMS": 0,
            "goals-INITIAL_FORMS": 0,
            "indicators-TOTAL_FORMS": 0,
            "indicators-INITIAL_FORMS": 0,
        },
    )
    assert "Gebruik één regel" in response.content.decode()
    world.p1.refresh_from_db()
    assert world.p1.name == "Inkoop"


# The calendar ---------------------------------------------------------------------------------


def test_a_date_far_in_the_future_is_refused_and_never_breaks_the_feed(world, client):
    (item, *_rest) = planning_services.generate_year(
        organisation=world.executing, year=2027, user=world.coordinator
    )
    data = {name: getattr(item, name) for name in (*ROUND_SUBJECT_FIELDS, *ROUND_DATE_FIELDS)}
    data |= {
        "organisation": world.executing.pk,
        "programmes": [world.p1.pk],
        "recipients": [world.noord.pk],
        "period_start": item.period_start,
        "period_end": item.period_end,
        "dispatch_on": datetime.date(9999, 12, 31),
    }
    form = RoundForm(
        data=data,
        instance=item,
        organisations=Organisation.objects.filter(pk=world.executing.pk),
    )
    assert not form.is_valid()
    assert "Kies een datum tussen 01-01-2000 en 31-12-2100." in str(form.errors)
    # A round stored that way before (or by hand) leaves that date out of the feed.
    ReportingRound.objects.filter(pk=item.pk).update(dispatch_on=datetime.date(9999, 12, 31))
    body = ical(
        user=world.coordinator, site_url="http://testserver", today=datetime.date(2027, 1, 1)
    )
    assert b"BEGIN:VCALENDAR" in body and b"99991231" not in body


def test_generating_a_year_for_a_made_up_organisation_is_a_404(world, client):
    client.force_login(world.coordinator)
    for value in ("abc", "1" * 25, "-1", ""):
        response = client.post(reverse("calendar_generate", args=[2031]), {"organisation": value})
        assert response.status_code == 404, value


# Ids and versions ---------------------------------------------------------------------------


def test_ids_and_versions_beyond_any_column_are_not_found(world, client):
    client.force_login(world.coordinator)
    huge = "9" * 25
    for path in (
        f"/rapportages/{huge}/",
        f"/rapportages/{world.report.pk}/teksten/{huge}/bewerken/",
        f"/kalender/ronde/{huge}/bewerken/",
    ):
        assert client.get(path).status_code == 404, path
    url = reverse("reports:entry_restore", args=[world.report.pk, world.e1.pk, 0])
    response = client.post(url, {"version": huge, "bevestigd": "1"}, follow=True)
    assert response.status_code == 200 and "onvolledig" in response.content.decode()
    edit = reverse("reports:entry_edit", args=[world.report.pk, world.e1.pk])
    response = client.post(edit, {"progress": "Nieuw", "version": huge})
    assert response.status_code in (200, 400) and "Nieuw" in response.content.decode()


# Backups ----------------------------------------------------------------------------------------


def test_the_backup_is_readable_by_its_owner_only(world, tmp_path):
    target = tmp_path / "backup.json.gz"
    target.write_text("")
    os.chmod(target, 0o644)  # an old file in the way: made private too
    call_command("export_data", str(target), stdout=io.StringIO())
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    fresh = tmp_path / "nieuw.json"
    call_command("export_data", str(fresh), stdout=io.StringIO())
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
