"""The one outbox (duoplus.core.outbox, .messages): every e-mail of every procedure is a
message recorded once by its key, sent once under a row lock, dropped with its reason and
never tried again, or tried again later a bounded number of times and then marked failed,
which the functional administrator sees and can send again."""

import datetime
from smtplib import SMTPException

import pytest
from celery.schedules import crontab
from django.conf import settings as django_settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from duoplus.core import messages, outbox
from duoplus.core.models import AuditEvent, Message, MessageState, User
from reports.review.models import WorkflowMail
from tests.workflow_helpers import submit

pytestmark = pytest.mark.django_db


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, email_messages):
        raise SMTPException("451 de mailserver is overbelast")


def _board_mails(world, callbacks, *, before_sending=None):
    """Submit the report: one message per board member, delivered once it commits."""
    with callbacks(execute=False) as queued:
        submit(world.report, world.coordinator)
    if before_sending:
        before_sending()
    for job in queued:
        job()
    return Message.objects.filter(workflow_mail__kind="submitted")


def test_a_message_to_an_inactive_account_is_dropped_once_and_never_queued_again(
    world, django_capture_on_commit_callbacks
):
    def deactivate():
        world.board_noord.is_active = False
        world.board_noord.save()

    board = _board_mails(world, django_capture_on_commit_callbacks, before_sending=deactivate)
    dropped = board.get(recipient=world.board_noord)
    assert (dropped.state, dropped.attempts) == (MessageState.DROPPED, 1)
    assert "niet actief" in dropped.reason
    assert world.board_noord.email not in [m.to[0] for m in mail.outbox]
    assert set(board.exclude(pk=dropped.pk).values_list("state", flat=True)) == {"sent"}
    # A week of sweeps later: never queued again, still dropped.
    week = timezone.now() + datetime.timedelta(days=6)
    with django_capture_on_commit_callbacks(execute=True):
        for hours in range(0, 6 * 24, 12):
            assert outbox.sweep(now=week - datetime.timedelta(hours=hours))["messages"] == 0
    dropped.refresh_from_db()
    assert (dropped.state, dropped.attempts) == (MessageState.DROPPED, 1)


def test_a_message_without_an_address_is_dropped_with_its_reason(
    world, django_capture_on_commit_callbacks
):
    def forget_address():
        world.board_zuid.email = ""
        world.board_zuid.save()

    board = _board_mails(world, django_capture_on_commit_callbacks, before_sending=forget_address)
    dropped = board.get(recipient=world.board_zuid)
    assert dropped.state == MessageState.DROPPED and "e-mailadres" in dropped.reason


def test_a_failing_mail_server_is_tried_a_bounded_number_of_times_then_failed(
    world, django_capture_on_commit_callbacks, settings
):
    settings.MAIL_MAX_ATTEMPTS = 3
    with override_settings(EMAIL_BACKEND="tests.duoplus.test_outbox.FailingBackend"):
        board = _board_mails(world, django_capture_on_commit_callbacks)
        message = board.get(recipient=world.board_exec)
        waits = []
        for attempt in (1, 2, 3):
            message.refresh_from_db()
            assert message.attempts == attempt and "overbelast" in message.reason
            if attempt < 3:
                assert message.state == MessageState.PENDING
                waits.append(message.next_attempt_at - timezone.now())
                # Not due before its time: the sweep leaves it.
                with django_capture_on_commit_callbacks(execute=True):
                    outbox.sweep()
                message.refresh_from_db()
                assert message.attempts == attempt
                with django_capture_on_commit_callbacks(execute=True):
                    outbox.sweep(now=message.next_attempt_at)
        assert message.state == MessageState.FAILED
        assert waits[1] > waits[0]  # the wait grows
        # Failed for good: no sweep queues it again.
        with django_capture_on_commit_callbacks(execute=True):
            outbox.sweep(now=timezone.now() + datetime.timedelta(days=3))
        message.refresh_from_db()
        assert (message.state, message.attempts) == (MessageState.FAILED, 3)
    assert not mail.outbox


def test_the_administrator_sees_what_was_not_sent_and_sends_a_failed_one_again(
    world, client, django_capture_on_commit_callbacks, settings
):
    settings.MAIL_MAX_ATTEMPTS = 1
    with override_settings(EMAIL_BACKEND="tests.duoplus.test_outbox.FailingBackend"):
        board = _board_mails(world, django_capture_on_commit_callbacks)
    failed = board.get(recipient=world.board_exec)
    assert failed.state == MessageState.FAILED
    # The functional administrator of the demo ("beheer"): the admin site's superuser.
    administrator = User.objects.create_superuser("fb-super", "fb@example.invalid", "Xy!9-lang")
    client.force_login(administrator)
    page = client.get(reverse("admin:core_message_changelist") + "?state__exact=failed")
    text = page.content.decode()
    assert page.status_code == 200 and "overbelast" in text and "Mislukt" in text
    assert client.get(reverse("admin:core_message_add")).status_code == 403
    # An editor cannot send it again (the service refuses and it is logged) ...
    with pytest.raises(Exception, match="functioneel beheerder"):
        outbox.retry(message=failed, user=world.editor)
    assert AuditEvent.objects.filter(action="message.retry", result="denied").exists()
    # ... the functional administrator can, once the mail server works again.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:core_message_changelist"),
            {"action": "retry_failed", "_selected_action": [failed.pk]},
        )
    failed.refresh_from_db()
    assert failed.state == MessageState.SENT and failed.sent_at is not None
    assert [m.to for m in mail.outbox] == [[world.board_exec.email]]
    assert AuditEvent.objects.filter(action="message.retry", result="ok").count() == 1


def test_a_message_is_recorded_once_by_its_key(world):
    kind = "review.workflow"
    first = outbox.record(kind=kind, key="test:een", recipient=world.editor)
    assert first is not None
    assert outbox.record(kind=kind, key="test:een", recipient=world.coordinator) is None
    assert Message.objects.filter(key="test:een").count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(kind=kind, key="test:een", recipient=world.editor)
    with pytest.raises(ValueError):
        outbox.record(kind="onbekend", key="test:twee", recipient=world.editor)


def test_a_message_left_pending_too_long_is_marked_failed(world, settings):
    message = outbox.record(kind="review.workflow", key="test:oud", recipient=world.editor)
    Message.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=settings.MESSAGE_EXPIRY_DAYS + 1)
    )
    assert outbox.sweep()["expired"] == 1
    message.refresh_from_db()
    assert message.state == MessageState.FAILED and "te laat" in message.reason


def test_every_procedure_registers_its_kind_of_message():
    assert {k.name for k in messages.kinds()} == {
        "review.workflow",
        "writing.reminder",
        "planning.notice",
        "consultation.notice",
        "questions.notice",
        "core.password_reset",
    }


def test_a_workflow_mail_is_about_its_event_once_per_recipient(world):
    report = submit(world.report, world.coordinator)
    mails = WorkflowMail.objects.filter(report=report, kind="submitted")
    assert {m.recipient for m in mails} == set(world.board)
    assert len({m.message.key for m in mails}) == len(world.board)


def test_at_most_two_beat_entries_run_more_often_than_hourly():
    """One sweep for messages, one for documents."""
    frequent = []
    for name, entry in django_settings.CELERY_BEAT_SCHEDULE.items():
        schedule = entry["schedule"]
        if isinstance(schedule, crontab):
            every_hour_at_most = len(schedule.minute) <= 1
        else:
            every_hour_at_most = (
                float(getattr(schedule, "total_seconds", lambda: schedule)()) >= 3600
            )
        if not every_hour_at_most:
            frequent.append(name)
    assert len(frequent) <= 2, frequent
    assert {"duoplus.core.periodic.sweep_messages", "duoplus.core.periodic.sweep_documents"} == {
        django_settings.CELERY_BEAT_SCHEDULE[name]["task"] for name in frequent
    }
