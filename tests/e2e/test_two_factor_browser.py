"""The second login step in a real browser, on a phone, with axe-core on every page of it:
a coordinator sets up the app (reading the key off the page), keeps the recovery codes,
and next time gives a code after the password; repeated wrong passwords lock the login."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from duoplus.core.models import AuditEvent

from .conftest import PASSWORD
from .test_accessibility import PHONE, WCAG_21_AA

pytestmark = pytest.mark.browser


def _axe(page):
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options=WCAG_21_AA)
    return [v["id"] for v in result.response["violations"]]


def _fill_login(page, base, username, password=PASSWORD):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0):06d}"


def test_set_up_and_use_the_second_step_on_a_phone(world, browser, live_server, settings):
    settings.TWO_FACTOR_REQUIRED_ROLES = ["board", "coordinator", "admin", "staff"]
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    _fill_login(page, base, "coord")
    page.wait_for_selector("h1:has-text('Tweestapsverificatie instellen')")
    assert page.locator(".qr svg").count() == 1
    assert _axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    secret = page.inner_text("code.secret")
    device = TOTPDevice.objects.get(user=world.coordinator, confirmed=False)
    assert re.sub(r"\s", "", secret) == _b32(device.bin_key)
    page.fill("input[name=otp_token]", _code(device))
    page.click("button:has-text('Koppelen')")
    page.wait_for_selector("h1:has-text('Uw herstelcodes')")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and _axe(page) == []
    page.click("text=Ik heb ze bewaard, verder")
    page.wait_for_selector("h1:has-text('Welkom')")
    context.close()

    # Next time: the code after the password, a recovery code when the phone is lost.
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    _fill_login(page, base, "coord")
    page.wait_for_selector("h1:has-text('Inloggen: code')")
    assert _axe(page) == []
    page.goto(f"{base}{world.report.get_absolute_url()}")
    assert "/accounts/tweestapsverificatie/" in page.url  # nothing else before the code
    page.fill("input[name=otp_token]", codes[0])
    page.click("button:has-text('Inloggen')")
    page.wait_for_selector("h1:has-text('Eerste voortgangsrapportage 2022')")
    context.close()
    assert AuditEvent.objects.filter(action="login.second_step", actor=world.coordinator).exists()


def test_the_lockout_page_on_a_phone(world, browser, live_server, settings):
    base = live_server.url
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _fill_login(page, base, "editor", password="verkeerd")
    page.wait_for_selector("h1:has-text('Tijdelijk geblokkeerd')")
    assert _axe(page) == []
    _fill_login(page, base, "editor")  # the right password, but locked
    page.wait_for_selector("h1:has-text('Tijdelijk geblokkeerd')")
    context.close()


def _b32(key):
    from base64 import b32encode

    return b32encode(key).decode().rstrip("=")
