"""Freezing a report's content at submission: what is approved is what is published.

The chapters (programme names, goals, the three questions, statuses, indicators) and the
budget tables (lines, amounts and the split under the allocation key as it was) are rendered
once per variant and stored. Pages and PDFs of a submitted, approved or published report use
the stored content; a report sent back to concept is live again until it is resubmitted.
"""

from collections.abc import Iterator

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from duoplus.core.models import Organisation
from reports.writing.models import Report

from .document import live_document
from .models import FrozenContent


def _variants(report: Report) -> Iterator[tuple[Organisation | None, bool]]:
    yield None, False  # the internal page: every municipality
    for council in report.recipients.all():
        yield council, False
        yield council, True


def freeze(*, report: Report) -> None:
    """Render and store every variant of the report's current content (call it inside the
    submitting transaction)."""
    FrozenContent.objects.filter(report=report).delete()
    FrozenContent.objects.bulk_create(
        FrozenContent(
            report=report,
            variant=FrozenContent.variant_for(council, in_pdf),
            html=render_to_string(
                "review/_content.html",
                {
                    **live_document(report=report, council=council),
                    "show_edit": False,
                    "in_pdf": in_pdf,
                },
            ),
        )
        for council, in_pdf in _variants(report)
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
