"""The pages of the zienswijze procedure, under /rapportages/<pk>/zienswijzen/: thin views
that parse a form, call one service and answer. Refusals of a service come back as the
form's errors, so what someone typed is never lost."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duoplus.core import audit, confirm
from duoplus.core import documents as documents_store
from duoplus.core.audit import AuditAction, AuditResult
from duoplus.core.downloads import private_file
from duoplus.core.forms import refusals_as_errors
from duoplus.core.models import DocumentStatus, Organisation
from reports.core.access import visible_report
from reports.core.models import Report

from . import documents, legal, policy, selectors, services
from .forms import (
    ConsentForm,
    DecisionForm,
    DispatchForm,
    ReactionForm,
    ResponseForm,
    SendBackReactionsForm,
    SendForm,
    TermForm,
)
from .models import Consultation, ConsultationDocument, CouncilResponse, ResponseKind


def _not_found(request: HttpRequest, **detail: Any) -> Http404:
    audit.refusal(
        AuditAction.CONSULTATION_VIEW,
        request=request,
        result=AuditResult.NOT_FOUND,
        object_type="consultation.consultation",
        **detail,
    )
    return Http404(_("Deze zienswijzeprocedure bestaat niet of u heeft er geen toegang toe."))


def _consultation(request: HttpRequest, pk: int) -> Consultation:
    """The procedure of report ``pk`` if ``request.user`` may see it; otherwise a 404."""
    report = visible_report(request, pk)
    consultation = selectors.consultation_of(report=report)
    if consultation is None or not policy.can_view(user=request.user, consultation=consultation):
        raise _not_found(request, report_id=str(pk))
    consultation.report = report
    return consultation


def _council(request: HttpRequest, consultation: Consultation, slug: str) -> Organisation:
    council = consultation.report.recipients.filter(slug=slug).first()
    if council is None:
        raise _not_found(request, report_id=str(consultation.report_id), council=slug[:60])
    return council


def _reaction_rows(consultation: Consultation) -> list[tuple[Organisation, Any]]:
    if consultation.reactions_submitted_at is None:
        return []
    approvals = {
        a.organisation_id: a
        for a in consultation.reaction_approvals.filter(
            submitted_at=consultation.reactions_submitted_at
        ).select_related("user")
    }
    return [
        (org, approvals.get(org.pk))
        for org in policy.reaction_organisations(consultation=consultation)
    ]


def _overview_url(consultation: Consultation) -> str:
    return reverse("reports:consultation", args=[consultation.report_id])


def _page(
    request: HttpRequest, consultation: Consultation, status: int = 200, **forms
) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    report = consultation.report
    states = selectors.for_reader(user=user, consultation=consultation, today=today)
    internal = report.is_read_internally_by(user)
    own = {c.pk for c in policy.own_councils(user=user, report=report)}
    can_consent = policy.can_grant_consent(user=user, consultation=consultation, today=today)
    can_write = policy.can_write_reaction(user=user, consultation=consultation)
    missing = services.missing_reactions(consultation=consultation) if internal else []
    reacted = consultation.reactions.exists() if internal else False
    rows = [
        {
            "state": state,
            "history": selectors.history(consultation=consultation, council=state.council)
            if state.versions > 1 and (internal or state.council.pk in own)
            else [],
            "can_respond": policy.can_respond(
                user=user, consultation=consultation, council=state.council, today=today
            ),
            "can_consent": can_consent
            and state.response is not None
            and policy.open_consent(consultation=consultation, council=state.council) is None,
            "consent_form": forms["consent_form"]
            if forms.get("consent_council") == state.council
            else ConsentForm(prefix=f"toestemming-{state.council.slug}"),
            "can_react": can_write and state.state == "received",
            "needs_consent": state.council.pk in own
            and policy.correction_needs_consent(
                user=user, consultation=consultation, council=state.council, today=today
            ),
        }
        for state in states
    ]
    context = {
        "report": report,
        "consultation": consultation,
        "rows": rows,
        "today": today,
        "days_left": (consultation.term_end - today).days,
        "internal": internal,
        "sees_reactions": policy.sees_reactions(user=user, consultation=consultation),
        "can_change_term": policy.can_change_term(
            user=user, consultation=consultation, today=today
        ),
        # Offered only when it can succeed: every zienswijze has its reaction.
        "can_submit_reactions": policy.can_submit_reactions(
            user=user, consultation=consultation, today=today
        )
        and not missing
        and bool(reacted),
        "missing_reactions": missing,
        "no_views": internal and not missing and not reacted,
        "can_review_reactions": policy.can_review_reactions(user=user, consultation=consultation),
        "may_send_back": policy.may_send_back_reactions(user=user, consultation=consultation),
        # Each organisation whose consent the reactions need, with its approval (or None).
        "reaction_rows": _reaction_rows(consultation) if internal else [],
        "can_record_decision": policy.can_record_decision(
            user=user, consultation=consultation, today=today
        ),
        "can_record_gs": policy.can_record_gs(user=user, consultation=consultation),
        "documents": [
            d
            for d in consultation.documents.select_related("council")
            if policy.can_download_document(user=user, document=d)
        ],
        "documents_pending": internal
        and consultation.documents.exclude(status=DocumentStatus.READY).exists(),
        "document_states": [
            documents_store.described(d) for d in consultation.documents.select_related("council")
        ]
        if policy.can_remake_documents(user=user, consultation=consultation)
        else [],
        "term_form": forms.get("term_form")
        or TermForm(prefix="termijn", initial={"term_end": consultation.term_end}),
        "consent_council": forms.get("consent_council"),
        "send_back_form": forms.get("send_back_form") or SendBackReactionsForm(prefix="terug"),
        "decision_form": forms.get("decision_form") or DecisionForm(prefix="besluit"),
        "dispatch_form": forms.get("dispatch_form")
        or DispatchForm(prefix="gs", initial={"sent_on": today}),
    }
    return render(request, "consultation/overview.html", context, status=status)


@login_required
def overview(request, pk):
    """Per council: the answer and its state, Duo+'s reaction, and what each may do next."""
    return _page(request, _consultation(request, pk))


@login_required
def send(request, pk):
    """The coordinator sends an approved report ter zienswijze: the term is computed from
    the settings and shown; a later end needs a reason; then one question before it goes."""
    report = visible_report(request, pk)
    if not policy.can_send(user=request.user, report=report):
        raise _not_found(request, report_id=str(pk), step="send")
    today = timezone.localdate()
    computed = services.proposed_term(report=report, sent_on=today)
    board = (
        Report.objects.filter(pk=report.pk)
        .values_list("reporting_round__governing_board_meeting", flat=True)
        .first()
    )
    form = SendForm(
        request.POST or None,
        initial={"term_end": computed, "governing_board_meeting": board},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            if confirm.confirmed(request):
                consultation = refusals_as_errors(
                    form,
                    services.send_for_consultation,
                    report=report,
                    user=request.user,
                    term_end=data["term_end"],
                    reason=data["reason"],
                    governing_board_meeting=data["governing_board_meeting"],
                    ip=audit.client_ip(request),
                )
                if consultation is not None:
                    messages.success(
                        request,
                        _(
                            "De rapportage is ter zienswijze verzonden. De griffies hebben een "
                            "e-mail; de termijn loopt tot en met %(day)s."
                        )
                        % {"day": f"{consultation.term_end:%d-%m-%Y}"},
                    )
                    return redirect(_overview_url(consultation))
            else:
                ends_after = (
                    data["governing_board_meeting"]
                    and data["term_end"] >= data["governing_board_meeting"]
                )
                text = [
                    _(
                        "De goedgekeurde pdf’s worden vrijgegeven aan de raden en elke griffie "
                        "krijgt een e-mail. De raden kunnen tot en met %(day)s een zienswijze "
                        "geven. Dit kunt u niet terugdraaien."
                    )
                    % {"day": f"{data['term_end']:%d-%m-%Y}"}
                ]
                if ends_after:
                    text.append(
                        _(
                            "Let op: de termijn eindigt niet vóór de geplande vergadering van "
                            "het algemeen bestuur (%(day)s). Dan kan het bestuur niet over alle "
                            "zienswijzen beschikken."
                        )
                        % {"day": f"{data['governing_board_meeting']:%d-%m-%Y}"}
                    )
                return confirm.ask(
                    request,
                    confirm.Question(
                        heading=_("Ter zienswijze verzenden?"),
                        text=text,
                        button=_("Ja, ter zienswijze verzenden"),
                        cancel_url=reverse("reports:consultation_send", args=[report.pk]),
                        carry={
                            "term_end": data["term_end"].isoformat(),
                            "reason": data["reason"],
                            "governing_board_meeting": data["governing_board_meeting"].isoformat()
                            if data["governing_board_meeting"]
                            else "",
                        },
                    ),
                )
    return render(
        request,
        "consultation/send.html",
        {
            "report": report,
            "form": form,
            "computed": computed,
            "board": board,
            "ends_after_board": legal.ends_after_board(term_end=computed, meeting=board),
            "recipients": report.recipients.all(),
        },
        status=status,
    )


@login_required
@require_POST
def change_term(request, pk):
    """Asks first (who hears of it; that it cannot be shortened again; whether it still ends
    before the planned bestuur meeting), then extends the term."""
    consultation = _consultation(request, pk)
    form = TermForm(request.POST, prefix="termijn")
    if (
        form.is_valid()
        and policy.can_change_term(
            user=request.user, consultation=consultation, today=timezone.localdate()
        )
        # A shorter end is refused at once (below), not asked about first.
        and form.cleaned_data["term_end"] >= consultation.term_end
    ):
        new_end = form.cleaned_data["term_end"]
        meeting = consultation.governing_board_meeting
        too_late = legal.ends_after_board(term_end=new_end, meeting=meeting)
        if not confirm.confirmed(request) or (too_late and not confirm.acknowledged(request)):
            councils = [c.name for c in consultation.report.recipients.all()]
            question = confirm.Question(
                heading=_("Termijn verlengen tot en met %(day)s?")
                % {"day": date_format(new_end, "l j F Y")},
                text=[
                    _(
                        "De griffies krijgen een e-mail met de nieuwe einddatum en de reden; "
                        "hun agenda’s volgen. Een termijn kan daarna niet meer korter worden."
                    ),
                    _("Reden: %(reason)s") % {"reason": form.cleaned_data["reason"]},
                ],
                button=_("Ja, termijn verlengen"),
                cancel_url=_overview_url(consultation),
                items_heading=_("Een e-mail gaat naar de griffie van"),
                items=councils,
                acknowledge=_(
                    "Ik verleng de termijn tot op of na de geplande vergadering van het "
                    "algemeen bestuur (%(day)s); het bestuur kan pas na de termijn besluiten, "
                    "dus die vergadering moet later."
                )
                % {"day": date_format(meeting, "j F Y")}
                if too_late and meeting
                else "",
                carry={
                    "termijn-term_end": new_end.isoformat(),
                    "termijn-reason": form.cleaned_data["reason"],
                },
            )
            error = ""
            if confirm.confirmed(request):
                error = _("Vink aan dat de termijn na de vergadering van het bestuur mag eindigen.")
            return confirm.ask(request, question, error=error)
    if form.is_valid() and refusals_as_errors(
        form,
        services.change_term,
        consultation=consultation,
        user=request.user,
        term_end=form.cleaned_data["term_end"],
        reason=form.cleaned_data["reason"],
        ip=audit.client_ip(request),
    ):
        messages.success(
            request,
            _("De termijn is verlengd; de griffies krijgen een e-mail met de nieuwe datum."),
        )
        return redirect(_overview_url(consultation))
    return _page(request, consultation, status=400, term_form=form)


@login_required
def respond(request, pk, council):
    """The griffie records their council's answer (a new version each time)."""
    consultation = _consultation(request, pk)
    organisation = _council(request, consultation, council)
    today = timezone.localdate()
    if not policy.can_respond(
        user=request.user, consultation=consultation, council=organisation, today=today
    ):
        raise _not_found(request, report_id=str(pk), council=council[:60], step="respond")
    current = (
        CouncilResponse.objects.current()
        .filter(consultation=consultation, council=organisation)
        .first()
    )
    initial = (
        {
            "kind": current.kind,
            "text": current.text,
            "council_decision_date": current.council_decision_date,
        }
        if current
        else {}
    )
    form = ResponseForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            upload = data["decision_file"]
            content = upload.read(services.max_pdf_bytes() + 1) if upload else None
            response = refusals_as_errors(
                form,
                services.record_response,
                consultation=consultation,
                council=organisation,
                user=request.user,
                kind=data["kind"],
                text=data["text"],
                council_decision_date=data["council_decision_date"],
                file_name=upload.name if upload else "",
                file_content=content,
                ip=audit.client_ip(request),
            )
            if response is not None:
                messages.success(
                    request,
                    _("Het antwoord van de %(council)s is vastgelegd (versie %(version)d).")
                    % {
                        "council": organisation.council_name or organisation.name,
                        "version": response.version,
                    },
                )
                return redirect(_overview_url(consultation))
    return render(
        request,
        "consultation/respond.html",
        {
            "report": consultation.report,
            "consultation": consultation,
            "council": organisation,
            "form": form,
            "current": current,
            "open": consultation.is_open(today),
        },
        status=status,
    )


@login_required
@require_POST
def consent(request, pk, council):
    consultation = _consultation(request, pk)
    organisation = _council(request, consultation, council)
    form = ConsentForm(request.POST, prefix=f"toestemming-{organisation.slug}")
    if form.is_valid() and refusals_as_errors(
        form,
        services.grant_consent,
        consultation=consultation,
        council=organisation,
        user=request.user,
        reason=form.cleaned_data["reason"],
        ip=audit.client_ip(request),
    ):
        messages.success(
            request,
            _("De griffie van %(council)s mag het antwoord nog één keer corrigeren.")
            % {"council": organisation.name},
        )
        return redirect(_overview_url(consultation))
    return _page(request, consultation, status=400, consent_form=form, consent_council=organisation)


@login_required
def decision_file(request, pk, council, version):
    """A council's raadsbesluit (PDF), to whoever may see that council's answer; audited."""
    consultation = _consultation(request, pk)
    response = (
        CouncilResponse.objects.filter(
            consultation=consultation, council__slug=council, version=version
        )
        .exclude(decision_file="")
        .select_related("consultation__report", "council")
        .first()
    )
    if response is None or not policy.can_see_response(user=request.user, response=response):
        raise _not_found(request, report_id=str(pk), council=council[:60], version=version)
    audit.record(
        AuditAction.CONSULTATION_DOWNLOAD,
        actor=request.user,
        ip=audit.client_ip(request),
        object_type="consultation.councilresponse",
        object_id=response.pk,
        sha256=response.decision_sha256,
    )
    return private_file(
        response.decision_file,
        filename=f"raadsbesluit-{response.council.slug}-v{response.version}.pdf",
        sha256=response.decision_sha256,
    )


@login_required
def reaction(request, pk, council):
    """The coordinator writes Duo+'s reaction to one council's zienswijze."""
    consultation = _consultation(request, pk)
    organisation = _council(request, consultation, council)
    if not policy.can_write_reaction(user=request.user, consultation=consultation):
        raise _not_found(request, report_id=str(pk), council=council[:60], step="reaction")
    response = (
        CouncilResponse.objects.current()
        .filter(consultation=consultation, council=organisation, kind=ResponseKind.VIEW)
        .first()
    )
    if response is None:
        raise _not_found(request, report_id=str(pk), council=council[:60])
    existing = consultation.reactions.filter(council=organisation).first()
    form = ReactionForm(
        request.POST or None,
        initial={"outcome": existing.outcome, "explanation": existing.explanation}
        if existing
        else {},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and refusals_as_errors(
            form,
            services.save_reaction,
            consultation=consultation,
            council=organisation,
            user=request.user,
            outcome=form.cleaned_data["outcome"],
            explanation=form.cleaned_data["explanation"],
            ip=audit.client_ip(request),
        ):
            messages.success(request, _("De reactie is opgeslagen."))
            return redirect(_overview_url(consultation))
    return render(
        request,
        "consultation/reaction.html",
        {
            "report": consultation.report,
            "consultation": consultation,
            "council": organisation,
            "response": response,
            "form": form,
            "stale": existing is not None and existing.response_id != response.pk,
        },
        status=status,
    )


def _action(request, consultation, action, success, question=None, **kwargs):
    """A button on the overview: ask first (``question``), then call ``action``."""
    if question is not None and not confirm.confirmed(request):
        return confirm.ask(request, question)
    try:
        action(consultation=consultation, user=request.user, ip=audit.client_ip(request), **kwargs)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return redirect(_overview_url(consultation))


@login_required
@require_POST
def submit_reactions(request, pk):
    consultation = _consultation(request, pk)
    return _action(
        request,
        consultation,
        services.submit_reactions,
        _("De reacties zijn ingediend bij het directieberaad."),
        confirm.Question(
            heading=_("Reacties indienen bij het directieberaad?"),
            text=[
                _(
                    "Daarna liggen de reacties vast. Als alle leden van het directieberaad ze "
                    "hebben goedgekeurd, zien alle raden de zienswijzen en de reacties en wordt "
                    "de bijlage voor het algemeen bestuur gemaakt."
                )
            ],
            button=_("Ja, indienen"),
            cancel_url=_overview_url(consultation),
        ),
    )


@login_required
@require_POST
def approve_reactions(request, pk):
    consultation = _consultation(request, pk)
    return _action(
        request,
        consultation,
        services.approve_reactions,
        _("Uw goedkeuring van de reacties is vastgelegd."),
        confirm.Question(
            heading=_("Reacties goedkeuren?"),
            text=[
                _(
                    "U keurt de reacties op de zienswijzen goed namens uw organisatie. Dit kunt "
                    "u niet terugdraaien."
                )
            ],
            button=_("Ja, goedkeuren"),
            cancel_url=_overview_url(consultation),
        ),
    )


@login_required
@require_POST
def send_back_reactions(request, pk):
    consultation = _consultation(request, pk)
    form = SendBackReactionsForm(request.POST, prefix="terug")
    if form.is_valid() and refusals_as_errors(
        form,
        services.send_back_reactions,
        consultation=consultation,
        user=request.user,
        reason=form.cleaned_data["reason"],
        ip=audit.client_ip(request),
    ):
        messages.success(request, _("De reacties zijn teruggestuurd naar de coördinator."))
        return redirect(_overview_url(consultation))
    return _page(request, consultation, status=400, send_back_form=form)


@login_required
@require_POST
def record_decision(request, pk):
    consultation = _consultation(request, pk)
    form = DecisionForm(request.POST, prefix="besluit")
    if form.is_valid() and refusals_as_errors(
        form,
        services.record_decision,
        consultation=consultation,
        user=request.user,
        decision=form.cleaned_data["decision"],
        decision_date=form.cleaned_data["decision_date"],
        note=form.cleaned_data["note"],
        ip=audit.client_ip(request),
    ):
        messages.success(request, _("Het besluit van het bestuur is vastgelegd."))
        return redirect(_overview_url(consultation))
    return _page(request, consultation, status=400, decision_form=form)


@login_required
@require_POST
def record_dispatch(request, pk):
    consultation = _consultation(request, pk)
    form = DispatchForm(request.POST, prefix="gs")
    if form.is_valid() and refusals_as_errors(
        form,
        services.record_gs_dispatch,
        consultation=consultation,
        user=request.user,
        sent_on=form.cleaned_data["sent_on"],
        ip=audit.client_ip(request),
    ):
        messages.success(request, _("De verzending aan Gedeputeerde Staten is vastgelegd."))
        return redirect(_overview_url(consultation))
    return _page(request, consultation, status=400, dispatch_form=form)


@login_required
def document(request, pk, document):
    """The appendix or a council's letter (PDF), to whoever may have it; audited."""
    consultation = _consultation(request, pk)
    row = (
        ConsultationDocument.objects.filter(consultation=consultation, pk=document)
        .select_related("consultation__report__organisation", "council")
        .first()
    )
    if row is None or not policy.can_download_document(user=request.user, document=row):
        raise _not_found(request, report_id=str(pk), document=str(document))
    audit.record(
        AuditAction.CONSULTATION_DOWNLOAD,
        actor=request.user,
        ip=audit.client_ip(request),
        object_type="consultation.consultationdocument",
        object_id=row.pk,
        sha256=row.sha256,
    )
    return private_file(row.file, filename=documents.download_name(row), sha256=row.sha256)


@login_required
@require_POST
def remake_document(request, pk, document):
    """ "Opnieuw maken" of a document that failed or got stuck (the coordinator)."""
    consultation = _consultation(request, pk)
    row = ConsultationDocument.objects.filter(consultation=consultation, pk=document).first()
    if row is None:
        raise _not_found(request, report_id=str(pk), document=str(document))
    return _action(
        request,
        consultation,
        services.remake_document,
        _("Het document wordt opnieuw gemaakt."),
        document=row,
    )
