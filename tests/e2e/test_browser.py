"""Browser flows in Debian's Chromium, driven headless by Playwright."""

import pytest
from django.db import connections

from reports.models import ProgressEntry, ReportStatus

pytestmark = pytest.mark.browser
PASSWORD = "geheim-wachtwoord-123"  # tests/factories.py


@pytest.fixture
def browser(require_chromium, monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM is used from the
    # live server's thread and from the test itself, never concurrently with that loop.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=require_chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
        # ORM calls made while Playwright's loop runs get their own (context-local)
        # connections; close them here or they outlive the test database.
        connections.close_all()


def login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('Welkom')")


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
