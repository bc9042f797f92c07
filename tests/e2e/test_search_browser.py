"""Zoeken in Debian's Chromium: a council member on a phone searches from the header, sees
highlighted results of their own council's report only, filters, and lands on the passage;
a coordinator finds a concept text the council member cannot."""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.questions.conftest import published  # noqa: F401  (the fixture)

from .conftest import login
from .test_accessibility import _violations

pytestmark = [pytest.mark.browser, pytest.mark.search_index]

PHONE = {"width": 360, "height": 740}


def shot(page, tmp_path, name):
    folder = os.environ.get("DUOPLUS_SCREENSHOTS") or str(tmp_path)
    page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_search_from_the_header_on_a_phone(
    published,  # noqa: F811
    browser,
    live_server,
    tmp_path,
):
    w, base = published, live_server.url
    from tests import factories as f

    concept = f.ReportFactory(organisation=w.executing, title="Tweede voortgangsrapportage 2022")
    concept.recipients.set([w.noord, w.zuid])
    f.EntryFactory(report=concept, programme=w.p1, progress="De inkoopadviseur begint in mei.")

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    login(page, base, "raad-noord")
    page.fill("#zoekvak", "inkoop")
    page.press("#zoekvak", "Enter")
    page.wait_for_selector("#kop-resultaten")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    titles = page.locator(".hit h3").all_inner_texts()
    assert "1.1 Inkoop" in titles
    assert page.locator(".hit .snippet mark").count() >= 1
    assert "Tweede voortgangsrapportage" not in page.content()  # a concept: not for a council
    shot(page, tmp_path, "search-phone")
    assert _violations(Axe(), page) == []  # with hits and marks (the crawl finds none)
    # Narrow to goals, then open the result: the report page at the chapter.
    page.click("summary:has-text('Filteren en sorteren')")
    page.select_option("#id_soort", "goal")
    page.click("button:has-text('Toepassen')")
    page.wait_for_selector("#kop-resultaten")
    assert page.locator(".hit .hit-kind").all_inner_texts() == ["Doelstelling"]
    page.click(".hit h3 a")
    page.wait_for_url(f"**{w.published.get_absolute_url()}#hoofdstuk-1")
    assert page.locator("#hoofdstuk-1").is_visible()
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login(page, base, "coord")
    page.goto(f"{base}/zoeken/?q=inkoopadviseur")
    assert page.locator(".hit h3").all_inner_texts() == ["1.1 Inkoop"]
    assert page.locator(".hit h3 a").get_attribute("href").startswith(concept.get_absolute_url())
    shot(page, tmp_path, "search-desktop")
    context.close()
