"""The legal deadlines of a planned round (Wgr art. 34, 34a, 34b, 35), from the executing
organisation's settings, and the warnings when its planned dates break them. Used by the
P&C calendar and the personal feeds; pure date arithmetic on the settings."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from reports.core.models import Purpose, ReportKind

from . import legal
from .models import LegalTerms


@dataclass(frozen=True)
class LegalDeadline:
    name: str  # stable, for the feed's event id
    label: str
    date: datetime.date
    basis: str
    moved_from: datetime.date | None = None  # the day the law names, when it is no working day


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


def _deadline(
    terms: LegalTerms, name: str, label: str, day: datetime.date, basis: str
) -> LegalDeadline:
    """The deadline on ``day``, or on the next working day when ``day`` is a Saturday,
    Sunday or holiday (Atw art. 1), with the rule said in its basis."""
    last = terms.last_day(day)
    if last == day:
        return LegalDeadline(name, label, day, basis)
    return LegalDeadline(
        name,
        label,
        last,
        _(
            "%(basis)s; %(day)s is geen werkdag: verlengd tot %(last)s "
            "(Algemene termijnenwet art. 1)"
        )
        % {"basis": basis, "day": _day(day), "last": _day(last)},
        moved_from=day,
    )


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
        named = legal.term_end(
            sent_on=dispatch_on, weeks=terms.consultation_weeks, extend_to_working_day=False
        )
        term = _deadline(terms, "term", _("Einde termijn zienswijzen"), named, _("Wgr art. 35"))
        add(term)
        end = term.date
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
            # "Vóór 15 april": the last day is the day before (or the next working day).
            deadline = _deadline(
                terms, "councils", label, councils - datetime.timedelta(days=1), _("Wgr art. 34b")
            )
            add(deadline)
            last = deadline.date
            if dispatch_on > last:
                warn(
                    _("De verzending aan de raden (%(on)s) is na %(last)s (Wgr art. 34b).")
                    % {"on": _day(dispatch_on), "last": _day(last)}
                )
    if kind in (ReportKind.BUDGET, ReportKind.ANNUAL):
        # A begroting before 1 August of the year before the one it is for; a jaarrekening
        # before 15 July of the year after the one it covers.
        year = period_start.year - 1 if kind == ReportKind.BUDGET else period_end.year + 1
        named_gs = terms.gs_fixed_date(kind=kind, year=year, extend=False)
        if named_gs is not None:
            label, basis, what = (
                (_("Begroting uiterlijk bij GS"), _("Wgr art. 34 lid 3"), _("de begroting"))
                if kind == ReportKind.BUDGET
                else (_("Jaarrekening uiterlijk bij GS"), _("Wgr art. 34a"), _("de jaarrekening"))
            )
            deadline = _deadline(terms, "gs", label, named_gs, basis)
            add(deadline)
            gs = deadline.date
            if bestuur is not None and bestuur > gs:
                warn(
                    _(
                        "Het bestuur besluit op %(bestuur)s, na %(gs)s: dan is %(what)s te "
                        "laat bij Gedeputeerde Staten."
                    )
                    % {"bestuur": _day(bestuur), "gs": _day(gs), "what": what}
                )
    return result
