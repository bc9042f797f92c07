"""The entry editor's rules: who may save, restore and remind; ready; reminders; history."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from duoplus.core.messages import deliver
from duoplus.core.models import AuditEvent, MessageState, Role
from programmes.models import Indicator
from reports.review import workflow
from reports.writing import reminders, services
from reports.writing.models import (
    EntryReminder,
    EntryRevision,
    EntryState,
    IndicatorValue,
    ProgressEntry,
    ReminderKind,
)
from tests import factories as f
from tests.e2e.conftest import PASSWORD
from tests.workflow_helpers import submit

pytestmark = pytest.mark.django_db

FULL = {
    "ambition": "Dit jaar: het inkoopbeleid vaststellen.",
    "progress": "Het beleid is **vastgesteld**.",
    "costs": "Binnen het budget.",
    "status": "on_track",
    "budget_status": "attention",
}


def fresh(user):
    return type(user).objects.get(pk=user.pk)  # no cached roles


def foreign_editor(world):
    """An editor, but of another organisation, who is even listed on the programme."""
    user = f.UserFactory(username="editor-noord")
    f.MembershipFactory(user=user, organisation=world.noord, role=Role.EDITOR)
    world.p1.editors.add(user)
    return user


def inactive_editor(world):
    world.editor.is_active = False
    world.editor.save()
    return world.editor


# Who may change entry e1 (programme Inkoop, assigned to "editor") of a concept report.
EDIT_MATRIX = [
    ("editor", True),
    ("coordinator", True),
    ("other_editor", False),  # editor, but of another programme
    ("admin", False),
    ("board_exec", False),
    ("board_noord", False),
    ("council_noord", False),
    ("outsider", False),
    (foreign_editor, False),
    (inactive_editor, False),
]


def actor(world, who):
    return fresh(who(world) if callable(who) else getattr(world, who))


def label(who):
    return who.__name__ if callable(who) else who


@pytest.mark.parametrize("who,allowed", EDIT_MATRIX, ids=[label(w) for w, _ in EDIT_MATRIX])
def test_save_permission_matrix(world, who, allowed):
    user = actor(world, who)
    if allowed:
        entry = services.save_entry(entry=world.e1, user=user, data=FULL, version=0)
        assert (entry.version, entry.progress, entry.state) == (1, FULL["progress"], "draft")
        return
    with pytest.raises(PermissionDenied):
        services.save_entry(entry=world.e1, user=user, data=FULL, version=0)
    entry = ProgressEntry.objects.get(pk=world.e1.pk)
    assert (entry.version, entry.progress) == (0, "Tekst over inkoop.")
    assert AuditEvent.objects.filter(action="entry.save", result="denied").count() == 1


@pytest.mark.parametrize("who,allowed", EDIT_MATRIX, ids=[label(w) for w, _ in EDIT_MATRIX])
def test_restore_permission_matrix(world, who, allowed):
    services.save_entry(entry=world.e1, user=world.coordinator, data=FULL, version=0)
    user = actor(world, who)
    if allowed:
        entry = services.restore_revision(entry=world.e1, user=user, revision_version=0, version=1)
        assert (entry.version, entry.progress) == (2, "Tekst over inkoop.")
        return
    with pytest.raises(PermissionDenied):
        services.restore_revision(entry=world.e1, user=user, revision_version=0, version=1)
    assert ProgressEntry.objects.get(pk=world.e1.pk).version == 1


@pytest.mark.parametrize("action", ["save", "restore"])
def test_nobody_changes_an_entry_once_submitted(world, action):
    services.save_entry(entry=world.e1, user=world.editor, data=FULL, version=0, ready=True)
    services.save_entry(entry=world.e2, user=world.coordinator, data=FULL, version=0, ready=True)
    submit(world.report, world.coordinator)
    for user in (world.editor, world.coordinator):
        with pytest.raises(PermissionDenied, match="ingediend"):
            if action == "save":
                services.save_entry(entry=world.e1, user=fresh(user), data=FULL, version=1)
            else:
                services.restore_revision(
                    entry=world.e1, user=fresh(user), revision_version=0, version=1
                )
    assert ProgressEntry.objects.get(pk=world.e1.pk).version == 1


@pytest.mark.parametrize(
    "who,allowed",
    [
        ("coordinator", True),
        ("editor", False),
        ("admin", False),
        ("board_exec", False),
        ("council_noord", False),
        ("outsider", False),
    ],
)
def test_remind_permission(world, who, allowed, django_capture_on_commit_callbacks):
    user = fresh(getattr(world, who))
    if not allowed:
        with pytest.raises(PermissionDenied):
            reminders.remind_entries(report=world.report, user=user)
        assert not EntryReminder.objects.exists()
        return
    with django_capture_on_commit_callbacks(execute=True):
        sent, orphans = reminders.remind_entries(report=world.report, user=user)
    assert {(r.entry_id, r.recipient_id) for r in sent} == {
        (world.e1.pk, world.editor.pk),
        (world.e2.pk, world.other_editor.pk),
    }
    assert orphans == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.editor.email, world.other_editor.email]
    )


def test_no_reminders_once_submitted(world):
    for entry in (world.e1, world.e2):
        services.save_entry(entry=entry, user=world.coordinator, data=FULL, version=0, ready=True)
    submit(world.report, world.coordinator)
    with pytest.raises(PermissionDenied):
        reminders.remind_entries(report=world.report, user=fresh(world.coordinator))


def test_reminder_mail_says_what_is_missing_and_links_to_the_entry(
    world, django_capture_on_commit_callbacks
):
    world.report.deadline = datetime.date(2022, 5, 20)
    world.report.save()
    services.save_entry(entry=world.e2, user=world.coordinator, data=FULL, version=0, ready=True)
    world.p2.editors.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent, orphans = reminders.remind_entries(report=world.report, user=world.coordinator)
    # e2 is ready, so only e1's editor is reminded; nobody is missing an editor for e1.
    assert [(r.entry, r.recipient) for r in sent] == [(world.e1, world.editor)]
    assert orphans == []
    [message] = mail.outbox
    assert "Inkoop" in message.subject and "20 mei 2022" in message.subject
    assert "Wat mag het kosten?" in message.body and "Status budget" in message.body
    # The previous round's text is there, but has to be brought up to date.
    assert "Wat hebben we gedaan?" not in message.body
    assert "Tekst uit de vorige rapportage bijwerken" in message.body
    assert "http://testserver" + world.e1.get_absolute_url() in message.body.replace(
        "http://localhost:8000", "http://testserver"
    )
    assert str(world.coordinator) in message.body
    assert EntryReminder.objects.get().message.state == MessageState.SENT


def test_entry_without_editor_is_reported_not_silently_skipped(world):
    world.p1.editors.clear()
    sent, orphans = reminders.remind_entries(report=world.report, user=world.coordinator)
    assert orphans == [world.e1]
    assert [r.entry for r in sent] == [world.e2]


def test_a_reminder_is_dropped_when_the_entry_became_ready_before_sending(world):
    sent, _ = reminders.remind_entries(
        report=world.report, user=world.coordinator, entries=[world.e1]
    )
    services.save_entry(entry=world.e1, user=world.editor, data=FULL, version=0, ready=True)
    mail.outbox.clear()
    message = sent[0].message
    assert deliver(message_id=message.pk) == MessageState.DROPPED
    assert mail.outbox == []
    message.refresh_from_db()
    assert "klaar" in message.reason  # why, for the functional administrator
    assert deliver(message_id=message.pk) is None  # dropped: never tried again
    # And one that was sent is never sent twice.
    sent, _ = reminders.remind_entries(
        report=world.report, user=world.coordinator, entries=[world.e2]
    )
    assert deliver(message_id=sent[0].message_id) == MessageState.SENT
    assert deliver(message_id=sent[0].message_id) is None
    assert [m.to for m in mail.outbox] == [[world.other_editor.email]]


@override_settings(ENTRY_REMINDER_DAYS_BEFORE=3)
def test_automatic_reminders_before_the_deadline_go_once(world, django_capture_on_commit_callbacks):
    world.report.deadline = datetime.date(2022, 5, 20)
    world.report.save()
    services.save_entry(entry=world.e2, user=world.coordinator, data=FULL, version=0, ready=True)
    assert reminders.send_due_reminders(today=datetime.date(2022, 5, 16)) == []  # 4 days before
    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders.send_due_reminders(today=datetime.date(2022, 5, 17))
    assert [(r.entry, r.recipient, r.kind) for r in sent] == [
        (world.e1, world.editor, ReminderKind.AUTOMATIC)
    ]
    assert len(mail.outbox) == 1
    # Beat firing again the same day, or the next days: nothing new.
    for day in (17, 18, 20):
        assert reminders.send_due_reminders(today=datetime.date(2022, 5, day)) == []
    # After the deadline: no more "before the deadline" reminders.
    world.report.deadline = datetime.date(2022, 5, 10)
    world.report.save()
    assert reminders.send_due_reminders(today=datetime.date(2022, 5, 20)) == []
    # A moved deadline is a new deadline: one new reminder.
    world.report.deadline = datetime.date(2022, 6, 1)
    world.report.save()
    assert len(reminders.send_due_reminders(today=datetime.date(2022, 5, 30))) == 1


def test_beat_schedule_runs_the_calendar_task():
    """The reminders go out through the daily calendar run (which also opens rounds)."""
    from django.conf import settings

    from duoplus.celery import app

    task = settings.CELERY_BEAT_SCHEDULE["pc-calendar"]["task"]
    app.loader.import_default_modules()
    assert task in app.tasks


def test_ready_needs_every_required_part(world):
    with pytest.raises(ValidationError) as info:
        services.save_entry(
            entry=world.e1,
            user=world.editor,
            data={"progress": "Alleen dit.", "status": "on_track"},
            version=0,
            ready=True,
        )
    assert "Wat mag het kosten?" in str(info.value) and "Status budget" in str(info.value)
    assert ProgressEntry.objects.get(pk=world.e1.pk).version == 0
    entry = services.save_entry(entry=world.e1, user=world.editor, data=FULL, version=0, ready=True)
    assert entry.state == EntryState.READY and entry.missing == []
    # Saving without "ready" takes it back to the editor's desk.
    entry = services.save_entry(entry=world.e1, user=world.editor, data=FULL, version=1)
    assert entry.state == EntryState.DRAFT


def test_invalid_status_and_control_characters(world):
    with pytest.raises(ValidationError):
        services.save_entry(
            entry=world.e1, user=world.editor, data={**FULL, "status": "groen"}, version=0
        )
    entry = services.save_entry(
        entry=world.e1,
        user=world.editor,
        data={**FULL, "progress": "Tekst\x00 met\r\nnul\x07byte"},
        version=0,
    )
    assert entry.progress == "Tekst met\nnulbyte"


def test_indicator_values_are_saved_versioned_and_restored(world):
    banen = Indicator.objects.create(programme=world.p1, name="Banen", unit="banen", target="47")
    other = Indicator.objects.create(programme=world.p2, name="Niet van dit programma")
    data = {**FULL, "indicators": {banen.pk: "31", other.pk: "99"}}
    services.save_entry(entry=world.e1, user=world.editor, data=data, version=0)
    data["indicators"] = {banen.pk: "35"}
    services.save_entry(entry=world.e1, user=world.editor, data=data, version=1)
    assert list(IndicatorValue.objects.values_list("indicator", "value")) == [(banen.pk, "35")]
    assert EntryRevision.objects.get(entry=world.e1, version=1).indicators == {str(banen.pk): "31"}
    services.restore_revision(entry=world.e1, user=world.editor, revision_version=1, version=2)
    assert IndicatorValue.objects.get().value == "31"
    revision = EntryRevision.objects.get(entry=world.e1, version=3)
    assert (revision.restored_from, revision.state) == (1, EntryState.DRAFT)


def test_restore_on_an_old_version_is_a_conflict(world):
    services.save_entry(entry=world.e1, user=world.editor, data=FULL, version=0)
    with pytest.raises(services.EditConflict):
        services.restore_revision(entry=world.e1, user=world.editor, revision_version=0, version=0)
    with pytest.raises(ValidationError):
        services.restore_revision(entry=world.e1, user=world.editor, revision_version=9, version=1)


def test_new_round_starts_from_all_three_texts_not_the_statuses(world):
    services.save_entry(entry=world.e1, user=world.editor, data=FULL, version=0, ready=True)
    report = services.create_report(
        organisation=world.executing,
        title="Tweede voortgangsrapportage 2022",
        kind="progress",
        year=2022,
        period_start=datetime.date(2022, 5, 1),
        period_end=datetime.date(2022, 8, 31),
        recipients=[world.noord],
        purpose="information",
    )
    entry = report.entries.get(programme=world.p1)
    assert (entry.ambition, entry.progress, entry.costs) == (
        FULL["ambition"],
        FULL["progress"],
        FULL["costs"],
    )
    assert (entry.status, entry.budget_status, entry.state) == ("", "", EntryState.NOT_STARTED)
    start = entry.revisions.get()
    assert (start.version, start.progress, start.saved_by) == (0, FULL["progress"], None)


# Pages -----------------------------------------------------------------------------------


def entry_post(entry, **extra):
    return {**FULL, "version": entry.version, **extra}


def test_expired_session_post_comes_back_after_login(world, client):
    url = world.e1.get_absolute_url()
    response = client.post(url, entry_post(world.e1, progress="Niet kwijtraken!"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert ProgressEntry.objects.get(pk=world.e1.pk).version == 0
    response = client.post(
        "/accounts/login/",
        {"username": "editor", "password": PASSWORD, "next": url},
    )
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert "Niet kwijtraken!" in page and "nog niet opgeslagen" in page
    # Shown once: reloading gives the saved text again.
    assert "Niet kwijtraken!" not in client.get(url).content.decode()


def test_carried_post_is_not_shown_to_someone_who_may_not_edit(world, client):
    url = world.e1.get_absolute_url()
    client.post(url, entry_post(world.e1, progress="Geheime aanvulling"))
    client.force_login(world.other_editor)
    assert client.get(url).status_code == 404


def test_conflict_page_shows_what_the_other_changed(world, client):
    services.save_entry(
        entry=world.e1,
        user=world.coordinator,
        data={**FULL, "progress": "Tekst over inkoop.\nNieuwe regel <script>x</script>"},
        version=0,
    )
    client.force_login(world.editor)
    response = client.post(world.e1.get_absolute_url(), entry_post(world.e1, version=0))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nieuwe regel &lt;script&gt;x&lt;/script&gt;</ins>" in page
    assert "<script>x" not in page
    assert FULL["progress"] in page  # this person's own text is still in the form


@pytest.mark.parametrize(
    "who,status", [("editor", 200), ("board_noord", 200), ("other_editor", 200)]
)
def test_history_for_internal_users(world, client, who, status):
    services.save_entry(entry=world.e1, user=world.editor, data=FULL, version=0)
    client.force_login(getattr(world, who))
    url = reverse("reports:entry_history", args=[world.report.pk, world.e1.pk])
    response = client.get(url + "?van=0&naar=1")
    assert response.status_code == status
    page = response.content.decode()
    assert "Versie 0 vergeleken met versie 1" in page
    assert "<strong>" not in page.split("kop-vergelijking")[1].split("kop-versies")[0]
    # Only those who may edit get the restore buttons.
    assert ("Terugzetten" in page) == (who == "editor")


def test_history_of_a_published_report_is_not_for_councils(world, client):
    for entry in (world.e1, world.e2):
        services.save_entry(entry=entry, user=world.coordinator, data=FULL, version=0, ready=True)
    report = submit(world.report, world.coordinator)
    for member in world.board:
        report = workflow.approve_report(report=report, user=member)
    workflow.publish_report(report=report, user=world.coordinator)
    client.force_login(world.council_noord)
    assert client.get(world.report.get_absolute_url()).status_code == 200
    url = reverse("reports:entry_history", args=[world.report.pk, world.e1.pk])
    assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(action="entry.history", result="denied").exists()
    assert (
        "Versies en verschillen" not in client.get(world.report.get_absolute_url()).content.decode()
    )


def test_restore_view(world, client):
    services.save_entry(entry=world.e1, user=world.editor, data=FULL, version=0)
    client.force_login(world.editor)
    url = reverse("reports:entry_restore", args=[world.report.pk, world.e1.pk, 0])
    question = client.post(url, {"version": 1})
    assert "Versie 0 terugzetten?" in question.content.decode()
    assert ProgressEntry.objects.get(pk=world.e1.pk).version == 1  # asked, nothing done
    response = client.post(url, {"version": 1, "bevestigd": "1"})
    assert response.status_code == 302 and "van=0&naar=2" in response["Location"]
    assert ProgressEntry.objects.get(pk=world.e1.pk).progress == "Tekst over inkoop."
    # A stale page: refused with a message, nothing changed.
    response = client.post(url, {"version": 1, "bevestigd": "1"}, follow=True)
    assert "terwijl u de versies bekeek" in response.content.decode()
    assert ProgressEntry.objects.get(pk=world.e1.pk).version == 2
    client.force_login(world.other_editor)
    assert client.post(url, {"version": 2, "bevestigd": "1"}).status_code == 404


def test_my_work_for_an_editor(world, client):
    services.save_entry(entry=world.e1, user=world.editor, data={"progress": "x"}, version=0)
    client.force_login(world.editor)
    page = client.get(reverse("my_work")).content.decode()
    assert "Inkoop" in page and "Governance" not in page  # only their own entry
    assert "In bewerking" in page and "Wat mag het kosten?" in page
    assert "Herinneren" not in page


def test_my_work_for_a_coordinator_and_remind_from_it(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)
    page = client.get(reverse("my_work")).content.decode()
    assert "Inkoop" in page and "Governance" in page and "0 van 2 klaar" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:remind", args=[world.report.pk]), {"entry": world.e2.pk}, follow=True
        )
    assert "Er gaat een herinnering naar 1 persoon." in response.content.decode()
    assert [m.to for m in mail.outbox] == [[world.other_editor.email]]
    # An entry of another report is refused with a message, not a crash.
    other = f.EntryFactory(report=f.ReportFactory(organisation=world.executing))
    response = client.post(
        reverse("reports:remind", args=[world.report.pk]), {"entry": other.pk}, follow=True
    )
    assert "hoort niet bij de rapportage" in response.content.decode()


def _grow(world, n):
    """n more programmes with entries (with editors and reminders) in the concept report,
    and n more concept reports."""
    for i in range(n):
        programme = f.ProgrammeFactory(organisation=world.executing, order=10 + i)
        programme.editors.add(world.editor, world.other_editor)
        entry = f.EntryFactory(report=world.report, programme=programme)
        EntryReminder.objects.create(entry=entry, recipient=world.editor, kind=ReminderKind.MANUAL)
        report = f.ReportFactory(organisation=world.executing)
        f.EntryFactory(report=report, programme=programme)


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["editor", "coordinator"])
@pytest.mark.parametrize("url_name", ["my_work", "home"])
def test_my_work_queries_do_not_grow_with_entries(world, client, who, url_name):
    client.force_login(getattr(world, who))
    url = reverse(url_name)
    client.get(url)  # the first request of a login decides about the second step, once
    _grow(world, 2)
    small = _count_queries(client, url)
    _grow(world, 25)
    large = _count_queries(client, url)
    assert large == small, (
        f"{url_name} as {who}: {small} queries with little data, {large} with more"
    )


def test_a_stale_form_gets_a_dutch_page_that_points_to_the_local_draft(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.editor)
    response = client.post(world.e1.get_absolute_url(), entry_post(world.e1))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Het formulier is verlopen" in page and "Niet-opgeslagen tekst terugzetten" in page
    assert ProgressEntry.objects.get(pk=world.e1.pk).version == 0
