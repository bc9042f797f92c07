"""The migrations into the one outbox and the one document store keep every existing row:
messages of every kind, sent and not sent, and documents in every state, migrated
backwards and forwards on the test database."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from duoplus.core import outbox
from duoplus.core.models import Message, MessageState
from reports.consultation import notices as consultation_notices
from reports.planning import notices as planning_notices
from reports.questions import notices as question_notices

# The last migration of each app before the outbox.
BEFORE = [
    ("core", "0008_public_publication"),
    ("writing", "0005_public_publication"),
    ("review", "0003_outbox_and_waiting"),
    ("planning", "0003_alter_reportinground_kind_and_more"),
    ("consultation", "0002_procedure_reactions_decision"),
    ("questions", "0001_initial"),
]
LONG_AGO = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 30))
SENT = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 31))


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def old_rows(transactional_db, world):
    """Rows as the code before the outbox left them: each kind once sent and once not."""
    w = world
    apps = _migrate(BEFORE)

    def model(label):
        return apps.get_model(*label.split("."))

    def made(obj):
        # What was sent, long ago; what was not, an hour ago (its job was lost).
        at = LONG_AGO if obj.sent_at else timezone.now() - datetime.timedelta(hours=1)
        type(obj).objects.filter(pk=obj.pk).update(created_at=at)
        return obj.pk

    rows = {}
    for sent_at in (SENT, None):
        state = "sent" if sent_at else "pending"
        rows["planning", state] = made(
            model("planning.RoundNotice").objects.create(
                report_id=w.report.pk,
                kind="opened",
                recipient_id=w.editor.pk if sent_at else w.other_editor.pk,
                about=datetime.date(2026, 3, 2),
                sent_at=sent_at,
            )
        )
        rows["writing", state] = made(
            model("writing.EntryReminder").objects.create(
                entry_id=w.e1.pk, recipient_id=w.editor.pk, kind="manual", sent_at=sent_at
            )
        )
        rows["review", state] = made(
            model("review.WorkflowMail").objects.create(
                kind="submitted",
                report_id=w.report.pk,
                recipient_id=w.board_noord.pk,
                actor_id=w.coordinator.pk,
                sent_at=sent_at,
            )
        )
    consultation = model("consultation.Consultation").objects.create(
        report_id=w.report.pk,
        sent_on=datetime.date(2026, 3, 2),
        sent_by_id=w.coordinator.pk,
        term_end=datetime.date(2026, 5, 25),
        computed_term_end=datetime.date(2026, 5, 25),
    )
    question = model("questions.Question").objects.create(
        report_id=w.report.pk,
        passage="letter",
        passage_label="Raadsinformatiebrief",
        council_id=w.noord.pk,
        asked_by_id=w.council_noord.pk,
        text="Waarom?",
    )
    for sent_at, clerk in ((SENT, w.clerk_noord), (None, w.clerk_zuid)):
        state = "sent" if sent_at else "pending"
        rows["consultation", state] = made(
            model("consultation.ConsultationNotice").objects.create(
                consultation_id=consultation.pk,
                kind="reminder",
                recipient_id=clerk.pk,
                about=datetime.date(2026, 5, 11),
                council_id=w.noord.pk,
                key="noorddorp",
                sent_at=sent_at,
            )
        )
        rows["questions", state] = made(
            model("questions.QuestionNotice").objects.create(
                question_id=question.pk,
                kind="asked",
                recipient_id=w.coordinator.pk if sent_at else w.admin.pk,
                key="",
                sent_at=sent_at,
            )
        )
    # Documents: council PDFs in every state; the zienswijze and question documents made
    # (with their checksum) and not yet made.
    pdf = model("review.ReportPDF")
    for status in ("queued", "rendering", "ready", "failed"):
        rows["pdf", status] = pdf.objects.create(
            report_id=w.report.pk,
            report_version=1,
            submission={"queued": 1, "rendering": 2, "ready": 3, "failed": 4}[status],
            council_id=w.noord.pk,
            status=status,
            file=f"reports/{w.report.pk}/{status}.pdf" if status == "ready" else "",
            sha256="a" * 64 if status == "ready" else "",
            error="kapot" if status == "failed" else "",
        ).pk
    document = model("consultation.ConsultationDocument")
    rows["consultation_document", "ready"] = document.objects.create(
        consultation_id=consultation.pk,
        kind="appendix",
        file="zienswijzen/1/appendix-bestuur-aaaa.pdf",
        sha256="b" * 64,
        size=1234,
    ).pk
    rows["consultation_document", "queued"] = document.objects.create(
        consultation_id=consultation.pk, kind="letter", council_id=w.noord.pk, error="kapot"
    ).pk
    rows["question_document", "ready"] = (
        model("questions.QuestionDocument")
        .objects.create(
            report_id=w.report.pk,
            closed_on=datetime.date(2026, 3, 1),
            file="vragen/1/beantwoording-cccc.pdf",
            sha256="c" * 64,
        )
        .pk
    )
    _migrate(_latest())
    w.consultation_id, w.question_id = consultation.pk, question.pk
    return w, rows


def test_every_document_keeps_its_state_file_and_checksum(old_rows):
    from reports.consultation.models import ConsultationDocument
    from reports.questions.models import QuestionDocument
    from reports.review.models import ReportPDF

    _w, rows = old_rows
    for status in ("queued", "rendering", "ready", "failed"):
        pdf = ReportPDF.objects.get(pk=rows["pdf", status])
        assert (pdf.status, pdf.attempts, pdf.job) == (status, 0, "")
        assert pdf.ready == (status == "ready")
    assert ReportPDF.objects.get(pk=rows["pdf", "ready"]).sha256 == "a" * 64
    assert ReportPDF.objects.get(pk=rows["pdf", "failed"]).error == "kapot"
    made = ConsultationDocument.objects.get(pk=rows["consultation_document", "ready"])
    assert (made.status, made.sha256, made.size) == ("ready", "b" * 64, 1234)
    assert made.file.name == "zienswijzen/1/appendix-bestuur-aaaa.pdf"
    waiting = ConsultationDocument.objects.get(pk=rows["consultation_document", "queued"])
    assert (waiting.status, waiting.attempts, waiting.error) == ("queued", 0, "kapot")
    answers = QuestionDocument.objects.get(pk=rows["question_document", "ready"])
    assert (answers.status, answers.sha256) == ("ready", "c" * 64) and answers.ready


def test_every_message_comes_into_the_outbox_as_it_was_and_goes_back(
    old_rows, django_capture_on_commit_callbacks
):
    from reports.consultation.models import Consultation, ConsultationNotice
    from reports.planning.models import RoundNotice
    from reports.questions.models import Question, QuestionNotice
    from reports.review.models import WorkflowMail
    from reports.writing.models import EntryReminder

    w, rows = old_rows
    models = {
        "planning": (RoundNotice, "planning.notice"),
        "writing": (EntryReminder, "writing.reminder"),
        "review": (WorkflowMail, "review.workflow"),
        "consultation": (ConsultationNotice, "consultation.notice"),
        "questions": (QuestionNotice, "questions.notice"),
    }
    messages_rows = {key: pk for key, pk in rows.items() if key[0] in models}
    for (app, state), pk in messages_rows.items():
        model, kind = models[app]
        message = model.objects.get(pk=pk).message
        assert (message.kind, message.state) == (kind, state), (app, state)
        assert message.sent_at == (SENT if state == "sent" else None)
        if state == "sent":
            assert message.created_at == LONG_AGO
        assert message.recipient_id == model.objects.get(pk=pk).recipient_id
    assert Message.objects.count() == len(messages_rows)

    # The code records the same events under the same keys: nothing is made twice.
    notice = RoundNotice.objects.get(pk=rows["planning", "sent"])
    assert (
        planning_notices.notify(
            report=notice.report, kind="opened", users=[notice.recipient], about=notice.about
        )
        == []
    )
    assert (
        consultation_notices.notify(
            consultation=Consultation.objects.get(pk=w.consultation_id),
            kind="reminder",
            users=[w.clerk_noord, w.clerk_zuid],
            about=datetime.date(2026, 5, 11),
            council=w.noord,
            key="noorddorp",
        )
        == []
    )
    question = Question.objects.get(pk=w.question_id)
    assert question_notices.notify(question=question, kind="asked", users=[w.admin]) == 0
    assert Message.objects.count() == len(messages_rows)

    # What was not sent goes now, once (or is dropped with its reason), and the rest stays.
    with django_capture_on_commit_callbacks(execute=True):
        outbox.sweep()
        outbox.sweep()
    sent_now = Message.objects.filter(state=MessageState.SENT).exclude(sent_at=SENT)
    assert not Message.objects.exclude(state=MessageState.SENT).exists(), list(
        Message.objects.values_list("kind", "state", "reason")
    )
    assert sorted(sent_now.values_list("kind", flat=True)) == sorted(
        kind for _model, kind in models.values()
    )
    assert not Message.objects.exclude(state=MessageState.SENT).exists(), list(
        Message.objects.values_list("kind", "state", "reason")
    )
    for (app, state), pk in messages_rows.items():
        if state == "sent":
            assert models[app][0].objects.get(pk=pk).message.sent_at == SENT

    # And back: what was sent says so again in the old rows.
    apps = _migrate(BEFORE)
    old = apps.get_model("planning", "RoundNotice")
    assert old.objects.get(pk=rows["planning", "sent"]).sent_at == SENT
    assert old.objects.get(pk=rows["planning", "pending"]).sent_at is not None  # went now
    _migrate(_latest())
