"""Reads of the council portal."""

from typing import Any

from duoplus.core import roles as role_helpers
from reports.core.models import Report
from reports.review.models import ReportPDF


def council_reports(*, user: Any) -> list[Report]:
    """The published reports addressed to the council(s) ``user`` sits on, newest first,
    each with ``council_pdfs`` (their own council's files), ``replaced_by_version`` and, ter
    zienswijze, its ``consultation``."""
    reports = list(
        Report.objects.published_for_council(user)
        .select_related("organisation", "consultation")
        .with_replacement()
    )
    pdfs: dict[int, list[ReportPDF]] = {}
    for pdf in (
        ReportPDF.objects.downloadable_by(user)
        .filter(report__in=[r.pk for r in reports])
        .select_related("council")
    ):
        pdfs.setdefault(pdf.report_id, []).append(pdf)
    council_ids = role_helpers.council_organisation_ids(user)
    for report in reports:
        report.council_pdfs = [p for p in pdfs.get(report.pk, []) if p.council_id in council_ids]
    return reports
