"""Dutch formatting: money as "€ 32.000" / "€ 8.000,50", pm, budget cells."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from duoplus.richtext import render as render_richtext

register = template.Library()


def format_euro(value):
    if value is None:
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    text = number_format(abs(value), decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"€ {'-' if value < 0 else ''}{text}"


@register.filter
def euro(value):
    """``32000`` → ``€ 32.000``, ``8000.5`` → ``€ 8.000,50``."""
    return format_euro(value)


def _signed_text(amount):
    if amount < 0:
        return f"{format_euro(-amount)} {_('voordeel')}"
    if amount == 0:
        return format_euro(0)
    return f"{format_euro(amount)} {_('nadeel')}"


def _number(amount):
    return number_format(
        abs(amount),
        decimal_pos=0 if amount == amount.to_integral_value() else 2,
        use_l10n=True,
        force_grouping=True,
    )


def _compact(amount):
    """``32.000 N`` / ``5.000 V`` with the abbreviation explained (tables, where "€" and
    the full words would not fit on a phone)."""
    if amount == 0:
        return "0"
    if amount < 0:
        return format_html('{} <abbr title="{}">V</abbr>', _number(amount), _("voordeel"))
    return format_html('{} <abbr title="{}">N</abbr>', _number(amount), _("nadeel"))


def compact_text(amount):
    """The same as plain text, for places without markup (chart labels)."""
    if amount == 0:
        return "0"
    return f"{_number(amount)} {'V' if amount < 0 else 'N'}"


def total_compact_text(total):
    """A total as "32.000 N", "5.000 V + pm"."""
    return str(_total(total, compact_text))


def _cell(cell, amount_format):
    """ "pm", the amount, or a dash when the line has nothing in that year."""
    if cell is None or cell.empty:
        return "–"
    if cell.pm:
        return _("pm")
    return amount_format(cell.amount)


def _total(total, amount_format):
    """A column total; a column with pm lines says so instead of counting them as 0."""
    text = amount_format(total.amount)
    if total.has_pm:
        return format_html("{} + {}", text, _("pm"))
    return text


@register.filter
def budget_cell(cell):
    """In words: "€ 32.000 nadeel", "pm" or "–"."""
    return _cell(cell, _signed_text)


@register.filter
def budget_total(total):
    return _total(total, _signed_text)


@register.filter
def budget_cell_compact(cell):
    """For tables: "32.000 N", "pm" or "–"."""
    return _cell(cell, _compact)


@register.filter
def budget_total_compact(total):
    return _total(total, _compact)


def describe_amount(value, effect, recurring, year):
    """An amount as people write it: "€ 32.000 nadeel (2024)", "€ 50.000 nadeel vanaf
    2024", "pm nadeel vanaf 2024"."""
    text = _("pm") if value is None else format_euro(value)
    when = _("vanaf %(year)s") % {"year": year} if recurring else f"({year})"
    return f"{text} {effect} {when}"


def amount_text(amount):
    """One BudgetChangeAmount in words."""
    return describe_amount(
        amount.amount, amount.get_effect_display(), amount.recurring, amount.year
    )


@register.filter
def budget_amounts(amounts):
    """All amounts of a budget change, joined: "€ 45.000 nadeel (2024), € 36.000 nadeel
    vanaf 2025"."""
    return ", ".join(amount_text(a) for a in amounts)


@register.filter
def budget_colspan(years, extra=2):
    return len(years) + int(extra)


@register.filter
def with_years(cells, years):
    """``{% for year, cell in line.cells|with_years:budget.years %}``: the year of each cell,
    for the labels of the stacked table on narrow screens."""
    return zip(years, cells, strict=False)


@register.filter
def richtext(text):
    """User-written text (Markdown subset) as sanitised HTML: see duoplus.richtext."""
    return render_richtext(text)


@register.simple_tag
def status_chart(chapters):
    """The programmes' statuses at a glance (reports.charts), from the numbered chapters."""
    from reports.charts import status_chart as chart

    return chart(chapter["entry"] for chapter in chapters)


@register.simple_tag
def budget_chart(budget, council=None):
    """The budget changes per year (budget.charts)."""
    from budget.charts import year_chart

    return year_chart(budget, council=council)
