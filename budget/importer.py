"""Checking an imported spreadsheet and working out what it would change.

``parse`` turns rows into budget changes (every problem becomes a RowError with row, column
and a Dutch message); ``plan`` compares them with what the report holds. Nothing here writes
to the database: ``services.import_budget`` does that, all or nothing.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duoplus.core.bounds import MAX_YEAR, MIN_YEAR, one_line, year_or_none
from programmes.models import Programme

from .formatting import describe_amount
from .models import AllocationKey, BudgetCategory, BudgetChange, Effect
from .selectors import key_for_year, key_versions
from .spreadsheet import COLUMNS, AmountError, parse_amount

GROUP_FIELDS = ("titel", "categorie", "programma", "toelichting", "verdeelsleutel")
YES = {"ja", "j", "yes", "y", "true", "waar", "1"}
NO = {"nee", "n", "no", "false", "onwaar", "0", ""}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        if self.column:
            return _("Rij %(row)s, kolom %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Rij %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class ParsedAmount:
    year: int
    amount: Decimal | None
    effect: str
    recurring: bool
    row: int

    def values(self):
        return (self.amount, self.effect, self.recurring)


@dataclass
class ParsedChange:
    code: str
    row: int
    title: str = ""
    category: BudgetCategory | None = None
    programme: Programme | None = None
    explanation: str = ""
    allocation_key: AllocationKey | None = None
    key_given: bool = False
    amounts: dict = field(default_factory=dict)  # year -> ParsedAmount


class Action:
    NEW = "nieuw"
    CHANGED = "gewijzigd"
    UNCHANGED = "ongewijzigd"
    REMOVED = "verwijderd"
    KEPT = "niet in bestand"


ACTION_LABELS = {
    Action.NEW: gettext_lazy("nieuw"),
    Action.CHANGED: gettext_lazy("gewijzigd"),
    Action.UNCHANGED: gettext_lazy("ongewijzigd"),
    Action.REMOVED: gettext_lazy("wordt verwijderd"),
    Action.KEPT: gettext_lazy("niet in het bestand, blijft staan"),
}


@dataclass
class PlannedChange:
    code: str
    title: str
    action: str
    details: list = field(default_factory=list)
    parsed: ParsedChange | None = None
    existing: BudgetChange | None = None

    @property
    def label(self):
        return ACTION_LABELS[self.action]


class _Lookup:
    """Categories, programmes and allocation keys by the names people type."""

    def __init__(self, report):
        self.report = report
        self.categories: dict[str, BudgetCategory] = {}
        self.category_list = list(BudgetCategory.objects.all())
        for category in self.category_list:
            for name in (category.name, category.code, f"{category.code} {category.name}"):
                if name.strip():
                    self.categories.setdefault(name.strip().lower(), category)
        self.programmes: dict[str, Programme] = {}
        for programme in Programme.objects.filter(organisation=report.organisation_id):
            self.programmes.setdefault(programme.name.lower(), programme)
            self.programmes.setdefault(programme.slug.lower(), programme)
        self.versions = key_versions()
        self.keys = {name.lower(): keys for name, keys in self.versions.items()}

    def category_names(self):
        return ", ".join(c.name for c in self.category_list)

    def key(self, name):
        """The version of the key called ``name`` valid in the report's year, or None."""
        keys = self.keys.get(name.lower())
        if not keys:
            return None
        return key_for_year(self.versions, keys[0], self.report.year)

    def default_key(self):
        """The key for a new line without one: the one marked default, or the only one."""
        defaults = {k.name for keys in self.versions.values() for k in keys if k.is_default}
        if len(defaults) == 1:
            return self.key(defaults.pop()), None
        if not self.versions:
            return None, None  # no keys at all: the line is not passed on
        if len(self.versions) == 1:
            return self.key(next(iter(self.versions))), None
        return None, _(
            "Vul de kolom verdeelsleutel in: er is geen standaardsleutel. Bekende sleutels: "
            "%(names)s."
        ) % {"names": ", ".join(self.versions)}


def _required_columns_error(header):
    missing = [c for c in COLUMNS if c not in header]
    if not missing:
        return None
    return RowError(
        1,
        "",
        _("De kolom(men) %(missing)s ontbreken. De eerste rij moet deze kolommen hebben: %(all)s.")
        % {"missing": ", ".join(missing), "all": ";".join(COLUMNS)},
    )


def _text(record, column):
    value = record.get(column, "")
    return value.strip() if isinstance(value, str) else str(value)


def parse(report, header, rows):
    """Rows → ({code: ParsedChange}, [RowError]). Every row is checked, not just the first
    bad one, so one upload shows every problem."""
    problem = _required_columns_error(header)
    if problem:
        return {}, [problem]
    if not rows:
        return {}, [RowError(2, "", _("Het bestand bevat geen regels onder de kopregel."))]
    lookup = _Lookup(report)
    errors: list[RowError] = []
    changes: dict[str, ParsedChange] = {}
    first_seen: dict[tuple[str, str], tuple[int, str]] = {}

    def error(row, column, message):
        errors.append(RowError(row, column, message))

    for number, record in rows:
        code = _text(record, "code")
        if not code:
            error(number, "code", _("Vul de code van de begrotingswijziging in, bijv. 7.1.2.3."))
            continue
        if len(code) > 30:
            error(number, "code", _("De code is langer dan 30 tekens."))
            continue
        if one_line(code) != code:
            error(number, "code", _("Een code staat op één regel, zonder tabs of regeleinden."))
            continue
        change = changes.setdefault(code, ParsedChange(code=code, row=number))

        # Fields of the change: the first row that fills one sets it; others must agree.
        for column in GROUP_FIELDS:
            value = _text(record, column)
            if not value:
                continue
            seen = first_seen.setdefault((code, column), (number, value))
            if seen[1] != value:
                error(
                    number,
                    column,
                    _("Wijkt af van rij %(row)s met dezelfde code (“%(value)s”).")
                    % {"row": seen[0], "value": seen[1][:60]},
                )
                continue
            if seen[0] != number:
                continue
            if column in ("titel", "categorie", "programma", "verdeelsleutel") and (
                one_line(value) != value
            ):
                error(number, column, _("Dit staat op één regel, zonder tabs of regeleinden."))
                continue
            if column == "titel":
                if len(value) > 250:
                    error(number, column, _("De titel is langer dan 250 tekens."))
                change.title = value[:250]
            elif column == "categorie":
                change.category = lookup.categories.get(value.lower())
                if change.category is None:
                    error(
                        number,
                        column,
                        _("Onbekende categorie “%(value)s”. Kies uit: %(names)s.")
                        % {"value": value[:60], "names": lookup.category_names()},
                    )
            elif column == "programma":
                change.programme = lookup.programmes.get(value.lower())
                if change.programme is None:
                    error(
                        number,
                        column,
                        _("Onbekend programma “%(value)s” bij %(org)s.")
                        % {"value": value[:60], "org": report.organisation.name},
                    )
            elif column == "toelichting":
                change.explanation = value
            elif column == "verdeelsleutel":
                change.key_given = True
                change.allocation_key = lookup.key(value)
                if change.allocation_key is None:
                    error(
                        number,
                        column,
                        _("Onbekende verdeelsleutel “%(value)s”.") % {"value": value[:60]},
                    )

        amount = _parse_amount_row(number, record, error)
        if amount is not None:
            if amount.year in change.amounts:
                error(
                    number,
                    "jaar",
                    _("Het jaar %(year)s staat al in rij %(row)s voor code %(code)s.")
                    % {"year": amount.year, "row": change.amounts[amount.year].row, "code": code},
                )
            else:
                change.amounts[amount.year] = amount

    for code, change in changes.items():
        if not change.title:
            error(change.row, "titel", _("Vul de titel in (bij %(code)s).") % {"code": code})
        if change.category is None and not first_seen.get((code, "categorie")):
            error(
                change.row,
                "categorie",
                _("Vul de categorie in. Kies uit: %(names)s.") % {"names": lookup.category_names()},
            )
    existing = {
        c.code: c
        for c in BudgetChange.objects.filter(report=report, code__in=changes).select_related(
            "allocation_key"
        )
    }
    for code, change in changes.items():
        if change.key_given:
            continue
        if code in existing:
            change.allocation_key = existing[code].allocation_key
        else:
            change.allocation_key, problem = lookup.default_key()
            if problem:
                error(change.row, "verdeelsleutel", problem)
    return changes, errors


def _parse_amount_row(number, record, error):
    ok = True
    raw_year = record.get("jaar", "")
    year = year_or_none(raw_year)
    if year is None:
        error(
            number,
            "jaar",
            _("“%(value)s” is geen jaartal (tussen %(min)s en %(max)s).")
            % {"value": str(raw_year).strip()[:20], "min": MIN_YEAR, "max": MAX_YEAR},
        )
        ok = False
    try:
        amount = parse_amount(record.get("bedrag", ""))
    except AmountError as exc:
        error(number, "bedrag", str(exc))
        ok = False
    effect = _text(record, "soort").lower()
    if effect not in Effect.values:
        error(
            number,
            "soort",
            _("Vul nadeel (een last) of voordeel (een baat) in, niet “%(value)s”.")
            % {"value": effect[:30]},
        )
        ok = False
    recurring_text = _text(record, "meerjarig").lower()
    if recurring_text not in YES | NO:
        error(
            number,
            "meerjarig",
            _("Vul ja of nee in, niet “%(value)s”.") % {"value": recurring_text[:30]},
        )
        ok = False
    if not ok or year is None:
        return None
    return ParsedAmount(
        year=year, amount=amount, effect=effect, recurring=recurring_text in YES, row=number
    )


def _amount_text(values, year):
    amount, effect, recurring = values
    return describe_amount(amount, effect, recurring, year)


def _differences(existing, parsed):
    details = []
    if existing.title != parsed.title:
        details.append(
            _("titel: “%(old)s” → “%(new)s”") % {"old": existing.title, "new": parsed.title}
        )
    if existing.category_id != parsed.category.pk:
        details.append(
            _("categorie: %(old)s → %(new)s")
            % {"old": existing.category.name, "new": parsed.category.name}
        )
    if existing.programme_id != (parsed.programme.pk if parsed.programme else None):
        details.append(
            _("programma: %(old)s → %(new)s")
            % {
                "old": existing.programme.name if existing.programme else "–",
                "new": parsed.programme.name if parsed.programme else "–",
            }
        )
    if existing.explanation.strip() != parsed.explanation.strip():
        details.append(_("toelichting gewijzigd"))
    if existing.allocation_key_id != (parsed.allocation_key.pk if parsed.allocation_key else None):
        details.append(
            _("verdeelsleutel: %(old)s → %(new)s")
            % {
                "old": existing.allocation_key or "–",
                "new": parsed.allocation_key or "–",
            }
        )
    old = {a.year: (a.amount, a.effect, a.recurring) for a in existing.amounts.all()}
    new = {year: a.values() for year, a in parsed.amounts.items()}
    for year in sorted(old.keys() | new.keys()):
        if year not in new:
            details.append(_("vervalt: %(old)s") % {"old": _amount_text(old[year], year)})
        elif year not in old:
            details.append(_("erbij: %(new)s") % {"new": _amount_text(new[year], year)})
        elif old[year] != new[year]:
            details.append(
                _("%(old)s → %(new)s")
                % {
                    "old": _amount_text(old[year], year),
                    "new": _amount_text(new[year], year),
                }
            )
    return details


def plan(report, changes, remove_missing=False):
    """What importing ``changes`` into ``report`` would do, one PlannedChange per code."""
    existing = {
        c.code: c
        for c in BudgetChange.objects.filter(report=report)
        .select_related("category", "programme", "allocation_key")
        .prefetch_related("amounts")
    }
    planned = []
    for code, parsed in sorted(changes.items(), key=lambda item: _code_key(item[0])):
        current = existing.get(code)
        if current is None:
            details = [_amount_text(a.values(), y) for y, a in sorted(parsed.amounts.items())]
            planned.append(PlannedChange(code, parsed.title, Action.NEW, details, parsed))
            continue
        details = _differences(current, parsed)
        action = Action.CHANGED if details else Action.UNCHANGED
        planned.append(PlannedChange(code, parsed.title, action, details, parsed, current))
    for code, current in sorted(existing.items(), key=lambda item: _code_key(item[0])):
        if code not in changes:
            action = Action.REMOVED if remove_missing else Action.KEPT
            planned.append(PlannedChange(code, current.title, action, [], None, current))
    return planned


def _code_key(code):
    """Sort "7.1.2.10" after "7.1.2.9"."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in code.split(".")]
