"""Dutch money formatting: "€ 32.000", "€ 8.000,50"."""

from decimal import Decimal

from django.utils.formats import number_format


def format_euro(value: Decimal | int | float | str | None) -> str:
    """``32000`` → ``€ 32.000``, ``8000.5`` → ``€ 8.000,50``."""
    if value is None:
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    text = number_format(abs(value), decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"€ {'-' if value < 0 else ''}{text}"


def format_number(amount: Decimal) -> str:
    """A positive amount in Dutch notation without the sign: ``32.000``, ``8.000,50``."""
    return number_format(
        abs(amount),
        decimal_pos=0 if amount == amount.to_integral_value() else 2,
        use_l10n=True,
        force_grouping=True,
    )
