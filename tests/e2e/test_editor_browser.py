"""The entry editor in Debian's Chromium: writing, conflicts, expired sessions, history."""

import pytest
from django.contrib.sessions.models import Session

from reports.core.models import ReportStatus
from reports.writing.models import EntryState, ProgressEntry

from .conftest import PASSWORD, login

pytestmark = pytest.mark.browser


def shot(page, tmp_path, name):
    import os

    folder = os.environ.get("DUOPLUS_SCREENSHOTS") or str(tmp_path)
    page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def write_entry(page, progress, costs="Binnen het bestaande budget."):
    page.fill("textarea[name=progress]", progress)
    page.fill("textarea[name=costs]", costs)
    page.check("input[name=status][value=attention]")
    page.check("input[name=budget_status][value=on_track]")


def test_editor_writes_from_my_work_and_coordinator_submits(world, browser, live_server, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login(page, live_server.url, "editor")
    page.click("nav >> text=Mijn werk")
    row = page.locator("table.my-entries tr", has_text="Inkoop")
    assert "Nog niet begonnen" in row.inner_text()
    assert "Wat mag het kosten?" in row.inner_text()  # what is missing
    row.locator("text=Schrijven").click()
    # The programme's goals are shown; the previous round's text is the starting point.
    assert "Eén inkooporganisatie" in page.inner_text("[aria-labelledby=kop-bereiken] ul.goals")
    assert page.input_value("textarea[name=progress]") == "Tekst over inkoop."
    write_entry(page, "Geschreven in de browser.\n\nTweede alinea met ")
    # The toolbar writes the Markdown subset at the cursor.
    page.focus("textarea[name=progress]")
    page.keyboard.press("End")
    page.locator(".toolbar[aria-controls=id_progress] >> text=Vet").click()
    page.keyboard.type("nadruk")
    page.check("input[name=ready]")
    shot(page, tmp_path, "editor-desktop")
    page.click("button:has-text('Opslaan en sluiten')")
    page.wait_for_selector("text=De tekst is opgeslagen (versie 1)")
    assert page.url.endswith("/mijn-werk/")
    assert (
        "Klaar voor de coördinator"
        in page.locator("table.my-entries tr", has_text="Inkoop").inner_text()
    )
    entry = ProgressEntry.objects.get(pk=world.e1.pk)
    assert entry.progress == "Geschreven in de browser.\n\nTweede alinea met **nadruk**"
    assert (entry.status, entry.budget_status, entry.state) == (
        "attention",
        "on_track",
        EntryState.READY,
    )
    # The saved draft is forgotten once the server confirmed the save.
    assert page.evaluate("Object.keys(localStorage).length") == 0
    context.close()

    context = browser.new_context()
    page = context.new_page()
    login(page, live_server.url, "coord")
    page.goto(live_server.url + world.report.get_absolute_url())
    chapter = page.locator("#hoofdstuk-1")
    assert chapter.locator("strong", has_text="nadruk").count() == 1
    assert "! Aandacht nodig" in chapter.inner_text()
    page.click("button:has-text('Indienen bij het directieberaad')")
    page.check("input[name=akkoord]")
    page.click("button:has-text('Ja, indienen')")
    page.wait_for_selector("text=De rapportage is ingediend")
    world.report.refresh_from_db()
    assert world.report.status == ReportStatus.SUBMITTED
    context.close()


def test_entry_form_on_a_phone_and_without_javascript(world, browser, live_server, tmp_path):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    login(page, live_server.url, "editor")
    page.goto(live_server.url + world.e1.get_absolute_url())
    assert page.locator(".toolbar").count() == 0  # the toolbar needs JavaScript
    page.fill("textarea[name=progress]", "Zonder *JavaScript* geschreven.")
    page.click("button:has-text('Voorbeeld bekijken')")
    assert page.locator(".preview em", has_text="JavaScript").count() == 1
    assert ProgressEntry.objects.get(pk=world.e1.pk).version == 0  # a preview saves nothing
    page.check("input[name=ready]")
    page.click("button:has-text('Opslaan')")
    # Marking ready with parts missing: refused, nothing lost, every missing part named.
    summary = page.inner_text(".error-summary")
    assert "nog niet klaar worden gemeld" in summary
    assert "Vul eerst in: Wat mag het kosten?, Status realisatie, Status budget." in summary
    assert "Blijft het programma binnen het budget?: Vul dit in" in summary  # links to fields
    assert page.input_value("textarea[name=progress]") == "Zonder *JavaScript* geschreven."
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, tmp_path, "editor-360-errors")
    page.uncheck("input[name=ready]")
    page.click("button:has-text('Opslaan')")
    page.wait_for_selector("text=De tekst is opgeslagen (versie 1)")
    entry = ProgressEntry.objects.get(pk=world.e1.pk)
    assert (entry.progress, entry.state) == ("Zonder *JavaScript* geschreven.", EntryState.DRAFT)
    context.close()


def test_two_editors_at_once_second_keeps_their_text(world, browser, live_server, tmp_path):
    first, second = browser.new_context(), browser.new_context()
    a, b = first.new_page(), second.new_page()
    login(a, live_server.url, "coord")
    login(b, live_server.url, "editor")
    url = live_server.url + world.e1.get_absolute_url()
    a.goto(url)
    b.goto(url)
    a.fill("textarea[name=progress]", "Tekst over inkoop.\nAangevuld door de coördinator.")
    a.click("button:has-text('Opslaan')")
    a.wait_for_selector("text=De tekst is opgeslagen")
    b.fill("textarea[name=progress]", "Versie van de medewerker")
    b.click("button:has-text('Opslaan')")
    b.wait_for_selector(".error-summary")
    assert "opgeslagen nadat u hem opende" in b.inner_text(".error-summary")
    assert b.input_value("textarea[name=progress]") == "Versie van de medewerker"
    # What the other person changed, word for word: their added line is marked as added.
    assert b.locator(".conflict ins", has_text="Aangevuld door de coördinator.").count() == 1
    shot(b, tmp_path, "editor-conflict")
    saved = ProgressEntry.objects.get(pk=world.e1.pk).progress
    assert saved == "Tekst over inkoop.\nAangevuld door de coördinator."
    # Saving again after seeing the other text is a deliberate overwrite.
    b.click("button:has-text('Opslaan')")
    b.wait_for_selector("text=De tekst is opgeslagen")
    assert ProgressEntry.objects.get(pk=world.e1.pk).progress == "Versie van de medewerker"


def test_expired_session_loses_nothing(world, browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    login(page, live_server.url, "editor")
    url = live_server.url + world.e1.get_absolute_url()
    page.goto(url)
    write_entry(page, "Lang verhaal, getypt terwijl de sessie verliep.")
    Session.objects.all().delete()  # the session expires while the editor types
    page.click("button:has-text('Opslaan')")
    page.wait_for_selector("input[name=username]")
    assert "uw tekst is bewaard" in page.inner_text(".messages")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=Hij is nog niet opgeslagen: controleer hem")
    assert page.url == url
    assert page.input_value("textarea[name=progress]") == (
        "Lang verhaal, getypt terwijl de sessie verliep."
    )
    assert page.is_checked("input[name=status][value=attention]")
    assert ProgressEntry.objects.get(pk=world.e1.pk).version == 0
    page.click("button:has-text('Opslaan')")
    page.wait_for_selector("text=De tekst is opgeslagen (versie 1)")
    entry = ProgressEntry.objects.get(pk=world.e1.pk)
    assert entry.progress == "Lang verhaal, getypt terwijl de sessie verliep."
    assert entry.costs == "Binnen het bestaande budget."
    context.close()


def test_network_error_while_saving_keeps_a_local_draft(world, browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    login(page, live_server.url, "editor")
    url = live_server.url + world.e1.get_absolute_url()
    page.goto(url)
    page.fill("textarea[name=progress]", "Getypt in de trein.")
    context.set_offline(True)
    with pytest.raises(Exception):  # noqa: B017 - the browser cannot reach the server
        with page.expect_navigation(timeout=5000):
            page.click("button:has-text('Opslaan')")
    context.set_offline(False)
    page.goto(url)
    offer = page.locator(".draft-offer")
    assert "nog niet is opgeslagen" in offer.inner_text()
    assert page.input_value("textarea[name=progress]") == "Tekst over inkoop."
    offer.locator("text=Niet-opgeslagen tekst terugzetten").click()
    assert page.input_value("textarea[name=progress]") == "Getypt in de trein."
    page.click("button:has-text('Opslaan')")
    page.wait_for_selector("text=De tekst is opgeslagen (versie 1)")
    assert ProgressEntry.objects.get(pk=world.e1.pk).progress == "Getypt in de trein."
    page.goto(url)
    assert page.locator(".draft-offer").count() == 0
    context.close()


def test_history_shows_a_side_by_side_diff_and_restores(world, browser, live_server, tmp_path):
    context = browser.new_context()
    page = context.new_page()
    login(page, live_server.url, "editor")
    url = live_server.url + world.e1.get_absolute_url()
    for text in ("De eerste zin.\nDe tweede zin.", "De eerste zin.\nDe gewijzigde tweede zin."):
        page.goto(url)
        page.fill("textarea[name=progress]", text)
        page.click("button:has-text('Opslaan')")
        page.wait_for_selector("text=De tekst is opgeslagen")
    page.click("text=Versies en verschillen")
    heading = page.inner_text("#kop-vergelijking")
    assert "Versie 1 vergeleken met versie 2" in heading
    diff = page.locator(".diff").first
    assert diff.locator("ins", has_text="gewijzigde").count() == 1
    assert "De eerste zin." in diff.inner_text()
    shot(page, tmp_path, "editor-history")
    page.select_option("select[name=van]", "0")
    page.click("button:has-text('Vergelijken')")
    assert "Versie 0 vergeleken met versie 2" in page.inner_text("#kop-vergelijking")
    page.locator("tr", has_text="Versie 1").locator("button:has-text('Terugzetten')").click()
    page.click("button:has-text('Ja, terugzetten')")
    page.wait_for_selector("text=Versie 1 is teruggezet als nieuwe versie 3")
    entry = ProgressEntry.objects.get(pk=world.e1.pk)
    assert (entry.version, entry.progress) == (3, "De eerste zin.\nDe tweede zin.")
    context.close()
