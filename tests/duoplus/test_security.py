"""Authentication and sessions (ASVS V6/V7, BIO 9.4): brute-force lockout, the second
login step, session lifetimes; security headers (ASVS V3/V14); the audit of logins and
admin changes (BIO 8.15.01)."""

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from duoplus.core.models import AuditEvent, Role
from programmes.models import Programme
from tests.e2e.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PRODUCTION_ROLES = ["board", "coordinator", "admin", "staff"]


def login(client, username, password=PASSWORD, ip="10.0.0.1", follow=False):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        follow=follow,
    )


# Headers -----------------------------------------------------------------------------


def test_security_headers_on_every_page(world, client):
    client.force_login(world.editor)
    for url in (reverse("login"), reverse("home"), world.report.get_absolute_url()):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
        assert directives["script-src"] == "'self'" and "unsafe" not in csp
        assert directives["object-src"] == "'none'"
        assert directives["base-uri"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_session_cookie_is_httponly_samesite_and_renewed_at_login(world, client):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    response = login(client, "editor")
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert client.session.session_key != before  # no session fixation


# Sessions ----------------------------------------------------------------------------


def test_a_session_ends_after_inactivity(world, client, settings):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        login(client, "editor")
        assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE - 60))
        assert client.get(reverse("home")).status_code == 200  # activity extends it
        clock.shift(timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
        response = client.get(reverse("home"))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_session_ends_after_its_absolute_lifetime_however_active(world, client, settings):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        login(client, "editor")
        steps = settings.SESSION_ABSOLUTE_LIFETIME // (20 * 60)
        for _ in range(steps):
            clock.shift(timedelta(minutes=20))
            assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(minutes=20))
        response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert AuditEvent.objects.filter(action="session.expired", actor=world.editor).exists()


def test_a_deactivated_users_sessions_end_at_once(world, client):
    client.force_login(world.coordinator)
    assert client.get(reverse("home")).status_code == 200
    world.coordinator.is_active = False
    world.coordinator.save()
    response = client.get(world.report.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


# Brute force -------------------------------------------------------------------------


def test_repeated_failures_lock_the_username_from_that_address(world, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(client, "editor", password="fout")
        assert response.status_code == 200
        assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()
    # The last allowed failure locks; from then on even the right password is refused,
    # with a Dutch page saying what to do.
    assert login(client, "editor", password="fout").status_code == 429
    response = login(client, "editor")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Tijdelijk geblokkeerd" in page and "15 minuten" in page
    assert "_auth_user_id" not in client.session
    failed = AuditEvent.objects.filter(action="login", result="failed")
    assert failed.count() == settings.AXES_FAILURE_LIMIT + 1  # five wrong, one while locked
    assert all(e.detail["username"] == "editor" and e.ip == "10.0.0.1" for e in failed)
    assert "fout" not in str(list(failed.values("detail")))  # never the password
    assert AuditEvent.objects.filter(action="login.lockout", ip="10.0.0.1").exists()
    # Keyed on username and address: the same person elsewhere, or another user, still gets in.
    assert login(client, "editor", ip="10.0.0.2").status_code == 302
    client.logout()
    assert login(client, "coord").status_code == 302


def test_the_lockout_ends_after_the_cool_off(world, client, settings):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(client, "editor", password="fout")
        assert login(client, "editor").status_code == 429
        clock.shift(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
        assert login(client, "editor").status_code == 302


def test_logins_and_logouts_are_audited(world, client):
    assert login(client, "editor").status_code == 302
    client.post(reverse("logout"), REMOTE_ADDR="10.0.0.1")
    actions = list(
        AuditEvent.objects.filter(actor=world.editor).values_list("action", "result", "ip")
    )
    assert ("login", "ok", "10.0.0.1") in actions and ("logout", "ok", "10.0.0.1") in actions


def test_the_login_page_keeps_its_address_and_field_names(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'name="username"' in page and 'name="password"' in page


# Two-factor authentication --------------------------------------------------------------


def _code(device, drift=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=drift):06d}"


@override_settings(TWO_FACTOR_REQUIRED_ROLES=PRODUCTION_ROLES)
def test_a_coordinator_must_set_up_the_app_before_anything_else(world, client, time_machine):
    time_machine.move_to("2026-11-30 10:00:00+01:00", tick=False)
    response = login(client, "coord")
    assert response["Location"] == reverse("home")
    response = client.get(world.report.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))
    page = client.get(response["Location"]).content.decode()
    assert "<svg" in page and "Sleutel:" in page
    device = TOTPDevice.objects.get(user=world.coordinator, confirmed=False)
    response = client.post(reverse("two_factor_setup"), {"otp_token": "000000"})
    assert "Deze code klopt niet" in response.content.decode()
    time_machine.shift(31)
    response = client.post(
        reverse("two_factor_setup"),
        {"otp_token": _code(device), "next": world.report.get_absolute_url()},
    )
    codes = StaticToken.objects.filter(device__user=world.coordinator)
    assert codes.count() == 10
    page = response.content.decode()
    assert all(code.token in page for code in codes)
    assert client.get(world.report.get_absolute_url()).status_code == 200
    assert AuditEvent.objects.filter(action="otp.setup", actor=world.coordinator).exists()


@override_settings(TWO_FACTOR_REQUIRED_ROLES=PRODUCTION_ROLES)
def test_with_a_device_the_code_is_asked_after_the_password(world, client, time_machine):
    time_machine.move_to("2026-11-30 10:00:00+01:00", tick=False)
    device = TOTPDevice.objects.create(user=world.board_noord, name="app", confirmed=True)
    login(client, "dbr-noord")
    response = client.get(world.report.get_absolute_url())
    assert response["Location"].startswith(reverse("two_factor_verify"))
    # A password alone never adds a new device.
    assert client.get(reverse("two_factor_setup"))["Location"] == reverse("two_factor_verify")
    response = client.post(reverse("two_factor_verify"), {"otp_token": "123456"})
    assert "klopt niet" in response.content.decode()
    assert AuditEvent.objects.filter(action="login.second_step", result="failed").exists()
    # Right after a wrong code the device is throttled: even the right code must wait.
    response = client.post(reverse("two_factor_verify"), {"otp_token": _code(device)})
    assert "Wacht even" in response.content.decode()
    time_machine.shift(31)
    response = client.post(
        reverse("two_factor_verify"),
        {"otp_token": _code(device), "next": world.report.get_absolute_url()},
    )
    assert response["Location"] == world.report.get_absolute_url()
    assert client.get(world.report.get_absolute_url()).status_code == 200


@override_settings(TWO_FACTOR_REQUIRED_ROLES=PRODUCTION_ROLES)
def test_a_recovery_code_works_once_and_next_goes_nowhere_else(world, client):
    from django_otp.plugins.otp_static.models import StaticDevice

    TOTPDevice.objects.create(user=world.board_noord, name="app", confirmed=True)
    static = StaticDevice.objects.create(user=world.board_noord, name="codes", confirmed=True)
    static.token_set.create(token="herstel123")
    login(client, "dbr-noord")
    response = client.post(
        reverse("two_factor_verify"),
        {"otp_token": "herstel 123", "next": "https://elders.example/"},
    )
    assert response["Location"] == reverse("home")  # not an open redirect
    client.post(reverse("logout"))
    login(client, "dbr-noord")
    response = client.post(reverse("two_factor_verify"), {"otp_token": "herstel123"})
    assert "klopt niet" in response.content.decode()


@override_settings(TWO_FACTOR_REQUIRED_ROLES=PRODUCTION_ROLES)
def test_an_editor_logs_in_with_the_password_unless_it_is_required_for_them(world, client):
    login(client, "editor")
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    world.editor.two_factor_required = True
    world.editor.save()
    login(client, "editor")
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_setup"))


@override_settings(TWO_FACTOR_REQUIRED_ROLES=PRODUCTION_ROLES, DEBUG=True)
def test_demo_accounts_skip_the_second_step_in_development(world, client):
    world.coordinator.is_demo = True
    world.coordinator.save()
    login(client, "coord")
    assert client.get(reverse("home")).status_code == 200


# Admin changes -------------------------------------------------------------------------


def test_admin_changes_are_audited(world, client):
    from tests import factories as f

    admin_user = f.UserFactory(username="fb-echt", is_staff=True, is_superuser=True)
    f.MembershipFactory(user=admin_user, organisation=world.executing, role=Role.ADMIN)
    client.force_login(admin_user)
    url = reverse("admin:programmes_programme_change", args=[world.p1.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {"name": "Inkoop en aanbesteding", "slug": "inkoop", "organisation": world.executing.pk}
    )
    data.update({"editors": [u.pk for u in world.p1.editors.all()]})
    for prefix in page.context["inline_admin_formsets"]:
        formset = prefix.formset
        data.update(
            {
                f"{formset.prefix}-TOTAL_FORMS": "0",
                f"{formset.prefix}-INITIAL_FORMS": "0",
            }
        )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Programme.objects.get(pk=world.p1.pk).name == "Inkoop en aanbesteding"
    event = AuditEvent.objects.get(action="admin.changed")
    assert event.actor == admin_user and event.object_type == "programmes.programme"
    assert event.object_id == str(world.p1.pk)


def test_every_audit_row_is_also_a_structured_log_line(world, client, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="duoplus.audit")
    login(client, "editor", password="fout", ip="10.0.0.9")
    [record] = [r for r in caplog.records if r.name == "duoplus.audit"]
    assert record.audit == {"action": "login", "result": "failed", "username": "editor"}
    assert "ip=10.0.0.9" in record.getMessage()
    event = AuditEvent.objects.get(action="login", result="failed")
    assert event.at.tzinfo is not None and event.at.utcoffset() == timedelta(0)


def test_an_overlong_username_or_password_is_refused_before_it_is_checked(world, client):
    from axes.models import AccessAttempt

    for username, password in (("a" * 300, PASSWORD), ("editor", "x" * 5000)):
        response = login(client, username, password=password)
        assert response.status_code == 200 and "te lang" in response.content.decode()
    assert not AccessAttempt.objects.exists()


@pytest.mark.parametrize(
    "proxies,forwarded,expected",
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no proxy configured: the header is not believed
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.66, 203.0.113.9", "203.0.113.9"),  # the left entry is the client's claim
        (2, "198.51.100.66, 203.0.113.9, 10.1.1.1", "203.0.113.9"),
        (1, "niet-een-adres", "10.0.0.1"),
    ],
)
def test_the_client_address_behind_trusted_proxies(
    world, client, settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "editor", "password": "fout"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )
    assert set(
        AuditEvent.objects.filter(action="login", result="failed").values_list("ip", flat=True)
    ) == {expected}
    assert AuditEvent.objects.filter(action="login.lockout", ip=expected).exists()


@override_settings(TWO_FACTOR_REQUIRED_ROLES=PRODUCTION_ROLES)
def test_the_second_step_is_decided_once_per_login_and_anew_at_the_next(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, "editor")
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("my_work"))
    world.editor.two_factor_required = True
    world.editor.save()
    with CaptureQueriesContext(connection) as later:
        assert client.get(reverse("my_work")).status_code == 200
    assert not any("otp_" in q["sql"] for q in later.captured_queries + first.captured_queries)
    login(client, "editor")  # a new login in the same browser: decided again
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor_setup"))
