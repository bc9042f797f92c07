"""Who may do what in the zienswijze procedure. The only place that decides it: services,
views, admin and templates ask here."""

import datetime
from typing import Any

from duoplus.core import roles
from duoplus.core.models import Organisation, Role
from reports.writing.models import Purpose, Report, ReportStatus
from reports.writing.policy import is_coordinator

from .models import Consultation, CorrectionConsent, CouncilResponse


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


def is_internal_reader(*, user: Any, report: Report) -> bool:
    """Staff and board of the executing or a receiving organisation: they see every answer."""
    internal = roles.internal_organisation_ids(user)
    return report.organisation_id in internal or any(
        o.pk in internal for o in report.recipients.all()
    )


def own_councils(*, user: Any, report: Report) -> list[Organisation]:
    """The receiving councils on whose side ``user`` stands (member or griffie)."""
    mine = roles.council_organisation_ids(user)
    return [o for o in report.recipients.all() if o.pk in mine]


def can_view(*, user: Any, consultation: Consultation) -> bool:
    report = consultation.report
    return is_internal_reader(user=user, report=report) or bool(
        own_councils(user=user, report=report)
    )


def visible_council_ids(*, user: Any, consultation: Consultation) -> set[int] | None:
    """Whose answers ``user`` sees: None for all (internal readers); otherwise the ids of
    their own councils. (Other councils' answers become visible to a council once Duo+'s
    reactions are published: not built yet.)"""
    report = consultation.report
    if is_internal_reader(user=user, report=report):
        return None
    return {o.pk for o in own_councils(user=user, report=report)}


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
    (after the term it is marked late); a correction until the term ends, after that only
    with the coordinator's unused consent."""
    if not is_clerk_of(user=user, council=council):
        return False
    if not consultation.report.recipients.filter(pk=council.pk).exists():
        return False
    answered = CouncilResponse.objects.filter(consultation=consultation, council=council).exists()
    if not answered or consultation.is_open(today):
        return True
    return open_consent(consultation=consultation, council=council) is not None


def can_grant_consent(*, user: Any, consultation: Consultation, today: datetime.date) -> bool:
    """After the term, only the coordinator lets a griffie correct its council's answer."""
    return not consultation.is_open(today) and is_coordinator(user=user, report=consultation.report)
