"""How things look in Debian's Chromium: the reading view printed, the charts on a phone."""

import subprocess

import pytest
from pypdf import PdfReader

from budget import services as budget_services
from reports.writing import services
from tests.budget.helpers import SAMPLE

from .conftest import login

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def test_the_reading_view_prints_the_document_only(world, browser, live_server, tmp_path):
    services.save_entry(
        entry=world.e1,
        user=world.editor,
        data={"progress": "Zie [het inkoopbeleid](https://example.org/inkoopbeleid).", "costs": ""},
        version=0,
    )
    context = browser.new_context()
    page = context.new_page()
    login(page, live_server.url, "coord")
    page.goto(live_server.url + world.report.get_absolute_url())
    page.emulate_media(media="print")
    path = tmp_path / "leesversie.pdf"
    page.pdf(path=str(path), format="A4")
    context.close()
    pages = [p.extract_text() for p in PdfReader(path).pages]
    text = "\n".join(pages)
    for chrome in ("Uitloggen", "Mijn werk", "Indienen bij het directieberaad", "Tekst bewerken"):
        assert chrome not in text
    assert "https://example.org/inkoopbeleid" in text  # the link's address is written out
    # Each chapter starts a page: the letter, the programmes.
    starts = [" ".join(p.split("\n")[0].split()) if p.strip() else "" for p in pages]
    assert any(s.startswith("Raadsinformatiebrief") for s in starts), starts
    assert any(s.startswith("1 Programma") for s in starts), starts
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(path), str(tmp_path / "leesversie")])


def test_charts_are_legible_on_a_phone(budget_world, browser, live_server):
    w = budget_world
    assert budget_services.import_budget(
        report=w.budget_report, name=SAMPLE.name, content=SAMPLE.read_bytes()
    ).ok
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    login(page, live_server.url, "coord")
    page.goto(live_server.url + w.budget_report.get_absolute_url())
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('svg.chart text')].map(t => {
             const r = t.getBoundingClientRect();
             return {text: t.textContent, h: r.height,
                     l: r.left, r: r.right, t: r.top, b: r.bottom};
           })"""
    )
    context.close()
    assert boxes
    assert min(b["h"] for b in boxes) >= 11, boxes  # was about 5 px
    assert all(0 <= b["l"] and b["r"] <= PHONE["width"] for b in boxes), boxes
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap = a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]
            assert not overlap, (a["text"], b["text"])


def test_the_admins_report_page_fits_the_screen(world, browser, live_server):
    from tests.workflow_helpers import submit

    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    submit(world.report, world.coordinator)  # with its council PDFs and their checksums
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login(page, live_server.url, "fb")
    page.goto(f"{live_server.url}/beheer/reports/report/{world.report.pk}/change/")
    assert "Pdf" in page.content() or "pdf" in page.content()
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 1280


def test_a_published_report_prints_without_the_portal_around_it(
    world, browser, live_server, tmp_path, django_capture_on_commit_callbacks
):
    """Printed by a council member: no links to ask or make notes, no 'openbaar' box, no
    checksum line; on screen they are there."""
    from reports.review import workflow
    from tests.workflow_helpers import submit

    world.report.is_public = True
    world.report.save(update_fields=["is_public"])
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(world.report, world.coordinator)
        for member in world.board:
            report = workflow.approve_report(report=report, user=member)
        report = workflow.publish_report(report=report, user=world.coordinator)
    bits = ("Vraag stellen over dit deel", "Notitie maken", "Controlegetal")
    context = browser.new_context()
    page = context.new_page()
    login(page, live_server.url, "raad-noord")
    page.goto(live_server.url + report.get_absolute_url())
    screen = page.inner_text("body")
    assert all(bit in screen for bit in bits), screen[:2000]
    page.emulate_media(media="print")
    path = tmp_path / "gepubliceerd.pdf"
    page.pdf(path=str(path), format="A4")
    context.close()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
    assert not [bit for bit in bits if bit in text]
    assert "Openbaar gepubliceerd" not in text and "Tekst over inkoop." in text
