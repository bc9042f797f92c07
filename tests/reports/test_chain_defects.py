"""Defects found walking the chain as each role would (issue 17): corrections and versions,
the letter's head, who is offered what on the report page, and reminders."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.timezone import localtime

from budget import services as budget_services
from reports.review import workflow
from reports.review.models import ReportPDF
from reports.review.selectors import report_document
from reports.writing import services
from reports.writing.models import ProgressEntry
from tests import factories as f
from tests.budget.helpers import SAMPLE
from tests.workflow_helpers import submit

pytestmark = pytest.mark.django_db

FULL = {
    "progress": "Gedaan.",
    "costs": "Binnen budget.",
    "status": "on_track",
    "budget_status": "on_track",
}


def _published(w, report=None):
    report = submit(report or w.report, w.coordinator)
    for member in w.board:
        report = workflow.approve_report(report=report, user=member)
    return workflow.publish_report(report=report, user=w.coordinator)


# Versions and corrections -----------------------------------------------------------------


def test_the_published_page_says_a_correction_is_being_prepared(world, client):
    """The page of a published report was served from the cache after a correction had
    started: it still offered "Gecorrigeerde versie maken" and said nothing of version 2."""
    published = _published(world)
    client.force_login(world.coordinator)
    first = client.get(published.get_absolute_url())
    assert "Gecorrigeerde versie maken" in first.content.decode()
    workflow.start_correction(report=published, user=world.coordinator)
    again = client.get(published.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200 and again["ETag"] != first["ETag"]
    page = again.content.decode()
    assert "Gecorrigeerde versie maken" not in page
    assert "Er wordt gewerkt aan een gecorrigeerde versie 2" in page


def test_versions_download_under_their_own_names(world, client):
    for entry in (world.e1, world.e2):
        services.save_entry(entry=entry, user=world.coordinator, data=FULL, version=0, ready=True)
    first = _published(world)
    correction = workflow.start_correction(report=first, user=world.coordinator)
    services.save_letter(
        report=correction,
        user=world.coordinator,
        data={"correction_note": "Het bedrag bij Inkoop was verkeerd overgenomen."},
    )
    entry = correction.entries.get(programme=world.p1)
    services.save_entry(
        entry=entry,
        user=world.coordinator,
        data={**FULL, "progress": "Gedaan, met het juiste bedrag."},
        version=entry.version,
        ready=True,
    )
    second = _published(world, correction)
    names = {
        pdf.report.version: pdf.download_name
        for pdf in ReportPDF.objects.filter(council=world.noord).select_related("report")
    }
    assert names == {
        1: "Eerste-voortgangsrapportage-2022-Noorddorp.pdf",
        2: "Eerste-voortgangsrapportage-2022-versie-2-Noorddorp.pdf",
    }
    client.force_login(world.council_noord)
    response = client.get(reverse("reports:pdf_download", args=[second.pk, "noorddorp"]))
    assert "versie-2-Noorddorp.pdf" in response["Content-Disposition"]
    page = client.get(second.get_absolute_url()).content.decode()
    assert "<title>Eerste voortgangsrapportage 2022 (versie 2)" in page
    listing = client.get(reverse("council_list")).content.decode()
    assert "Eerste voortgangsrapportage 2022 (versie 2)" in listing
    assert "Vervangen door versie 2" in listing
    client.force_login(world.coordinator)
    start = client.get(reverse("home")).content.decode()
    assert "Eerste voortgangsrapportage 2022 (versie 2)" in start
    assert "Vervangen door versie 2" in start
    # The corrected PDF says on its cover and in the letter what it corrects and what changed.
    html = report_document(report=second, council=world.noord, in_pdf=True)["content_html"]
    assert "Deze versie vervangt versie 1" in html
    assert "Het bedrag bij Inkoop was verkeerd overgenomen." in html
    assert "1.1 Inkoop" in html.split("Gewijzigd ten opzichte van de vorige versie")[1]
    assert "1.2 Governance" not in html.split("Gewijzigd ten opzichte")[1].split("</ul>")[0]


def test_the_letter_has_date_kenmerk_contact_and_for_a_decision_its_beslispunten(world):
    world.report.purpose = "decision"
    world.report.save()
    services.save_letter(
        report=world.report,
        user=world.coordinator,
        data={
            "letter_reference": "DUO/2022/17",
            "letter_contact": "J. de Vries, j.devries@duoplus.nl",
            "letter_decision": "1. De rapportage vast te stellen.",
        },
    )
    report = submit(world.report, world.coordinator)
    html = report_document(report=report, council=world.noord)["content_html"]
    letter = html.split('id="raadsinformatiebrief"')[1]
    assert "Kenmerk" in letter and "DUO/2022/17" in letter
    assert "J. de Vries, j.devries@duoplus.nl" in letter
    assert "Datum" in letter and date_format(localtime(report.submitted_at), "j F Y") in letter
    assert "Beslispunten" in letter and "De rapportage vast te stellen." in letter


def test_a_kenmerk_or_contact_on_two_lines_is_refused(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="één korte regel"):
        services.save_letter(
            report=world.report, user=world.coordinator, data={"letter_contact": "a\nBcc: x"}
        )
    world.report.refresh_from_db()
    assert world.report.letter_contact == ""


# The report page ------------------------------------------------------------------------------


def test_edit_is_offered_only_on_the_chapters_one_may_edit(world, client):
    client.force_login(world.editor)  # editor of Inkoop, not of Governance
    page = client.get(world.report.get_absolute_url()).content.decode()
    assert reverse("reports:entry_edit", args=[world.report.pk, world.e1.pk]) in page
    assert reverse("reports:entry_edit", args=[world.report.pk, world.e2.pk]) not in page
    client.force_login(world.coordinator)
    page = client.get(world.report.get_absolute_url()).content.decode()
    assert reverse("reports:entry_edit", args=[world.report.pk, world.e2.pk]) in page


def test_the_send_back_reason_is_at_the_top_for_coordinator_and_editors(world, client):
    report = submit(world.report, world.coordinator)
    workflow.send_back_report(report=report, user=world.board_noord, reason="Graag cijfers erbij")
    for user in (world.coordinator, world.editor):
        client.force_login(user)
        page = client.get(world.report.get_absolute_url()).content.decode()
        top = page.split('id="kop-inhoud"')[0]
        # The name as the page writes it: "Chloë 's Gravensande" is "Chloë &#x27;s …" in HTML.
        assert "Graag cijfers erbij" in top
        assert f"Teruggestuurd door {escape(str(world.board_noord))}" in top
    # Submitted again: the note is gone.
    submit(world.report, world.coordinator)
    client.force_login(world.coordinator)
    page = client.get(world.report.get_absolute_url()).content.decode()
    assert "Teruggestuurd door" not in page.split('id="kop-inhoud"')[0]


def test_the_decision_is_offered_again_after_the_content(world, client):
    submit(world.report, world.coordinator)
    client.force_login(world.board_noord)
    page = client.get(world.report.get_absolute_url()).content.decode()
    approve = reverse("reports:approve", args=[world.report.pk])
    assert page.count(f'action="{approve}"') == 2
    assert page.rindex(f'action="{approve}"') > page.index('id="hoofdstuk-2"')


# Reminders ----------------------------------------------------------------------------------


def test_reminding_everyone_sends_one_message_per_person(
    world, client, django_capture_on_commit_callbacks
):
    for n in range(4):
        programme = f.ProgrammeFactory(
            organisation=world.executing, name=f"Extra {n}", order=10 + n
        )
        programme.editors.add(world.editor)
        f.EntryFactory(report=world.report, programme=programme)
    client.force_login(world.coordinator)
    url = reverse("reports:remind", args=[world.report.pk])
    question = client.post(url).content.decode()
    assert "Iedereen herinneren?" in question and "2 personen krijgen elk één e-mail" in question
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"bevestigd": "1"})
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.editor.email, world.other_editor.email]
    )
    (to_editor,) = [m for m in mail.outbox if m.to == [world.editor.email]]
    for name in ("Inkoop", "Extra 0", "Extra 3"):
        assert name in to_editor.body
    assert "5 voortgangsteksten" in to_editor.subject
    # Sending the same batch again sends nothing.
    mail.outbox.clear()
    from duoplus.core.messages import deliver
    from reports.writing.models import EntryReminder

    (message_id,) = set(
        EntryReminder.objects.filter(recipient=world.editor).values_list("message", flat=True)
    )
    assert deliver(message_id=message_id) is None
    assert not mail.outbox


def test_unfinished_entries_keep_what_they_miss_on_the_review_page(world, client):
    services.save_entry(entry=world.e1, user=world.editor, data=FULL, version=0, ready=True)
    submit(world.report, world.coordinator)
    client.force_login(world.board_exec)
    page = client.get(world.report.get_absolute_url()).content.decode()
    assert "Ingediend terwijl nog niet af" in page
    assert "1.2 Governance: nog niet begonnen" in page
    assert "1.1 Inkoop:" not in page
    assert ProgressEntry.objects.get(pk=world.e2.pk).state == "not_started"


def test_the_budget_export_file_says_the_version(budget_world, client):
    w = budget_world
    assert budget_services.import_budget(
        report=w.budget_report, name=SAMPLE.name, content=SAMPLE.read_bytes()
    ).ok
    w.budget_report.version = 3
    w.budget_report.save()
    client.force_login(w.coordinator)
    response = client.get(reverse("reports:budget_export", args=[w.budget_report.pk, "csv"]))
    assert (
        'filename="begrotingswijzigingen-Begroting-2024-versie-3.csv"'
        in (response["Content-Disposition"])
    )


def test_the_colophon_says_what_the_board_did_not_what_a_council_decides(world):
    """ "Vastgesteld" is a council's or bestuur's word; the board approves content it fixed."""
    from duoplus.core import pdf as pdf_module

    report = submit(world.report, world.coordinator)
    html, _data = pdf_module.render_pdf(
        "review/pdf/report.html", report_document(report=report, council=world.noord, in_pdf=True)
    )
    assert "Vastgesteld" not in html and "Inhoud vastgelegd" in html
