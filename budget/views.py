"""Budget pages: the two-step spreadsheet import (the export is a form of the report, served
by the portal from the frozen content: reports.portal.views.budget_export)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from duoplus.core import audit
from duoplus.core.audit import AuditAction
from reports.core.access import visible_report
from reports.writing.policy import is_coordinator

from . import policy, services
from .forms import BudgetImportForm
from .models import BudgetImport


def _import_report(request, pk):
    """The report, if this user may import into it now; otherwise a redirect or a 404."""
    report = visible_report(request, pk)
    refusal = policy.import_refusal(user=request.user, report=report)
    if refusal is None:
        return report, None
    audit.refusal(AuditAction.BUDGET_IMPORT, request=request, obj=report)
    if is_coordinator(user=request.user, report=report):
        messages.error(request, refusal)
        return report, redirect(report)
    raise Http404


@login_required
def import_upload(request, pk):
    report, refused = _import_report(request, pk)
    if refused:
        return refused
    result = None
    if request.method == "POST":
        form = BudgetImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                kept, result = services.upload_import(
                    report=report,
                    user=request.user,
                    name=upload.name,
                    content=upload.read(),
                    remove_missing=form.cleaned_data["remove_missing"],
                    ip=audit.client_ip(request),
                )
            except PermissionDenied as exc:
                messages.error(request, str(exc))
                return redirect(report)
            if kept is not None:
                return redirect("budget:import_confirm", pk=report.pk, import_pk=kept.pk)
    else:
        form = BudgetImportForm()
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "budget/import.html",
        {"report": report, "form": form, "result": result},
        status=status,
    )


@login_required
def import_confirm(request, pk, import_pk):
    """Step two: what the file would change, and the button that imports it."""
    report, refused = _import_report(request, pk)
    if refused:
        return refused
    upload = get_object_or_404(BudgetImport, pk=import_pk, report=report)
    if request.method == "POST":
        try:
            result = services.confirm_import(
                upload=upload, user=request.user, ip=audit.client_ip(request)
            )
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect(report)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(report)
        if result.ok:
            if result.changes_anything:
                messages.success(
                    request, _("De begrotingswijzigingen zijn ingelezen: %s.") % result.summary()
                )
            else:
                messages.info(request, _("Het bestand bevat niets nieuws; er is niets veranderd."))
            return redirect(f"{report.get_absolute_url()}#begroting")
        status = 400
    else:
        result = services.check_import(
            report=report,
            name=upload.file_name,
            content=bytes(upload.content),
            remove_missing=upload.remove_missing,
        )
        status = 200
    return render(
        request,
        "budget/import_confirm.html",
        {"report": report, "upload": upload, "result": result},
        status=status,
    )
