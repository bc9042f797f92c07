"""Query counts of the main pages do not grow with the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import workflow
from tests import factories as f
from tests.workflow_helpers import submit

pytestmark = pytest.mark.django_db


def grow(world, n, django_capture_on_commit_callbacks):
    """Add ``n`` programmes with goals to the concept report, ``n`` submitted reports and
    ``n`` published reports."""
    for i in range(n):
        programme = f.ProgrammeFactory(organisation=world.executing, order=10 + i)
        programme.editors.add(world.editor)
        f.GoalFactory.create_batch(3, programme=programme)
        f.EntryFactory(report=world.report, programme=programme)
    for _ in range(n):
        report = f.ReportFactory(organisation=world.executing)
        report.recipients.set([world.noord, world.zuid])
        submit(report, world.coordinator)
    for _ in range(n):
        report = f.ReportFactory(organisation=world.executing)
        report.recipients.set([world.noord, world.zuid])
        f.EntryFactory(report=report, programme=world.p1)
        submit(report, world.coordinator)
        for member in world.board:
            workflow.approve_report(report=report, user=member)
        with django_capture_on_commit_callbacks(execute=False):
            workflow.publish_report(report=report, user=world.coordinator)


def count(client, user, url):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "who,url",
    [
        ("editor", "home"),
        ("coordinator", "home"),
        ("board_noord", "home"),
        ("council_noord", "home"),
        ("council_noord", "council_list"),
        ("coordinator", "detail"),
        ("editor", "detail"),
    ],
)
def test_queries_flat_as_data_grows(client, world, who, url, django_capture_on_commit_callbacks):
    user = getattr(world, who)
    target = world.report.get_absolute_url() if url == "detail" else reverse(url)
    grow(world, 2, django_capture_on_commit_callbacks)
    small = count(client, user, target)
    grow(world, 10, django_capture_on_commit_callbacks)
    large = count(client, user, target)
    assert large == small, f"{who} {url}: {small} queries with little data, {large} with more"
