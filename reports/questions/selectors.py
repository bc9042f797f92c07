"""Reads of the technische vragen: the passages one can ask on, the questions a person may
see (filtered), and one's own notes. A fixed number of queries, however many questions."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from budget.models import BudgetChange
from reports.review.document import BUDGET_CHAPTER, PROGRAMMES_CHAPTER
from reports.writing.models import ProgressEntry, Report

from . import policy
from .models import Answer, Note, Question, QuestionState

LETTER = "letter"


@dataclass(frozen=True)
class Passage:
    key: str  # "letter", "entry:<programme id>" or "budget:<code>"
    label: str  # as the reader finds it: "1.3 Inkoop"
    anchor: str  # its id in the reading view


def passages(*, report: Report) -> list[Passage]:
    """The parts of a report one can ask on, in reading order: the letter, each programme's
    chapter (1.1, 1.2, …) and each budget line by its code."""
    found = [Passage(LETTER, _("Raadsinformatiebrief"), "raadsinformatiebrief")]
    entries = (
        ProgressEntry.objects.filter(report=report)
        .select_related("programme")
        .order_by("programme__order", "programme__name")
    )
    for i, entry in enumerate(entries, start=1):
        found.append(
            Passage(
                f"entry:{entry.programme_id}",
                f"{PROGRAMMES_CHAPTER}.{i} {entry.programme.name}",
                f"hoofdstuk-{i}",
            )
        )
    for code, title in BudgetChange.objects.filter(report=report).values_list("code", "title"):
        found.append(Passage(f"budget:{code}", f"{BUDGET_CHAPTER} {code} {title}", "begroting"))
    return found


def visible_questions(*, user: Any, report: Report) -> QuerySet[Question]:
    """The questions of ``report`` that ``user`` may see (policy.can_see_question), each
    with its released answers and the questions merged into it."""
    questions = Question.objects.filter(report=report)
    if not policy.is_internal_reader(user=user, report=report):
        own = [o.pk for o in policy.asking_councils(user=user, report=report)]
        questions = questions.filter(Q(state=QuestionState.RELEASED) | Q(council_id__in=own))
    return questions.select_related(
        "asked_by", "council", "assigned_to", "merged_into"
    ).prefetch_related(
        Prefetch("answers", queryset=Answer.objects.select_related("released_by")),
        Prefetch("merged_into__answers", queryset=Answer.objects.select_related("released_by")),
        Prefetch("merged", queryset=Question.objects.select_related("asked_by", "council")),
    )


def filtered(
    questions: QuerySet[Question],
    *,
    passage: str = "",
    council: str = "",
    state: str = "",
) -> QuerySet[Question]:
    if passage:
        questions = questions.filter(passage=passage)
    if council:
        questions = questions.filter(council__slug=council)
    if state in QuestionState.values:
        questions = questions.filter(state=state)
    return questions


def own_notes(*, user: Any, report: Report) -> dict[str, Note]:
    """``user``'s notes on this report by passage; notes on an earlier version come back
    where that passage still exists (a correction keeps what one wrote)."""
    versions: list[int] = []
    current: Report | None = report
    while current is not None and len(versions) < 20:
        versions.append(current.pk)
        current = current.supersedes
    notes: dict[str, Note] = {}
    keys = {p.key for p in passages(report=report)}
    for note in Note.objects.filter(user=user, report_id__in=versions).order_by("-updated_at"):
        if note.passage in keys and note.passage not in notes:
            notes[note.passage] = note
    return notes


def current_answer(question: Question) -> Answer | None:
    """The latest released answer (a merged question's: that of the one it joined), from
    the answers visible_questions prefetched."""
    source = question.merged_into if question.merged_into_id else question
    answers = list(source.answers.all()) if source is not None else []
    return answers[-1] if answers else None
