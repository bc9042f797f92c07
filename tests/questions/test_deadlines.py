"""An answer's due date: the reminder on the day, the late ones to the coordinator (each
once), the late filter; and the document frozen once the questions have closed."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from duoplus.core.models import AuditEvent
from reports.questions import services
from reports.questions.models import QuestionDocument

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_due_day_and_late_answers_are_mailed_once(
    published, client, django_capture_on_commit_callbacks
):
    w = published
    q = services.ask_question(
        report=w.published, user=w.council_noord, passage=w.entry_passage, text="Hoeveel?"
    )
    services.assign(question=q, user=w.coordinator, assignee=w.editor, due_on=D(2030, 3, 4))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_and_report_late(today=D(2030, 3, 3)) == 0
        assert services.remind_and_report_late(today=D(2030, 3, 4)) == 1
        assert services.remind_and_report_late(today=D(2030, 3, 4)) == 0
    assert [(m.to, m.subject.split(":")[0]) for m in mail.outbox] == [([w.editor.email], "Vandaag")]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_and_report_late(today=D(2030, 3, 5)) == 1
        assert services.remind_and_report_late(today=D(2030, 3, 6)) == 0
    assert [m.to for m in mail.outbox] == [[w.coordinator.email]]
    assert "te laat" in mail.outbox[0].body
    # A new date is a new deadline: reminded again on that day.
    services.assign(question=q, user=w.coordinator, assignee=w.editor, due_on=D(2030, 3, 11))
    assert services.remind_and_report_late(today=D(2030, 3, 11)) == 1


def test_the_late_filter_lists_only_overdue_answers(published, client):
    w = published
    late = services.ask_question(
        report=w.published, user=w.council_noord, passage=w.entry_passage, text="Te laat?"
    )
    services.ask_question(
        report=w.published, user=w.council_zuid, passage=w.entry_passage, text="Op tijd?"
    )
    services.assign(question=late, user=w.coordinator, assignee=w.editor)
    type(late).objects.filter(pk=late.pk).update(due_on=D(2020, 1, 1))
    client.force_login(w.coordinator)
    page = client.get(reverse("reports:questions", args=[w.published.pk]) + "?status=late")
    body = page.content.decode()
    assert "Te laat?" in body and "Op tijd?" not in body and "te laat" in body


@pytest.mark.pdf
def test_the_document_is_frozen_once_the_questions_close(
    published, client, django_capture_on_commit_callbacks
):
    w = published
    q = services.ask_question(
        report=w.published, user=w.council_noord, passage=w.entry_passage, text="Waarom € 8.000?"
    )
    q = services.save_draft(question=q, user=w.coordinator, text="Volgens de *offerte*.", version=0)
    services.release(question=q, user=w.coordinator)
    services.set_closing(report=w.published, user=w.coordinator, closes_on=D(2030, 6, 1))
    assert services.freeze_closed_rounds(today=D(2030, 6, 1)) == 0  # still open that day
    with django_capture_on_commit_callbacks(execute=True):
        assert services.freeze_closed_rounds(today=D(2030, 6, 2)) == 1
    assert services.freeze_closed_rounds(today=D(2030, 6, 3)) == 0  # once
    document = QuestionDocument.objects.get(report=w.published)
    for user in (w.council_zuid, w.coordinator):
        client.force_login(user)
        response = client.get(reverse("reports:questions_pdf", args=[w.published.pk]))
        data = b"".join(response.streaming_content)
        assert response["X-Content-SHA256"] == document.sha256
    assert AuditEvent.objects.filter(
        action="question.download", actor=w.council_zuid, object_id=str(document.pk)
    ).exists()
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert "Beantwoording technische vragen" in text
    assert "Waarom € 8.000?" in text and "Volgens de offerte." in text and "Noorddorp" in text
    # Frozen: a later answer does not change it.
    q.refresh_from_db()
    services.save_draft(question=q, user=w.coordinator, text="Anders.", version=q.draft_version)
    services.release(question=q, user=w.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.freeze_closed_rounds(today=D(2030, 6, 4))
    document.refresh_from_db()
    assert document.sha256 == response["X-Content-SHA256"]
    client.force_login(w.outsider)
    assert client.get(reverse("reports:questions_pdf", args=[w.published.pk])).status_code == 404
