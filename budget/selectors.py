"""Reads of budget data: the budget-change tables of a report, for page, PDF and export alike.

``budget_table`` is the one place that turns budget lines into what people read: one column
per year, recurring amounts carried forward, pm kept apart from the totals, totals per
category and per year, each municipality's share under the allocation key valid in that year,
and the deviation list. The page, the PDF and the spreadsheet export all call it, so they
can never disagree.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings

from duoplus.core.models import Organisation
from reports.core.models import Report

from . import spreadsheet
from .allocation import allocate
from .models import AllocationKey, BudgetCategory, BudgetChange

ZERO = Decimal("0.00")
HORIZON = 4
"""Years shown from the first year on when a line is recurring (a multi-year budget)."""


@dataclass
class Cell:
    """One year of one line: an amount (signed: cost positive) or pm."""

    amount: Decimal | None = None
    pm: bool = False
    recurring_from_earlier: bool = False

    @property
    def empty(self) -> bool:
        return self.amount is None and not self.pm


@dataclass
class Total:
    amount: Decimal = ZERO
    has_pm: bool = False

    def add(self, cell: Cell) -> None:
        if cell.pm:
            self.has_pm = True
        elif cell.amount is not None:
            self.amount += cell.amount


def _totals(rows: Iterable[Sequence[Cell]], width: int) -> list[Total]:
    totals = [Total() for _ in range(width)]
    for cells in rows:
        for total, cell in zip(totals, cells, strict=True):
            total.add(cell)
    return totals


@dataclass
class Line:
    change: BudgetChange
    cells: list[Cell]
    shares: dict[int, list[Cell]] = field(default_factory=dict)  # organisation id -> Cells
    deviations: list[Any] = field(default_factory=list)  # BudgetChangeAmounts at/above threshold


@dataclass
class CategoryGroup:
    category: BudgetCategory
    lines: list[Line]
    totals: list[Total]


@dataclass
class MunicipalityTable:
    """ "Gevolgen voor de begroting van <gemeente>": its share of every line, per year."""

    organisation: Organisation
    rows: list[tuple[Line, list[Cell]]]  # cells are empty when the line has no key
    totals: list[Total]

    @property
    def has_unallocated(self) -> bool:
        return any(not line.shares for line, _ in self.rows)


@dataclass
class BudgetTable:
    years: list[int]
    lines: list[Line]
    totals: list[Total]
    categories: list[CategoryGroup]
    municipalities: list[MunicipalityTable]
    threshold: Decimal
    council: Organisation | None = None

    @property
    def deviations(self) -> list[Line]:
        return [line for line in self.lines if line.deviations]

    @property
    def council_table(self) -> MunicipalityTable | None:
        """The table of the council this document is made for (PDF), if any."""
        if self.council is None:
            return None
        return next((m for m in self.municipalities if m.organisation.pk == self.council.pk), None)


def _cells(change: BudgetChange, years: Sequence[int]) -> list[Cell]:
    by_year = {a.year: a for a in change.amounts.all()}
    cells: list[Cell] = []
    carried = None
    for year in years:
        amount = by_year.get(year)
        if amount is not None:
            cell = Cell(amount=amount.signed_amount, pm=amount.is_pm)
            carried = amount if amount.recurring else None
        elif carried is not None:
            cell = Cell(amount=carried.signed_amount, pm=carried.is_pm, recurring_from_earlier=True)
        else:
            cell = Cell()
        cells.append(cell)
    return cells


def key_versions() -> dict[str, list[AllocationKey]]:
    """All allocation keys with their shares, grouped by name, oldest version first."""
    versions: dict[str, list[AllocationKey]] = {}
    for key in AllocationKey.objects.prefetch_related("shares").order_by("name", "valid_from_year"):
        versions.setdefault(key.name, []).append(key)
    return versions


def key_for_year(
    versions: dict[str, list[AllocationKey]], key: AllocationKey, year: int
) -> AllocationKey:
    """The version of ``key`` (same name) valid in ``year``: the latest one whose valid-from
    year is not after it; ``key`` itself for years before every version."""
    chosen = key
    for candidate in versions.get(key.name, []):
        if candidate.valid_from_year <= year:
            chosen = candidate
    return chosen


def _shares(
    line: Line, years: Sequence[int], versions: dict[str, list[AllocationKey]]
) -> dict[int, list[Cell]]:
    """Each organisation's part of every cell of ``line``, in whole cents."""
    key = line.change.allocation_key
    if key is None:
        return {}
    shares: dict[int, list[Cell]] = {}
    for index, (year, cell) in enumerate(zip(years, line.cells, strict=True)):
        version = key_for_year(versions, key, year)
        percentages = [(s.organisation_id, s.percentage) for s in version.shares.all()]
        parts = allocate(cell.amount, percentages) if cell.amount is not None else {}
        for org_id, _ in percentages:
            row = shares.setdefault(org_id, [Cell() for _ in years])
            row[index] = Cell(amount=parts.get(org_id), pm=cell.pm)
    return shares


def budget_table(
    *,
    report: Report,
    council: Organisation | None = None,
    horizon: int = HORIZON,
    threshold: Decimal | None = None,
) -> BudgetTable | None:
    """The budget changes of ``report`` as read by people, or None when it has none.

    ``council``: the municipality a council document is made for; only its table is made.
    Otherwise a table is made for every receiving municipality of the report.
    """
    changes = list(
        BudgetChange.objects.filter(report=report)
        .select_related("category", "programme", "allocation_key")
        .prefetch_related("amounts")
        .order_by("category__order", "category__code", "code")
    )
    if not changes:
        return None
    if threshold is None:
        threshold = Decimal(settings.BUDGET_DEVIATION_THRESHOLD)
    amounts = [a for c in changes for a in c.amounts.all()]
    first = min((a.year for a in amounts), default=report.year)
    last = max((a.year for a in amounts), default=report.year)
    if any(a.recurring for a in amounts):
        # A recurring amount holds for every later year of the budget horizon.
        last = max(last, first + horizon - 1)
    years = list(range(first, last + 1))
    versions = key_versions()

    lines: list[Line] = []
    groups: dict[BudgetCategory, list[Line]] = {}
    for change in changes:
        line = Line(change=change, cells=_cells(change, years))
        line.shares = _shares(line, years, versions)
        line.deviations = [
            a for a in change.amounts.all() if a.amount is not None and a.amount >= threshold
        ]
        lines.append(line)
        groups.setdefault(change.category, []).append(line)

    width = len(years)
    categories = [
        CategoryGroup(category, group, _totals([line.cells for line in group], width))
        for category, group in groups.items()
    ]
    if council is not None:
        organisations = [council]
    else:
        organisations = list(report.recipients.order_by("order", "name"))
    municipalities = []
    for organisation in organisations:
        rows = [(line, line.shares.get(organisation.pk, [Cell() for _ in years])) for line in lines]
        municipalities.append(
            MunicipalityTable(organisation, rows, _totals([cells for _, cells in rows], width))
        )
    return BudgetTable(
        years=years,
        lines=lines,
        totals=_totals([line.cells for line in lines], width),
        categories=categories,
        municipalities=municipalities,
        threshold=threshold,
        council=council,
    )


def export_data(*, report: Report, council: Organisation | None = None) -> dict[str, Any]:
    """What the spreadsheet export of ``report`` holds, from the current data: every line in
    the import's columns and the municipalities' shares (only ``council``'s when given).
    Frozen from submission on (review.freeze); review.selectors.report_export chooses."""
    changes = (
        BudgetChange.objects.filter(report=report)
        .select_related("category", "programme", "allocation_key")
        .prefetch_related("amounts")
        .order_by("category__order", "category__code", "code")
    )
    return spreadsheet.export_data(changes, budget_table(report=report, council=council))
