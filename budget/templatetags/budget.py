"""Budget tables in templates: cells and totals in words or compact, and the year chart."""

from django import template

from budget import formatting
from budget.charts import year_chart

register = template.Library()


@register.filter
def budget_cell(cell):
    """In words: "€ 32.000 nadeel", "pm" or "–"."""
    return formatting.cell(cell, formatting.signed_text)


@register.filter
def budget_total(total):
    return formatting.total(total, formatting.signed_text)


@register.filter
def budget_cell_compact(cell):
    """For tables: "32.000 N", "pm" or "–"."""
    return formatting.cell(cell, formatting.compact_html)


@register.filter
def budget_total_compact(total):
    return formatting.total(total, formatting.compact_html)


@register.filter
def budget_amounts(amounts):
    """All amounts of a budget change, joined: "€ 45.000 nadeel (2024), € 36.000 nadeel
    vanaf 2025"."""
    return ", ".join(formatting.amount_text(a) for a in amounts)


@register.filter
def budget_colspan(years, extra=2):
    return len(years) + int(extra)


@register.filter
def with_years(cells, years):
    """``{% for year, cell in line.cells|with_years:budget.years %}``: the year of each cell,
    for the labels of the stacked table on narrow screens."""
    return zip(years, cells, strict=False)


@register.simple_tag
def budget_chart(budget, council=None):
    """The budget changes per year (budget.charts)."""
    return year_chart(budget, council=council)
