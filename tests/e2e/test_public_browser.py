"""Openbaar in Debian's Chromium: someone without an account, on a phone, finds the public
report from the login page, reads it and sees where its PDFs and open data are."""

import os

import pytest

from reports.core.models import Report
from tests.questions.conftest import published  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def test_an_anonymous_reader_on_a_phone(published, browser, live_server, tmp_path):  # noqa: F811
    w, base = published, live_server.url
    Report.objects.filter(pk=w.published.pk).update(is_public=True)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.click("text=Openbare rapportages")
    page.click(f"text={w.published.title}")
    page.wait_for_selector("text=Openbaar document")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("a:has-text('Pdf voor de raad van Noorddorp')").count() == 1
    assert page.locator("a:has-text('als JSON (API)')").count() == 1
    assert page.locator("#hoofdstuk-1").is_visible()
    folder = os.environ.get("DUOPLUS_SCREENSHOTS") or str(tmp_path)
    page.screenshot(path=f"{folder}/public-phone.png", full_page=False)
    response = page.request.get(f"{base}/openbaar/{w.published.pk}/pdf/noorddorp/")
    assert response.status == 200 and response.body().startswith(b"%PDF")
    context.close()
