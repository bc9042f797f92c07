"""Reads of the zienswijze procedure: the state per council, for the pages, the mails and
the overview alike."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from duoplus.core.models import Organisation
from reports.writing.models import Report

from . import legal, policy
from .models import Consultation, CouncilResponse, Reaction, ResponseKind


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
