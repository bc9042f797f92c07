"""Reads of the zienswijze procedure: the state per council, for the pages, the mails and
the overview alike."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from duoplus.core import roles
from duoplus.core.models import Organisation
from reports.core.models import Report, council_reports_condition, internal_reports_condition

from . import legal, policy
from .models import Consultation, CouncilResponse, Reaction, ResponseKind


def _reader_conditions(user: Any) -> tuple[Q | None, Q | None, set[int]]:
    """Over ``Consultation``-related rows: the internal reader's reports, the council side's
    reports (published to their council) and their councils; None where they have none."""
    internal = internal_reports_condition(user)
    council = council_reports_condition(user)
    inside = (
        Q(consultation__report__in=Report.objects.filter(internal).values("pk"))
        if internal is not None
        else None
    )
    outside = (
        Q(consultation__report__in=Report.objects.filter(council).values("pk"))
        if council is not None
        else None
    )
    return inside, outside, roles.council_organisation_ids(user)


def readable_responses(*, user: Any) -> QuerySet[CouncilResponse]:
    """The current zienswijzen ``user`` may read, across reports (policy.can_see_response
    in one query): internally all; on the council's side their own council's, and every
    council's once Duo+'s reactions are approved."""
    if not user.is_authenticated or not user.is_active:
        return CouncilResponse.objects.none()
    inside, outside, own = _reader_conditions(user)
    condition = Q(pk__in=[])
    if inside is not None:
        condition |= inside
    if outside is not None:
        condition |= outside & (
            Q(council_id__in=own) | Q(consultation__reactions_approved_at__isnull=False)
        )
    return CouncilResponse.objects.current().filter(condition)


def readable_reactions(*, user: Any) -> QuerySet[Reaction]:
    """Duo+'s reactions ``user`` may read (policy.sees_reactions): internally while they
    are written, on the council's side once the directieberaad approved them."""
    if not user.is_authenticated or not user.is_active:
        return Reaction.objects.none()
    inside, outside, _own = _reader_conditions(user)
    condition = Q(pk__in=[])
    if inside is not None:
        condition |= inside
    if outside is not None:
        condition |= outside & Q(consultation__reactions_approved_at__isnull=False)
    return Reaction.objects.filter(condition)


@dataclass
class CouncilState:
    council: Organisation
    response: CouncilResponse | None  # the current version, when there is one
    versions: int
    days_left: int  # calendar days to the end of the term (negative: passed)
    reaction: Reaction | None = None  # Duo+'s reaction, when written

    @property
    def reaction_current(self) -> bool:
        """The reaction answers the current version of the zienswijze."""
        return bool(
            self.reaction and self.response and self.reaction.response_id == self.response.pk
        )

    @property
    def state(self) -> str:
        if self.response is None:
            return "open" if self.days_left >= 0 else "missing"
        return "none" if self.response.kind == ResponseKind.NONE else "received"

    @property
    def _late(self) -> str:
        return " " + _("(na de termijn)") if self.response and self.response.late else ""

    @property
    def label(self) -> str:
        if self.state == "received":
            return _("Zienswijze ontvangen") + self._late
        if self.state == "none":
            return _("Geen zienswijze") + self._late
        if self.state == "missing":
            return _("Niet ontvangen – termijn verstreken")
        if self.days_left == 0:
            return _("Nog niet – vandaag de laatste dag")
        return ngettext(
            "Nog niet – nog %(days)d dag te gaan",
            "Nog niet – nog %(days)d dagen te gaan",
            self.days_left,
        ) % {"days": self.days_left}


def consultation_of(*, report: Report) -> Consultation | None:
    return Consultation.objects.filter(report=report).select_related("report", "sent_by").first()


def council_states(
    *, consultation: Consultation, today: datetime.date, council_ids: set[int] | None = None
) -> list[CouncilState]:
    """Per receiving council (or only ``council_ids``): its current answer and the days to
    go, and Duo+'s reaction. Three queries, however many councils and versions."""
    councils = list(consultation.report.recipients.all())
    if council_ids is not None:
        councils = [c for c in councils if c.pk in council_ids]
    responses: dict[int, list[CouncilResponse]] = {}
    for response in (
        CouncilResponse.objects.filter(consultation=consultation, council__in=councils)
        .select_related("recorded_by")
        .order_by("version")
    ):
        responses.setdefault(response.council_id, []).append(response)
    reactions = {
        r.council_id: r
        for r in Reaction.objects.filter(consultation=consultation, council__in=councils)
    }
    left = legal.days_left(end=consultation.term_end, today=today)
    return [
        CouncilState(
            council=c,
            response=responses[c.pk][-1] if responses.get(c.pk) else None,
            versions=len(responses.get(c.pk, [])),
            days_left=left,
            reaction=reactions.get(c.pk),
        )
        for c in councils
    ]


def answers_with_reactions(*, consultation: Consultation) -> list[CouncilState]:
    """Every council's answer and Duo+'s reaction, for the appendix and the letters."""
    return council_states(consultation=consultation, today=timezone.localdate())


def public_states(*, report: Report) -> list[CouncilState]:
    """Every council's zienswijze and Duo+'s reaction once they are public (the
    directieberaad approved the reactions: they go to the bestuur as a public document);
    empty before, or without a procedure."""
    consultation = consultation_of(report=report)
    if consultation is None or not policy.reactions_published(consultation=consultation):
        return []
    return answers_with_reactions(consultation=consultation)


def history(*, consultation: Consultation, council: Organisation) -> QuerySet[CouncilResponse]:
    return (
        CouncilResponse.objects.filter(consultation=consultation, council=council)
        .select_related("recorded_by", "consent__granted_by")
        .order_by("-version")
    )


def for_reader(
    *, user: Any, consultation: Consultation, today: datetime.date
) -> list[CouncilState]:
    """What ``user`` may see of the answers (policy.visible_council_ids)."""
    return council_states(
        consultation=consultation,
        today=today,
        council_ids=policy.visible_council_ids(user=user, consultation=consultation),
    )
