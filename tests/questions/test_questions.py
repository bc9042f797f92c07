"""Technische vragen: asked on a passage by a council's side, answered once by Duo+ and
shared with every council, merged when they ask the same; notes that stay private."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from duoplus.core import documents
from duoplus.core.models import AuditEvent
from reports.questions import policy, selectors, services
from reports.questions.models import Note, QuestionDocument, QuestionState
from reports.review import workflow
from tests.workflow_helpers import submit

pytestmark = pytest.mark.django_db


def _ask(w, callbacks, user=None, text="Waar is de € 8.000 voor de inclusiescan op gebaseerd?"):
    with callbacks(execute=True):
        return services.ask_question(
            report=w.published, user=user or w.council_noord, passage=w.entry_passage, text=text
        )


def test_a_council_member_asks_on_a_passage_and_the_coordinator_hears(
    published, django_capture_on_commit_callbacks
):
    w = published
    mail.outbox.clear()
    q = _ask(w, django_capture_on_commit_callbacks)
    assert q.passage_label == "1.1 Inkoop" and q.council == w.noord
    assert [m.to for m in mail.outbox] == [[w.coordinator.email]]
    assert "1.1 Inkoop" in mail.outbox[0].body
    # Before release: Noorddorp's side sees it, Zuidstad's not, internally everyone.
    assert policy.can_see_question(user=w.clerk_noord, question=q)
    assert not policy.can_see_question(user=w.council_zuid, question=q)
    assert policy.can_see_question(user=w.board_zuid, question=q)
    assert not policy.can_see_question(user=w.outsider, question=q)
    for user in (w.editor, w.outsider, w.coordinator):
        with pytest.raises(PermissionDenied):
            services.ask_question(report=w.published, user=user, passage=w.entry_passage, text="?")
    with pytest.raises(ValidationError, match="Kies het deel"):
        services.ask_question(report=w.published, user=w.council_zuid, passage="entry:0", text="?")
    with pytest.raises(ValidationError, match="Schrijf uw vraag"):
        services.ask_question(
            report=w.published, user=w.council_zuid, passage=w.entry_passage, text="   "
        )
    assert AuditEvent.objects.filter(action="question.ask", result="denied").count() == 3


def test_questions_close_on_the_date_the_coordinator_sets(published):
    w = published
    with pytest.raises(PermissionDenied):
        services.set_closing(report=w.published, user=w.editor, closes_on=datetime.date(2026, 1, 1))
    # Proposed from the first council meeting: five working days before it (Koningsdag!).
    round = services.set_closing(
        report=w.published,
        user=w.coordinator,
        closes_on=None,
        first_council_meeting=datetime.date(2027, 4, 28),
    )
    assert round.closes_on == datetime.date(2027, 4, 20)
    with time_machine.travel(datetime.datetime(2027, 4, 21, 9, 0), tick=False):
        with pytest.raises(PermissionDenied):
            services.ask_question(
                report=w.published, user=w.council_noord, passage=w.entry_passage, text="Te laat"
            )


def test_assign_answer_release_shares_with_every_council(
    published, django_capture_on_commit_callbacks
):
    w = published
    q = _ask(w, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(question=q, user=w.coordinator, assignee=w.editor)
    assert [m.to for m in mail.outbox] == [[w.editor.email]]
    with pytest.raises(ValidationError, match="medewerker"):
        services.assign(question=q, user=w.coordinator, assignee=w.council_zuid)
    q = services.save_draft(
        question=q, user=w.editor, text="De raming volgt de **offerte**.", version=0
    )
    # A save from an older version is refused (the page keeps the text).
    with pytest.raises(ValidationError, match="intussen opgeslagen"):
        services.save_draft(question=q, user=w.coordinator, text="Anders", version=0)
    with pytest.raises(PermissionDenied):
        services.save_draft(question=q, user=w.other_editor, text="x", version=q.draft_version)
    with pytest.raises(PermissionDenied):
        services.release(question=q, user=w.editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.release(question=q, user=w.coordinator)
    q.refresh_from_db()
    assert q.state == QuestionState.RELEASED and answer.version == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [w.council_noord.email, w.clerk_noord.email]
    )
    assert policy.can_see_question(user=w.council_zuid, question=q)
    assert policy.can_see_question(user=w.clerk_zuid, question=q)
    with pytest.raises(ValidationError, match="al zo vrijgegeven"):
        services.release(question=q, user=w.coordinator)
    # A change is a new version; the first stays on record.
    q = services.save_draft(
        question=q, user=w.coordinator, text="Aangevuld.", version=q.draft_version
    )
    assert services.release(question=q, user=w.coordinator).version == 2
    assert [a.text for a in q.answers.order_by("version")] == [
        "De raming volgt de **offerte**.",
        "Aangevuld.",
    ]


def test_questions_that_ask_the_same_get_one_answer(published, django_capture_on_commit_callbacks):
    w = published
    first = _ask(w, django_capture_on_commit_callbacks)
    second = _ask(
        w, django_capture_on_commit_callbacks, user=w.council_zuid, text="Idem: de 8.000?"
    )
    with pytest.raises(ValidationError, match="dezelfde rapportage"):
        services.merge(question=second, into=second, user=w.coordinator)
    services.merge(question=second, into=first, user=w.coordinator)
    second.refresh_from_db()
    assert second.state == QuestionState.MERGED and second.merged_into == first
    with django_capture_on_commit_callbacks(execute=True):
        first = services.save_draft(
            question=first, user=w.coordinator, text="Eén antwoord.", version=0
        )
        mail.outbox.clear()
        services.release(question=first, user=w.coordinator)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [w.council_noord.email, w.clerk_noord.email, w.council_zuid.email, w.clerk_zuid.email]
    )
    assert AuditEvent.objects.filter(action="question.merge", result="ok").count() == 1


def test_notes_stay_private(published, client):
    w = published
    secret = "Mijn eigen aantekening: doorvragen in de commissie"
    services.save_note(
        report=w.published, user=w.council_noord, passage=w.entry_passage, text=secret
    )
    # Only a council's side keeps notes; each sees only their own.
    for user in (w.coordinator, w.editor, w.admin, w.board_noord):
        with pytest.raises(PermissionDenied):
            services.save_note(report=w.published, user=user, passage=w.entry_passage, text="x")
    for user in (w.council_zuid, w.clerk_noord):
        assert selectors.own_notes(user=user, report=w.published) == {}
    # Not on anyone else's pages, nor in the exports or the audit log.
    closed = QuestionDocument.objects.create(
        report=w.published, closed_on=datetime.date(2026, 1, 1)
    )
    documents.render_now(closed)
    closed.refresh_from_db()
    with closed.file.open("rb") as fh:
        assert secret not in " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages
        )
    w.admin.is_staff = True
    w.admin.save()
    for user in (w.coordinator, w.editor, w.admin, w.board_noord, w.clerk_noord, w.council_zuid):
        client.force_login(user)
        for url in (
            reverse("reports:questions", args=[w.published.pk]),
            reverse("reports:questions_csv", args=[w.published.pk]),
            reverse("reports:notes", args=[w.published.pk]),
            reverse("admin:index"),
            reverse("admin:questions_question_changelist"),
            w.published.get_absolute_url(),
        ):
            assert secret.encode() not in client.get(url).content
    assert not any(secret in str(e.detail) for e in AuditEvent.objects.all())
    assert Note.objects.filter(user=w.council_noord).count() == 1
    client.force_login(w.council_noord)
    assert secret.encode() in client.get(reverse("reports:notes", args=[w.published.pk])).content


def test_a_note_comes_back_on_the_corrected_version(published, django_capture_on_commit_callbacks):
    w = published
    services.save_note(
        report=w.published, user=w.council_noord, passage=w.entry_passage, text="Bij versie 1"
    )
    services.save_note(
        report=w.published, user=w.council_noord, passage="chapter:1.2", text="Weg straks"
    )
    with django_capture_on_commit_callbacks(execute=True):
        correction = workflow.start_correction(report=w.published, user=w.coordinator)
        correction.entries.filter(programme=w.p2).delete()  # the passage is gone in v2
        correction = submit(correction, w.coordinator)
        for member in w.board:
            correction = workflow.approve_report(report=correction, user=member)
        correction = workflow.publish_report(report=correction, user=w.coordinator)
    notes = selectors.own_notes(user=w.council_noord, report=correction)
    assert {k: n.text for k, n in notes.items()} == {w.entry_passage: "Bij versie 1"}


def test_the_replaced_version_no_longer_offers_asking(
    published, client, django_capture_on_commit_callbacks
):
    w = published
    today = datetime.date.today()
    old = w.published
    assert policy.can_ask(user=w.council_noord, report=old, today=today, round=None)
    with django_capture_on_commit_callbacks(execute=True):
        correction = workflow.start_correction(report=old, user=w.coordinator)
        # A correction in the making does not replace the published version yet.
        assert policy.can_ask(user=w.council_noord, report=old, today=today, round=None)
        correction = submit(correction, w.coordinator)
        for member in w.board:
            correction = workflow.approve_report(report=correction, user=member)
        correction = workflow.publish_report(report=correction, user=w.coordinator)
    assert not policy.can_ask(user=w.council_noord, report=old, today=today, round=None)
    assert policy.can_ask(user=w.council_noord, report=correction, today=today, round=None)
    client.force_login(w.council_noord)
    assert "Vraag stellen" not in client.get(old.get_absolute_url()).content.decode()
    assert "Vraag stellen" in client.get(correction.get_absolute_url()).content.decode()
    with pytest.raises(PermissionDenied):
        services.ask_question(
            report=old, user=w.council_noord, passage=w.entry_passage, text="Op de oude?"
        )


def test_the_question_page_says_what_is_released_and_what_is_a_change(
    published, client, django_capture_on_commit_callbacks
):
    w = published
    q = _ask(w, django_capture_on_commit_callbacks)
    client.force_login(w.coordinator)
    url = reverse("reports:question", args=[w.published.pk, q.pk])
    page = client.get(url).content.decode()
    # The assignee list starts with a word, not dashes.
    assert "---------" not in page and ">Kies een medewerker</option>" in page
    q = services.save_draft(question=q, user=w.coordinator, text="Eerste **antwoord**.", version=0)
    page = client.get(url).content.decode()
    assert "Zo ziet het concept eruit" in page and "Antwoord vrijgeven aan alle raden" in page
    with django_capture_on_commit_callbacks(execute=True):
        services.release(question=q, user=w.coordinator)
    # Released: no "concept" and nothing to release again.
    page = client.get(url).content.decode()
    assert "Zo ziet het concept eruit" not in page and "vrijgeven aan alle raden" not in page
    assert "Het vrijgegeven antwoord staat hierboven" in page
    q.refresh_from_db()
    services.save_draft(question=q, user=w.coordinator, text="Aangevuld.", version=q.draft_version)
    page = client.get(url).content.decode()
    assert "Zo ziet de wijziging eruit (nog niet vrijgegeven)" in page
    assert "Wijziging vrijgeven aan alle raden" in page
