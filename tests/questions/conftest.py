"""A published report for Noorddorp and Zuidstad, for the technische vragen."""

import pytest

from reports.review import workflow
from tests.workflow_helpers import submit


@pytest.fixture
def published(world, django_capture_on_commit_callbacks):
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(w.report, w.coordinator)
        for member in w.board:
            report = workflow.approve_report(report=report, user=member)
        w.published = workflow.publish_report(report=report, user=w.coordinator)
    w.entry_passage = "chapter:1.1"
    return w
