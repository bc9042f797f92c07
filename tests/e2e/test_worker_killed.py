"""A Celery worker killed while it renders a council PDF (ASVS V16/BIO 12.3: no half result).

The job was taken but never acknowledged (``acks_late``), so once the broker's visibility
timeout has passed a new worker gets it again and finishes it. Meanwhile nothing is offered:
the file is recorded only after it has been written and checksummed.
"""

import hashlib
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from celery import Celery

from reports.core.models import ReportStatus
from reports.review.models import PDFStatus, ReportPDF
from tests import factories as f
from tests.e2e.conftest import worker_command
from tests.e2e.test_chain import ROOT

pytestmark = pytest.mark.services

VISIBILITY_TIMEOUT = 6


def start_worker(env, log_path):
    log = open(log_path, "a")
    process = subprocess.Popen(
        worker_command(env),
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: kill the pool child too
    )
    return process, log


def wait_for(condition, timeout, what, log_path):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what}: {Path(log_path).read_text()[-3000:]}"
        time.sleep(0.1)


@pytest.fixture
def long_report(transactional_db):
    """A report long enough that rendering takes seconds (about 100 pages)."""
    executing = f.ExecutingOrganisationFactory(name="Uitvoerder", slug="uitvoerder")
    council = f.OrganisationFactory(name="Noorddorp", slug="noorddorp")
    report = f.ReportFactory(organisation=executing, title="Lange rapportage")
    report.recipients.set([council])
    paragraph = " ".join(["De uitvoering loopt volgens plan binnen de begroting."] * 40)
    for n in range(30):
        programme = f.ProgrammeFactory(
            organisation=executing, name=f"Programma {n + 1}", slug=f"p{n}", order=n
        )
        f.EntryFactory(report=report, programme=programme, progress="\n\n".join([paragraph] * 4))
    # Submitted as the workflow leaves it: content frozen, the render waiting in the queue.
    report.status = ReportStatus.SUBMITTED
    report.submission = 1
    report.save()
    pdf = ReportPDF.objects.create(
        report=report, report_version=report.version, submission=1, council=council
    )
    return report, council, pdf


def test_a_killed_worker_loses_no_job_and_offers_no_half_file(services_env, long_report, tmp_path):
    report, council, pdf = long_report
    env = {**services_env, "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}
    log_path = tmp_path / "worker.log"
    private = Path(env["PRIVATE_MEDIA_ROOT"])

    def state():
        pdf.refresh_from_db()
        return pdf.status

    worker, log = start_worker(env, log_path)
    try:
        # Not the current app: the tests after this one in this process keep the project's
        # (eager) app for their shared tasks.
        with Celery(broker=env["CELERY_BROKER_URL"], set_as_current=False) as sender:
            sender.conf.broker_transport_options = {"visibility_timeout": VISIBILITY_TIMEOUT}
            sender.send_task(
                "duoplus.core.tasks.render_document",
                args=["review.reportpdf", pdf.pk],
                queue=env["CELERY_TASK_DEFAULT_QUEUE"],
            )
        wait_for(lambda: state() == PDFStatus.RENDERING, 60, "rendering never started", log_path)
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and its pool child, mid-render
        worker.wait(timeout=10)
    finally:
        log.close()
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)

    # Nothing is offered while the job is unfinished.
    assert state() == PDFStatus.RENDERING and not pdf.file and not pdf.sha256
    assert not ReportPDF.objects.ready().filter(pk=pdf.pk).exists()

    started = time.monotonic()
    worker, log = start_worker(env, log_path)
    try:
        wait_for(
            lambda: state() == PDFStatus.READY,
            VISIBILITY_TIMEOUT + 120,
            "the job was not redelivered",
            log_path,
        )
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
        log.close()
    assert time.monotonic() - started >= VISIBILITY_TIMEOUT - 1  # it came back via the broker
    data = (private / pdf.file.name).read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert hashlib.sha256(data).hexdigest() == pdf.sha256 and pdf.size == len(data)
    # One complete file in the report's folder, no leftover of the killed attempt.
    files = [p for p in private.rglob("*") if p.is_file()]
    assert files == [private / pdf.file.name]
