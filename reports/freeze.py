"""Freezing a report's content at submission: what is approved is what is published.

The chapters (programme names, goals, the three questions, statuses, indicators) and the
budget tables (lines, amounts and the split under the allocation key as it was) are rendered
once per variant and stored. Pages and PDFs of a submitted, approved or published report use
the stored content; a report sent back to concept is live again until it is resubmitted.
"""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .models import FrozenContent


def _variants(report):
    yield None, False  # the internal page: every municipality
    for council in report.recipients.all():
        yield council, False
        yield council, True


def freeze(report):
    """Render and store every variant of the report's current content (call it inside the
    submitting transaction)."""
    from .selectors import live_document

    FrozenContent.objects.filter(report=report).delete()
    FrozenContent.objects.bulk_create(
        FrozenContent(
            report=report,
            variant=FrozenContent.variant_for(council, in_pdf),
            html=render_to_string(
                "reports/_content.html",
                {**live_document(report, council=council), "show_edit": False, "in_pdf": in_pdf},
            ),
        )
        for council, in_pdf in _variants(report)
    )


def thaw(report):
    """A report back in concept shows live content again."""
    FrozenContent.objects.filter(report=report).delete()


def frozen_html(report, council=None, in_pdf=False):
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
