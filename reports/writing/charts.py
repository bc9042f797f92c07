"""The status of every programme at a glance: one bar for realisation and one for budget,
split by assessment, each part with its symbol and count, and the same in words."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from duoplus.core import svg

from .models import STATUS_SYMBOLS, RealisationStatus

ORDER = [*RealisationStatus.values, ""]
# Dark enough for white text (contrast ≥ 4.5:1), told apart by symbol and text as well.
STATUS_COLOURS = {
    "on_track": "#1e6b2f",
    "attention": "#8a4b00",
    "off_track": "#b00020",
    "": "#595959",
}
# Drawn at about the width of a phone (360 px), so its text stays legible there; the
# stylesheets cap its width on a screen and in the PDF.
WIDTH, LABEL, BAR, ROW = 360, 84, 26, 40
LEGEND_COLUMNS, LEGEND_ROW = 2, 20


def _label(value):
    return dict(RealisationStatus.choices).get(value) or _("nog niet bepaald")


def _counts(entries, attribute):
    counts = dict.fromkeys(ORDER, 0)
    for entry in entries:
        value = getattr(entry, attribute) or ""
        counts[value if value in counts else ""] += 1
    return counts


def _words(name, counts):
    parts = [f"{n} {_label(value).lower()}" for value, n in counts.items() if n]
    return f"{name}: {', '.join(parts)}."


def status_chart(entries):
    """An SVG with two stacked bars (realisation, budget) over all programmes of a report."""
    entries = list(entries)
    if not entries:
        return ""
    total = len(entries)
    rows = [
        (_("Realisatie"), _counts(entries, "status")),
        (_("Budget"), _counts(entries, "budget_status")),
    ]
    scale = (WIDTH - LABEL - 10) / total
    parts = []
    for index, (name, counts) in enumerate(rows):
        y = 10 + index * ROW
        parts.append(svg.text(0, y + BAR * 0.7, name, weight="bold"))
        x: float = LABEL
        for value in ORDER:
            n = counts[value]
            if not n:
                continue
            width = n * scale
            parts.append(svg.rect(x, y, width - 2, BAR, STATUS_COLOURS[value]))
            if width >= 34:
                symbol = STATUS_SYMBOLS.get(value, "?")
                parts.append(
                    svg.text(x + 6, y + BAR * 0.7, f"{symbol} {n}", fill="#ffffff", weight="bold")
                )
            x += width
    # Legend: symbol, colour and text for each assessment, in two columns.
    top = 10 + len(rows) * ROW + 8
    column = WIDTH / LEGEND_COLUMNS
    for index, value in enumerate(ORDER):
        x = (index % LEGEND_COLUMNS) * column
        y = top + (index // LEGEND_COLUMNS) * LEGEND_ROW
        label = f"{STATUS_SYMBOLS.get(value, '?')} {_label(value)}"
        parts.append(svg.rect(x, y - 11, 12, 12, STATUS_COLOURS[value]))
        parts.append(svg.text(x + 16, y, label, size=12))
    description = " ".join(
        [
            ngettext("De status van %(n)s programma.", "De status van %(n)s programma’s.", total)
            % {"n": total},
            *(_words(name, counts) for name, counts in rows),
        ]
    )
    return svg.figure(
        width=WIDTH,
        height=y + 8,
        title=_("De programma’s in één oogopslag"),
        description=description,
        body=svg.join(parts),
        css_class="status-chart",
    )
