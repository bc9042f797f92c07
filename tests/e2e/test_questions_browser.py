"""Technische vragen in Debian's Chromium: a council member asks on a passage on a phone,
the coordinator assigns it, the editor answers, the coordinator releases it, a member of the
other council reads the answer beside the passage; the CSV holds it; a private note stays
with its writer."""

import csv
import io
import os

import pytest

from reports.questions.models import Question
from tests.questions.conftest import published  # noqa: F401  (the fixture)

from .conftest import login

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
QUESTION = "Waarop is het bedrag voor de aanbesteding gebaseerd?"
ANSWER = "Op de raming van het inkoopbureau; het is een **eenmalig** bedrag."
NOTE = "Doorvragen in de commissie Bedrijfsvoering"


def shot(page, tmp_path, name):
    folder = os.environ.get("DUOPLUS_SCREENSHOTS") or str(tmp_path)
    page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def _session(browser, base, username, viewport=None, **kwargs):
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, **kwargs)
    page = context.new_page()
    login(page, base, username)
    return context, page


def test_ask_answer_release_and_read_beside_the_passage(
    published,  # noqa: F811
    browser,
    live_server,
    tmp_path,
):
    w, base = published, live_server.url
    report_url = base + w.published.get_absolute_url()

    # A council member of Noorddorp asks on chapter 1.1, on a phone.
    context, page = _session(browser, base, "raad-noord", viewport=PHONE)
    page.goto(report_url)
    page.click("#hoofdstuk-1 >> text=Vraag stellen over dit deel")
    assert page.input_value("select[name=passage]") == "chapter:1.1"
    page.click("button:has-text('Vraag stellen')")  # empty: a Dutch error, nothing lost
    page.wait_for_selector(".error-summary >> text=Schrijf uw vraag.")
    assert page.input_value("select[name=passage]") == "chapter:1.1"
    page.fill("textarea[name=text]", QUESTION)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, tmp_path, "question-ask-phone")
    page.click("button:has-text('Vraag stellen')")
    page.wait_for_selector("text=Uw vraag is gesteld")
    # A private note beside the same passage.
    page.goto(report_url)
    page.click("#hoofdstuk-1 >> text=Notitie maken")
    page.fill("#id_chapter-1-1-text", NOTE)
    page.click("#notitie-chapter-1-1 >> button:has-text('Opslaan')")
    page.wait_for_selector("text=Uw notitie is opgeslagen")
    page.goto(report_url)
    assert NOTE in page.inner_text("#hoofdstuk-1")
    context.close()
    question = Question.objects.get(report=w.published)

    # The coordinator gives it to the editor of the programme.
    context, page = _session(browser, base, "coord")
    page.goto(f"{base}/rapportages/{w.published.pk}/vragen/")
    page.click(f"#vraag-{question.pk} >> text=Vraag {question.pk}")
    page.select_option("select[name=assignee]", str(w.editor.pk))
    page.click("button:has-text('Toewijzen')")
    page.wait_for_selector("text=De vraag is toegewezen")
    context.close()

    context, page = _session(browser, base, "editor")
    page.goto(f"{base}/rapportages/{w.published.pk}/vragen/{question.pk}/")
    page.fill("textarea[name=text]", ANSWER)
    page.click("button:has-text('Opslaan (nog niet vrijgeven)')")
    page.wait_for_selector("text=Het antwoord is opgeslagen")
    assert page.locator("text=Antwoord vrijgeven aan alle raden").count() == 0
    context.close()

    context, page = _session(browser, base, "coord")
    page.goto(f"{base}/rapportages/{w.published.pk}/vragen/{question.pk}/")
    shot(page, tmp_path, "question-coordinator")
    page.click("button:has-text('Antwoord vrijgeven aan alle raden')")
    page.wait_for_selector("text=Het antwoord is vrijgegeven")
    page.goto(f"{base}/rapportages/{w.published.pk}/vragen/")
    shot(page, tmp_path, "questions-list")
    context.close()

    # Zuidstad's member reads it beside the passage, on a phone; the note is not there.
    context, page = _session(browser, base, "raad-zuid", viewport=PHONE, accept_downloads=True)
    page.goto(report_url)
    aside = page.locator("#hoofdstuk-1 aside.passage-questions")
    aside.locator("summary").click()
    text = aside.inner_text()
    assert QUESTION in text and "eenmalig" in text and "Noorddorp" in text
    assert NOTE not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, tmp_path, "question-beside-passage-phone")
    page.goto(f"{base}/rapportages/{w.published.pk}/vragen/")
    with page.expect_download() as info:
        page.click("text=Alle vragen en antwoorden als CSV")
    with open(info.value.path(), encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(io.StringIO(fh.read()), delimiter=";"))
    assert [(r["vraag"], r["antwoord"], r["raad"]) for r in rows] == [
        (QUESTION, ANSWER, "Noorddorp")
    ]
    context.close()
