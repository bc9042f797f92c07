"""A published report never changes: its page and PDF answer conditional requests (304)
and the page comes from the cache, always after the access check."""

import time

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duoplus.core.models import AuditEvent
from reports.review import workflow
from reports.writing import copy as report_copy
from reports.writing import services
from tests.workflow_helpers import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(world, django_capture_on_commit_callbacks):
    cache.clear()
    report = submit(world.report, world.coordinator)
    for member in world.board:
        report = workflow.approve_report(report=report, user=member)
    with django_capture_on_commit_callbacks(execute=False):
        return workflow.publish_report(report=report, user=world.coordinator)


def test_page_of_a_published_report_is_304_when_unchanged(client, world, published):
    client.force_login(world.council_noord)
    first = client.get(published.get_absolute_url())
    assert first.status_code == 200 and first["ETag"].startswith('W/"')
    assert first["Cache-Control"] == "private, no-cache"
    etag = first["ETag"]
    again = client.get(published.get_absolute_url(), headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    # Served from the cache: the same page, with fewer queries than the first.
    with CaptureQueriesContext(connection) as cached:
        third = client.get(published.get_absolute_url())
    assert third.content == first.content
    assert published.title.encode() in third.content
    # Another council member gets another page (their own council's variant, name, forms).
    client.force_login(world.council_zuid)
    other = client.get(published.get_absolute_url(), headers={"If-None-Match": etag})
    assert other.status_code == 200 and other["ETag"] != etag
    assert len(cached) < 12


def test_the_access_check_comes_before_the_304(client, world, published):
    client.force_login(world.council_noord)
    etag = client.get(published.get_absolute_url())["ETag"]
    client.force_login(world.outsider)
    response = client.get(published.get_absolute_url(), headers={"If-None-Match": etag})
    assert response.status_code == 404


def test_a_correction_changes_the_page(
    client, world, published, django_capture_on_commit_callbacks
):
    client.force_login(world.council_noord)
    etag = client.get(published.get_absolute_url())["ETag"]
    copy = report_copy.copy_report(report=published, user=world.coordinator)
    copy = submit(copy, world.coordinator)
    for member in world.board:
        copy = workflow.approve_report(report=copy, user=member)
    with django_capture_on_commit_callbacks(execute=False):
        workflow.publish_report(report=copy, user=world.coordinator)
    response = client.get(published.get_absolute_url(), headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "versie 2" in response.content.decode().lower() or copy.get_absolute_url() in (
        response.content.decode()
    )


def test_pending_messages_are_never_swallowed_by_the_cache(client, world, published):
    client.force_login(world.coordinator)
    client.get(published.get_absolute_url())
    # Correcting from the page leaves a message; the next page must show it.
    response = client.post(reverse("reports:correct", args=[published.pk]), follow=True)
    assert response.status_code == 200
    client.get(published.get_absolute_url())
    session = client.session
    session["_messages"] = "[]"
    session.save()
    page = client.get(published.get_absolute_url())
    assert "ETag" not in page


def test_pdf_is_304_when_the_browser_has_it(client, world, published):
    url = reverse("reports:pdf_download", args=[published.pk, "noorddorp"])
    client.force_login(world.council_noord)
    first = client.get(url)
    pdf = published.pdfs.get(council=world.noord, submission=published.submission)
    assert first.status_code == 200 and first["ETag"] == f'"{pdf.sha256}"'
    assert first.has_header("Last-Modified")
    assert b"".join(first.streaming_content).startswith(b"%PDF")
    downloads = AuditEvent.objects.filter(action="pdf.download", result="ok").count()
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    # A 304 hands over nothing: no new download in the audit log.
    assert AuditEvent.objects.filter(action="pdf.download", result="ok").count() == downloads
    # The other council's member is refused whatever they send.
    client.force_login(world.council_zuid)
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 404


def test_the_idle_timer_is_restarted_once_a_minute_not_on_every_request(client, world, settings):
    settings.SESSION_REFRESH_INTERVAL = 60
    client.force_login(world.editor)
    url = reverse("my_work")
    start = time.time()
    with time_machine.travel(start, tick=False):
        client.get(url)
        expiry = client.session.get_expiry_date()
    with time_machine.travel(start + 30, tick=False):
        with CaptureQueriesContext(connection) as quiet:
            client.get(url)
    assert not [q for q in quiet if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    with time_machine.travel(start + 90, tick=False):
        client.get(url)
        assert client.session.get_expiry_date() > expiry
    # Idle for longer than SESSION_COOKIE_AGE: logged out.
    with time_machine.travel(start + 90 + settings.SESSION_COOKIE_AGE + 5, tick=False):
        response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_known_reader_is_answered_without_the_report_queries(client, world, published):
    client.force_login(world.council_noord)
    url = published.get_absolute_url()
    etag = client.get(url)["ETag"]
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        assert client.get(url).status_code == 200
    assert not [q for q in ctx if "reports_" in q["sql"]], [q["sql"] for q in ctx]


def test_a_lost_role_is_not_outlived_by_the_cache(client, world, published):
    from duoplus.core.models import Membership, Role

    page = published.get_absolute_url()
    pdf = reverse("reports:pdf_download", args=[published.pk, "noorddorp"])
    client.force_login(world.council_noord)
    etag = client.get(page)["ETag"]
    assert client.get(pdf).status_code == 200
    Membership.objects.filter(user=world.council_noord, role=Role.COUNCIL).delete()
    client.force_login(world.council_noord)  # a fresh request user, as in production
    assert client.get(page, headers={"If-None-Match": etag}).status_code == 404
    assert client.get(page).status_code == 404
    assert client.get(pdf).status_code == 404


def test_the_boards_change_overview_is_cached_per_submission(client, world, published):
    """The board sees what changed since the previous published report; the overview is
    kept per review round, so a report sent back, changed and submitted again shows the
    new change, not the cached one."""
    import datetime

    from tests.reports.test_editor import FULL

    report = services.create_report(
        organisation=world.executing,
        title="Tweede voortgangsrapportage 2022",
        kind="progress",
        year=2022,
        period_start=datetime.date(2022, 5, 1),
        period_end=datetime.date(2022, 8, 31),
        recipients=[world.noord, world.zuid],
        purpose="decision",
    )
    entry = report.entries.get(programme=world.p1)
    services.save_entry(
        entry=entry,
        user=world.editor,
        data={**FULL, "progress": "Eerste nieuwe tekst."},
        version=entry.version,
        ready=True,
    )
    report = submit(report, world.coordinator)
    client.force_login(world.board_noord)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Wat is er veranderd sinds de Eerste voortgangsrapportage 2022" in page
    assert "Eerste nieuwe tekst." in page
    assert client.get(report.get_absolute_url()).content.decode().count("Eerste nieuwe tekst.") == (
        page.count("Eerste nieuwe tekst.")
    )
    workflow.send_back_report(report=report, user=world.board_noord, reason="Anders")
    entry.refresh_from_db()
    services.save_entry(
        entry=entry,
        user=world.editor,
        data={**FULL, "progress": "Tweede nieuwe tekst."},
        version=entry.version,
        ready=True,
    )
    report = submit(report, world.coordinator)
    page = client.get(report.get_absolute_url()).content.decode()
    overview = page[page.index('id="kop-wijzigingen"') : page.rindex("</details>")]
    assert "Tweede nieuwe tekst." in overview and "Eerste nieuwe tekst." not in overview
