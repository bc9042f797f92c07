"""Report pages: thin views that parse input, call one service and pick the response."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from budget import policy as budget_policy
from duoplus import audit
from duoplus import roles as role_helpers
from duoplus.models import Role

from . import policy, selectors, services, workflow
from .forms import ProgressEntryForm, SendBackForm
from .models import ProgressEntry, Report, ReportPDF, ReportStatus

logger = logging.getLogger(__name__)


def visible_report(request, pk):
    try:
        return Report.objects.visible_to(request.user).select_related("organisation").get(pk=pk)
    except Report.DoesNotExist:
        audit.record(
            "report.view",
            actor=request.user,
            result="not_found",
            ip=audit.client_ip(request),
            report_id=str(pk),
        )
        raise Http404(_("Deze rapportage bestaat niet of u heeft er geen toegang toe.")) from None


@login_required
def home(request):
    """The start page: one section per role the user holds."""
    user = request.user
    names = role_helpers.role_names(user)
    context = {"sections": names}
    if names & {Role.EDITOR, Role.COORDINATOR, Role.ADMIN, Role.BOARD}:
        context["reports"] = (
            Report.objects.visible_to(user)
            .exclude(status=ReportStatus.PUBLISHED)
            .select_related("organisation")
            .order_by("-year", "-period_end")
        )
    if Role.EDITOR in names or Role.COORDINATOR in names:
        context["my_entries"] = selectors.editable_entries(user)
    if Role.BOARD in names:
        context["to_review"] = selectors.awaiting_review(user)
    if Role.COUNCIL in names:
        context.update(_council_context(user))
    context["published"] = (
        Report.objects.visible_to(user)
        .filter(status=ReportStatus.PUBLISHED)
        .order_by("-published_at")[:10]
        if names - {Role.COUNCIL}
        else []
    )
    return render(request, "home.html", context)


def _council_context(user):
    reports = list(Report.objects.published_for_council(user).select_related("organisation"))
    pdfs = {}
    for pdf in (
        ReportPDF.objects.downloadable_by(user)
        .filter(report__in=[r.pk for r in reports])
        .select_related("council")
    ):
        pdfs.setdefault(pdf.report_id, []).append(pdf)
    council_ids = role_helpers.organisation_ids(user, Role.COUNCIL)
    for report in reports:
        report.council_pdfs = [p for p in pdfs.get(report.pk, []) if p.council_id in council_ids]
    return {"council_reports": reports}


@login_required
def council_list(request):
    if not role_helpers.has_role(request.user, Role.COUNCIL):
        raise Http404
    return render(request, "reports/council_list.html", _council_context(request.user))


def _detail_context(user, report, send_back_form=None):
    """Everything the report page shows; also used when a form on it has errors."""
    context = selectors.report_document(report)
    internal = policy.sees_internals(user)
    can_review = policy.can_review(user, report)
    context.update(
        {
            "approvals": selectors.approval_state(report)
            if internal and report.review_round
            else [],
            "transitions": report.transitions.select_related("actor") if internal else [],
            "pdfs": ReportPDF.objects.downloadable_by(user)
            .filter(report=report)
            .select_related("council"),
            "can_submit": policy.can_submit(user, report),
            "can_review": can_review,
            "can_publish": policy.can_publish(user, report),
            "can_edit_any": policy.can_edit_entries(user, report),
            "can_import_budget": budget_policy.can_import(user, report),
            "send_back_form": send_back_form or SendBackForm(),
            "already_approved": can_review
            and report.approvals.filter(review_round=report.review_round, user=user).exists(),
        }
    )
    return context


@login_required
def report_detail(request, pk):
    report = visible_report(request, pk)
    return render(request, "reports/detail.html", _detail_context(request.user, report))


@login_required
def entry_edit(request, pk, entry_pk):
    report = visible_report(request, pk)
    entry = get_object_or_404(
        ProgressEntry.objects.select_related("programme", "updated_by"), pk=entry_pk, report=report
    )
    if not policy.can_edit_entry(request.user, entry):
        audit.record(
            "entry.edit",
            actor=request.user,
            obj=entry,
            result="denied",
            ip=audit.client_ip(request),
        )
        if not report.is_concept:
            messages.error(request, _("Deze rapportage is ingediend; de teksten liggen vast."))
            return redirect(report)
        raise Http404
    conflict = None
    if request.method == "POST":
        form = ProgressEntryForm(request.POST, instance=entry)
        if form.is_valid():
            try:
                services.save_entry(
                    entry=entry,
                    user=request.user,
                    data=form.cleaned_data,
                    version=form.cleaned_data["version"],
                    ip=audit.client_ip(request),
                )
            except services.EditConflict as exc:
                # Keep what this person typed; the hidden version moves to the saved one so
                # that saving again (after merging) is a deliberate overwrite.
                conflict = exc.current
                data = request.POST.copy()
                data["version"] = conflict.version
                form = ProgressEntryForm(data, instance=entry)
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "%(who)s heeft deze tekst opgeslagen nadat u hem opende. Uw tekst is "
                        "niet opgeslagen maar staat hieronder nog. Vergelijk hem met de "
                        "opgeslagen tekst, neem over wat nodig is en sla opnieuw op."
                    )
                    % {"who": conflict.updated_by or _("Iemand anders")},
                )
            except PermissionDenied as exc:
                messages.error(request, str(exc))
                return redirect(report)
            else:
                messages.success(request, _("De tekst is opgeslagen."))
                return redirect(report)
    else:
        form = ProgressEntryForm(instance=entry, initial={"version": entry.version})
    return render(
        request,
        "reports/entry_form.html",
        {"report": report, "entry": entry, "form": form, "conflict": conflict},
    )


def _run(request, action, report, success, **kwargs):
    try:
        action(report=report, user=request.user, ip=audit.client_ip(request), **kwargs)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect(report)


@login_required
@require_POST
def submit(request, pk):
    report = visible_report(request, pk)
    return _run(
        request,
        workflow.submit_report,
        report,
        _("De rapportage is ingediend bij het directieberaad."),
    )


@login_required
@require_POST
def approve(request, pk):
    report = visible_report(request, pk)
    return _run(request, workflow.approve_report, report, _("Uw goedkeuring is vastgelegd."))


@login_required
@require_POST
def send_back(request, pk):
    report = visible_report(request, pk)
    form = SendBackForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request.user, report, send_back_form=form)
        return render(request, "reports/detail.html", context, status=400)
    return _run(
        request,
        workflow.send_back_report,
        report,
        _("De rapportage is teruggestuurd naar de coördinator."),
        reason=form.cleaned_data["reason"],
    )


@login_required
@require_POST
def publish(request, pk):
    report = visible_report(request, pk)
    return _run(
        request,
        workflow.publish_report,
        report,
        _("De rapportage is gepubliceerd. De pdf’s voor de raden worden gemaakt."),
    )


@login_required
def pdf_download(request, pk, council):
    """Serve one rendered PDF; the right is checked on every request."""
    pdf = (
        ReportPDF.objects.downloadable_by(request.user)
        .select_related("report", "council")
        .filter(report_id=pk, council__slug=council)
        .first()
    )
    ip = audit.client_ip(request)
    if pdf is None:
        audit.record(
            "pdf.download",
            actor=request.user,
            result="not_found",
            ip=ip,
            report_id=str(pk),
            council=council[:60],
        )
        raise Http404(_("Dit bestand bestaat niet of u heeft er geen toegang toe."))
    audit.record("pdf.download", actor=request.user, obj=pdf, ip=ip, sha256=pdf.sha256)
    response = FileResponse(
        pdf.file.open("rb"),
        as_attachment=True,
        filename=pdf.download_name,
        content_type="application/pdf",
    )
    response["X-Content-SHA256"] = pdf.sha256
    response["Cache-Control"] = "private, no-store"
    return response
