"""Query counts of the main pages do not grow with the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.review import workflow
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


def test_every_key_page_flat_as_data_grows(client, world, django_capture_on_commit_callbacks):
    """The key pages (those of bench/pages.py), each as the role that uses it, at two sizes:
    the same number of queries (counted on the second request, as the bench does)."""
    from reports.core.models import Report, ReportStatus

    grow(world, 2, django_capture_on_commit_callbacks)
    published = Report.objects.filter(status=ReportStatus.PUBLISHED).order_by("pk").first()
    submitted = Report.objects.filter(status=ReportStatus.SUBMITTED).order_by("pk").first()
    pages = [
        ("editor", reverse("home"), {}),
        ("coordinator", reverse("home"), {}),
        ("board_noord", reverse("home"), {}),
        ("council_noord", reverse("home"), {}),
        ("council_noord", reverse("council_list"), {}),
        ("coordinator", world.report.get_absolute_url(), {}),
        ("editor", world.report.get_absolute_url(), {}),
        ("editor", reverse("my_work"), {}),
        ("coordinator", reverse("my_work"), {}),
        ("editor", world.e1.get_absolute_url(), {}),
        ("board_noord", submitted.get_absolute_url(), {}),
        ("council_noord", published.get_absolute_url(), {}),
        ("council_noord", reverse("reports:pdf_download", args=[published.pk, "noorddorp"]), {}),
        ("coordinator", reverse("calendar", args=[2022]), {}),
    ]

    def measure():
        counts = []
        for who, url, _extra in pages:
            client.force_login(getattr(world, who))
            client.get(url)  # the first request after login decides the second step once
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url)
            assert response.status_code == 200, url
            counts.append(len(ctx))
        return counts

    small = measure()
    grow(world, 10, django_capture_on_commit_callbacks)
    large = measure()
    assert large == small, list(zip([p[1] for p in pages], small, large, strict=True))
