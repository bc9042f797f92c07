"""The main flow with the keyboard only (WCAG 2.1.1, 2.4.3, 2.4.7), with and without
JavaScript: write an entry, submit, approve, publish and download, by Tab, typing and Enter;
every focused control visibly marked, and no mouse click anywhere."""

import pytest

from reports.core.models import ReportStatus

from .conftest import PASSWORD

pytestmark = pytest.mark.browser

MAX_TABS = 250


def focused(page):
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          return {
            tag: el.tagName.toLowerCase(),
            name: el.getAttribute('name') || '',
            text: (el.textContent || el.value || '').replace(/\\s+/g, ' ').trim(),
            outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
          };
        }"""
    )


def tab_to(page, match):
    """Press Tab until the focused element satisfies ``match``; each stop must show focus."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        element = focused(page)
        if element["tag"] in ("a", "button", "input", "textarea", "select"):
            assert element["outline"], f"no visible focus on {element}"
        if match(element):
            return element
    raise AssertionError("not reachable with Tab")


def text_is(text):
    return lambda element: element["text"] == text


def named(name):
    return lambda element: element["name"] == name


def keyboard_login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    tab_to(page, named("username"))
    page.keyboard.type(username)
    tab_to(page, named("password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Welkom')")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_whole_chain_with_the_keyboard_only(world, browser, live_server, javascript):
    """Also with JavaScript off: every step is a plain link or form."""
    base = live_server.url
    report = world.report

    def new_context(**kwargs):
        return browser.new_context(java_script_enabled=javascript, **kwargs)

    # An editor writes the entry.
    context = new_context()
    page = context.new_page()
    keyboard_login(page, base, "editor")
    tab_to(page, text_is("Mijn werk"))
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Mijn werk')")
    tab_to(page, lambda element: element["tag"] == "a" and element["text"].endswith(" Inkoop"))
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Inkoop')")
    tab_to(page, named("progress"))
    page.keyboard.press("Control+A")
    page.keyboard.type("Met het toetsenbord geschreven.")
    tab_to(page, text_is("Opslaan"))
    page.keyboard.press("Enter")
    page.wait_for_selector("text=De tekst is opgeslagen")
    context.close()

    # The coordinator submits (the skip link first: it leads past the menu).
    context = new_context()
    page = context.new_page()
    keyboard_login(page, base, "coord")
    page.goto(base + report.get_absolute_url())
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Naar de inhoud"
    tab_to(page, text_is("Indienen bij het directieberaad"))
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Indienen bij het directieberaad?')")
    tab_to(page, named("akkoord"))
    page.keyboard.press("Space")
    tab_to(page, text_is("Ja, indienen"))
    page.keyboard.press("Enter")
    page.wait_for_selector("text=De rapportage is ingediend")
    context.close()

    # Every board member approves from the start page.
    for member in world.board:
        context = new_context()
        page = context.new_page()
        keyboard_login(page, base, member.username)
        tab_to(page, text_is(report.title))
        page.keyboard.press("Enter")
        page.wait_for_selector(f"h1:has-text('{report.title}')")
        tab_to(page, text_is("Goedkeuren"))
        page.keyboard.press("Enter")
        page.wait_for_selector("h1:has-text('Goedkeuren?')")
        tab_to(page, text_is("Ja, goedkeuren"))
        page.keyboard.press("Enter")
        page.wait_for_selector("text=Uw goedkeuring is vastgelegd")
        context.close()
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED

    # The coordinator publishes.
    context = new_context()
    page = context.new_page()
    keyboard_login(page, base, "coord")
    page.goto(base + report.get_absolute_url())
    tab_to(page, text_is("Publiceren"))
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Publiceren?')")
    tab_to(page, text_is("Ja, publiceren"))
    page.keyboard.press("Enter")
    page.wait_for_selector("text=De rapportage is gepubliceerd")
    context.close()

    # A council member downloads the PDF for their council.
    context = new_context(accept_downloads=True)
    page = context.new_page()
    keyboard_login(page, base, "raad-noord")
    tab_to(page, text_is("Pdf voor Noorddorp downloaden"))
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "Eerste-voortgangsrapportage-2022-Noorddorp.pdf"
    context.close()
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
