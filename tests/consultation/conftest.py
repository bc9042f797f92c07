"""A report ter zienswijze, approved and sent, for the procedure's tests."""

import datetime

import pytest
import time_machine

from reports.consultation import services
from reports.review import workflow
from tests import factories as f
from tests.workflow_helpers import submit

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SENT_AT = datetime.datetime(2026, 2, 10, 10, 0)  # the term then ends on 6 May 2026


@pytest.fixture
def approved(world, django_capture_on_commit_callbacks):
    w = world
    report = f.ReportFactory(
        organisation=w.executing,
        title="Ontwerpbegroting 2027",
        kind="budget",
        year=2027,
        purpose="consultation",
    )
    report.recipients.set([w.noord, w.zuid])
    f.EntryFactory(report=report, programme=w.p1, progress="Tekst.")
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(report, w.coordinator)
        for member in w.board:
            report = workflow.approve_report(report=report, user=member)
    w.approved = report
    return w


def send(w, callbacks, **kwargs):
    with callbacks(execute=True):
        return services.send_for_consultation(report=w.approved, user=w.coordinator, **kwargs)


@pytest.fixture
def sent(approved, django_capture_on_commit_callbacks):
    with time_machine.travel(datetime.datetime(2026, 2, 10, 10, 0), tick=False):
        approved.consultation = send(approved, django_capture_on_commit_callbacks)
    return approved
