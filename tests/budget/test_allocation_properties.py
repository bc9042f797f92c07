"""Property-based proof that allocation is cent-exact, bounded, symmetric and deterministic."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from budget.allocation import CENT, allocate

UNIT = Decimal("0.0001")  # shares have four decimals, as AllocationShare stores them
WHOLE = 1_000_000  # 100 % in units of 0.0001 %


@st.composite
def keys(draw):
    """Random allocation keys: 1–12 shares of 0–100 % with four decimals, adding up to
    exactly 100 %."""
    n = draw(st.integers(min_value=1, max_value=12))
    cuts = sorted(draw(st.lists(st.integers(0, WHOLE), min_size=n - 1, max_size=n - 1)))
    bounds = [0, *cuts, WHOLE]
    return [(f"org{i}", (bounds[i + 1] - bounds[i]) * UNIT) for i in range(n)]


amounts = st.integers(min_value=-(10**13), max_value=10**13).map(lambda c: Decimal(c) * CENT)


@settings(max_examples=400, deadline=None)
@given(key=keys(), amount=amounts)
def test_parts_add_up_exactly_and_stay_within_a_cent(key, amount):
    parts = allocate(amount, key)
    assert set(parts) == {name for name, _ in key}
    assert sum(parts.values(), Decimal("0")) == amount
    for name, percentage in key:
        part = parts[name]
        assert part == part.quantize(CENT)  # whole cents
        exact = amount * percentage / 100
        assert abs(part - exact) < CENT  # rounded down or up, never further
        if percentage == 0:
            assert part == 0


@settings(max_examples=200, deadline=None)
@given(key=keys(), amount=amounts)
def test_a_saving_is_the_mirror_of_the_cost(key, amount):
    assert allocate(-amount, key) == {k: -v for k, v in allocate(amount, key).items()}


@settings(max_examples=200, deadline=None)
@given(key=keys(), amount=amounts)
def test_allocation_is_deterministic(key, amount):
    assert allocate(amount, key) == allocate(amount, list(key))


def test_ties_go_to_the_first_share_in_key_order():
    key = [("a", Decimal("33.3334")), ("b", Decimal("33.3333")), ("c", Decimal("33.3333"))]
    # 0,02 over three: the remainders of b and c are equal and a's is larger.
    assert allocate(Decimal("0.02"), key) == {
        "a": Decimal("0.01"),
        "b": Decimal("0.01"),
        "c": Decimal("0.00"),
    }
    halves = [("x", Decimal("50")), ("y", Decimal("50"))]
    assert allocate(Decimal("0.01"), halves) == {"x": Decimal("0.01"), "y": Decimal("0.00")}
    assert allocate(Decimal("0.01"), list(reversed(halves))) == {
        "y": Decimal("0.01"),
        "x": Decimal("0.00"),
    }
