"""Faults survived (issue 18), in-process: a cache that does not answer, a database that goes
away under a request, a broker that refuses a job, a mail server that fails, and the sweep
that makes every stuck job good again without anybody doing anything. The same with real
servers stopped and started: tests/e2e/test_faults.py."""

import datetime
import socket
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerDown

from duoplus.core import documents, outbox
from duoplus.core import periodic as core_periodic
from duoplus.core import tasks as core_tasks
from duoplus.core.models import Message, MessageState
from reports.core.models import ReportStatus
from reports.review import workflow
from reports.review.models import PDFStatus, ReportPDF, WorkflowMail
from reports.review.rendering import pdf_storage
from tests.workflow_helpers import submit

pytestmark = pytest.mark.django_db


def _closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens here once it is closed


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "duoplus.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.USER_CACHE_SECONDS = 60
    yield  # (Django's own test signal builds the cache handler anew with these settings)


def test_with_the_cache_down_pages_work_and_health_says_so(redis_down, world, client):
    """A Redis outage answered 500 to every logged-in request, login and health included."""
    from django.core.cache import cache

    assert cache.get("x", "standaard") == "standaard"
    cache.set("x", 1)  # no error
    response = client.post(reverse("login"), {"username": "coord", "password": "x"})
    assert response.status_code == 200  # the login page, with its message, no error page
    client.force_login(world.coordinator)
    for url in (
        reverse("home"),
        reverse("my_work"),
        world.report.get_absolute_url(),
        reverse("accessibility"),
    ):
        assert client.get(url).status_code == 200, url
    health = client.get(reverse("health"))
    assert health.status_code == 503
    assert health.json()["cache"] == "down" and health.json()["database"] == "ok"


def test_a_delete_that_failed_is_done_once_the_cache_is_back():
    from duoplus.core.cache import ResilientRedisCache

    cache = ResilientRedisCache(
        f"redis://127.0.0.1:{_closed_port()}/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    cache.delete("sessie")  # a logout while Redis is away
    assert cache._pending_deletes == {cache.make_and_validate_key("sessie")}
    with mock.patch.object(type(cache._cache), "delete_many") as delete_many:
        cache._down_until = 0
        cache.get("iets")  # Redis "answers" again: the delete goes first
    delete_many.assert_called_once_with([cache.make_and_validate_key("sessie")])


def test_with_the_database_down_a_dutch_page_and_health_as_json(world, client):
    client.force_login(world.coordinator)
    gone = OperationalError("connection refused")
    with mock.patch("django.contrib.sessions.backends.db.SessionStore.load", side_effect=gone):
        client.raise_request_exception = False
        response = client.get(reverse("home"))
        assert response.status_code == 503 and response["Retry-After"] == "30"
        assert "even niet bereikbaar" in response.content.decode()
        with mock.patch("duoplus.views._database_ok", return_value=False):
            health = client.get(reverse("health"))
    assert health.status_code == 503 and health.json()["database"] == "down"


def test_a_broker_that_refuses_the_job_never_undoes_the_submission(
    world, client, django_capture_on_commit_callbacks, settings
):
    client.force_login(world.coordinator)
    with (
        mock.patch.object(core_tasks.render_document, "apply_async", side_effect=BrokerDown("weg")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("reports:submit", args=[world.report.pk]),
            {"bevestigd": "1", "akkoord": "1"},
        )
    assert response.status_code == 302
    world.report.refresh_from_db()
    assert world.report.status == ReportStatus.SUBMITTED
    assert set(ReportPDF.objects.values_list("status", flat=True)) == {PDFStatus.QUEUED}
    # The page says how long they wait, and once that is too long, that they are stuck.
    page = client.get(world.report.get_absolute_url()).content.decode()
    assert "nog geen minuut" in page and "Vastgelopen" not in page
    ReportPDF.objects.update(status_changed_at=timezone.now() - datetime.timedelta(minutes=3))
    page = client.get(world.report.get_absolute_url()).content.decode()
    assert "sinds 3\xa0minuten" in page and "Vastgelopen" not in page
    ReportPDF.objects.update(status_changed_at=timezone.now() - datetime.timedelta(hours=1))
    page = client.get(world.report.get_absolute_url()).content.decode()
    assert "Vastgelopen, wordt opnieuw gemaakt." in page
    # The sweep queues them again (the broker is back): every file ready, nobody did a thing.
    with django_capture_on_commit_callbacks(execute=True):
        result = documents.sweep()
    assert result["requeued"] == 2
    ready = ReportPDF.objects.filter(status=PDFStatus.READY)
    assert ready.count() == 2 and all(len(p.sha256) == 64 for p in ready)


def test_the_sweep_leaves_waiting_files_alone_and_removes_files_without_a_row(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        workflow.submit_report(
            report=world.report, user=world.coordinator, unfinished_accepted=True
        )
    storage = pdf_storage()
    orphan = storage.save("reports/999/v1/r1/weg-123.pdf", ContentFile(b"%PDF-1.7"))
    with django_capture_on_commit_callbacks(execute=True):
        assert documents.sweep() == {
            "requeued": 0,
            "failed": 0,
            "orphans": 0,
        }  # all young: left alone
    later = timezone.now() + datetime.timedelta(hours=1)
    with mock.patch.object(type(storage), "get_modified_time", return_value=timezone.now()):
        with django_capture_on_commit_callbacks(execute=True):
            result = documents.sweep(now=later)
    assert result == {"requeued": 2, "failed": 0, "orphans": 1}
    assert not storage.exists(orphan)
    assert ReportPDF.objects.filter(status=PDFStatus.READY).count() == 2


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise SMTPException("de mailserver antwoordt niet")


def test_a_mail_server_that_fails_never_breaks_the_action_and_the_mail_goes_later(
    world, client, django_capture_on_commit_callbacks, settings
):
    report = submit(world.report, world.coordinator)
    client.force_login(world.board_noord)
    with (
        override_settings(EMAIL_BACKEND="tests.test_resilience.FailingBackend"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("reports:send_back", args=[report.pk]), {"reason": "Graag aanvullen"}
        )
    assert response.status_code == 302  # was a 500 after the send-back was committed
    report.refresh_from_db()
    assert report.status == ReportStatus.CONCEPT
    unsent = WorkflowMail.objects.filter(kind="sent_back", message__state=MessageState.PENDING)
    assert unsent.count() >= 1
    # The attempt is counted, with what went wrong, and the next one is set for later.
    attempt = unsent.first().message
    assert attempt.attempts == 1 and "antwoordt niet" in attempt.reason
    assert attempt.next_attempt_at > timezone.now()
    mail.outbox.clear()
    # Later, with the mail server back, the sweep sends each of them, once.
    settings.MAIL_RESEND_SECONDS = 0
    Message.objects.update(next_attempt_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        core_periodic.sweep_messages()
        core_periodic.sweep_messages()
    # (The submission's mails too: in this test's transaction their jobs never ran.)
    assert len(mail.outbox) == WorkflowMail.objects.count()
    assert not WorkflowMail.objects.exclude(message__state=MessageState.SENT).exists()
    subjects = [m.subject for m in mail.outbox]
    assert (
        sum("Teruggestuurd" in s for s in subjects)
        == unsent.model.objects.filter(kind="sent_back").count()
    )


def test_reminders_and_notices_whose_job_was_lost_go_later_and_once(
    world, settings, django_capture_on_commit_callbacks
):
    from reports.planning import services as planning_services
    from reports.planning.models import RoundNotice
    from reports.writing import reminders
    from reports.writing.models import EntryReminder

    (item, *_rest) = planning_services.generate_year(
        organisation=world.executing, year=2027, user=world.coordinator
    )
    # The broker refuses every job: the rows are made, nothing is sent.
    with (
        mock.patch("duoplus.core.queue.send", return_value=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        report, _created = planning_services.open_round(item=item, user=world.coordinator)
        reminders.remind_entries(report=report, user=world.coordinator)
    assert not mail.outbox
    pending = Message.objects.filter(state=MessageState.PENDING)
    assert RoundNotice.objects.filter(message__in=pending).exists()
    assert EntryReminder.objects.filter(message__in=pending).exists()
    # Not yet due: the job may still come; the sweep leaves them until MAIL_RESEND_SECONDS.
    with django_capture_on_commit_callbacks(execute=True):
        assert core_periodic.sweep_messages()["messages"] == 0
    later = timezone.now() + datetime.timedelta(seconds=settings.MAIL_RESEND_SECONDS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):  # a second sweep sends nothing again
            outbox.sweep(now=later)
    assert not RoundNotice.objects.filter(message__in=pending).exists()
    assert not EntryReminder.objects.filter(message__in=pending).exists()
    subjects = sorted((m.to[0], m.subject.split(":")[0]) for m in mail.outbox)
    assert len(subjects) == len(set(subjects))  # each message once
    assert {to for to, _ in subjects} >= {world.editor.email}
