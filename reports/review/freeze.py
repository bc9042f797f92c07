"""Freezing a report's content at submission: what is approved is what is published.

The chapters (programme names, goals, the three questions, statuses, indicators) and the
budget tables (lines, amounts and the split under the allocation key as it was) are rendered
once per variant and stored, and so is the data of the spreadsheet export. Pages, PDFs and
exports of a submitted, approved or published report use the stored content; a report sent
back to concept is live again until it is resubmitted.
"""

from collections.abc import Iterator

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from budget import selectors as budget_selectors
from duoplus.core.changes import report_content_changed
from duoplus.core.models import Organisation
from reports.core.models import Report
from reports.writing.selectors import report_entries, submission_gaps

from .document import PROGRAMMES_CHAPTER, live_document
from .models import FrozenContent

EXPORT = "export"
UNFINISHED = "unfinished"
DATA = "data"  # the chapters as data, for the open-data API


def chapters_data(*, report: Report) -> list[dict]:
    """Each programme's chapter as plain data: number, name, goals, the three texts
    (Markdown subset, as written), the two statuses and the indicators."""
    chapters = []
    for number, entry in enumerate(report_entries(report=report), start=1):
        chapters.append(
            {
                "hoofdstuk": f"{PROGRAMMES_CHAPTER}.{number}",
                "programma": entry.programme.name,
                "doelen": [goal.text for goal in entry.programme.goals.all()],
                "wat_willen_we_bereiken": entry.ambition,
                "wat_hebben_we_gedaan": entry.progress,
                "wat_mag_het_kosten": entry.costs,
                "status_realisatie": entry.status or None,
                "status_budget": entry.budget_status or None,
                "indicatoren": [
                    {
                        "naam": value.indicator.name,
                        "eenheid": value.indicator.unit,
                        "streefwaarde": value.indicator.target,
                        "stand": value.value,
                    }
                    for value in entry.indicator_values.all()
                ],
            }
        )
    return chapters


def _variants(report: Report) -> Iterator[tuple[Organisation | None, bool]]:
    yield None, False  # the internal page: every municipality
    for council in report.recipients.all():
        yield council, False
        yield council, True


def _readers(report: Report) -> Iterator[Organisation | None]:
    """Who reads a form of the report: internally (every municipality), or as one council."""
    yield None
    yield from report.recipients.all()


def _render(report: Report, council: Organisation | None, in_pdf: bool) -> str:
    return render_to_string(
        "review/_content.html",
        {**live_document(report=report, council=council), "show_edit": False, "in_pdf": in_pdf},
    )


def freeze(*, report: Report) -> None:
    """Render and store every variant of the report's current content (call it inside the
    submitting transaction)."""
    FrozenContent.objects.filter(report=report).delete()
    report_content_changed([report.pk])
    FrozenContent.objects.bulk_create(
        FrozenContent(
            report=report,
            variant=FrozenContent.variant_for(council, in_pdf),
            html=_render(report, council, in_pdf),
        )
        for council, in_pdf in _variants(report)
    )
    FrozenContent.objects.bulk_create(
        FrozenContent(
            report=report,
            variant=FrozenContent.variant_for(council, form=EXPORT),
            data=budget_selectors.export_data(report=report, council=council),
        )
        for council in _readers(report)
    )
    FrozenContent.objects.create(report=report, variant=DATA, data=chapters_data(report=report))
    # What was unfinished when it was submitted, as the board is told it.
    FrozenContent.objects.create(
        report=report, variant=UNFINISHED, data=submission_gaps(report=report)
    )


def thaw(*, report: Report) -> None:
    """A report back in concept shows live content again."""
    FrozenContent.objects.filter(report=report).delete()


def frozen_html(
    *, report: Report, council: Organisation | None = None, in_pdf: bool = False
) -> SafeString | None:
    """The stored content for this variant, or None (concept, or frozen before this existed)."""
    html = (
        FrozenContent.objects.filter(
            report=report, variant=FrozenContent.variant_for(council, in_pdf)
        )
        .values_list("html", flat=True)
        .first()
    )
    # Safe: rendered by our own templates (autoescaped, user text through richtext).
    return mark_safe(html) if html is not None else None  # noqa: S308


def content_html(*, report: Report, council: Organisation | None = None) -> str:
    """The content as this reader's page shows it: frozen from submission on, otherwise
    rendered from the live data (for the search index)."""
    if report.is_frozen:
        html = frozen_html(report=report, council=council)
        if html is not None:
            return html
    return _render(report, council, False)


def frozen_export(*, report: Report, council: Organisation | None = None) -> dict | None:
    """The export data stored at submission for this reader, or None (concept, or frozen
    before the export was)."""
    row = (
        FrozenContent.objects.filter(
            report=report, variant=FrozenContent.variant_for(council, form=EXPORT)
        )
        .values_list("data", flat=True)
        .first()
    )
    return row


def report_chapters(*, report: Report) -> list[dict]:
    """The chapters as data: frozen from submission on, otherwise (or for a report frozen
    before this existed) from the live data."""
    if report.is_frozen:
        data = (
            FrozenContent.objects.filter(report=report, variant=DATA)
            .values_list("data", flat=True)
            .first()
        )
        if data is not None:
            return list(data)
    return chapters_data(report=report)


def frozen_gaps(*, report: Report) -> list[str]:
    """What was unfinished when the report was submitted (empty: nothing, or not frozen)."""
    data = (
        FrozenContent.objects.filter(report=report, variant=UNFINISHED)
        .values_list("data", flat=True)
        .first()
    )
    return list(data or [])
