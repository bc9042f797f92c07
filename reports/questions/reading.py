"""The questions beside the passages of the reading view: per passage the released answers
(shared by every council), a way to ask there while questions are open, and one's own note.
Rendered once per page view in a fixed number of queries; the portal's page cache knows
when to render again by ``generation``."""

from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from reports.core.models import Report, ReportStatus

from . import policy, selectors
from .models import QuestionRound, QuestionState


def _key(report_id: int) -> str:
    return f"questions-gen:{report_id}"


def generation(report_id: int) -> int:
    """Changes whenever what the reading view shows beside the passages changes."""
    return cache.get(_key(report_id), 0)


def bump(report_id: int) -> None:
    try:
        cache.incr(_key(report_id))
    except ValueError:
        cache.set(_key(report_id), 1, None)


def asides(*, user: Any, report: Report) -> dict[str, str]:
    """HTML by anchor, for review.page (only what this person may see); nothing before
    publication (questions are asked on published reports only)."""
    if report.status != ReportStatus.PUBLISHED or not policy.can_read(user=user, report=report):
        return {}
    round = QuestionRound.objects.filter(report=report).first()
    can_ask = policy.can_ask(user=user, report=report, today=timezone.localdate(), round=round)
    notes = (
        selectors.own_notes(user=user, report=report)
        if policy.can_keep_notes(user=user, report=report)
        else {}
    )
    answered: dict[str, list] = {}
    for question in selectors.visible_questions(user=user, report=report).filter(
        state=QuestionState.RELEASED
    ):
        question.current_answer = selectors.current_answer(question)
        answered.setdefault(question.passage, []).append(question)
    result: dict[str, str] = {}
    found = selectors.passages(report=report)
    for passage in found:
        if passage.anchor in result:
            continue  # budget lines share the budget chapter's place: listed there once
        keys = [p.key for p in found if p.anchor == passage.anchor]
        questions = [q for key in keys for q in answered.get(key, [])]
        note = next((notes[k] for k in keys if k in notes), None)
        if not (questions or can_ask or note):
            continue
        result[passage.anchor] = render_to_string(
            "questions/_passage.html",
            {
                "report": report,
                "passage": passage,
                "questions": questions,
                "can_ask": can_ask,
                "note": note,
                "can_keep_notes": bool(notes) or policy.can_keep_notes(user=user, report=report),
            },
        )
    return result
