"""Who may do what with the technische vragen. The only place that decides it: services,
views and templates ask here."""

import datetime
from typing import Any

from django.conf import settings

from duoplus.core import roles
from duoplus.core.models import Organisation
from reports.core.models import Report, ReportStatus
from reports.writing.policy import is_coordinator

from .models import Question, QuestionRound, QuestionState


def asking_councils(*, user: Any, report: Report) -> list[Organisation]:
    """The receiving councils of a published report on whose side ``user`` stands (a
    council member or the griffie): they ask and read there."""
    if report.status != ReportStatus.PUBLISHED:
        return []
    mine = roles.council_organisation_ids(user)
    return [o for o in report.recipients.all() if o.pk in mine]


def can_read(*, user: Any, report: Report) -> bool:
    """Questions and released answers: whoever works on the report, and the council's side
    of every council it went to."""
    return report.is_read_internally_by(user) or bool(asking_councils(user=user, report=report))


def closing_date(*, report: Report, round: QuestionRound | None) -> datetime.date | None:
    """The last day to ask: the coordinator's date, or QUESTIONS_OPEN_DAYS after publication."""
    if round is not None:
        return round.closes_on
    if report.published_at is None:
        return None
    return report.published_at.date() + datetime.timedelta(days=settings.QUESTIONS_OPEN_DAYS)


def can_ask(
    *, user: Any, report: Report, today: datetime.date, round: QuestionRound | None
) -> bool:
    """A council's side asks on a published version until the questions close; not on a
    version a published correction replaced (asking goes on the newer one)."""
    closes = closing_date(report=report, round=round)
    return (
        bool(asking_councils(user=user, report=report))
        and closes is not None
        and today <= closes
        and not report.is_superseded()
    )


def can_manage(*, user: Any, report: Report) -> bool:
    """The coordinator sets the closing date, assigns, merges and releases."""
    return is_coordinator(user=user, report=report)


def can_see_question(*, user: Any, question: Question) -> bool:
    """Internally every question; on the council's side the released ones (shared by all
    councils) and those of one's own council."""
    report = question.report
    if report.is_read_internally_by(user):
        return True
    own = {o.pk for o in asking_councils(user=user, report=report)}
    if not own:
        return False
    return question.state == QuestionState.RELEASED or question.council_id in own


def can_write_answer(*, user: Any, question: Question) -> bool:
    """The coordinator, or whom the coordinator assigned it to; not for a merged question."""
    if question.state == QuestionState.MERGED:
        return False
    return can_manage(user=user, report=question.report) or (
        question.assigned_to_id is not None and question.assigned_to_id == user.pk
    )


def can_release(*, user: Any, question: Question) -> bool:
    return (
        question.state != QuestionState.MERGED
        and bool(question.draft.strip())
        and can_manage(user=user, report=question.report)
    )


def can_keep_notes(*, user: Any, report: Report) -> bool:
    """Private notes: for a council member (or griffie) on a report for their council."""
    return bool(asking_councils(user=user, report=report))
