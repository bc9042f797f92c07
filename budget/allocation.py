"""Cent-exact allocation of an amount over the shares of an allocation key.

Largest-remainder rounding: every organisation gets its share rounded down to whole cents,
then the cents left over go, one each, to the largest remainders (ties broken by the order
in which the shares are given). The parts always add up exactly to the whole. A negative
amount (a saving) is allocated as the mirror image of the positive one.
"""

from decimal import ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


class AllocationError(ValueError):
    pass


def validate_percentages(percentages):
    """Raise AllocationError with a Dutch message unless the shares add up to exactly 100 %."""
    values = list(percentages)
    if any(p < 0 for p in values):
        raise AllocationError(_("Een aandeel kan niet negatief zijn."))
    total = sum(values, Decimal("0"))
    if total != HUNDRED:
        text = f"{total.normalize():f}".replace(".", ",")
        raise AllocationError(
            _("De aandelen tellen op tot %(total)s %% in plaats van precies 100 %%.")
            % {"total": text}
        )


def allocate(amount, shares):
    """Split ``amount`` (Decimal, whole cents) over ``shares``: a list of (key, percentage).

    Returns a dict key -> Decimal with two decimals whose values add up to ``amount``.
    """
    amount = Decimal(amount)
    if amount != amount.quantize(CENT):
        raise AllocationError(_("Het bedrag moet in hele centen zijn."))
    shares = list(shares)
    validate_percentages(p for _, p in shares)
    if amount < 0:
        return {k: -v for k, v in allocate(-amount, shares).items()}
    cents = int(amount / CENT)
    exact = [(key, Decimal(cents) * pct / HUNDRED) for key, pct in shares]
    floors = [(key, int(value.to_integral_value(rounding=ROUND_FLOOR))) for key, value in exact]
    left = cents - sum(f for _, f in floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i][1] - floors[i][1]), i))
    result = dict(floors)
    for i in order[:left]:
        result[floors[i][0]] += 1
    return {key: Decimal(c) * CENT for key, c in result.items()}
