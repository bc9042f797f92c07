"""The report page: the document as the councils will read it (frozen from submission on),
with what each person may do with it. The board reviews it here, the coordinator follows the
PDFs here, and a council member reads their council's variant (the portal serves it, from
its cache once published)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from budget import policy as budget_policy
from duoplus.core.models import Organisation
from reports.core.models import Purpose, Report, ReportStatus
from reports.writing import policy as writing_policy

from . import freeze, passages, policy, selectors
from .forms import SendBackForm
from .generation import publication_generation
from .models import PDFStatus, ReportPDF

TEMPLATE = "review/detail.html"


def context(
    *,
    user: Any,
    report: Report,
    council: Organisation | None,
    send_back_form: SendBackForm | None = None,
    asides: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Everything the report page shows to ``user``, who reads it as ``council`` (None:
    internally); also used when a form on it has errors. ``asides``: HTML to show beside
    passages of the frozen content (by anchor), such as the questions on them."""
    data = selectors.report_document(report=report, council=council)
    if asides and data.get("content_html"):
        data["content_html"] = passages.with_asides(data["content_html"], asides)
    internal = policy.sees_review(user=user, council=council)
    can_review = policy.can_review(user=user, report=report)
    pdf_states = selectors.pdf_states(report=report) if internal else []
    data.update(
        {
            "approvals": selectors.approval_state(report=report)
            if internal and report.submission
            else [],
            "transitions": report.transitions.select_related("actor") if internal else [],
            "pdf_states": pdf_states,
            "pdfs_pending": any(
                pdf.status in (PDFStatus.QUEUED, PDFStatus.RENDERING) for pdf in pdf_states
            ),
            "council_pdfs": ReportPDF.objects.downloadable_by(user)
            .filter(report=report, council=council)
            .select_related("council")
            if council is not None
            else [],
            "can_rerender": policy.can_rerender(user=user, report=report),
            "can_submit": policy.can_submit(user=user, report=report),
            "can_review": can_review,
            "can_publish": policy.can_publish(user=user, report=report)
            and report.purpose != Purpose.CONSULTATION,
            # A report ter zienswijze is published as it is sent (reports.consultation).
            "can_consult": policy.can_publish(user=user, report=report)
            and report.purpose == Purpose.CONSULTATION,
            "can_edit_any": writing_policy.can_edit_entries(user=user, report=report),
            "can_view_history": writing_policy.can_view_history(user=user, report=report),
            "can_import_budget": budget_policy.can_import(user=user, report=report),
            "can_correct": policy.can_correct(user=user, report=report),
            "can_edit_letter": writing_policy.can_edit_letter(user=user, report=report),
            "newer": Report.objects.visible_to(user).filter(supersedes=report).first(),
            # Computed only when the page's cached fragment is missing: a submitted
            # report's entries are frozen, and so is a published previous one; a new
            # publication (the generation) may change which report is "previous".
            "changes": SimpleLazyObject(lambda: selectors.changes_since_previous(report=report))
            if internal and report.status == ReportStatus.SUBMITTED
            else None,
            "changes_key": f"{report.pk}-{report.version}-{report.submission}-"
            f"{publication_generation()}",
            "editable_entries": writing_policy.editable_entry_ids(user=user, report=report),
            "sent_back": selectors.last_send_back(report=report) if internal else None,
            "gaps": freeze.frozen_gaps(report=report)
            if internal and report.status == ReportStatus.SUBMITTED
            else [],
            "send_back_form": send_back_form or SendBackForm(),
            "already_approved": can_review
            and report.approvals.filter(submission=report.submission, user=user).exists(),
        }
    )
    return data


def render_page(
    request: HttpRequest,
    report: Report,
    *,
    council: Organisation | None = None,
    send_back_form: SendBackForm | None = None,
    status: int = 200,
    asides: dict[str, str] | None = None,
) -> HttpResponse:
    page = context(
        user=request.user,
        report=report,
        council=council,
        send_back_form=send_back_form,
        asides=asides,
    )
    return render(request, TEMPLATE, page, status=status)
