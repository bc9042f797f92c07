"""Reads of the technische vragen: the passages one can ask on, the questions a person may
see (filtered), and one's own notes. A fixed number of queries, however many questions."""

import html
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from budget.models import BudgetChange
from duoplus.core import roles
from reports.core.models import (
    Report,
    council_reports_condition,
    internal_reports_condition,
)
from reports.review import freeze
from reports.review.document import PROGRAMMES_CHAPTER
from reports.writing.models import ProgressEntry

from .models import Answer, Note, Question, QuestionState

LETTER = "letter"
LATE = "late"  # a filter: assigned, and the answer's date has passed


@dataclass(frozen=True)
class Passage:
    key: str  # "letter", "chapter:<number>" or "budget:<code>"
    label: str  # as the reader finds it: "1.3 Inkoop"
    anchor: str  # its id in the reading view

    @property
    def slug(self) -> str:
        """The key as a fragment/form prefix: "chapter-1-3", "budget-7-1-2-3"."""
        return self.key.replace(":", "-").replace(".", "-").replace(" ", "-")


_CHAPTER = re.compile(
    r'<h3 id="kop-(\d+)"><span class="chapter-number">([^<]+)</span>(.*?)</h3>', re.S
)
_BUDGET_LINE = re.compile(r'<h4 id="wijziging-(\d+)">(.*?)</h4>', re.S)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(strip_tags(fragment)).split())


def passages(*, report: Report) -> list[Passage]:
    """The parts of a report one can ask on, in reading order: the letter, each programme's
    chapter (1.1, 1.2, …) and each budget line by its code. For a submitted report read
    from its frozen content, so that names never change under a question."""
    frozen = freeze.frozen_html(report=report) if report.is_frozen else None
    found = [Passage(LETTER, _("Raadsinformatiebrief"), "raadsinformatiebrief")]
    if frozen is None:
        entries = ProgressEntry.objects.filter(report=report).select_related("programme")
        for i, entry in enumerate(entries.order_by("programme__order", "programme__name"), start=1):
            number = f"{PROGRAMMES_CHAPTER}.{i}"
            found.append(
                Passage(f"chapter:{number}", f"{number} {entry.programme.name}", f"hoofdstuk-{i}")
            )
        lines = BudgetChange.objects.filter(report=report).values_list("code", "title")
        for i, (code, title) in enumerate(lines, start=1):
            found.append(Passage(f"budget:{code}", f"{code} {title}", f"wijziging-{i}"))
        return found
    for match in _CHAPTER.finditer(frozen):
        number = _text(match[2])
        found.append(
            Passage(f"chapter:{number}", f"{number} {_text(match[3])}", f"hoofdstuk-{match[1]}")
        )
    seen = set()
    for match in _BUDGET_LINE.finditer(frozen):
        text = _text(match[2])
        code = text.split(" ", 1)[0]
        if code and code not in seen:
            seen.add(code)
            found.append(Passage(f"budget:{code}", text, f"wijziging-{match[1]}"))
    return found


def readable(*, user: Any) -> QuerySet[Question]:
    """Every question ``user`` may see, across reports (policy.can_see_question in one
    query): internally every question of a report they work on; on the council's side, of
    a published report to their council, the released ones and their own council's."""
    if not user.is_authenticated or not user.is_active:
        return Question.objects.none()
    condition = Q(pk__in=[])
    internal = internal_reports_condition(user)
    if internal is not None:
        condition |= Q(report__in=Report.objects.filter(internal).values("pk"))
    council = council_reports_condition(user)
    if council is not None:
        own = roles.council_organisation_ids(user)
        condition |= Q(report__in=Report.objects.filter(council).values("pk")) & (
            Q(state=QuestionState.RELEASED) | Q(council_id__in=own)
        )
    return Question.objects.filter(condition)


def public_answers(*, report: Report) -> list[Question]:
    """The released questions of a public report, each with ``public_answer`` (the current
    version), for anyone: the asking council is named, the person who asked is not."""
    questions = list(
        Question.objects.filter(report=report, state=QuestionState.RELEASED)
        .select_related("council")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("version")))
        .order_by("asked_at", "pk")
    )
    for question in questions:
        answers = list(question.answers.all())
        question.public_answer = answers[-1] if answers else None  # type: ignore[attr-defined]
    return questions


def visible_questions(*, user: Any, report: Report) -> QuerySet[Question]:
    """The questions of ``report`` that ``user`` may see (policy.can_see_question), each
    with its released answers and the questions merged into it."""
    return (
        readable(user=user)
        .filter(report=report)
        .select_related("asked_by", "council", "assigned_to", "merged_into")
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.select_related("released_by")),
            Prefetch("merged_into__answers", queryset=Answer.objects.select_related("released_by")),
            Prefetch("merged", queryset=Question.objects.select_related("asked_by", "council")),
        )
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
    if state == LATE:
        questions = questions.filter(state=QuestionState.ASSIGNED, due_on__lt=timezone.localdate())
    elif state in QuestionState.values:
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
    labels = {p.key: p.label for p in passages(report=report)}
    for note in Note.objects.filter(user=user, report_id__in=versions).order_by("-updated_at"):
        # The same passage: the same key and, on another version, the same name.
        same = labels.get(note.passage) == note.passage_label or note.report_id == report.pk
        if note.passage in labels and same and note.passage not in notes:
            notes[note.passage] = note
    return notes


def draft_unreleased(*, question: Question, answers: list[Answer]) -> bool:
    """The draft says something not yet released: a first answer, or a change to the
    released one (``answers``: the question's answers by version)."""
    return bool(question.draft.strip()) and (not answers or answers[-1].text != question.draft)


def current_answer(question: Question) -> Answer | None:
    """The latest released answer (a merged question's: that of the one it joined), from
    the answers visible_questions prefetched."""
    source = question.merged_into if question.merged_into_id else question
    answers = list(source.answers.all()) if source is not None else []
    return answers[-1] if answers else None
