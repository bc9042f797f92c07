from decimal import Decimal

import pytest

from budget.allocation import AllocationError, allocate, validate_percentages
from budget.models import (
    AllocationKey,
    AllocationShare,
    BudgetCategory,
    BudgetChange,
    BudgetChangeAmount,
)
from budget.selectors import budget_table
from budget.templatetags.budget import budget_cell, budget_total
from duoplus.core.templatetags.core import euro

D = Decimal


def test_allocation_adds_up_to_the_cent():
    parts = allocate(D("8000.00"), [("a", D("40.5")), ("b", D("22.25")), ("c", D("37.25"))])
    assert parts == {"a": D("3240.00"), "b": D("1780.00"), "c": D("2980.00")}
    thirds = allocate(D("100.00"), [("a", D("33.3333")), ("b", D("33.3333")), ("c", D("33.3334"))])
    assert sum(thirds.values()) == D("100.00")
    assert sorted(thirds.values()) == [D("33.33"), D("33.33"), D("33.34")]


def test_allocation_of_a_saving_mirrors_the_cost():
    shares = [("a", D("33.3333")), ("b", D("33.3333")), ("c", D("33.3334"))]
    cost, saving = allocate(D("0.02"), shares), allocate(D("-0.02"), shares)
    assert {k: -v for k, v in saving.items()} == cost
    assert sum(saving.values()) == D("-0.02")


def test_shares_must_add_up_to_100():
    with pytest.raises(AllocationError, match="99"):
        validate_percentages([D("50"), D("49")])
    with pytest.raises(AllocationError):
        allocate(D("1.005"), [("a", D("100"))])


@pytest.mark.parametrize(
    "value,text",
    [(D("32000"), "€ 32.000"), (D("8000.50"), "€ 8.000,50"), (D("-45000"), "€ -45.000")],
)
def test_dutch_money(value, text):
    assert euro(value) == text


@pytest.mark.django_db
def test_budget_table_per_year_with_recurring_pm_and_council_share(world):
    category = BudgetCategory.objects.create(code="7.1.2", name="Autonome ontwikkelingen")
    key = AllocationKey.objects.create(name="Bedrijfsvoering", valid_from_year=2024)
    AllocationShare.objects.create(key=key, organisation=world.noord, percentage=D("60"))
    AllocationShare.objects.create(key=key, organisation=world.zuid, percentage=D("40"))

    def change(code, amounts):
        c = BudgetChange.objects.create(
            report=world.report, code=code, title=code, category=category, allocation_key=key
        )
        for year, amount, effect, recurring in amounts:
            BudgetChangeAmount.objects.create(
                change=c, year=year, amount=amount, effect=effect, recurring=recurring
            )

    change(
        "7.1.2.3",
        [
            (2024, D("32000"), "nadeel", False),
            (2025, D("20000"), "nadeel", False),
            (2026, D("24000"), "nadeel", False),
        ],
    )
    change("7.1.2.4", [(2024, D("50000"), "nadeel", True)])
    change("7.1.3.2", [(2024, None, "nadeel", True)])
    change("7.1.3.9", [(2025, D("10000.01"), "voordeel", False)])

    table = budget_table(report=world.report, council=world.noord)
    assert table.years == [2024, 2025, 2026, 2027]
    rows = {line.change.code: [budget_cell(c) for c in line.cells] for line in table.lines}
    assert rows["7.1.2.3"] == ["€ 32.000 nadeel", "€ 20.000 nadeel", "€ 24.000 nadeel", "–"]
    assert rows["7.1.2.4"] == ["€ 50.000 nadeel"] * 4
    assert rows["7.1.3.2"] == ["pm"] * 4
    assert rows["7.1.3.9"] == ["–", "€ 10.000,01 voordeel", "–", "–"]
    totals = [budget_total(t) for t in table.totals]
    assert totals == [
        "€ 82.000 nadeel + pm",
        "€ 59.999,99 nadeel + pm",
        "€ 74.000 nadeel + pm",
        "€ 50.000 nadeel + pm",
    ]
    noord = {
        line.change.code: [budget_cell(c) for c in cells]
        for line, cells in table.council_table.rows
    }
    assert noord["7.1.2.3"] == ["€ 19.200 nadeel", "€ 12.000 nadeel", "€ 14.400 nadeel", "–"]
    assert noord["7.1.3.9"][1] == "€ 6.000,01 voordeel"
    zuid = budget_table(report=world.report, council=world.zuid)
    assert [
        c.amount
        for c in {line.change.code: cells for line, cells in zuid.council_table.rows}["7.1.3.9"]
    ][1] == D("-4000.00")


def test_compact_cells_for_tables():
    from budget.selectors import Cell, Total
    from budget.templatetags.budget import budget_cell_compact, budget_total_compact

    assert budget_cell_compact(Cell(amount=D("32000"))) == '32.000 <abbr title="nadeel">N</abbr>'
    assert budget_cell_compact(Cell(amount=D("-1498.5"))) == (
        '1.498,50 <abbr title="voordeel">V</abbr>'
    )
    assert budget_cell_compact(Cell(pm=True)) == "pm"
    assert budget_cell_compact(Cell()) == "–"
    assert budget_total_compact(Total(amount=D("0"), has_pm=True)) == "0 + pm"
