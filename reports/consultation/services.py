"""Writes of the zienswijze procedure: keyword-only, in one transaction, asking the policy,
writing the audit row in the same transaction."""

import datetime
import hashlib
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duoplus.core import audit, documents
from duoplus.core.audit import AuditAction
from duoplus.core.models import Organisation, Role
from reports.core.models import Purpose, Report, ReportStatus
from reports.review import workflow

from . import notices, policy
from .models import (
    Consultation,
    ConsultationDocument,
    CorrectionConsent,
    CouncilResponse,
    Decision,
    DocumentKind,
    LegalTerms,
    NoticeKind,
    Outcome,
    Reaction,
    ReactionApproval,
    ResponseKind,
)

PDF_MAGIC = b"%PDF-"


def _deny() -> NoReturn:
    raise PermissionDenied(_("U mag deze actie niet uitvoeren bij deze zienswijzeprocedure."))


def proposed_term(*, report: Report, sent_on: datetime.date) -> datetime.date:
    """The end of the term when sent on ``sent_on``, by the executing organisation's setting."""
    return LegalTerms.for_organisation(report.organisation_id).term_end(sent_on)


def _check_term(
    *, terms: LegalTerms, computed: datetime.date, term_end: datetime.date, reason: str
) -> None:
    if term_end < computed:
        raise ValidationError(
            _(
                "De termijn mag niet korter zijn dan %(weeks)d weken (Wgr art. 35): de "
                "zienswijze kan tot en met %(day)s worden gegeven."
            )
            % {"weeks": terms.consultation_weeks, "day": f"{computed:%d-%m-%Y}"}
        )
    if term_end != computed and not reason:
        raise ValidationError(
            _("Geef aan waarom de termijn later eindigt dan de instelling geeft.")
        )
    if term_end > computed + datetime.timedelta(weeks=52):
        raise ValidationError(_("Een termijn van meer dan een jaar na het einde kan niet."))


@audit.refusals_recorded(AuditAction.CONSULTATION_SEND, obj="report")
def send_for_consultation(
    *,
    report: Report,
    user: Any,
    term_end: datetime.date | None = None,
    reason: str = "",
    governing_board_meeting: datetime.date | None = None,
    ip: str | None = None,
) -> Consultation:
    """The coordinator sends an approved report to the councils ter zienswijze: it is
    published (its approved PDFs released) and the term starts today; each griffie gets an
    e-mail with the date."""
    reason = (reason or "").strip()
    today = timezone.localdate()
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.purpose != Purpose.CONSULTATION:
            raise ValidationError(_("Deze rapportage gaat niet ter zienswijze naar de raden."))
        terms = LegalTerms.for_organisation(report.organisation_id)
        if report.kind not in terms.consulted_kinds():
            raise ValidationError(
                _("Een %(kind)s gaat volgens de instellingen niet ter zienswijze.")
                % {"kind": report.get_kind_display().lower()}
            )
        if report.status != ReportStatus.APPROVED:
            raise ValidationError(
                _("Alleen een goedgekeurde rapportage kan ter zienswijze worden verzonden.")
            )
        if not policy.can_send(user=user, report=report):
            _deny()
        computed = terms.term_end(today)
        term_end = term_end or computed
        _check_term(terms=terms, computed=computed, term_end=term_end, reason=reason)
        workflow.publish_report(report=report, user=user, ip=ip, consultation=True)
        consultation = Consultation.objects.create(
            report=report,
            sent_on=today,
            sent_by=user,
            term_end=term_end,
            computed_term_end=computed,
            term_reason=reason,
            governing_board_meeting=governing_board_meeting,
        )
        audit.record(
            AuditAction.CONSULTATION_SEND,
            actor=user,
            obj=report,
            ip=ip,
            term_end=term_end.isoformat(),
            computed_term_end=computed.isoformat(),
            reason=reason,
        )
        notices.notify_griffies(consultation=consultation, kind=NoticeKind.SENT, about=today)
    return consultation


@audit.refusals_recorded(AuditAction.CONSULTATION_TERM, obj="consultation")
def change_term(
    *,
    consultation: Consultation,
    user: Any,
    term_end: datetime.date,
    reason: str,
    ip: str | None = None,
) -> Consultation:
    """The coordinator extends a running term, with a reason (never shorter than the law's)."""
    reason = (reason or "").strip()
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if not policy.can_change_term(
            user=user, consultation=consultation, today=timezone.localdate()
        ):
            _deny()
        if not reason:
            raise ValidationError(_("Geef aan waarom de termijn verandert."))
        if term_end < consultation.term_end:
            raise ValidationError(_("Een lopende termijn kan alleen langer worden, niet korter."))
        terms = LegalTerms.for_organisation(consultation.report.organisation_id)
        _check_term(
            terms=terms, computed=consultation.computed_term_end, term_end=term_end, reason=reason
        )
        before = consultation.term_end
        consultation.term_end = term_end
        consultation.term_reason = reason
        consultation.save(update_fields=["term_end", "term_reason"])
        audit.record(
            AuditAction.CONSULTATION_TERM,
            actor=user,
            obj=consultation,
            ip=ip,
            before=before.isoformat(),
            after=term_end.isoformat(),
            reason=reason,
        )
        if term_end != before:
            notices.notify_griffies(
                consultation=consultation,
                kind=NoticeKind.TERM,
                about=term_end,
                key=f"van:{before.isoformat()}",
            )
    return consultation


def max_pdf_bytes() -> int:
    return int(settings.CONSULTATION_MAX_PDF_BYTES)


def check_decision_pdf(*, name: str, content: bytes) -> None:
    """A raadsbesluit must be a PDF and not larger than CONSULTATION_MAX_PDF_BYTES."""
    limit = max_pdf_bytes()
    if len(content) > limit:
        raise ValidationError(
            _("Het bestand is te groot: hoogstens %(mb)s MB.") % {"mb": limit // 1_000_000}
        )
    if not content.startswith(PDF_MAGIC) or b"%%EOF" not in content[-2048:]:
        raise ValidationError(
            _("Het bestand ‘%(name)s’ is geen pdf. Voeg het raadsbesluit toe als pdf.")
            % {"name": name[:80]}
        )


@audit.refusals_recorded(AuditAction.CONSULTATION_RESPOND, obj="consultation")
def record_response(
    *,
    consultation: Consultation,
    council: Organisation,
    user: Any,
    kind: str,
    text: str = "",
    council_decision_date: datetime.date | None = None,
    file_name: str = "",
    file_content: bytes | None = None,
    ip: str | None = None,
) -> CouncilResponse:
    """The griffie records their council's answer as a new version (a row never changes).
    After the term a first answer is marked late, and a correction needs the coordinator's
    consent (used once). A zienswijze needs its text and the date of the council's decision;
    a correction keeps the raadsbesluit of the version before unless a new one comes."""
    text = (text or "").strip()
    today = timezone.localdate()
    if kind not in ResponseKind.values:
        raise ValidationError(_("Kies ‘zienswijze’ of ‘geen zienswijze’."))
    if file_content is not None:
        check_decision_pdf(name=file_name, content=file_content)
    with transaction.atomic():
        consultation = (
            Consultation.objects.select_for_update()
            .select_related("report")
            .get(pk=consultation.pk)
        )
        if not policy.can_respond(
            user=user, consultation=consultation, council=council, today=today
        ):
            _deny()
        if council_decision_date is not None:
            if council_decision_date > today:
                raise ValidationError(_("De datum van het raadsbesluit ligt in de toekomst."))
            if council_decision_date < consultation.sent_on:
                raise ValidationError(
                    _(
                        "De datum van het raadsbesluit ligt vóór de verzending ter "
                        "zienswijze (%(day)s)."
                    )
                    % {"day": f"{consultation.sent_on:%d-%m-%Y}"}
                )
        previous = (
            CouncilResponse.objects.filter(consultation=consultation, council=council)
            .order_by("-version")
            .first()
        )
        if kind == ResponseKind.VIEW:
            if not text:
                raise ValidationError(_("Vul de tekst van de zienswijze in."))
            if council_decision_date is None:
                raise ValidationError(_("Vul de datum van het raadsbesluit in."))
        consent = None
        if previous is not None and not consultation.is_open(today):
            consent = policy.open_consent(consultation=consultation, council=council)
        response = CouncilResponse(
            consultation=consultation,
            council=council,
            version=(previous.version + 1) if previous else 1,
            kind=kind,
            text=text if kind == ResponseKind.VIEW else "",
            council_decision_date=council_decision_date,
            late=previous.late if previous else not consultation.is_open(today),
            consent=consent,
            recorded_by=user,
        )
        if kind == ResponseKind.VIEW and file_content is not None:
            digest = hashlib.sha256(file_content).hexdigest()
            response.decision_sha256 = digest
            response.decision_size = len(file_content)
            response.decision_name = file_name[:200]
            response.decision_file.save(
                f"zienswijzen/{consultation.pk}/{council.slug}-{digest[:16]}.pdf",
                ContentFile(file_content),
                save=False,
            )
        elif kind == ResponseKind.VIEW and previous is not None and previous.decision_file:
            response.decision_file = previous.decision_file.name
            response.decision_sha256 = previous.decision_sha256
            response.decision_size = previous.decision_size
            response.decision_name = previous.decision_name
        response.save()
        audit.record(
            AuditAction.CONSULTATION_RESPOND,
            actor=user,
            obj=consultation,
            ip=ip,
            council=council.slug,
            kind=kind,
            version=response.version,
            late=response.late,
            consent=consent.pk if consent else None,
        )
        notices.notify(
            consultation=consultation,
            kind=NoticeKind.RECEIVED,
            users=notices.coordinators(consultation=consultation),
            about=today,
            council=council,
            key=f"{council.slug}:{response.version}",
        )
    return response


@audit.refusals_recorded(AuditAction.CONSULTATION_CONSENT, obj="consultation")
def grant_consent(
    *,
    consultation: Consultation,
    council: Organisation,
    user: Any,
    reason: str,
    ip: str | None = None,
) -> CorrectionConsent:
    """After the term, the coordinator lets the griffie record one more version."""
    reason = (reason or "").strip()
    with transaction.atomic():
        consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if not policy.can_grant_consent(
            user=user, consultation=consultation, today=timezone.localdate()
        ):
            _deny()
        if not consultation.report.recipients.filter(pk=council.pk).exists():
            raise ValidationError(_("Deze raad kreeg de rapportage niet."))
        if not reason:
            raise ValidationError(_("Geef aan waarom de griffie het antwoord mag corrigeren."))
        if policy.open_consent(consultation=consultation, council=council):
            raise ValidationError(_("Er is al toestemming die nog niet is gebruikt."))
        consent = CorrectionConsent.objects.create(
            consultation=consultation, council=council, reason=reason, granted_by=user
        )
        audit.record(
            AuditAction.CONSULTATION_CONSENT,
            actor=user,
            obj=consultation,
            ip=ip,
            council=council.slug,
            reason=reason,
        )
    return consent


def remind_and_summarise(*, today: datetime.date) -> int:
    """Beat's daily work: each reminder day before a term ends, the griffies of councils
    that have not answered get a reminder (once per day it is about); the first day after
    a term (within a week), the coordinators get the overview (once). Returns how many
    messages were recorded."""
    made = 0
    running = Consultation.objects.filter(
        term_end__gte=today - datetime.timedelta(days=7)
    ).select_related("report")
    with transaction.atomic():
        for consultation in running:
            terms = LegalTerms.for_organisation(consultation.report.organisation_id)
            if consultation.is_open(today):
                days = (consultation.term_end - today).days
                if days not in terms.reminders:
                    continue
                answered = set(
                    CouncilResponse.objects.filter(consultation=consultation).values_list(
                        "council_id", flat=True
                    )
                )
                for council in consultation.report.recipients.exclude(pk__in=answered):
                    made += len(
                        notices.notify(
                            consultation=consultation,
                            kind=NoticeKind.REMINDER,
                            users=notices.clerks(council_ids=[council.pk]),
                            about=today,
                            council=council,
                            key=council.slug,
                        )
                    )
            else:
                made += len(
                    notices.notify(
                        consultation=consultation,
                        kind=NoticeKind.OVERVIEW,
                        users=notices.coordinators(consultation=consultation),
                        about=consultation.term_end,
                    )
                )
    return made


def _queue_document(
    *, consultation: Consultation, kind: str, council: Organisation | None = None
) -> ConsultationDocument:
    """Record the document to make (once) and have a worker render it after the commit."""
    document, _created = ConsultationDocument.objects.get_or_create(
        consultation=consultation, kind=kind, council=council
    )
    if documents.needs_making(document):
        documents.queue(document)
    return document


def _locked(consultation: Consultation) -> Consultation:
    return (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("report")
        .get(pk=consultation.pk)
    )


@audit.refusals_recorded(AuditAction.CONSULTATION_REACTION, obj="consultation")
def save_reaction(
    *,
    consultation: Consultation,
    council: Organisation,
    user: Any,
    outcome: str,
    explanation: str,
    ip: str | None = None,
) -> Reaction:
    """The coordinator writes Duo+'s reaction to the current version of a council's
    zienswijze (again and again, until the reactions go to the directieberaad)."""
    explanation = (explanation or "").strip()
    with transaction.atomic():
        consultation = _locked(consultation)
        if not policy.can_write_reaction(user=user, consultation=consultation):
            _deny()
        if outcome not in Outcome.values:
            raise ValidationError(_("Kies wat er met de zienswijze gebeurt."))
        if not explanation:
            raise ValidationError(_("Licht de reactie toe: de raad leest waarom."))
        response = (
            CouncilResponse.objects.current()
            .filter(consultation=consultation, council=council, kind=ResponseKind.VIEW)
            .first()
        )
        if response is None:
            raise ValidationError(_("Deze raad heeft geen zienswijze gegeven."))
        reaction, _created = Reaction.objects.update_or_create(
            consultation=consultation,
            council=council,
            defaults={
                "response": response,
                "outcome": outcome,
                "explanation": explanation,
                "written_by": user,
            },
        )
        audit.record(
            AuditAction.CONSULTATION_REACTION,
            actor=user,
            obj=consultation,
            ip=ip,
            council=council.slug,
            outcome=outcome,
            version=response.version,
        )
    return reaction


def missing_reactions(*, consultation: Consultation) -> list[Organisation]:
    """Councils whose current zienswijze has no reaction yet (or one to an older version)."""
    reacted = {
        (r.council_id, r.response_id) for r in Reaction.objects.filter(consultation=consultation)
    }
    return [
        response.council
        for response in CouncilResponse.objects.current()
        .filter(consultation=consultation, kind=ResponseKind.VIEW)
        .select_related("council")
        if (response.council_id, response.pk) not in reacted
    ]


@audit.refusals_recorded(AuditAction.CONSULTATION_REACTIONS_SUBMIT, obj="consultation")
def submit_reactions(
    *, consultation: Consultation, user: Any, ip: str | None = None
) -> Consultation:
    """After the term, the reactions go to the directieberaad: one for every zienswijze."""
    today = timezone.localdate()
    with transaction.atomic():
        consultation = _locked(consultation)
        if not policy.can_submit_reactions(user=user, consultation=consultation, today=today):
            _deny()
        missing = missing_reactions(consultation=consultation)
        if missing:
            raise ValidationError(
                _("Schrijf eerst een reactie op de zienswijze van %(names)s.")
                % {"names": ", ".join(c.name for c in missing)}
            )
        if not Reaction.objects.filter(consultation=consultation).exists():
            raise ValidationError(_("Er zijn geen zienswijzen om op te reageren."))
        consultation.reactions_submitted_at = timezone.now()
        consultation.save(update_fields=["reactions_submitted_at"])
        audit.record(AuditAction.CONSULTATION_REACTIONS_SUBMIT, actor=user, obj=consultation, ip=ip)
        required = [o.pk for o in policy.reaction_organisations(consultation=consultation)]
        notices.notify(
            consultation=consultation,
            kind=NoticeKind.REACTIONS,
            users=notices.members(organisation_ids=required, role=Role.BOARD),
            about=today,
            key=f"{consultation.reactions_submitted_at:%Y%m%d%H%M%S}",
        )
    return consultation


@audit.refusals_recorded(AuditAction.CONSULTATION_REACTIONS_APPROVE, obj="consultation")
def approve_reactions(
    *, consultation: Consultation, user: Any, ip: str | None = None
) -> Consultation:
    """A board member consents for their organisation(s); with every required organisation's
    consent the reactions are approved: every council sees them, and the appendix for the
    bestuur is made."""
    with transaction.atomic():
        consultation = _locked(consultation)
        organisations = policy.approving_organisations(user=user, consultation=consultation)
        submitted_at = consultation.reactions_submitted_at
        if not organisations or submitted_at is None:
            _deny()
        for org in organisations:
            ReactionApproval.objects.create(
                consultation=consultation,
                organisation=org,
                user=user,
                submitted_at=submitted_at,
            )
        done = set(
            ReactionApproval.objects.filter(
                consultation=consultation, submitted_at=submitted_at
            ).values_list("organisation_id", flat=True)
        )
        required = {o.pk for o in policy.reaction_organisations(consultation=consultation)}
        complete = required <= done
        if complete:
            consultation.reactions_approved_at = timezone.now()
            consultation.save(update_fields=["reactions_approved_at"])
            _queue_document(consultation=consultation, kind=DocumentKind.APPENDIX)
        audit.record(
            AuditAction.CONSULTATION_REACTIONS_APPROVE,
            actor=user,
            obj=consultation,
            ip=ip,
            organisations=",".join(o.slug for o in organisations),
            complete=complete,
        )
    return consultation


@audit.refusals_recorded(AuditAction.CONSULTATION_REACTIONS_SEND_BACK, obj="consultation")
def send_back_reactions(
    *, consultation: Consultation, user: Any, reason: str, ip: str | None = None
) -> Consultation:
    """A board member returns the submitted reactions to the coordinator, with a reason; the
    approvals given so far lapse (a new submission needs them again)."""
    reason = (reason or "").strip()
    with transaction.atomic():
        consultation = _locked(consultation)
        if not policy.may_send_back_reactions(user=user, consultation=consultation):
            _deny()
        if not reason:
            raise ValidationError(_("Geef aan wat er aan de reacties moet veranderen."))
        consultation.reactions_submitted_at = None
        consultation.save(update_fields=["reactions_submitted_at"])
        audit.record(
            AuditAction.CONSULTATION_REACTIONS_SEND_BACK,
            actor=user,
            obj=consultation,
            ip=ip,
            reason=reason,
        )
        notices.notify(
            consultation=consultation,
            kind=NoticeKind.REACTIONS,
            users=notices.coordinators(consultation=consultation),
            about=timezone.localdate(),
            key=f"terug:{timezone.now():%Y%m%d%H%M%S}",
        )
    return consultation


def gs_deadline(*, consultation: Consultation, decided_on: datetime.date) -> datetime.date:
    """When the adopted document must be with Gedeputeerde Staten (LegalTerms.gs_due: the
    Wgr's days after the decision or its fixed date, moved by the Atw)."""
    terms = LegalTerms.for_organisation(consultation.report.organisation_id)
    return terms.gs_due(kind=consultation.report.kind, decided_on=decided_on)


@audit.refusals_recorded(AuditAction.CONSULTATION_DECISION, obj="consultation")
def record_decision(
    *,
    consultation: Consultation,
    user: Any,
    decision: str,
    decision_date: datetime.date,
    note: str = "",
    ip: str | None = None,
) -> Consultation:
    """The coordinator records the bestuur's decision. Adopted (as it was or amended): each
    council gets its letter on how its zienswijze was handled, and the dispatch to
    Gedeputeerde Staten gets its deadline. Deferred: it can be recorded again later."""
    note = (note or "").strip()
    today = timezone.localdate()
    with transaction.atomic():
        consultation = _locked(consultation)
        if not policy.can_record_decision(user=user, consultation=consultation, today=today):
            _deny()
        if decision not in Decision.values:
            raise ValidationError(_("Kies het besluit van het bestuur."))
        if decision_date > today:
            raise ValidationError(_("De vergaderdatum ligt in de toekomst."))
        # The order the law prescribes (Wgr art. 35): the councils' term first, then the
        # directieberaad's reactions, then the bestuur; a meeting date before either is not
        # this decision, whenever it is recorded.
        if decision_date <= consultation.term_end:
            raise ValidationError(
                _(
                    "Het bestuur kan pas besluiten na het einde van de zienswijzetermijn: tot "
                    "en met %(day)s konden de raden hun zienswijze geven. Vul de datum van de "
                    "vergadering in."
                )
                % {"day": f"{consultation.term_end:%d-%m-%Y}"}
            )
        if consultation.reactions_approved_at:
            approved_on = timezone.localdate(consultation.reactions_approved_at)
            if decision_date < approved_on:
                raise ValidationError(
                    _(
                        "Het directieberaad keurde de reacties op %(day)s goed; het bestuur "
                        "besluit daarna, met die reacties. Vul de datum van de vergadering in."
                    )
                    % {"day": f"{approved_on:%d-%m-%Y}"}
                )
        if decision == Decision.AMENDED and not note:
            raise ValidationError(_("Beschrijf wat het bestuur heeft gewijzigd."))
        consultation.decision = decision
        consultation.decision_date = decision_date
        consultation.decision_note = note
        consultation.decision_recorded_by = user
        consultation.gs_due = (
            gs_deadline(consultation=consultation, decided_on=decision_date)
            if consultation.adopted
            else None
        )
        consultation.save(
            update_fields=[
                "decision",
                "decision_date",
                "decision_note",
                "decision_recorded_by",
                "gs_due",
            ]
        )
        audit.record(
            AuditAction.CONSULTATION_DECISION,
            actor=user,
            obj=consultation,
            ip=ip,
            decision=decision,
            decision_date=decision_date.isoformat(),
        )
        if consultation.adopted:
            for council in consultation.report.recipients.all():
                _queue_document(
                    consultation=consultation, kind=DocumentKind.LETTER, council=council
                )
                notices.notify(
                    consultation=consultation,
                    kind=NoticeKind.DECISION,
                    users=notices.clerks(council_ids=[council.pk]),
                    about=decision_date,
                    council=council,
                )
    return consultation


@audit.refusals_recorded(AuditAction.CONSULTATION_GS, obj="consultation")
def record_gs_dispatch(
    *, consultation: Consultation, user: Any, sent_on: datetime.date, ip: str | None = None
) -> Consultation:
    """The coordinator records that the adopted document went to Gedeputeerde Staten."""
    with transaction.atomic():
        consultation = _locked(consultation)
        if not policy.can_record_gs(user=user, consultation=consultation):
            _deny()
        if sent_on > timezone.localdate():
            raise ValidationError(_("De verzenddatum ligt in de toekomst."))
        if consultation.decision_date and sent_on < consultation.decision_date:
            raise ValidationError(
                _("De verzending ligt vóór het besluit van het bestuur (%(day)s).")
                % {"day": f"{consultation.decision_date:%d-%m-%Y}"}
            )
        consultation.gs_sent_on = sent_on
        consultation.gs_recorded_by = user
        consultation.save(update_fields=["gs_sent_on", "gs_recorded_by"])
        audit.record(
            AuditAction.CONSULTATION_GS,
            actor=user,
            obj=consultation,
            ip=ip,
            sent_on=sent_on.isoformat(),
            late=bool(consultation.gs_due and sent_on > consultation.gs_due),
        )
    return consultation


@audit.refusals_recorded(AuditAction.PDF_RERENDER, obj="consultation")
def remake_document(
    *,
    consultation: Consultation,
    document: ConsultationDocument,
    user: Any,
    ip: str | None = None,
) -> ConsultationDocument:
    """ "Opnieuw maken" of the appendix or a letter that failed (or got stuck): queued with
    its attempts anew. A ready document is never replaced (it went to the bestuur or a
    council)."""
    with transaction.atomic():
        if not policy.can_remake_documents(user=user, consultation=consultation):
            raise PermissionDenied(_("Alleen de coördinator kan een document opnieuw laten maken."))
        document = ConsultationDocument.objects.select_for_update().get(
            pk=document.pk, consultation=consultation
        )
        if not documents.may_remake(document):
            raise ValidationError(
                _("Dit document is klaar of wordt nog gemaakt; het wordt niet opnieuw gemaakt.")
            )
        documents.remake(document)
        audit.record(
            AuditAction.PDF_RERENDER,
            actor=user,
            obj=consultation.report,
            ip=ip,
            document=f"{document.kind}:{document.council.slug if document.council else ''}",
        )
    return document
