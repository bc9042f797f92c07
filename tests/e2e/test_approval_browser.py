"""The approval chain in Debian's Chromium: submit, every board member approves on a
tablet, publish, and a council member reads online and downloads on a phone."""

import os

import pytest

from reports.core.models import ReportStatus

from .conftest import login

pytestmark = pytest.mark.browser

TABLET = {"width": 820, "height": 1180}
PHONE = {"width": 360, "height": 740}


def shot(page, tmp_path, name):
    folder = os.environ.get("DUOPLUS_SCREENSHOTS") or str(tmp_path)
    page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_submit_approve_publish_read_and_download(world, browser, live_server, tmp_path):
    base = live_server.url
    context = browser.new_context()
    page = context.new_page()
    login(page, base, "coord")
    page.goto(base + world.report.get_absolute_url())
    page.click("button:has-text('Indienen bij het directieberaad')")
    page.wait_for_selector("h1:has-text('Indienen bij het directieberaad?')")
    page.check("input[name=akkoord]")  # entries are not ready: said so deliberately
    page.click("button:has-text('Ja, indienen')")
    page.wait_for_selector("text=De rapportage is ingediend")
    context.close()

    for member in world.board:
        context = browser.new_context(viewport=TABLET)
        page = context.new_page()
        login(page, base, member.username)
        page.click(f"#beoordelen + ul >> text={world.report.title}")
        assert "Inkoop" in page.inner_text("#kop-inhoud + ol")  # the content, as councils read it
        if member == world.board[0]:
            shot(page, tmp_path, "review-tablet")
            assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]
        page.locator("button:has-text('Goedkeuren')").last.click()  # after the content
        page.click("button:has-text('Ja, goedkeuren')")
        page.wait_for_selector("text=Uw goedkeuring is vastgelegd")
        context.close()
    world.report.refresh_from_db()
    assert world.report.status == ReportStatus.APPROVED

    context = browser.new_context()
    page = context.new_page()
    login(page, base, "coord")
    page.goto(base + world.report.get_absolute_url())
    page.click("button:has-text('Publiceren')")
    page.click("button:has-text('Ja, publiceren')")
    page.wait_for_selector("text=De rapportage is gepubliceerd")
    context.close()

    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    login(page, base, "raad-noord")
    page.click("nav >> text=Rapportages voor de raad")
    page.click("text=Online lezen")
    page.click("#kop-inhoud + ol >> text=Governance")
    assert page.url.endswith("#hoofdstuk-2")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, tmp_path, "council-reading-phone")
    page.go_back()
    page.goto(base + "/raad/")
    with page.expect_download() as info:
        page.click("text=Pdf voor Noorddorp downloaden")
    download = info.value
    assert download.suggested_filename == "Eerste-voortgangsrapportage-2022-Noorddorp.pdf"
    with open(download.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"
    context.close()
