"""The legal deadlines of a planned round (Wgr art. 34, 34a, 34b, 35), from the executing
organisation's settings, and the warnings when its planned dates break them. Used by the
P&C calendar and the personal feeds; pure date arithmetic on the settings."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from reports.core.models import Purpose, ReportKind

from .models import LegalTerms


@dataclass(frozen=True)
class LegalDeadline:
    name: str  # stable, for the feed's event id
    label: str
    date: datetime.date
    basis: str


@dataclass
class RoundDeadlines:
    deadlines: list[LegalDeadline] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _safe(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _day(value: datetime.date) -> str:
    return f"{value:%d-%m-%Y}"


def for_round(
    *,
    terms: LegalTerms,
    kind: str,
    purpose: str,
    period_start: datetime.date,
    period_end: datetime.date,
    dispatch_on: datetime.date,
    governing_board_meeting: datetime.date | None,
) -> RoundDeadlines:
    """What the law asks of a round with these dates, and where the plan breaks it."""
    result = RoundDeadlines()
    add, warn = result.deadlines.append, result.warnings.append
    bestuur = governing_board_meeting
    if purpose == Purpose.CONSULTATION and kind in terms.consulted_kinds():
        end = terms.term_end(dispatch_on)
        add(LegalDeadline("term", _("Einde termijn zienswijzen"), end, _("Wgr art. 35")))
        if bestuur is None:
            warn(
                _("Plan het bestuur na het einde van de zienswijzetermijn (%(end)s).")
                % {"end": _day(end)}
            )
        elif end >= bestuur:
            warn(
                _(
                    "De zienswijzetermijn loopt tot en met %(end)s: dat past niet vóór het "
                    "bestuur van %(bestuur)s. Verzend eerder of plan het bestuur later."
                )
                % {"end": _day(end), "bestuur": _day(bestuur)}
            )
    if kind in (ReportKind.FRAMEWORK, ReportKind.ANNUAL):
        year = period_start.year - 1 if kind == ReportKind.FRAMEWORK else period_end.year + 1
        councils = _safe(year, terms.framework_month, terms.framework_day)
        if councils is not None:
            label = (
                _("Kaderbrief uiterlijk naar de raden")
                if kind == ReportKind.FRAMEWORK
                else _("Voorlopige jaarrekening uiterlijk naar de raden")
            )
            # "Vóór 15 april": the last day is the day before.
            last = councils - datetime.timedelta(days=1)
            add(LegalDeadline("councils", label, last, _("Wgr art. 34b")))
            if dispatch_on > last:
                warn(
                    _("De verzending aan de raden (%(on)s) is na %(last)s (Wgr art. 34b).")
                    % {"on": _day(dispatch_on), "last": _day(last)}
                )
    if kind in (ReportKind.BUDGET, ReportKind.ANNUAL):
        # A begroting before 1 August of the year before the one it is for; a jaarrekening
        # before 15 July of the year after the one it covers.
        year = period_start.year - 1 if kind == ReportKind.BUDGET else period_end.year + 1
        gs = terms.gs_fixed_date(kind=kind, year=year)
        if gs is not None:
            label, basis, what = (
                (_("Begroting uiterlijk bij GS"), _("Wgr art. 34 lid 3"), _("de begroting"))
                if kind == ReportKind.BUDGET
                else (_("Jaarrekening uiterlijk bij GS"), _("Wgr art. 34a"), _("de jaarrekening"))
            )
            add(LegalDeadline("gs", label, gs, basis))
            if bestuur is not None and bestuur > gs:
                warn(
                    _(
                        "Het bestuur besluit op %(bestuur)s, na %(gs)s: dan is %(what)s te "
                        "laat bij Gedeputeerde Staten."
                    )
                    % {"bestuur": _day(bestuur), "gs": _day(gs), "what": what}
                )
    return result
