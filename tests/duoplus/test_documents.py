"""The one document store's claim and bounds (duoplus.core.rendering, .documents): one job
makes a document at a time, the same job may take it up again after its worker died, and a
document that breaks off its render again and again ends failed instead of looping."""

import datetime

import pytest
from django.utils import timezone

from duoplus.core import documents, rendering
from duoplus.core.models import DocumentStatus, private_storage
from reports.review import workflow
from reports.review.models import ReportPDF

pytestmark = pytest.mark.django_db
LABEL = "review.reportpdf"


@pytest.fixture
def queued_pdf(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        workflow.submit_report(
            report=world.report, user=world.coordinator, unfinished_accepted=True
        )
    return ReportPDF.objects.get(report=world.report, council=world.noord)


def test_one_job_at_a_time_and_the_same_job_again_after_its_worker_died(queued_pdf):
    pdf = queued_pdf
    # A worker took it and died mid-render: the row is the job's.
    ReportPDF.objects.filter(pk=pdf.pk).update(
        status=DocumentStatus.RENDERING, job="job-a", attempts=1
    )
    assert rendering.render(label=LABEL, pk=pdf.pk, job="job-b") is None  # not another's
    pdf.refresh_from_db()
    assert (pdf.status, pdf.job, pdf.attempts) == (DocumentStatus.RENDERING, "job-a", 1)
    # The broker delivers job A again: it takes the document up and finishes it.
    assert rendering.render(label=LABEL, pk=pdf.pk, job="job-a") == pdf.pk
    pdf.refresh_from_db()
    assert (pdf.status, pdf.job, pdf.attempts) == (DocumentStatus.READY, "", 2)
    assert len(pdf.sha256) == 64 and pdf.file.storage.exists(pdf.file.name)


def test_a_render_that_keeps_breaking_off_ends_failed(queued_pdf, settings):
    pdf = queued_pdf
    ReportPDF.objects.filter(pk=pdf.pk).update(
        status=DocumentStatus.RENDERING, job="job-a", attempts=settings.DOCUMENT_MAX_ATTEMPTS
    )
    # Delivered once more after yet another crash: not a fourth attempt, but failed.
    assert rendering.render(label=LABEL, pk=pdf.pk, job="job-a") is None
    pdf.refresh_from_db()
    assert pdf.status == DocumentStatus.FAILED and "afgebroken" in pdf.error


def test_the_sweep_fails_a_stuck_document_that_had_its_attempts(queued_pdf, settings):
    pdf = queued_pdf
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    ReportPDF.objects.filter(pk=pdf.pk).update(
        status=DocumentStatus.RENDERING,
        job="job-a",
        attempts=settings.DOCUMENT_MAX_ATTEMPTS,
        status_changed_at=long_ago,
    )
    result = documents.sweep()
    pdf.refresh_from_db()
    assert result["failed"] == 1 and pdf.status == DocumentStatus.FAILED
    assert "Vastgelopen" in pdf.error
    # One with attempts left is queued again instead.
    other = ReportPDF.objects.get(report=pdf.report, council__slug="zuidstad")
    ReportPDF.objects.filter(pk=other.pk).update(
        status=DocumentStatus.RENDERING, job="job-b", attempts=1, status_changed_at=long_ago
    )
    assert documents.sweep()["requeued"] == 1
    other.refresh_from_db()
    assert (other.status, other.job) == (DocumentStatus.QUEUED, "")


def test_every_kind_of_document_is_in_the_store():
    assert {kind.label for kind in rendering.kinds()} == {
        "review.reportpdf",
        "consultation.consultationdocument",
        "questions.questiondocument",
    }
    # One private storage for all of them.
    fields = [kind.model._meta.get_field("file") for kind in rendering.kinds()]
    assert {field._storage_callable for field in fields} == {private_storage}
    assert len({id(field.storage) for field in fields}) == 1
