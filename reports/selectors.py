"""Reads of reports: what the councils read, for the page and the PDF alike."""

from django.db.models import Prefetch

from budget.selectors import budget_table
from programmes.models import Goal

from . import policy
from .models import Approval, ProgressEntry, ReportStatus


def report_entries(report):
    """Entries in chapter order, with programme and goals, in a constant number of queries."""
    return list(
        ProgressEntry.objects.filter(report=report)
        .select_related("programme", "updated_by")
        .prefetch_related(
            Prefetch("programme__goals", queryset=Goal.objects.order_by("order", "id"))
        )
        .order_by("programme__order", "programme__name")
    )


def report_document(report, council=None):
    """Everything the report shows: cover data, numbered chapters and budget tables."""
    entries = report_entries(report)
    chapters = [{"number": i, "entry": entry} for i, entry in enumerate(entries, start=1)]
    return {
        "report": report,
        "council": council,
        "chapters": chapters,
        "budget": budget_table(report, council=council),
        "is_final": report.status in (ReportStatus.APPROVED, ReportStatus.PUBLISHED),
    }


def approval_state(report):
    """Per required organisation: who approved in the current round, or None."""
    approvals = {
        a.organisation_id: a
        for a in Approval.objects.filter(
            report=report, review_round=report.review_round
        ).select_related("user")
    }
    return [(org, approvals.get(org.pk)) for org in policy.required_organisations(report)]
