"""Extending a running term: asked first (who hears of it, that it cannot be shortened
again, and a deliberate yes when it then ends on or after the planned bestuur meeting);
each griffie gets an e-mail with the new end and the reason, once."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from duoplus.core.models import Message
from reports.consultation import services
from reports.consultation.models import ConsultationNotice

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day):
    return time_machine.travel(datetime.datetime(*day, 10, 0), tick=False)


def test_extending_mails_each_griffie_once_with_the_new_end_and_the_reason(
    sent, django_capture_on_commit_callbacks
):
    w = sent
    c = w.consultation
    mail.outbox.clear()
    with at((2026, 3, 2)), django_capture_on_commit_callbacks(execute=True):
        services.change_term(
            consultation=c, user=w.coordinator, term_end=D(2026, 5, 20), reason="Raadsreces"
        )
    got = {m.to[0]: m for m in mail.outbox}
    assert set(got) == {w.clerk_noord.email, w.clerk_zuid.email}
    noord = got[w.clerk_noord.email]
    assert "Termijn verlengd" in noord.subject and "20 mei 2026" in noord.subject
    assert "woensdag 20 mei 2026" in noord.body and "Reden: Raadsreces" in noord.body
    assert "Noorddorp" in noord.body and "Zuidstad" not in noord.body

    def notices():
        return ConsultationNotice.objects.filter(consultation=c, kind="term")

    assert notices().count() == 2 and {n.message.state for n in notices()} == {"sent"}
    # A refused change tells nobody and records nothing.
    mail.outbox.clear()
    with at((2026, 3, 3)), django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError, match="alleen langer"):
            services.change_term(
                consultation=c, user=w.coordinator, term_end=D(2026, 5, 10), reason="Toch niet"
            )
    assert mail.outbox == [] and notices().count() == 2
    # A second extension is a new message for each griffie.
    with at((2026, 3, 4)), django_capture_on_commit_callbacks(execute=True):
        services.change_term(
            consultation=c, user=w.coordinator, term_end=D(2026, 5, 27), reason="Nog een reces"
        )
    assert len(mail.outbox) == 2 and notices().count() == 4
    assert (
        Message.objects.filter(kind="consultation.notice", subject__contains="27 mei").count() == 2
    )


def test_the_page_asks_first_and_wants_a_yes_when_the_term_passes_the_bestuur(
    sent, client, django_capture_on_commit_callbacks
):
    w = sent
    c = w.consultation
    c.governing_board_meeting = D(2026, 5, 21)
    c.save(update_fields=["governing_board_meeting"])
    client.force_login(w.coordinator)
    url = reverse("reports:consultation_term", args=[c.report_id])
    data = {"termijn-term_end": "2026-05-20", "termijn-reason": "Raadsreces"}
    with at((2026, 3, 2)):
        page = client.post(url, data)
        assert page.status_code == 200
        body = page.content.decode()
        assert "Termijn verlengen tot en met woensdag 20 mei 2026?" in body
        assert "<li>Noorddorp</li>" in body and "<li>Zuidstad</li>" in body
        assert "Reden: Raadsreces" in body and 'name="termijn-term_end" value="2026-05-20"' in body
        assert "akkoord" not in body  # it still ends before the bestuur meeting
        c.refresh_from_db()
        assert c.term_end == D(2026, 5, 6)
        # On or after the meeting: a deliberate yes, else nothing changes.
        late = {"termijn-term_end": "2026-05-21", "termijn-reason": "Raadsreces"}
        body = client.post(url, late).content.decode()
        assert "geplande vergadering van het algemeen bestuur (21 mei 2026)" in body
        refused = client.post(url, {**late, "bevestigd": "1"})
        assert refused.status_code == 400 and "Vink aan" in refused.content.decode()
        c.refresh_from_db()
        assert c.term_end == D(2026, 5, 6)
        with django_capture_on_commit_callbacks(execute=True):
            done = client.post(url, {**late, "bevestigd": "1", "akkoord": "1"})
        assert done.status_code == 302
    c.refresh_from_db()
    assert c.term_end == D(2026, 5, 21) and c.term_reason == "Raadsreces"
    # A shorter end is refused at once (not asked about first), with the text kept.
    with at((2026, 3, 2)):
        page = client.post(
            url,
            {"termijn-term_end": "2026-05-07", "termijn-reason": "Mijn reden"},
        )
    assert page.status_code == 400
    body = page.content.decode()
    assert "alleen langer" in body and "Mijn reden" in body
