"""The review and publication actions: thin views that call one workflow function and go
back to the report page (review.page) with what happened."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from duoplus.core import audit, confirm
from reports.core.access import visible_report
from reports.writing import policy as writing_policy
from reports.writing import selectors as writing_selectors

from . import freeze, page, pdfs, policy, workflow
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
    """Asks first (with what is unfinished, to be accepted deliberately), then submits."""
    report = visible_report(request, pk)
    if policy.can_submit(user=request.user, report=report):
        gaps = writing_selectors.submission_gaps(report=report)
        if not confirm.confirmed(request) or (gaps and not confirm.acknowledged(request)):
            question = confirm.Question(
                heading=_("Indienen bij het directieberaad?"),
                text=[
                    _(
                        "Na het indienen liggen de teksten, de brief en de begroting vast, "
                        "worden de pdf’s voor de raden gemaakt en beoordeelt het "
                        "directieberaad de rapportage. Wijzigen kan dan alleen nog als het "
                        "directieberaad de rapportage terugstuurt."
                    )
                ],
                button=_("Ja, indienen"),
                cancel_url=report.get_absolute_url(),
                items_heading=_("Nog niet af"),
                items=gaps,
                acknowledge=ngettext(
                    "Ik dien in terwijl %(count)d punt nog niet af is; het directieberaad "
                    "ziet dat bij de beoordeling.",
                    "Ik dien in terwijl %(count)d punten nog niet af zijn; het directieberaad "
                    "ziet dat bij de beoordeling.",
                    len(gaps),
                )
                % {"count": len(gaps)}
                if gaps
                else "",
            )
            error = ""
            if confirm.confirmed(request):
                error = _("Vink aan dat u wilt indienen terwijl nog niet alles af is.")
            return confirm.ask(request, question, error=error)
    return _run(
        request,
        workflow.submit_report,
        report,
        _("De rapportage is ingediend bij het directieberaad."),
        unfinished_accepted=confirm.acknowledged(request),
    )


@login_required
@require_POST
def approve(request, pk):
    report = visible_report(request, pk)
    if policy.can_review(user=request.user, report=report) and not confirm.confirmed(request):
        gaps = freeze.frozen_gaps(report=report)
        return confirm.ask(
            request,
            confirm.Question(
                heading=_("Goedkeuren?"),
                text=[
                    _(
                        "U keurt de rapportage goed namens uw organisatie, met de pdf’s zoals "
                        "ze nu zijn (hun controlegetallen worden vastgelegd). Dit kunt u niet "
                        "terugdraaien. Als alle leden hebben goedgekeurd, kan de coördinator "
                        "publiceren."
                    )
                ],
                button=_("Ja, goedkeuren"),
                cancel_url=report.get_absolute_url(),
                items_heading=_("Ingediend terwijl nog niet af"),
                items=gaps,
            ),
        )
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


PUBLIC_FIELD = "openbaar"


@login_required
@require_POST
def publish(request, pk):
    report = visible_report(request, pk)
    if policy.can_publish(user=request.user, report=report) and not confirm.confirmed(request):
        councils = [o.council_name or o.name for o in report.recipients.order_by("order", "name")]
        return confirm.ask(
            request,
            confirm.Question(
                heading=_("Publiceren?"),
                text=[
                    _(
                        "Publiceren geeft de goedgekeurde pdf’s vrij. Alle raadsleden van de "
                        "raden hieronder krijgen meteen een e-mail en kunnen de rapportage "
                        "lezen en downloaden. Een gepubliceerde rapportage verandert nooit "
                        "meer; een correctie wordt een nieuwe versie."
                    )
                ],
                button=_("Ja, publiceren"),
                cancel_url=report.get_absolute_url(),
                items_heading=_("Voor de raden van"),
                items=councils,
                choice=confirm.Choice(
                    name=PUBLIC_FIELD,
                    legend=_("Ook openbaar publiceren?"),
                    options=[
                        (
                            "ja",
                            _(
                                "Openbaar: iedereen kan de rapportage en haar pdf’s lezen "
                                "zonder in te loggen, ook in de open data en de Woo-index"
                            ),
                        ),
                        ("nee", _("Niet openbaar: alleen voor de raden en de organisaties")),
                    ],
                    default="ja" if policy.public_by_default(report=report) else "nee",
                ),
            ),
        )
    choice = request.POST.get(PUBLIC_FIELD)
    public = {"ja": True, "nee": False}.get(choice or "")
    return _run(
        request,
        workflow.publish_report,
        report,
        _("De rapportage is openbaar gepubliceerd. De raden kunnen de pdf’s nu downloaden.")
        if public or (public is None and policy.public_by_default(report=report))
        else _(
            "De rapportage is gepubliceerd. De raden kunnen de goedgekeurde pdf’s nu downloaden."
        ),
        public=public,
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
