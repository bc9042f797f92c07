"""The zienswijze procedure in Debian's Chromium, from approval to the councils' letters:
send ter zienswijze, one griffie answers with a raadsbesluit on a phone, reminders go once,
another answers late, Duo+ reacts, the board approves the reactions on a tablet, the
bestuur's decision is recorded, and each council downloads its letter (checked by its text)."""

import datetime
import io
import os

import pytest
import time_machine
from django.core import mail
from pypdf import PdfReader

from reports.consultation import services
from reports.consultation.models import Consultation
from tests.consultation.conftest import PDF, approved  # noqa: F401  (the fixture)

from .conftest import login

pytestmark = pytest.mark.browser

TABLET = {"width": 820, "height": 1180}
PHONE = {"width": 360, "height": 740}
ZIENSWIJZE = "De raad vraagt het bestuur de bijdrage per inwoner niet te laten stijgen."
REACTIE = "De bijdrage stijgt alleen met de loon- en prijsindexatie; het voorstel is aangepast."


def shot(page, tmp_path, name):
    folder = os.environ.get("DUOPLUS_SCREENSHOTS") or str(tmp_path)
    page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def pdf_text(data):
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split()
    )


def _session(browser, base, username, viewport=None, **kwargs):
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900}, **kwargs)
    page = context.new_page()
    login(page, base, username)
    return context, page


def test_the_whole_procedure_in_the_browser(approved, browser, live_server, tmp_path):  # noqa: F811
    w, base = approved, live_server.url
    report_url = base + w.approved.get_absolute_url()
    overview = f"{base}/rapportages/{w.approved.pk}/zienswijzen/"

    # The coordinator sends the approved report ter zienswijze, with the computed term.
    context, page = _session(browser, base, "coord")
    page.goto(report_url)
    page.click("text=Ter zienswijze verzenden")
    computed = page.input_value("input[name=term_end]")
    page.click("button:has-text('Verder')")
    page.click("button:has-text('Ja, ter zienswijze verzenden')")
    page.wait_for_selector("text=De rapportage is ter zienswijze verzonden")
    context.close()
    consultation = Consultation.objects.get(report=w.approved)
    assert consultation.term_end.isoformat() == computed

    # Noorddorp's griffie answers on a phone, with the raadsbesluit as a PDF.
    decision_pdf = tmp_path / "raadsbesluit.pdf"
    decision_pdf.write_bytes(PDF)
    context, page = _session(browser, base, "griffie-noord", viewport=PHONE)
    page.goto(report_url)
    page.click("text=Naar de zienswijzen")
    page.click("#raad-noorddorp >> text=Antwoord vastleggen")
    page.check("input[name=kind][value=view]")
    page.fill("textarea[name=text]", ZIENSWIJZE)
    page.fill("input[name=council_decision_date]", consultation.sent_on.isoformat())
    page.set_input_files("input[name=decision_file]", str(decision_pdf))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, tmp_path, "consultation-answer-phone")
    page.click("button:has-text('Antwoord vastleggen')")
    page.wait_for_selector("text=is vastgelegd (versie 1)")
    assert "Zienswijze ontvangen" in page.inner_text("#raad-noorddorp")
    assert "Zuidstad" not in page.inner_text("main")  # only its own council
    shot(page, tmp_path, "consultation-griffie-phone")
    context.close()

    # Reminders before the term ends: to Zuidstad's griffie only, and once.
    mail.outbox.clear()
    for _ in range(2):
        services.remind_and_summarise(today=consultation.term_end - datetime.timedelta(days=3))
    reminders = [m for m in mail.outbox if m.subject.startswith("Herinnering")]
    assert [m.to for m in reminders] == [[w.clerk_zuid.email]]

    after = datetime.datetime.combine(
        consultation.term_end + datetime.timedelta(days=2), datetime.time(10)
    )
    with time_machine.travel(after, tick=True):
        # Zuidstad answers after the term: recorded, and marked late.
        context, page = _session(browser, base, "griffie-zuid", viewport=PHONE)
        page.goto(overview)
        page.click("#raad-zuidstad >> text=Antwoord vastleggen")
        page.check("input[name=kind][value=none]")
        page.click("button:has-text('Antwoord vastleggen')")
        page.wait_for_selector("text=is vastgelegd")
        assert "Geen zienswijze (na de termijn)" in page.inner_text("#raad-zuidstad")
        context.close()

        # Duo+ reacts and submits the reactions to the board.
        context, page = _session(browser, base, "coord")
        page.goto(overview)
        page.click("#raad-noorddorp >> text=Reactie schrijven")
        page.check("input[name=outcome][value=partly]")
        page.fill("textarea[name=explanation]", REACTIE)
        page.click("button:has-text('Reactie opslaan')")
        page.wait_for_selector("text=De reactie is opgeslagen")
        page.click("button:has-text('Reacties indienen bij het directieberaad')")
        page.click("button:has-text('Ja, indienen')")
        page.wait_for_selector("text=De reacties zijn ingediend")
        context.close()

        for member in w.board:
            context, page = _session(browser, base, member.username, viewport=TABLET)
            page.goto(overview)
            page.click("button:has-text('Reacties goedkeuren')")
            page.click("button:has-text('Ja, goedkeuren')")
            page.wait_for_selector("text=Uw goedkeuring van de reacties is vastgelegd")
            if member == w.board[-1]:
                shot(page, tmp_path, "consultation-approved-tablet")
            context.close()

        # Now every council reads every zienswijze with its reaction.
        context, page = _session(browser, base, "raad-zuid", viewport=PHONE)
        page.goto(overview)
        assert ZIENSWIJZE in page.inner_text("#raad-noorddorp")
        assert REACTIE in page.inner_text("#raad-noorddorp")
        context.close()

        # The bestuur adopts it; the coordinator records that, and the dispatch to GS.
        context, page = _session(browser, base, "coord")
        page.goto(overview)
        page.check("input[name=besluit-decision][value=adopted]")
        page.fill("input[name=besluit-decision_date]", after.date().isoformat())
        page.click("button:has-text('Besluit vastleggen')")
        page.wait_for_selector("text=Het besluit van het bestuur is vastgelegd")
        assert "uiterlijk" in page.inner_text("dl.meta")
        page.click("button:has-text('Verzending vastleggen')")
        page.wait_for_selector("text=De verzending aan Gedeputeerde Staten is vastgelegd")
        shot(page, tmp_path, "consultation-decided")
        context.close()

        # Each griffie downloads its own council's letter; the appendix is there for all.
        for username, own, other in (
            ("griffie-noord", "Noorddorp", "Zuidstad"),
            ("griffie-zuid", "Zuidstad", "Noorddorp"),
        ):
            context, page = _session(browser, base, username, accept_downloads=True)
            page.goto(overview)
            assert f"Brief aan de raad over de zienswijze – {other}" not in page.inner_text("main")
            with page.expect_download() as info:
                page.click(f"text=Brief aan de raad over de zienswijze – {own}")
            with open(info.value.path(), "rb") as fh:
                data = fh.read()
            if os.environ.get("DUOPLUS_SCREENSHOTS"):
                with open(f"{os.environ['DUOPLUS_SCREENSHOTS']}/letter-{own}.pdf", "wb") as out:
                    out.write(data)
            text = pdf_text(data)
            assert f"Aan de gemeenteraad van {own}" in text and "vastgesteld" in text
            if own == "Noorddorp":
                assert ZIENSWIJZE in text and REACTIE in text and "deels overgenomen" in text
            else:
                assert "geen zienswijze te geven" in text and ZIENSWIJZE not in text
            with page.expect_download() as info:
                page.click("text=Bijlage zienswijzen voor het bestuur")
            with open(info.value.path(), "rb") as fh:
                appendix = pdf_text(fh.read())
            assert ZIENSWIJZE in appendix and REACTIE in appendix
            context.close()
    consultation.refresh_from_db()
    assert consultation.decision == "adopted" and consultation.gs_sent_on == after.date()
