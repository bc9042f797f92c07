"""Reads of budget data: the budget-change tables of a report, for page and PDF alike."""

from dataclasses import dataclass, field
from decimal import Decimal

from .allocation import allocate
from .models import BudgetChange

ZERO = Decimal("0.00")


@dataclass
class Cell:
    """One year of one line: an amount (signed: cost positive) or pm."""

    amount: Decimal | None = None
    pm: bool = False
    recurring_from_earlier: bool = False

    @property
    def empty(self):
        return self.amount is None and not self.pm


@dataclass
class Total:
    amount: Decimal = ZERO
    has_pm: bool = False

    def add(self, cell):
        if cell.pm:
            self.has_pm = True
        elif cell.amount is not None:
            self.amount += cell.amount


@dataclass
class Line:
    change: BudgetChange
    cells: list
    shares: dict = field(default_factory=dict)  # organisation id -> list of Cells


@dataclass
class BudgetTable:
    years: list
    lines: list
    totals: list
    council: object = None
    council_totals: list = field(default_factory=list)

    @property
    def council_lines(self):
        if self.council is None:
            return []
        return [(line, line.shares.get(self.council.pk, [])) for line in self.lines]


def _cells(change, years):
    by_year = {a.year: a for a in change.amounts.all()}
    cells, carried = [], None
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


def budget_table(report, council=None, horizon=4):
    """The budget changes of ``report``: one column per year, totals, and (if ``council``
    is given) that organisation's share of each line under the line's allocation key."""
    changes = list(
        BudgetChange.objects.filter(report=report)
        .select_related("category", "programme", "allocation_key")
        .prefetch_related("amounts", "allocation_key__shares")
        .order_by("code")
    )
    if not changes:
        return None
    amounts = [a for c in changes for a in c.amounts.all()]
    first = min((a.year for a in amounts), default=report.year)
    last = max((a.year for a in amounts), default=report.year)
    if any(a.recurring for a in amounts):
        # A recurring amount holds for every later year of the budget horizon.
        last = max(last, first + horizon - 1)
    years = list(range(first, last + 1))
    lines, totals = [], [Total() for _ in years]
    council_totals = [Total() for _ in years]
    for change in changes:
        cells = _cells(change, years)
        line = Line(change=change, cells=cells)
        for total, cell in zip(totals, cells, strict=True):
            total.add(cell)
        if change.allocation_key is not None:
            shares = [(s.organisation_id, s.percentage) for s in change.allocation_key.shares.all()]
            for org_id, _ in shares:
                line.shares[org_id] = []
            for cell in cells:
                parts = allocate(cell.amount, shares) if cell.amount is not None else {}
                for org_id, _ in shares:
                    line.shares[org_id].append(Cell(amount=parts.get(org_id), pm=cell.pm))
        if council is not None:
            for total, cell in zip(council_totals, line.shares.get(council.pk, []), strict=False):
                total.add(cell)
        lines.append(line)
    return BudgetTable(
        years=years, lines=lines, totals=totals, council=council, council_totals=council_totals
    )
