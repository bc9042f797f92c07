"""Budget amounts in words and in compact table form: "€ 32.000 nadeel", "32.000 N", "pm"."""

from decimal import Decimal

from django.utils.html import format_html
from django.utils.translation import gettext as _

from duoplus.core.formatting import format_euro, format_number


def signed_text(amount: Decimal) -> str:
    if amount < 0:
        return f"{format_euro(-amount)} {_('voordeel')}"
    if amount == 0:
        return format_euro(0)
    return f"{format_euro(amount)} {_('nadeel')}"


def compact_html(amount: Decimal) -> str:
    """``32.000 N`` / ``5.000 V`` with the abbreviation explained (tables, where "€" and
    the full words would not fit on a phone)."""
    if amount == 0:
        return "0"
    if amount < 0:
        return format_html('{} <abbr title="{}">V</abbr>', format_number(amount), _("voordeel"))
    return format_html('{} <abbr title="{}">N</abbr>', format_number(amount), _("nadeel"))


def compact_text(amount: Decimal) -> str:
    """The same as plain text, for places without markup (chart labels)."""
    if amount == 0:
        return "0"
    return f"{format_number(amount)} {'V' if amount < 0 else 'N'}"


def cell(cell, amount_format) -> str:
    """ "pm", the amount, or a dash when the line has nothing in that year."""
    if cell is None or cell.empty:
        return "–"
    if cell.pm:
        return _("pm")
    return amount_format(cell.amount)


def total(total, amount_format) -> str:
    """A column total; a column with pm lines says so instead of counting them as 0."""
    text = amount_format(total.amount)
    if total.has_pm:
        return format_html("{} + {}", text, _("pm"))
    return text


def total_in_words(value) -> str:
    """A total as "€ 32.000 nadeel", "€ 5.000 voordeel + pm"."""
    return str(total(value, signed_text))


def total_compact_text(value) -> str:
    """A total as "32.000 N", "5.000 V + pm"."""
    return str(total(value, compact_text))


def describe_amount(value, effect, recurring, year) -> str:
    """An amount as people write it: "€ 32.000 nadeel (2024)", "€ 50.000 nadeel vanaf
    2024", "pm nadeel vanaf 2024"."""
    text = _("pm") if value is None else format_euro(value)
    when = _("vanaf %(year)s") % {"year": year} if recurring else f"({year})"
    return f"{text} {effect} {when}"


def amount_text(amount) -> str:
    """One BudgetChangeAmount in words."""
    return describe_amount(
        amount.amount, amount.get_effect_display(), amount.recurring, amount.year
    )
