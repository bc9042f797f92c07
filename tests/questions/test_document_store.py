"""The answers' document in the one document store: failed after its attempts, shown to the
coordinator on "Vragen en antwoorden" with "opnieuw maken"."""

import datetime

import pytest
from django.urls import reverse

from duoplus.core import documents
from duoplus.core import pdf as pdf_module
from duoplus.core.models import DocumentStatus
from reports.questions.models import QuestionDocument

pytestmark = pytest.mark.django_db


def test_a_failed_answers_document_is_offered_again(
    published, client, monkeypatch, django_capture_on_commit_callbacks, settings
):
    w = published
    settings.DOCUMENT_MAX_ATTEMPTS = 1

    def broken(html):
        raise RuntimeError("lettertype ontbreekt")

    monkeypatch.setattr(pdf_module, "html_to_pdf", broken)
    document = QuestionDocument.objects.create(
        report=w.published, closed_on=datetime.date(2026, 1, 1)
    )
    with pytest.raises(RuntimeError):
        documents.render_now(document)
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    url = reverse("reports:questions", args=[w.published.pk])
    remake = reverse("reports:questions_pdf_remake", args=[w.published.pk])
    client.force_login(w.coordinator)
    page = client.get(url).content.decode()
    assert "Mislukt" in page and "lettertype ontbreekt" in page and remake in page
    # Not downloadable while it is not made; a council member sees no error and no button.
    assert client.get(reverse("reports:questions_pdf", args=[w.published.pk])).status_code == 404
    client.force_login(w.council_noord)
    page = client.get(url).content.decode()
    assert "lettertype ontbreekt" not in page and remake not in page
    monkeypatch.undo()
    client.force_login(w.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(remake)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    assert client.get(reverse("reports:questions_pdf", args=[w.published.pk])).status_code == 200
