"""'Wachtwoord vergeten?': the portal's own Dutch pages, the link through the outbox (one
per ten minutes, made when it is sent), nothing said about whether an address is known,
and a mail server that fails breaks nothing."""

import re
import smtplib
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from duoplus.core.models import Message

pytestmark = pytest.mark.django_db


def _request(client, email, callbacks):
    with callbacks(execute=True):
        return client.post(reverse("password_reset"), {"email": email})


def test_a_forgotten_password_is_reset_through_the_link(
    world, client, django_capture_on_commit_callbacks
):
    user = world.editor
    login = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in login and "Wachtwoord vergeten?" in login
    page = client.get(reverse("password_reset")).content.decode()
    assert "<h1>Wachtwoord vergeten</h1>" in page and "Django" not in page
    mail.outbox.clear()
    response = _request(client, user.email, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    (sent,) = mail.outbox
    assert sent.to == [user.email] and sent.subject == "Nieuw wachtwoord voor het Duo+ portaal"
    assert f"Uw gebruikersnaam is {user.username}." in sent.body
    link = re.search(r"https?://\S+/accounts/reset/\S+/", sent.body).group(0)
    message = Message.objects.get(kind="core.password_reset")
    assert message.recipient == user and message.state == "sent"
    confirm = client.get(link, follow=True)
    assert "<h1>Nieuw wachtwoord kiezen</h1>" in confirm.content.decode()
    form_url = confirm.redirect_chain[-1][0]
    bad = client.post(form_url, {"new_password1": "Kort", "new_password2": "Anders"})
    assert bad.status_code == 200 and "Het wachtwoord is niet gewijzigd" in bad.content.decode()
    new = "Een-lang-nieuw-wachtwoord-2026"
    done = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(new)
    # The link works once.
    again = client.get(link, follow=True).content.decode()
    assert "Deze link werkt niet meer" in again


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    world, client, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    response = _request(client, "niemand@example.invalid", django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mail.outbox == [] and not Message.objects.filter(kind="core.password_reset").exists()


def test_one_link_per_ten_minutes_and_a_failing_mail_server_breaks_nothing(
    world, client, django_capture_on_commit_callbacks
):
    user = world.editor
    mail.outbox.clear()
    with time_machine.travel("2026-12-04 10:01", tick=False):
        with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages") as send:
            send.side_effect = smtplib.SMTPException("weg")
            response = _request(client, user.email, django_capture_on_commit_callbacks)
        assert response.status_code == 302
        message = Message.objects.get(kind="core.password_reset")
        assert message.state == "pending" and message.attempts == 1 and "weg" in message.reason
        _request(client, user.email, django_capture_on_commit_callbacks)
    with time_machine.travel("2026-12-04 10:09", tick=False):
        _request(client, user.email, django_capture_on_commit_callbacks)
    assert Message.objects.filter(kind="core.password_reset").count() == 1 and mail.outbox == []
    with time_machine.travel("2026-12-04 10:11", tick=False):
        _request(client, user.email, django_capture_on_commit_callbacks)
    assert Message.objects.filter(kind="core.password_reset").count() == 2
    assert len(mail.outbox) == 1
