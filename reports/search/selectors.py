"""Searching: what ``user`` may find (the same rules as the pages: the report's readers,
each reader's own variant, and the zienswijzen and questions by their own selectors), then
the words. On PostgreSQL full text in the duoplus_dutch configuration (Dutch stems, accents
ignored), ranked with titles above body text, with highlighted snippets and a trigram
fallback for typing errors; elsewhere (SQLite) a contains-search of the same rows."""

import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from duoplus.core import roles
from duoplus.core.models import Organisation
from programmes.models import Programme
from reports.consultation.selectors import readable_reactions, readable_responses
from reports.core.models import Report, council_reports_condition, internal_reports_condition
from reports.questions.selectors import readable as readable_questions

from .index import CONFIG
from .models import CONTENT_KINDS, Kind, SearchDocument, SearchWord

PAGE_SIZE = 20
MAX_QUERY = 200
RELEVANCE = "relevantie"
NEWEST = "datum"
# Marks around the matched words that cannot occur in the text; escaped, then made <mark>.
_START, _STOP = "\x02", "\x03"
_OR = re.compile(r"(?<=\s)(of|OF)(?=\s)")


def findable(*, user: Any) -> QuerySet[SearchDocument]:
    """The index rows ``user`` may see."""
    if not user.is_authenticated or not user.is_active:
        return SearchDocument.objects.none()
    condition = Q(pk__in=[])
    internal = internal_reports_condition(user)
    inside = Report.objects.filter(internal).values("pk") if internal is not None else None
    if inside is not None:
        condition |= Q(kind__in=CONTENT_KINDS, variant="", report__in=inside)
    council = council_reports_condition(user)
    if council is not None:
        slugs = Organisation.objects.filter(
            pk__in=roles.council_organisation_ids(user)
        ).values_list("slug", flat=True)
        # A council's own variant; whoever also reads the report internally gets that one.
        outside = Q(
            kind__in=CONTENT_KINDS,
            variant__in=list(slugs),
            report__in=Report.objects.filter(council).values("pk"),
        )
        condition |= outside & ~Q(report__in=inside) if inside is not None else outside
    condition |= Q(kind=Kind.QUESTION, object_id__in=readable_questions(user=user).values("pk"))
    condition |= Q(kind=Kind.RESPONSE, object_id__in=readable_responses(user=user).values("pk"))
    condition |= Q(kind=Kind.REACTION, object_id__in=readable_reactions(user=user).values("pk"))
    return SearchDocument.objects.filter(condition)


@dataclass
class Hit:
    title: str
    url: str
    kind: str
    kind_label: str
    year: int
    date: Any
    snippet: SafeString
    report_title: str = ""


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    pages: int = 1
    corrected: str = ""  # the query as typed, when these are the results of a correction


def _highlight(text: str) -> SafeString:
    marked = escape(text).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(marked)  # noqa: S308 - escaped above, only our own <mark> added


def _plain_snippet(body: str, words: list[str], size: int = 220) -> SafeString:
    """Around the first word found, the words marked (for SQLite and the fallback)."""
    lower = body.lower()
    at = min((i for i in (lower.find(w.lower()) for w in words) if i >= 0), default=0)
    start = max(0, at - size // 3)
    piece = body[start : start + size]
    for word in sorted(words, key=len, reverse=True):
        piece = re.sub(
            re.escape(word), lambda m: f"{_START}{m[0]}{_STOP}", piece, flags=re.IGNORECASE
        )
    prefix = "… " if start else ""
    suffix = " …" if start + size < len(body) else ""
    return _highlight(f"{prefix}{piece}{suffix}")


def _words(query: str) -> list[str]:
    """The words of a query without the operators (for SQLite and the fallback)."""
    words = re.findall(r'-?"[^"]+"|-?\S+', query)
    return [w.strip('"') for w in words if not w.startswith("-") and w.lower() not in ("of", "or")]


def filtered(
    rows: QuerySet[SearchDocument],
    *,
    year: int | None = None,
    kind: str = "",
    programme: int | None = None,
    organisation: int | None = None,
) -> QuerySet[SearchDocument]:
    if year:
        rows = rows.filter(year=year)
    if kind:
        rows = rows.filter(kind=kind)
    if programme:
        rows = rows.filter(programme_id=programme)
    if organisation:
        rows = rows.filter(
            Q(organisation_id=organisation)
            | Q(report__in=Report.objects.filter(recipients=organisation).values("pk"))
        )
    return rows


def search(
    *,
    user: Any,
    query: str,
    sort: str = RELEVANCE,
    page: int = 1,
    **filters: Any,
) -> Results:
    """One page of what ``user`` may find for ``query`` (websearch syntax: "a phrase",
    -word, of), with the filters applied."""
    query = " ".join(query.split())[:MAX_QUERY]
    results = Results(query=query, page=max(1, page))
    words = _words(query)
    if not words:
        return results
    rows = filtered(findable(user=user), **filters)
    if connection.vendor == "postgresql":
        return _postgres(rows, results, words, sort)
    return _contains(rows, results, words, sort)


def _paged(results: Results, total: int) -> slice:
    results.total = total
    results.pages = max(1, -(-total // PAGE_SIZE))
    results.page = min(results.page, results.pages)
    start = (results.page - 1) * PAGE_SIZE
    return slice(start, start + PAGE_SIZE)


def _hit(row: SearchDocument, snippet: SafeString) -> Hit:
    return Hit(
        title=row.title,
        url=row.url,
        kind=row.kind,
        kind_label=row.get_kind_display(),
        year=row.year,
        date=row.date,
        snippet=snippet,
    )


def _closest(word: str) -> str | None:
    """The word of the index most like ``word`` (trigram similarity), if any is close."""
    if len(word) < 4:
        return None
    return (
        SearchWord.objects.filter(word__trigram_similar=word.lower())
        .annotate(similarity=TrigramSimilarity("word", word.lower()))
        .order_by("-similarity", "word")
        .values_list("word", flat=True)
        .first()
    )


def _postgres(
    rows: QuerySet[SearchDocument], results: Results, words: list[str], sort: str
) -> Results:
    ts_query = SearchQuery(
        _OR.sub("or", results.query), search_type="websearch", config=Value(CONFIG)
    )
    matched = rows.filter(vector=ts_query)
    order = ["-rank", "-date"] if sort == RELEVANCE else ["-date", "-rank"]
    ids = list(
        matched.annotate(rank=SearchRank(F("vector"), ts_query))
        .order_by(*order, "pk")
        .values_list("pk", flat=True)[:1000]
    )
    if not ids:
        if results.corrected or re.search(r'["-]', results.query):
            return results  # a phrase or an exclusion asks for exactly those words
        # A typing error? Each word replaced by the closest word of the index (pg_trgm),
        # offered only when the corrected query finds something this reader may see.
        corrected = " ".join(_closest(word) or word for word in words)
        if corrected.lower() == " ".join(words).lower():
            return results
        again = Results(query=corrected, page=results.page, corrected=results.query)
        again = _postgres(rows, again, _words(corrected), sort)
        return again if again.hits else results
    window = ids[_paged(results, len(ids))]
    found = {
        r.pk: r
        for r in SearchDocument.objects.filter(pk__in=window).annotate(
            headline=SearchHeadline(
                "body",
                ts_query,
                config=Value(CONFIG),
                start_sel=_START,
                stop_sel=_STOP,
                max_words=35,
                min_words=15,
                max_fragments=2,
                fragment_delimiter=" … ",
            )
        )
    }
    results.hits = [_hit(found[i], _highlight(found[i].headline)) for i in window]
    return results


def _contains(
    rows: QuerySet[SearchDocument], results: Results, words: list[str], sort: str
) -> Results:
    for word in words:
        rows = rows.filter(Q(title__icontains=word) | Q(body__icontains=word))
    excluded = [w[1:].strip('"') for w in re.findall(r'-"[^"]+"|-\S+', results.query)]
    for word in excluded:
        if word:
            rows = rows.exclude(Q(title__icontains=word) | Q(body__icontains=word))
    if sort == RELEVANCE:  # without ranking: a match in the title first, then the newest
        in_title = Q()
        for word in words:
            in_title &= Q(title__icontains=word)
        rows = rows.annotate(
            in_title=Case(When(in_title, then=Value(0)), default=Value(1))
        ).order_by("in_title", "-date", "pk")
    else:
        rows = rows.order_by("-date", "pk")
    ids = list(rows.values_list("pk", flat=True)[:1000])
    window = ids[_paged(results, len(ids))]
    found = {r.pk: r for r in SearchDocument.objects.filter(pk__in=window)}
    results.hits = [_hit(found[i], _plain_snippet(found[i].body, words)) for i in window]
    return results


def filter_choices(*, user: Any) -> dict[str, list[Any]]:
    """The years and programmes of the reports ``user`` may read, and the organisations."""
    reports = Report.objects.visible_to(user)
    years = sorted(set(reports.values_list("year", flat=True)), reverse=True)
    programmes = list(
        Programme.objects.filter(entries__report__in=reports.values("pk"))
        .distinct()
        .order_by("name")
        .values_list("pk", "name")
    )
    organisations = list(Organisation.objects.order_by("order", "name").values_list("pk", "name"))
    return {"years": years, "programmes": programmes, "organisations": organisations}
