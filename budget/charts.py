"""The budget changes per year as bars: a cost (nadeel) up, a saving (voordeel) down, each
with its amount in words; pm years are marked. For a council: its own municipality's share."""

from django.utils.translation import gettext as _

from duoplus.core import svg

from .formatting import total_compact_text, total_in_words

# Drawn at about the width of a phone (360 px), so its 12-unit text stays about 11 px there;
# the stylesheets cap its width on a screen and in the PDF.
WIDTH, HEIGHT, TOP, BOTTOM, LEFT = 360, 230, 44, 40, 10
LABEL_SIZE = 12
CHAR_WIDTH = 0.62  # of the font size: DejaVu Sans, on average
# Dark enough for white text (contrast ≥ 4.5:1); the amounts are written beside the bars.
COST_COLOUR = "#01689b"
SAVING_COLOUR = "#1e6b2f"


def year_chart(budget, council=None):
    """An SVG of the per-year totals of ``budget`` (a budget.selectors.BudgetTable): the
    whole change, or, for a council's document, that municipality's share."""
    if budget is None or not budget.years:
        return ""
    table = budget.council_table if council is not None else None
    totals = table.totals if table is not None else budget.totals
    years = list(zip(budget.years, totals, strict=True))
    largest = max((abs(t.amount) for _, t in years), default=0) or 1
    positives = any(t.amount > 0 for _, t in years)
    negatives = any(t.amount < 0 for _, t in years)
    span = HEIGHT - TOP - BOTTOM
    zero = TOP + (span if not negatives else span / 2 if positives else 0)
    scale = (span / 2 if positives and negatives else span) / float(largest)
    slot = (WIDTH - 2 * LEFT) / len(years)
    bar = min(70, slot * 0.6)
    # Amounts wider than their slot alternate between two lines.
    widest = max(len(total_compact_text(t)) for _, t in years) * LABEL_SIZE * CHAR_WIDTH
    stagger = widest > slot - 4
    parts = [svg.line(LEFT, zero, WIDTH - LEFT, zero)]
    words = []
    for index, (year, total) in enumerate(years):
        centre = LEFT + slot * (index + 0.5)
        height = abs(float(total.amount)) * scale
        amount = total_in_words(total)
        if total.amount >= 0:
            parts.append(svg.rect(centre - bar / 2, zero - height, bar, height, COST_COLOUR))
        else:
            parts.append(svg.rect(centre - bar / 2, zero, bar, height, SAVING_COLOUR))
        # The amounts on one line above the bars (two alternating lines when they are wider
        # than a bar's slot), so that they never overlap a bar or each other.
        label_y = LABEL_SIZE + 2 + (LABEL_SIZE + 3 if stagger and index % 2 else 0)
        parts.append(
            svg.text(centre, label_y, total_compact_text(total), anchor="middle", size=LABEL_SIZE)
        )
        parts.append(svg.text(centre, HEIGHT - 12, str(year), anchor="middle", weight="bold"))
        words.append(f"{year}: {amount}")
    if council is not None:
        name = getattr(council, "name", "")
        title = _("Gevolgen voor %(name)s per jaar") % {"name": name}
    else:
        title = _("Begrotingswijzigingen per jaar")
    description = _("Totaal per jaar, nadeel omhoog en voordeel omlaag. %(years)s.") % {
        "years": "; ".join(words)
    }
    return svg.figure(
        width=WIDTH,
        height=HEIGHT,
        title=title,
        description=description,
        body=svg.join(parts),
        css_class="budget-chart",
    )
