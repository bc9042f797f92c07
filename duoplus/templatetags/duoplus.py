"""Dutch formatting: money as "€ 32.000" / "€ 8.000,50", pm, budget cells."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

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


@register.filter
def budget_cell(cell):
    """A budget cell: "pm", an amount with nadeel/voordeel, or a dash when empty."""
    if cell is None or cell.empty:
        return "–"
    if cell.pm:
        return _("pm")
    return _signed_text(cell.amount)


@register.filter
def budget_total(total):
    """A column total; a column with pm lines says so instead of counting them as 0."""
    text = _signed_text(total.amount)
    if total.has_pm:
        text = f"{text} + {_('pm')}"
    return text
