"""The procedure's documents in the one document store: a document whose rendering always
fails is tried DOCUMENT_MAX_ATTEMPTS times (the sweep takes each retry up), then failed,
never queued again, and offered to the coordinator with "opnieuw maken"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from duoplus.core import documents
from duoplus.core import pdf as pdf_module
from duoplus.core.models import AuditEvent, DocumentStatus
from reports.consultation.models import ConsultationDocument

pytestmark = pytest.mark.django_db


def _broken(html):
    raise RuntimeError("sjabloon kapot")


def test_a_document_that_always_fails_ends_failed_and_is_made_again_on_request(
    sent, client, monkeypatch, django_capture_on_commit_callbacks, settings
):
    w = sent
    monkeypatch.setattr(pdf_module, "html_to_pdf", _broken)
    document = ConsultationDocument.objects.create(consultation=w.consultation, kind="appendix")
    stuck_later = datetime.timedelta(seconds=settings.PDF_STUCK_SECONDS + 1)
    with pytest.raises(RuntimeError):
        documents.render_now(document)
    for attempt in (1, 2):
        document.refresh_from_db()
        assert (document.status, document.attempts) == (DocumentStatus.QUEUED, attempt)
        assert "sjabloon kapot" in document.error
        # The sweep takes the next attempt up once it has waited long enough.
        with django_capture_on_commit_callbacks(execute=True):
            assert documents.sweep()["requeued"] == 0  # not yet
        # (Its job fails; the queue logs that, the sweep's own run goes on.)
        with django_capture_on_commit_callbacks(execute=True):
            assert documents.sweep(now=timezone.now() + stuck_later)["requeued"] == 1
    document.refresh_from_db()
    assert (document.status, document.attempts) == (DocumentStatus.FAILED, 3)
    # Failed: never queued again, however long the sweeps go on.
    with django_capture_on_commit_callbacks(execute=True) as jobs:
        for hours in (1, 24, 24 * 7):
            documents.sweep(now=timezone.now() + datetime.timedelta(hours=hours))
    assert jobs == []
    document.refresh_from_db()
    assert (document.status, document.attempts) == (DocumentStatus.FAILED, 3)

    # The coordinator sees it on the procedure's page, with the error and "opnieuw maken".
    page_url = reverse("reports:consultation", args=[w.consultation.report_id])
    remake_url = reverse(
        "reports:consultation_document_remake", args=[w.consultation.report_id, document.pk]
    )
    client.force_login(w.coordinator)
    page = client.get(page_url).content.decode()
    assert "Mislukt" in page and "sjabloon kapot" in page and remake_url in page
    # A griffie sees neither the error nor the button; the board member cannot remake it.
    client.force_login(w.clerk_noord)
    page = client.get(page_url).content.decode()
    assert "sjabloon kapot" not in page and remake_url not in page
    client.force_login(w.board_noord)
    client.post(remake_url)
    assert AuditEvent.objects.filter(action="pdf.rerender", result="denied").exists()
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED

    # Repaired, and made again: ready, with its checksum, its attempts counted anew.
    monkeypatch.undo()
    client.force_login(w.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remake_url, follow=True)
    assert "wordt opnieuw gemaakt" in response.content.decode()
    document.refresh_from_db()
    assert (document.status, document.attempts, document.error) == (DocumentStatus.READY, 1, "")
    assert len(document.sha256) == 64
    # A ready document is never replaced.
    client.post(remake_url)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY and document.attempts == 1
