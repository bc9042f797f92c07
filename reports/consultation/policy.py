"""Who may do what in the zienswijze procedure. The only place that decides it: services,
views, admin and templates ask here."""

import datetime
from typing import Any

from duoplus.core import roles
from duoplus.core.models import Organisation, Role
from reports.core.models import Purpose, Report, ReportStatus
from reports.review import policy as review_policy
from reports.writing.policy import is_coordinator

from .models import (
    Consultation,
    ConsultationDocument,
    CorrectionConsent,
    CouncilResponse,
    DocumentKind,
    ReactionApproval,
    ResponseKind,
)


def can_send(*, user: Any, report: Report) -> bool:
    """The coordinator sends an approved report ter zienswijze, once."""
    return (
        report.status == ReportStatus.APPROVED
        and report.purpose == Purpose.CONSULTATION
        and is_coordinator(user=user, report=report)
        and not Consultation.objects.filter(report=report).exists()
    )


def can_change_term(*, user: Any, consultation: Consultation, today: datetime.date) -> bool:
    """The coordinator extends a running term (with a reason)."""
    return consultation.is_open(today) and is_coordinator(user=user, report=consultation.report)


def own_councils(*, user: Any, report: Report) -> list[Organisation]:
    """The receiving councils on whose side ``user`` stands (member or griffie)."""
    mine = roles.council_organisation_ids(user)
    return [o for o in report.recipients.all() if o.pk in mine]


def can_view(*, user: Any, consultation: Consultation) -> bool:
    report = consultation.report
    return report.is_read_internally_by(user) or bool(own_councils(user=user, report=report))


def visible_council_ids(*, user: Any, consultation: Consultation) -> set[int] | None:
    """Whose answers ``user`` sees: None for all (internal readers, and on the council's
    side once the directieberaad has approved Duo+'s reactions: then every zienswijze and
    its reaction go with the draft to the bestuur, a public document); otherwise the ids of
    their own councils."""
    report = consultation.report
    if report.is_read_internally_by(user):
        return None
    own = {o.pk for o in own_councils(user=user, report=report)}
    if own and reactions_published(consultation=consultation):
        return None
    return own


def reactions_published(*, consultation: Consultation) -> bool:
    return consultation.reactions_approved_at is not None


def can_see_response(*, user: Any, response: CouncilResponse) -> bool:
    ids = visible_council_ids(user=user, consultation=response.consultation)
    return ids is None or response.council_id in ids


def is_clerk_of(*, user: Any, council: Organisation) -> bool:
    return roles.has_role(user, Role.CLERK, council.pk)


def open_consent(*, consultation: Consultation, council: Organisation) -> CorrectionConsent | None:
    """The coordinator's consent for this council that no version has used yet."""
    return (
        CorrectionConsent.objects.filter(consultation=consultation, council=council, used_by=None)
        .order_by("granted_at")
        .first()
    )


def can_respond(
    *, user: Any, consultation: Consultation, council: Organisation, today: datetime.date
) -> bool:
    """The griffie of a receiving council records its answer: the first one at any time
    until the reactions go to the directieberaad (after the term it is marked late); a
    correction until the term ends, after that only with the coordinator's unused consent."""
    if not is_clerk_of(user=user, council=council) or answers_closed(consultation=consultation):
        return False
    if not consultation.report.recipients.filter(pk=council.pk).exists():
        return False
    answered = CouncilResponse.objects.filter(consultation=consultation, council=council).exists()
    if not answered or consultation.is_open(today):
        return True
    return open_consent(consultation=consultation, council=council) is not None


def correction_needs_consent(
    *, user: Any, consultation: Consultation, council: Organisation, today: datetime.date
) -> bool:
    """The griffie answered, the term has passed and the answers are still open: a
    correction now needs the coordinator's consent (the page says so, instead of the button
    just not being there)."""
    return (
        is_clerk_of(user=user, council=council)
        and not answers_closed(consultation=consultation)
        and not consultation.is_open(today)
        and CouncilResponse.objects.filter(consultation=consultation, council=council).exists()
        and open_consent(consultation=consultation, council=council) is None
    )


def answers_closed(*, consultation: Consultation) -> bool:
    """Once the reactions have gone to the directieberaad (or the bestuur has decided), the
    answers are what the bestuur gets: no new answer or correction any more."""
    return consultation.reactions_submitted_at is not None or bool(consultation.decision)


def can_grant_consent(*, user: Any, consultation: Consultation, today: datetime.date) -> bool:
    """After the term, and until the reactions go to the directieberaad, only the
    coordinator lets a griffie correct its council's answer."""
    return (
        not consultation.is_open(today)
        and not answers_closed(consultation=consultation)
        and is_coordinator(user=user, report=consultation.report)
    )


def sees_reactions(*, user: Any, consultation: Consultation) -> bool:
    """Duo+'s reactions: internally while they are written; for the councils once approved."""
    return consultation.report.is_read_internally_by(user) or (
        reactions_published(consultation=consultation)
        and can_view(user=user, consultation=consultation)
    )


def term_over(*, consultation: Consultation, today: datetime.date) -> bool:
    return not consultation.is_open(today)


def can_write_reaction(*, user: Any, consultation: Consultation) -> bool:
    """The coordinator writes (and rewrites) Duo+'s reaction to a zienswijze until the
    reactions go to the directieberaad."""
    return consultation.reactions_submitted_at is None and is_coordinator(
        user=user, report=consultation.report
    )


def can_submit_reactions(*, user: Any, consultation: Consultation, today: datetime.date) -> bool:
    """After the term (every answer is in or will not come), the coordinator submits the
    reactions to the directieberaad."""
    return (
        term_over(consultation=consultation, today=today)
        and consultation.reactions_submitted_at is None
        and is_coordinator(user=user, report=consultation.report)
    )


def reaction_organisations(*, consultation: Consultation) -> list[Organisation]:
    """Whose consent the reactions need: the same organisations as the report's."""
    return list(review_policy.required_organisations(report=consultation.report))


def approving_organisations(*, user: Any, consultation: Consultation) -> list[Organisation]:
    """The organisations on whose behalf ``user`` may still approve the submitted reactions."""
    if consultation.reactions_submitted_at is None or consultation.reactions_approved_at:
        return []
    mine = roles.organisation_ids(user, Role.BOARD)
    done = set(
        ReactionApproval.objects.filter(
            consultation=consultation, submitted_at=consultation.reactions_submitted_at
        ).values_list("organisation_id", flat=True)
    )
    return [
        org
        for org in reaction_organisations(consultation=consultation)
        if org.pk in mine and org.pk not in done
    ]


def can_review_reactions(*, user: Any, consultation: Consultation) -> bool:
    return bool(approving_organisations(user=user, consultation=consultation))


def may_send_back_reactions(*, user: Any, consultation: Consultation) -> bool:
    """Any required board member may return submitted reactions (even after approving)."""
    if consultation.reactions_submitted_at is None or consultation.reactions_approved_at:
        return False
    mine = roles.organisation_ids(user, Role.BOARD)
    return any(org.pk in mine for org in reaction_organisations(consultation=consultation))


def decision_ready(*, consultation: Consultation, today: datetime.date) -> bool:
    """The bestuur can decide with every zienswijze and its approved reaction: after the
    term, and once the directieberaad approved the reactions (if there were zienswijzen)."""
    if not term_over(consultation=consultation, today=today):
        return False
    if consultation.reactions_approved_at:
        return True
    return (
        not CouncilResponse.objects.current()
        .filter(consultation=consultation, kind=ResponseKind.VIEW)
        .exists()
    )


def can_record_decision(*, user: Any, consultation: Consultation, today: datetime.date) -> bool:
    """The coordinator records the bestuur's decision once (aangehouden: again later)."""
    return (
        consultation.decision in ("", "deferred")
        and decision_ready(consultation=consultation, today=today)
        and is_coordinator(user=user, report=consultation.report)
    )


def can_record_gs(*, user: Any, consultation: Consultation) -> bool:
    """After adoption, the coordinator records the dispatch to Gedeputeerde Staten."""
    return (
        consultation.adopted
        and consultation.gs_sent_on is None
        and is_coordinator(user=user, report=consultation.report)
    )


def can_download_document(*, user: Any, document: ConsultationDocument) -> bool:
    """The appendix: whoever sees the reactions. A letter: internal readers and the
    council it is addressed to (members and griffie)."""
    consultation = document.consultation
    if not document.ready:
        return False
    if document.kind == DocumentKind.APPENDIX:
        return sees_reactions(user=user, consultation=consultation)
    if consultation.report.is_read_internally_by(user):
        return True
    return document.council_id in roles.council_organisation_ids(user)


def can_remake_documents(*, user: Any, consultation: Consultation) -> bool:
    """The coordinator sees how the procedure's documents are made and has one that failed
    (or got stuck) made again."""
    return is_coordinator(user=user, report=consultation.report)
