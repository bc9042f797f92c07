"""Keeping the search index current: a report's rows are rebuilt from the same content as
its pages (frozen from submission on, live before), one set per reader variant, plus its
zienswijzen, Duo+'s reactions and the technische vragen with their released answers.

Saving or deleting any of the sources marks its report; when the transaction commits the
marked reports are rebuilt (``connect``). Bulk writes that send no signal call
``duoplus.core.changes.content_changed``; ``reindex_all`` (the nightly beat and the
``reindex_search`` command) rebuilds everything as a safety net."""

import html as html_lib
import re
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Value
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils.html import strip_tags

from budget.models import BudgetChange, BudgetChangeAmount
from duoplus.core import changes
from duoplus.core.models import Organisation
from programmes.models import Goal, Indicator, Programme
from reports.consultation.models import Consultation, CouncilResponse, Reaction
from reports.core.models import Report, ReportStatus
from reports.questions.models import Answer, Question, QuestionState
from reports.review import freeze
from reports.review.models import FrozenContent
from reports.writing.models import IndicatorValue, ProgressEntry

from .models import Kind, SearchDocument

CONFIG = "duoplus_dutch"  # Dutch stemming after unaccent (migration 0001)

_LETTER = re.compile(r'<section class="letter" id="raadsinformatiebrief".*?</section>', re.S)
_CHAPTER = re.compile(r'<section class="chapter" id="hoofdstuk-(\d+)"[^>]*>(.*?)</section>', re.S)
_QUESTION_HEADING = re.compile(r"<h4>.*?</h4>", re.S)
_CHAPTER_TITLE = re.compile(r"<h3 [^>]*>(.*?)</h3>", re.S)
_GOALS = re.compile(r'<ul class="goals">(.*?)</ul>', re.S)
_BUDGET_LINE = re.compile(
    r'<section class="budget-line" aria-labelledby="wijziging-(\d+)">(.*?)</section>', re.S
)
_BUDGET_TITLE = re.compile(r"<h4 [^>]*>(.*?)</h4>", re.S)
_SLASH = re.compile(r"(?<=\w)/(?=\w)")
_BLOCK_END = re.compile(r"</(p|li|h\d|td|th|tr|div)>|<br\s*/?>")


def text_of(fragment: str) -> str:
    """The words of an HTML fragment, one space between them; a slash between words
    ("inkoopadviseur/coördinator") separates them, or PostgreSQL's parser reads a path."""
    text = html_lib.unescape(strip_tags(_BLOCK_END.sub(" ", fragment)))
    return " ".join(_SLASH.sub(" / ", text).split())


def _content_rows(report: Report, council: Organisation | None) -> Iterator[dict[str, Any]]:
    """The parts of the content one reader variant of ``report`` reads."""
    content = freeze.content_html(report=report, council=council)
    url = report.get_absolute_url()
    base = {"variant": council.slug if council else "", "programme_id": None}
    yield {
        **base,
        "kind": Kind.REPORT,
        "title": report.display_title,
        "body": f"{report.get_kind_display()} {report.year}",
        "url": url,
    }
    letter = _LETTER.search(content)
    if letter:
        yield {
            **base,
            "kind": Kind.LETTER,
            "title": f"Raadsinformatiebrief – {report.display_title}",
            "body": text_of(letter[0]),
            "url": f"{url}#raadsinformatiebrief",
        }
    programmes = {}
    for entry in ProgressEntry.objects.filter(report=report).select_related("programme"):
        programmes[entry.programme.name] = entry.programme_id
    for match in _CHAPTER.finditer(content):
        part = match[2]
        heading = _CHAPTER_TITLE.search(part)
        title = text_of(heading[1]) if heading else ""
        name = title.split(" ", 1)[-1]
        programme_id = programmes.get(name)
        goals = _GOALS.search(part)
        if goals:
            yield {
                **base,
                "kind": Kind.GOAL,
                "title": f"Doelen {title}",
                "body": text_of(goals[1]),
                "url": f"{url}#hoofdstuk-{match[1]}",
                "programme_id": programme_id,
            }
            part = part.replace(goals[0], "")
        yield {
            **base,
            "kind": Kind.ENTRY,
            "title": title,
            "body": text_of(_QUESTION_HEADING.sub(" ", _CHAPTER_TITLE.sub("", part, count=1))),
            "url": f"{url}#hoofdstuk-{match[1]}",
            "programme_id": programme_id,
        }
    codes = dict(BudgetChange.objects.filter(report=report).values_list("code", "programme_id"))
    for match in _BUDGET_LINE.finditer(content):
        heading = _BUDGET_TITLE.search(match[2])
        title = text_of(heading[1]) if heading else ""
        yield {
            **base,
            "kind": Kind.BUDGET,
            "title": title,
            "body": text_of(_BUDGET_TITLE.sub("", match[2], count=1)),
            "url": f"{url}#wijziging-{match[1]}",
            "programme_id": codes.get(title.split(" ", 1)[0]),
        }


def _consultation_rows(report: Report) -> Iterator[dict[str, Any]]:
    consultation = Consultation.objects.filter(report=report).first()
    if consultation is None:
        return
    url = reverse("reports:consultation", args=[report.pk])
    for response in (
        CouncilResponse.objects.current()
        .filter(consultation=consultation)
        .select_related("council")
    ):
        yield {
            "kind": Kind.RESPONSE,
            "object_id": response.pk,
            "title": f"Zienswijze {response.council.name} – {report.display_title}",
            "body": f"{response.get_kind_display()}. {response.text}",
            "url": f"{url}#raad-{response.council.slug}",
            "organisation_id": response.council_id,
            "date": response.recorded_at,
        }
    for reaction in Reaction.objects.filter(consultation=consultation).select_related("council"):
        yield {
            "kind": Kind.REACTION,
            "object_id": reaction.pk,
            "title": f"Reactie op de zienswijze van {reaction.council.name} – "
            f"{report.display_title}",
            "body": f"{reaction.get_outcome_display()}. {reaction.explanation}",
            "url": f"{url}#raad-{reaction.council.slug}",
            "date": reaction.updated_at,
        }


def _question_rows(report: Report) -> Iterator[dict[str, Any]]:
    answers: dict[int, str] = {}
    for released in Answer.objects.filter(question__report=report).order_by("version"):
        answers[released.question_id] = released.text  # the latest version wins
    for question in Question.objects.filter(report=report).select_related("council"):
        answered = question.merged_into_id or question.pk
        answer = answers.get(answered, "") if question.state != QuestionState.ASKED else ""
        yield {
            "kind": Kind.QUESTION,
            "object_id": question.pk,
            "title": f"Vraag van {question.council.name} over {question.passage_label}",
            "body": f"{question.text} {answer}".strip(),
            "url": reverse("reports:question", args=[report.pk, question.pk]),
            "organisation_id": question.council_id,
            "date": question.asked_at,
        }


def _rows(report: Report) -> Iterator[dict[str, Any]]:
    yield from _content_rows(report, None)
    if report.is_frozen:
        for council in report.recipients.all():
            yield from _content_rows(report, council)
    yield from _consultation_rows(report)
    yield from _question_rows(report)


def reindex(report_ids: Iterable[int]) -> int:
    """Rebuild the rows of these reports (a report that no longer exists loses its rows);
    returns the number of rows written."""
    ids = set(report_ids)
    written = 0
    with transaction.atomic():
        SearchDocument.objects.filter(report_id__in=ids).delete()
        for report in Report.objects.filter(pk__in=ids).select_related("organisation"):
            date = report.published_at or report.submitted_at or report.created_at
            rows = [
                SearchDocument(
                    report=report,
                    year=report.year,
                    **{"organisation_id": report.organisation_id, "date": date, **row},
                )
                for row in _rows(report)
            ]
            for row in rows:
                row.title = row.title[:300]
                row.body = " ".join(_SLASH.sub(" / ", row.body).split())
            SearchDocument.objects.bulk_create(rows)
            written += len(rows)
        if connection.vendor == "postgresql" and ids:
            SearchDocument.objects.filter(report_id__in=ids).update(
                vector=SearchVector("title", weight="A", config=Value(CONFIG))
                + SearchVector("body", weight="B", config=Value(CONFIG))
            )
            _add_words(ids)
    return written


def _add_words(report_ids: set[int]) -> None:
    """The distinct words (unaccented, lower case, 3 to 100 letters) of these reports' rows,
    for correcting typing errors (selectors.correction)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO search_searchword (word)
            SELECT DISTINCT w FROM (
                SELECT unnest(tsvector_to_array(to_tsvector(
                    'simple', unaccent(title || ' ' || body)))) AS w
                FROM search_searchdocument WHERE report_id = ANY(%s)
            ) words
            WHERE length(w) BETWEEN 3 AND 100 AND w ~ '^[[:alpha:]]+$'
            ON CONFLICT (word) DO NOTHING
            """,
            [list(report_ids)],
        )


def reindex_all() -> int:
    SearchDocument.objects.exclude(report_id__in=Report.objects.values("pk")).delete()
    return sum(
        reindex(batch) for batch in _batches(Report.objects.values_list("pk", flat=True), 50)
    )


def _batches(values: Iterable[int], size: int) -> Iterator[list[int]]:
    batch: list[int] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# -- Keeping it current -------------------------------------------------------------------

_pending = threading.local()


def mark(report_ids: Iterable[int | None]) -> None:
    """Rebuild these reports' rows when the current transaction commits (at once outside
    one). Every mark queues a flush, and the first flush to run rebuilds every report
    marked so far, so many marks in one transaction make one rebuild. Marks of a
    transaction that rolled back are rebuilt with the next one (from what is there then)."""
    if not getattr(settings, "SEARCH_INDEX_ON_SAVE", True):
        return
    ids = {i for i in report_ids if i}
    if not ids:
        return
    pending = getattr(_pending, "ids", None)
    if pending is None:
        _pending.ids = pending = set()
    pending.update(ids)
    transaction.on_commit(_flush)


def _flush() -> None:
    ids = getattr(_pending, "ids", None) or set()
    _pending.ids = None
    if ids:
        reindex(ids)


def _report_ids(instance: Any) -> list[int | None]:
    """The reports whose rows show ``instance``."""
    if isinstance(instance, Report):
        return [instance.pk]
    if isinstance(instance, (ProgressEntry, BudgetChange, FrozenContent, Question, Consultation)):
        return [instance.report_id]
    if isinstance(instance, Answer):
        return list(
            Question.objects.filter(pk=instance.question_id).values_list("report_id", flat=True)
        )
    if isinstance(instance, (CouncilResponse, Reaction)):
        return list(
            Consultation.objects.filter(pk=instance.consultation_id).values_list(
                "report_id", flat=True
            )
        )
    if isinstance(instance, BudgetChangeAmount):
        return list(
            BudgetChange.objects.filter(pk=instance.change_id).values_list("report_id", flat=True)
        )
    if isinstance(instance, IndicatorValue):
        return list(
            ProgressEntry.objects.filter(pk=instance.entry_id).values_list("report_id", flat=True)
        )
    # Programme data shows live only in concept reports (frozen otherwise).
    programme_id = instance.pk if isinstance(instance, Programme) else instance.programme_id
    return list(
        ProgressEntry.objects.filter(
            programme_id=programme_id, report__status=ReportStatus.CONCEPT
        ).values_list("report_id", flat=True)
    )


SOURCES = (
    Report,
    ProgressEntry,
    IndicatorValue,
    BudgetChange,
    BudgetChangeAmount,
    FrozenContent,
    Programme,
    Goal,
    Indicator,
    Consultation,
    CouncilResponse,
    Reaction,
    Question,
    Answer,
)


def _changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:  # loading fixtures
        return
    mark(_report_ids(instance))


def _on_content_changed(sender: Any, report_ids: Iterable[int], **kwargs: Any) -> None:
    mark(report_ids)


def connect() -> None:
    for model in SOURCES:
        post_save.connect(_changed, sender=model, dispatch_uid=f"search-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"search-del-{model._meta.label}")
    changes.content_changed.connect(_on_content_changed, dispatch_uid="search-content")
