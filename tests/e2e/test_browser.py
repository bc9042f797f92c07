"""Browser flows in Debian's Chromium, driven headless by Playwright."""

import pytest

from reports.models import ProgressEntry, ReportStatus

from .conftest import login

pytestmark = pytest.mark.browser


def test_editor_writes_and_coordinator_submits(world, browser, live_server, tmp_path):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    login(page, live_server.url, "editor")
    page.click("text=Bewerken Inkoop")
    page.fill("textarea[name=progress]", "Geschreven in de browser.\n\nTweede alinea.")
    page.select_option("select[name=status]", "attention")
    page.screenshot(path=str(tmp_path / "editor-360.png"), full_page=True)
    page.click("button:has-text('Opslaan')")
    page.wait_for_selector("text=De tekst is opgeslagen.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    entry = ProgressEntry.objects.get(pk=world.e1.pk)
    assert entry.progress == "Geschreven in de browser.\n\nTweede alinea."
    assert entry.status == "attention"
    context.close()

    context = browser.new_context()
    page = context.new_page()
    login(page, live_server.url, "coord")
    page.goto(live_server.url + world.report.get_absolute_url())
    assert "Geschreven in de browser." in page.inner_text("#hoofdstuk-1")
    page.click("button:has-text('Indienen bij het directieberaad')")
    page.wait_for_selector("text=De rapportage is ingediend")
    world.report.refresh_from_db()
    assert world.report.status == ReportStatus.SUBMITTED
    context.close()


def test_two_editors_at_once_second_keeps_their_text(world, browser, live_server):
    first, second = browser.new_context(), browser.new_context()
    a, b = first.new_page(), second.new_page()
    login(a, live_server.url, "coord")
    login(b, live_server.url, "editor")
    url = live_server.url + world.e1.get_absolute_url()
    a.goto(url)
    b.goto(url)
    a.fill("textarea[name=progress]", "Versie van de coördinator")
    a.click("button:has-text('Opslaan')")
    a.wait_for_selector("text=De tekst is opgeslagen.")
    b.fill("textarea[name=progress]", "Versie van de medewerker")
    b.click("button:has-text('Opslaan')")
    b.wait_for_selector(".error-summary")
    assert "opgeslagen nadat u hem opende" in b.inner_text(".error-summary")
    assert b.input_value("textarea[name=progress]") == "Versie van de medewerker"
    assert "Versie van de coördinator" in b.inner_text(".conflict")
    assert ProgressEntry.objects.get(pk=world.e1.pk).progress == "Versie van de coördinator"
    # Saving again after seeing the other text is a deliberate overwrite.
    b.click("button:has-text('Opslaan')")
    b.wait_for_selector("text=De tekst is opgeslagen.")
    assert ProgressEntry.objects.get(pk=world.e1.pk).progress == "Versie van de medewerker"
