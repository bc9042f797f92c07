"""axe-core (WCAG 2.1 A and AA) on every page each role can reach by following links, on a
phone-sized screen, where no page may scroll sideways.

The crawl starts at the start page and follows every same-site link, so a new page is
checked as soon as it is linked; the import's check page and the question before
submitting (reached by a form, not a link) are added by hand. Left out: logging out, file
downloads and the Django admin (/beheer/, Django's own pages, used by functional
administrators only).
"""

from urllib.parse import urldefrag, urlsplit

import pytest

from budget import services as budget_services
from reports.review import workflow
from reports.writing import services
from tests import factories as f
from tests.budget.helpers import SAMPLE
from tests.workflow_helpers import submit

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.long]

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SKIP_PREFIXES = ("/accounts/logout/", "/beheer/", "/static/")
SKIP_SUFFIXES = (".csv", ".xlsx", ".pdf")
PHONE = {"width": 360, "height": 740}
ROLES = ["coord", "editor", "dbr-noord", "raad-noord", "griffie-noord", "fb", "buitenstaander"]


def _same_site_links(page, base):
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    for href in hrefs:
        url, _ = urldefrag(href)
        if not url.startswith(base):
            continue
        path = urlsplit(url).path
        if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES) or "/pdf/" in path:
            continue
        yield url


def _violations(axe, page):
    result = axe.run(page, options=WCAG_21_AA)
    found = [
        f"{v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:3])})"
        for v in result.response["violations"]
    ]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        found.append(f"scrolls sideways on a {PHONE['width']} px screen ({width} px wide)")
    return found


@pytest.fixture
def published_and_submitted(budget_world, django_capture_on_commit_callbacks):
    """Reports in every state, so every kind of page exists: the budget report in concept
    with its lines, the progress report published (with PDFs) and one more submitted."""
    w = budget_world
    w.draft_entry = f.EntryFactory(report=w.budget_report, programme=w.p1)
    # One saved version, so the history page has a diff to show.
    services.save_entry(
        entry=w.draft_entry,
        user=w.editor,
        data={"progress": "Eerste tekst.\nMet een **nieuwe** regel.", "status": "attention"},
        version=0,
    )
    assert budget_services.import_budget(
        report=w.budget_report, name=SAMPLE.name, content=SAMPLE.read_bytes()
    ).ok
    # An indicator with a long name and its value, so the indicator table is on the pages.
    from programmes.models import Indicator
    from reports.writing.models import IndicatorValue

    indicator = Indicator.objects.create(
        programme=w.p1, name="Aanbestedingen volgens het nieuwe beleid", unit="%", target="100"
    )
    IndicatorValue.objects.create(entry=w.e1, indicator=indicator, value="40")
    report = submit(w.report, w.coordinator)
    for member in w.board:
        report = workflow.approve_report(report=report, user=member)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish_report(report=report, user=w.coordinator)
        _consultations(w)
        _questions(w)
    return w


def _questions(w):
    """A released technische vraag and an open one on the published report, and a note."""
    from reports.questions import services as questions

    answered = questions.ask_question(
        report=w.report, user=w.council_noord, passage="chapter:1.1", text="Waarom dit bedrag?"
    )
    answered = questions.save_draft(
        question=answered, user=w.coordinator, text="Omdat het **zo** is.", version=0
    )
    questions.release(question=answered, user=w.coordinator)
    w.open_question = questions.ask_question(
        report=w.report, user=w.clerk_noord, passage="letter", text="Wanneer komt de rest?"
    )
    questions.save_note(report=w.report, user=w.council_noord, passage="chapter:1.1", text="Ik")


def _consultations(w):
    """A begroting ter zienswijze with Noorddorp's answer (its pages: the overview, the
    griffie's form, the council list's notice, the agenda page), and one approved, to send."""
    from reports.consultation import services as consultation

    def approved(title):
        r = f.ReportFactory(
            organisation=w.executing, title=title, kind="budget", year=2027, purpose="consultation"
        )
        r.recipients.set([w.noord, w.zuid])
        f.EntryFactory(report=r, programme=w.p1, progress="Tekst.")
        r = submit(r, w.coordinator)
        for member in w.board:
            r = workflow.approve_report(report=r, user=member)
        return r

    w.consultation_to_send = approved("Kaderbrief 2027")
    w.consultation = consultation.send_for_consultation(
        report=approved("Ontwerpbegroting 2027"), user=w.coordinator
    )
    consultation.record_response(
        consultation=w.consultation,
        council=w.noord,
        user=w.clerk_noord,
        kind="view",
        text="De raad vraagt om een lagere bijdrage.",
        council_decision_date=w.consultation.sent_on,
        file_name="besluit.pdf",
        file_content=b"%PDF-1.4\n%%EOF\n",
    )


def test_every_reachable_page_has_no_axe_violations(published_and_submitted, browser, live_server):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    base = live_server.url
    problems, visited_all = {}, set()

    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    for path in (
        "/accounts/login/",
        "/accounts/password_reset/",
        "/toegankelijkheid/",
        "/openbaar/",
    ):
        assert page.goto(f"{base}{path}").status == 200
        problems[f"anonymous {page.url}"] = _violations(axe, page)
    context.close()

    for username in ROLES:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        login(page, base, username)
        queue, seen = [f"{base}/"], set()
        while queue and len(seen) < 60:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            response = page.goto(url)
            if response.status != 200:
                continue
            problems[f"{username} {url}"] = _violations(axe, page)
            queue.extend(u for u in _same_site_links(page, base) if u not in seen)
        if username == "coord":
            w = published_and_submitted
            page.goto(f"{base}/rapportages/{w.budget_report.pk}/begroting/importeren/")
            page.set_input_files("input[name=file]", str(SAMPLE))
            page.click("button:has-text('Controleren')")
            page.wait_for_selector("text=Controleren voor het inlezen")
            problems[f"{username} {page.url}"] = _violations(axe, page)
            # The question before an irreversible action (reached by a form), with what is
            # unfinished and, after confirming without ticking it, its error.
            page.goto(base + w.budget_report.get_absolute_url())
            page.click("button:has-text('Indienen bij het directieberaad')")
            page.wait_for_selector("h1:has-text('Indienen bij het directieberaad?')")
            problems[f"{username} confirm {page.url}"] = _violations(axe, page)
            page.click("button:has-text('Ja, indienen')")
            page.wait_for_selector(".error-summary")
            problems[f"{username} confirm-error {page.url}"] = _violations(axe, page)
        # The search page (reached by the header's form), with results.
        assert page.goto(f"{base}/zoeken/?q=tekst").status == 200
        page.wait_for_selector("#kop-resultaten")
        problems[f"{username} search {page.url}"] = _violations(axe, page)
        visited_all |= {urlsplit(u).path for u in seen}
        context.close()

    # The crawl really reached the pages that matter.
    w = published_and_submitted
    for path in [
        "/",
        "/raad/",
        "/toegankelijkheid/",
        w.report.get_absolute_url(),
        w.budget_report.get_absolute_url(),
        f"/rapportages/{w.budget_report.pk}/begroting/importeren/",
        w.draft_entry.get_absolute_url(),
        "/mijn-werk/",
        f"/rapportages/{w.budget_report.pk}/teksten/{w.draft_entry.pk}/versies/",
        f"/rapportages/{w.consultation.report_id}/zienswijzen/",
        f"/rapportages/{w.consultation.report_id}/zienswijzen/noorddorp/antwoord/",
        f"/rapportages/{w.consultation_to_send.pk}/zienswijze/verzenden/",
        "/kalender/agenda/",
        f"/rapportages/{w.report.pk}/vragen/",
        f"/rapportages/{w.report.pk}/vragen/{w.open_question.pk}/",
        f"/rapportages/{w.report.pk}/notities/",
    ]:
        assert path in visited_all, f"{path} was not reached by the crawl"
    found = {where: v for where, v in problems.items() if v}
    assert not found, "\n".join(f"{where}: {v}" for where, vs in found.items() for v in vs)
