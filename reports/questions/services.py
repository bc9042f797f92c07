"""Writes of the technische vragen: keyword-only, in one transaction, asking the policy,
writing the audit row in the same transaction."""

import datetime
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from duoplus.core import audit, documents, roles, workdays
from duoplus.core.audit import AuditAction
from duoplus.core.models import Organisation, Role
from duoplus.core.richtext import clean_source
from reports.core.models import Report

from . import notices, policy, reading, selectors
from .models import Answer, Note, Question, QuestionDocument, QuestionRound, QuestionState

MAX_QUESTION = 5000
MAX_ANSWER = 20000
MAX_NOTE = 10000


def _deny() -> NoReturn:
    raise PermissionDenied(_("U mag deze actie niet uitvoeren bij deze technische vraag."))


def _round(report: Report) -> QuestionRound | None:
    return QuestionRound.objects.filter(report=report).first()


def proposed_closing(*, first_council_meeting: datetime.date) -> datetime.date:
    """QUESTIONS_CLOSE_WORKING_DAYS working days before the first council meeting."""
    return workdays.working_days_before(
        first_council_meeting, settings.QUESTIONS_CLOSE_WORKING_DAYS
    )


@audit.refusals_recorded(AuditAction.QUESTION_ASK, obj="report")
def ask_question(
    *,
    report: Report,
    user: Any,
    passage: str,
    text: str,
    council: Organisation | None = None,
    ip: str | None = None,
) -> Question:
    """A council member or griffie asks on one passage of a report for their council,
    until the closing date; the coordinators get an e-mail."""
    text = clean_source(text).strip()
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        today = timezone.localdate()
        if not policy.can_ask(user=user, report=report, today=today, round=_round(report)):
            _deny()
        councils = policy.asking_councils(user=user, report=report)
        if council is None:
            council = councils[0]
        elif council.pk not in {c.pk for c in councils}:
            _deny()
        found = {p.key: p for p in selectors.passages(report=report)}.get(passage)
        if found is None:
            raise ValidationError(_("Kies het deel van de rapportage waarover de vraag gaat."))
        if not text:
            raise ValidationError(_("Schrijf uw vraag."))
        if len(text) > MAX_QUESTION:
            raise ValidationError(
                _("Een vraag is hoogstens %(n)d tekens; splits hem in meer vragen.")
                % {"n": MAX_QUESTION}
            )
        question = Question.objects.create(
            report=report,
            passage=found.key,
            passage_label=found.label,
            council=council,
            asked_by=user,
            text=text,
        )
        audit.record(
            AuditAction.QUESTION_ASK,
            actor=user,
            obj=question,
            ip=ip,
            report=report.pk,
            passage=found.key,
            council=council.slug,
        )
        notices.notify(
            question=question, kind=notices.ASKED, users=notices.coordinators(question=question)
        )
    return question


@audit.refusals_recorded(AuditAction.QUESTION_ROUND, obj="report")
def set_closing(
    *,
    report: Report,
    user: Any,
    closes_on: datetime.date | None,
    first_council_meeting: datetime.date | None = None,
    ip: str | None = None,
) -> QuestionRound:
    """The coordinator sets until when questions can be asked (or has it proposed from the
    first council meeting)."""
    with transaction.atomic():
        if not policy.can_manage(user=user, report=report):
            _deny()
        if closes_on is None:
            if first_council_meeting is None:
                raise ValidationError(
                    _("Vul de sluitingsdatum in, of de datum van de eerste raadsvergadering.")
                )
            closes_on = proposed_closing(first_council_meeting=first_council_meeting)
        if first_council_meeting is not None and closes_on > first_council_meeting:
            raise ValidationError(_("De vragen sluiten na de eerste raadsvergadering."))
        round, _created = QuestionRound.objects.update_or_create(
            report=report,
            defaults={
                "closes_on": closes_on,
                "first_council_meeting": first_council_meeting,
                "set_by": user,
            },
        )
        audit.record(
            AuditAction.QUESTION_ROUND,
            actor=user,
            obj=report,
            ip=ip,
            closes_on=closes_on.isoformat(),
        )
    return round


def _locked(question: Question) -> Question:
    return (
        Question.objects.select_for_update(of=("self",))
        .select_related("report")
        .get(pk=question.pk)
    )


@audit.refusals_recorded(AuditAction.QUESTION_ASSIGN, obj="question")
def assign(
    *,
    question: Question,
    user: Any,
    assignee: Any,
    due_on: datetime.date | None = None,
    ip: str | None = None,
) -> Question:
    """The coordinator gives a question to an editor (or coordinator) of the executing
    organisation to answer, by a date (default QUESTIONS_ANSWER_WORKING_DAYS working days)."""
    with transaction.atomic():
        question = _locked(question)
        if not policy.can_manage(user=user, report=question.report):
            _deny()
        if question.state in (QuestionState.MERGED, QuestionState.RELEASED):
            raise ValidationError(_("Deze vraag is al beantwoord of samengevoegd."))
        org = question.report.organisation_id
        if not (
            roles.has_role(assignee, Role.EDITOR, org)
            or roles.has_role(assignee, Role.COORDINATOR, org)
        ):
            raise ValidationError(_("Kies een medewerker van de uitvoeringsorganisatie."))
        today = timezone.localdate()
        question.assigned_to = assignee
        question.due_on = due_on or workdays.working_days_after(
            today, settings.QUESTIONS_ANSWER_WORKING_DAYS
        )
        if question.due_on < today:
            raise ValidationError(_("De datum voor het antwoord ligt in het verleden."))
        question.state = QuestionState.ASSIGNED
        question.save(update_fields=["assigned_to", "due_on", "state"])
        audit.record(
            AuditAction.QUESTION_ASSIGN,
            actor=user,
            obj=question,
            ip=ip,
            assignee=assignee.pk,
            due_on=question.due_on.isoformat(),
        )
        if assignee.pk != user.pk:
            notices.notify(
                question=question,
                kind=notices.ASSIGNED,
                users=[assignee],
                key=f"{assignee.pk}:{question.due_on:%Y%m%d}",
            )
    return question


@audit.refusals_recorded(AuditAction.QUESTION_DRAFT, obj="question")
def save_draft(
    *, question: Question, user: Any, text: str, version: int, ip: str | None = None
) -> Question:
    """Save the answer being written (Markdown subset, rendered sanitised). ``version`` is
    the draft version the writer started from: a save over someone else's newer one is
    refused, with the text kept by the page."""
    text = clean_source(text).strip()
    with transaction.atomic():
        question = _locked(question)
        if not policy.can_write_answer(user=user, question=question):
            _deny()
        if question.draft_version != version:
            raise ValidationError(
                _(
                    "Iemand anders heeft het antwoord intussen opgeslagen. Uw tekst staat "
                    "hieronder; neem over wat nodig is en sla opnieuw op."
                )
            )
        if len(text) > MAX_ANSWER:
            raise ValidationError(_("Een antwoord is hoogstens %(n)d tekens.") % {"n": MAX_ANSWER})
        Question.objects.filter(pk=question.pk).update(
            draft=text, draft_by=user, draft_version=F("draft_version") + 1
        )
        question.refresh_from_db()
        audit.record(AuditAction.QUESTION_DRAFT, actor=user, obj=question, ip=ip)
    return question


@audit.refusals_recorded(AuditAction.QUESTION_RELEASE, obj="question")
def release(*, question: Question, user: Any, ip: str | None = None) -> Answer:
    """The coordinator releases the draft as the answer (a new version): every council the
    report went to reads it; the asker, their griffie and the askers of merged questions
    get an e-mail."""
    with transaction.atomic():
        question = _locked(question)
        if not policy.can_release(user=user, question=question):
            _deny()
        last = question.answers.order_by("-version").first()
        if last is not None and last.text == question.draft:
            raise ValidationError(_("Dit antwoord is al zo vrijgegeven."))
        answer = Answer.objects.create(
            question=question,
            version=(last.version + 1) if last else 1,
            text=question.draft,
            released_by=user,
        )
        question.state = QuestionState.RELEASED
        question.save(update_fields=["state"])
        transaction.on_commit(lambda: reading.bump(question.report_id))
        audit.record(
            AuditAction.QUESTION_RELEASE,
            actor=user,
            obj=question,
            ip=ip,
            version=answer.version,
        )
        for asked in [question, *question.merged.all()]:
            notices.notify(
                question=asked,
                kind=notices.RELEASED,
                users=[asked.asked_by, *notices.clerks(council_id=asked.council_id)],
                key=f"v{answer.version}",
            )
    return answer


@audit.refusals_recorded(AuditAction.QUESTION_MERGE, obj="question")
def merge(*, question: Question, into: Question, user: Any, ip: str | None = None) -> Question:
    """Questions that ask the same thing get one answer: ``question`` is answered by
    ``into`` from now on (recorded; its asker hears when ``into`` is answered)."""
    with transaction.atomic():
        question = _locked(question)
        into = _locked(into)
        if not policy.can_manage(user=user, report=question.report):
            _deny()
        if into.report_id != question.report_id or into.pk == question.pk:
            raise ValidationError(_("Voeg alleen vragen over dezelfde rapportage samen."))
        if question.state in (QuestionState.MERGED, QuestionState.RELEASED):
            raise ValidationError(_("Deze vraag is al beantwoord of samengevoegd."))
        if into.state == QuestionState.MERGED:
            raise ValidationError(_("Die vraag is zelf al samengevoegd; kies de vraag waarmee."))
        question.state = QuestionState.MERGED
        question.merged_into = into
        question.save(update_fields=["state", "merged_into"])
        question.merged.update(merged_into=into)
        audit.record(AuditAction.QUESTION_MERGE, actor=user, obj=question, ip=ip, into=into.pk)
        last = into.answers.order_by("-version").first()
        if last is not None:
            notices.notify(
                question=question,
                kind=notices.RELEASED,
                users=[question.asked_by, *notices.clerks(council_id=question.council_id)],
                key=f"v{last.version}",
            )
    return question


def save_note(*, report: Report, user: Any, passage: str, text: str) -> Note | None:
    """A council member's private note beside a passage (empty: removed). Only the passage
    is recorded in the audit log, never the text."""
    text = clean_source(text).strip()
    with transaction.atomic():
        report = Report.objects.get(pk=report.pk)
        if not policy.can_keep_notes(user=user, report=report):
            _deny()
        labels = {p.key: p.label for p in selectors.passages(report=report)}
        if passage not in labels:
            raise ValidationError(_("Kies het deel van de rapportage waar de notitie bij hoort."))
        if len(text) > MAX_NOTE:
            raise ValidationError(_("Een notitie is hoogstens %(n)d tekens.") % {"n": MAX_NOTE})
        if not text:
            Note.objects.filter(user=user, report=report, passage=passage).delete()
            note = None
        else:
            note, _created = Note.objects.update_or_create(
                user=user,
                report=report,
                passage=passage,
                defaults={"text": text, "passage_label": labels[passage]},
            )
        audit.record(AuditAction.QUESTION_NOTE, actor=user, obj=report, passage=passage)
        transaction.on_commit(lambda: reading.bump(report.pk))
    return note


def remind_and_report_late(*, today: datetime.date) -> int:
    """On an answer's due day its writer gets a reminder; once the day has passed the
    coordinators get the question as late. Each once (per question and due date)."""
    made = 0
    with transaction.atomic():
        assigned = Question.objects.filter(
            state=QuestionState.ASSIGNED, due_on__lte=today, assigned_to__isnull=False
        ).select_related("report", "assigned_to")
        for question in assigned:
            key = f"{question.due_on:%Y%m%d}"
            if question.due_on == today:
                made += notices.notify(
                    question=question, kind=notices.DUE, users=[question.assigned_to], key=key
                )
            else:
                made += notices.notify(
                    question=question,
                    kind=notices.LATE,
                    users=notices.coordinators(question=question),
                    key=key,
                )
    return made


def freeze_closed_rounds(*, today: datetime.date) -> int:
    """Every report whose questions have closed gets its document "Beantwoording
    technische vragen", made once by a worker and frozen."""
    made = 0
    with transaction.atomic():
        closed = QuestionRound.objects.filter(closes_on__lt=today).exclude(
            report__question_document__isnull=False
        )
        for round in closed.select_related("report"):
            made += _freeze(report=round.report, closed_on=round.closes_on)
    return made


def _freeze(*, report: Report, closed_on: datetime.date) -> int:
    document, created = QuestionDocument.objects.get_or_create(
        report=report, defaults={"closed_on": closed_on}
    )
    if created:
        documents.queue(document)
    return int(created)


@audit.refusals_recorded(AuditAction.PDF_RERENDER, obj="report")
def remake_document(*, report: Report, user: Any, ip: str | None = None) -> QuestionDocument:
    """ "Opnieuw maken" of "Beantwoording technische vragen" when it failed (or got stuck):
    queued with its attempts anew. A ready document is never replaced: it is frozen."""
    with transaction.atomic():
        if not policy.can_manage(user=user, report=report):
            raise PermissionDenied(_("Alleen de coördinator kan het document opnieuw laten maken."))
        document = QuestionDocument.objects.select_for_update().filter(report=report).first()
        if document is None or not documents.may_remake(document):
            raise ValidationError(
                _("Dit document is klaar of wordt nog gemaakt; het wordt niet opnieuw gemaakt.")
            )
        documents.remake(document)
        audit.record(AuditAction.PDF_RERENDER, actor=user, obj=report, ip=ip, document="vragen")
    return document
