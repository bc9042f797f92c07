"""The budget import in Chromium: a bad file first, then the sample, then the tables on a
phone-sized screen and the download."""

import pytest

from budget.models import BudgetChange, BudgetImport
from tests.budget.helpers import SAMPLE

from .conftest import login

pytestmark = pytest.mark.browser


def test_coordinator_imports_the_sample_and_reads_the_tables_on_a_phone(
    budget_world,
    browser,
    live_server,
    tmp_path,  # noqa: F811
):
    w = budget_world
    context = browser.new_context(viewport={"width": 360, "height": 740}, accept_downloads=True)
    page = context.new_page()
    login(page, live_server.url, "coord")
    page.goto(live_server.url + w.budget_report.get_absolute_url())
    page.click("text=Begrotingswijzigingen inlezen")

    bad = tmp_path / "fout.csv"
    bad.write_bytes(SAMPLE.read_bytes().replace(b";2025;20.000;", b";2025;twintigduizend;"))
    page.set_input_files("input[name=file]", str(bad))
    page.click("button:has-text('Controleren')")
    page.wait_for_selector("text=Er is niets ingelezen: het bestand heeft 1 fout")
    assert "twintigduizend" in page.inner_text(".error-summary")
    assert BudgetImport.objects.count() == 0 and BudgetChange.objects.count() == 0

    page.set_input_files("input[name=file]", str(SAMPLE))
    page.click("button:has-text('Controleren')")
    page.wait_for_selector("text=9 nieuw, 0 gewijzigd")
    page.screenshot(path=str(tmp_path / "import-preview-360.png"), full_page=True)
    page.click("button:has-text('Inlezen')")
    page.wait_for_selector("text=De begrotingswijzigingen zijn ingelezen")
    assert BudgetChange.objects.filter(report=w.budget_report).count() == 9

    # On a phone the year columns stack; nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    noord = page.locator("#kop-gevolgen-noorddorp + table")
    assert "19.200 N" in noord.inner_text()
    page.screenshot(path=str(tmp_path / "budget-360.png"), full_page=True)

    with page.expect_download() as download:
        page.click("text=Downloaden als CSV")
    path = download.value.path()
    assert open(path, encoding="utf-8-sig").read().startswith("code;titel;categorie")
    context.close()
