"""The review and publication actions: thin views that call one workflow function and go
back to the report page (review.page) with what happened."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duoplus.core import audit
from reports.writing import policy as writing_policy
from reports.writing.views import visible_report

from . import page, pdfs, workflow
from .forms import SendBackForm
from .models import ReportPDF


def _run(request, action, report, success, *, then=None, **kwargs):
    """Call one workflow action; refusals become messages. ``success`` is the message (or
    a function of the result giving it), ``then`` where to go with the result (default:
    the report)."""
    try:
        result = action(report=report, user=request.user, ip=audit.client_ip(request), **kwargs)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success(result) if callable(success) else success)
        if then is not None:
            return redirect(then(result))
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
        council = writing_policy.reading_council(user=request.user, report=report)
        return page.render_page(request, report, council=council, send_back_form=form, status=400)
    return _run(
        request,
        workflow.send_back_report,
        report,
        _("De rapportage is teruggestuurd naar de coördinator."),
        reason=form.cleaned_data["reason"],
    )


@login_required
@require_POST
def correct(request, pk):
    report = visible_report(request, pk)
    return _run(
        request,
        workflow.start_correction,
        report,
        lambda correction: (
            _(
                "Versie %(version)s is gemaakt als concept. Pas aan wat gecorrigeerd moet "
                "worden en dien hem opnieuw in; na publicatie vervangt hij versie %(old)s."
            )
            % {"version": correction.version, "old": report.version}
        ),
        then=lambda correction: correction,
    )


@login_required
@require_POST
def publish(request, pk):
    report = visible_report(request, pk)
    return _run(
        request,
        workflow.publish_report,
        report,
        _("De rapportage is gepubliceerd. De raden kunnen de goedgekeurde pdf’s nu downloaden."),
    )


@login_required
@require_POST
def rerender_pdf(request, pk, council):
    """The coordinator has a failed (or stuck) council PDF made again."""
    report = visible_report(request, pk)
    pdf = get_object_or_404(
        ReportPDF.objects.current().select_related("council"), report=report, council__slug=council
    )
    try:
        pdfs.rerender_pdf(
            report=report, council=pdf.council, user=request.user, ip=audit.client_ip(request)
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("De pdf voor %(council)s wordt opnieuw gemaakt.") % {"council": pdf.council.name},
        )
    return redirect(f"{report.get_absolute_url()}#kop-pdf")
