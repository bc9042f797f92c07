"""Reads of reports: what the councils read, for the page and the PDF alike."""

from django.db.models import Prefetch, Q

from budget.selectors import budget_table
from duoplus import roles
from duoplus.models import Role
from programmes.models import Goal, Programme

from . import policy
from .models import Approval, ProgressEntry, Report, ReportStatus


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


def editable_entries(user):
    """Entries ``user`` may edit now, as a query (the same rule as policy.can_edit_entry):
    every entry of a concept report for its coordinators, assigned ones for its editors."""
    coordinated = roles.organisation_ids(user, Role.COORDINATOR)
    edited = roles.organisation_ids(user, Role.EDITOR)
    condition = Q(report__organisation_id__in=coordinated) | Q(
        report__organisation_id__in=edited,
        programme__in=Programme.objects.filter(editors=user).values("pk"),
    )
    return (
        ProgressEntry.objects.filter(condition, report__status=ReportStatus.CONCEPT)
        .select_related("report", "programme")
        .order_by("report__period_end", "programme__order")
    )


def awaiting_review(user):
    """Submitted reports on which ``user`` may give consent for one of their organisations
    (the same rule as policy.can_review, in one query)."""
    board = roles.organisation_ids(user, Role.BOARD)
    ids = Report.objects.filter(
        Q(organisation_id__in=board) | Q(recipients__in=board), status=ReportStatus.SUBMITTED
    )
    return Report.objects.filter(pk__in=ids.values("pk")).order_by("submitted_at")
