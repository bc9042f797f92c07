"""Reads of review and publication: what the page and the PDF show (frozen from submission
on), the approvals, what changed since the previous report, the state of the council PDFs."""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from budget import selectors as budget_selectors
from duoplus.core import documents, roles
from duoplus.core.models import Organisation, Role
from reports.core.models import Report, ReportStatus
from reports.writing.diff import compare
from reports.writing.models import ProgressEntry

from . import freeze, policy
from .document import is_final, live_document
from .models import Approval, ReportPDF, ReportTransition


def report_document(
    *, report: Report, council: Organisation | None = None, in_pdf: bool = False
) -> dict[str, Any]:
    """What the page or PDF shows: from submission on the content frozen then, before it
    (or for a report frozen before freezing existed) the live data."""
    if report.is_frozen:
        html = freeze.frozen_html(report=report, council=council, in_pdf=in_pdf)
        if html is not None:
            return {
                "report": report,
                "council": council,
                "content_html": html,
                "is_final": is_final(report=report),
            }
    return live_document(report=report, council=council)


def approval_state(*, report: Report) -> list[tuple[Organisation, Approval | None]]:
    """Per required organisation: who approved in the current submission, or None."""
    approvals = {
        a.organisation_id: a
        for a in Approval.objects.filter(
            report=report, submission=report.submission
        ).select_related("user")
    }
    return [(org, approvals.get(org.pk)) for org in policy.required_organisations(report=report)]


def awaiting_review(*, user: Any) -> QuerySet[Report]:
    """Submitted reports on which ``user`` may give consent for one of their organisations
    (the same rule as policy.can_review, in one query), each with ``approved_by_me``."""
    board = roles.organisation_ids(user, Role.BOARD)
    ids = Report.objects.filter(
        Q(organisation_id__in=board) | Q(recipients__in=board), status=ReportStatus.SUBMITTED
    )
    mine = Approval.objects.filter(
        report=OuterRef("pk"), submission=OuterRef("submission"), user=user
    )
    return (
        Report.objects.filter(pk__in=ids.values("pk"))
        .annotate(approved_by_me=Exists(mine))
        .order_by("submitted_at")
    )


def previous_report(*, report: Report) -> Report | None:
    """What ``report`` is compared with: the version it corrects, or else the latest
    published report of the same kind and organisation that ended before it started."""
    if report.supersedes_id:
        return report.supersedes
    return (
        Report.objects.filter(
            organisation_id=report.organisation_id,
            kind=report.kind,
            status=ReportStatus.PUBLISHED,
            period_end__lt=report.period_start,
        )
        .order_by("-period_end", "-version")
        .first()
    )


def changes_since_previous(*, report: Report) -> dict[str, Any]:
    """Per entry, what text changed since the previous report (for the board's review):
    {"previous": report or None, "entries": [{"entry", "parts" (changed only), "is_new"}]}."""
    previous = previous_report(report=report)
    if previous is None:
        return {"previous": None, "entries": []}
    before = {e.programme_id: e for e in ProgressEntry.objects.filter(report=previous)}
    rows = []
    for entry in ProgressEntry.objects.filter(report=report).select_related("programme"):
        old = before.get(entry.programme_id)
        parts = [part for part in compare(old, entry) if part.changed]
        rows.append({"entry": entry, "parts": parts, "is_new": old is None})
    return {"previous": previous, "entries": rows}


def pdf_states(*, report: Report) -> list[ReportPDF]:
    """The council PDFs made at submission, each with its state and, once ready, whether
    every approval of this submission recorded exactly its checksum (None: nobody approved yet)."""
    pdfs = list(ReportPDF.objects.current().filter(report=report).select_related("council"))
    approvals = list(
        Approval.objects.filter(report=report, submission=report.submission).values_list(
            "pdf_checksums", flat=True
        )
    )
    now = timezone.now()
    for pdf in pdfs:
        documents.described(pdf, now=now)  # stuck, retrying
        pdf.approved_by_all = (
            all(checksums.get(pdf.council.slug) == pdf.sha256 for checksums in approvals)
            if approvals
            else None
        )
    return pdfs


def report_export(*, report: Report, council: Organisation | None = None) -> dict[str, Any]:
    """What the spreadsheet export holds for a reader (``council``: a council member's own
    variant): from submission on the data frozen then, before it the live budget lines."""
    if report.is_frozen:
        data = freeze.frozen_export(report=report, council=council)
        if data is not None:
            return data
    return budget_selectors.export_data(report=report, council=council)


def last_send_back(*, report: Report) -> ReportTransition | None:
    """While a report is in concept after the board sent it back: that transition (who,
    when, why), for the top of the report page; None otherwise."""
    if report.is_frozen:
        return None
    last = report.transitions.select_related("actor").order_by("-at", "-id").first()
    if last is None or last.from_status != ReportStatus.SUBMITTED:
        return None
    return last
