"""Readable side-by-side comparison of two versions of an entry.

Texts are compared line by line; a changed line is compared word by word, so the reader
sees exactly which words went and came. Everything is escaped here: the result can be put
in a template as is.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import EntryState, RealisationStatus

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")

TEXT_PARTS = (
    ("ambition", gettext_lazy("Wat willen we bereiken? (toelichting)")),
    ("progress", gettext_lazy("Wat hebben we gedaan?")),
    ("costs", gettext_lazy("Wat mag het kosten?")),
)
CHOICE_PARTS = (
    ("status", gettext_lazy("Status realisatie"), RealisationStatus),
    ("budget_status", gettext_lazy("Status budget"), RealisationStatus),
    ("state", gettext_lazy("Voortgang"), EntryState),
)


@dataclass
class Row:
    kind: str  # equal, change, delete, insert
    old: str = ""
    new: str = ""


@dataclass
class PartDiff:
    label: str
    rows: list = field(default_factory=list)

    @property
    def changed(self):
        return any(row.kind != "equal" for row in self.rows)


def _mark(tag, label, text):
    return format_html('<{0}><span class="visually-hidden">{1} </span>{2}</{0}>', tag, label, text)


def _opcodes(a, b):
    """Token opcodes where a bit of whitespace between two changes counts as changed too,
    so "Van de" replacing "Tekst over" reads as one change, not four."""
    merged: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        after_change = merged and merged[-1][0] != "equal"
        if tag == "equal" and after_change and all(not t.strip() for t in a[i1:i2]):
            tag = "replace"
        if tag != "equal" and after_change:
            merged[-1] = ("replace", merged[-1][1], i2, merged[-1][3], j2)
        else:
            merged.append((tag, i1, i2, j1, j2))
    return merged


def _words(old, new):
    """Word-level markup of one changed line: (old html, new html)."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    left, right = [], []
    for op, i1, i2, j1, j2 in _opcodes(a, b):
        gone, came = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            left.append(escape(gone))
            right.append(escape(came))
            continue
        if gone:
            left.append(_mark("del", _("verwijderd:"), gone))
        if came:
            right.append(_mark("ins", _("toegevoegd:"), came))
    # Safe: every piece was escaped or built with format_html above.
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308


def _similar(old, new):
    return difflib.SequenceMatcher(None, old, new, autojunk=False).ratio() >= 0.5


def side_by_side(old, new):
    """Rows (kind, old html, new html) comparing two texts line by line."""
    a = [line for line in (old or "").split("\n") if line.strip()]
    b = [line for line in (new or "").split("\n") if line.strip()]
    rows: list[Row] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            rows.extend(Row("equal", escape(x), escape(x)) for x in a[i1:i2])
            continue
        gone, came = a[i1:i2], b[j1:j2]
        for k in range(max(len(gone), len(came))):
            if k < len(gone) and k < len(came) and _similar(gone[k], came[k]):
                rows.append(Row("change", *_words(gone[k], came[k])))
            elif k < len(gone) and k < len(came):
                rows.append(
                    Row(
                        "change",
                        _mark("del", _("verwijderd:"), gone[k]),
                        _mark("ins", _("toegevoegd:"), came[k]),
                    )
                )
            elif k < len(gone):
                rows.append(Row("delete", old=_mark("del", _("verwijderd:"), gone[k])))
            else:
                rows.append(Row("insert", new=_mark("ins", _("toegevoegd:"), came[k])))
    return rows


def _choice(choices, value):
    if not value:
        return _("nog niet bepaald")
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _indicator_lines(values, indicators):
    return "\n".join(
        f"{indicator.name}: {values.get(str(indicator.pk), '') or '–'}" for indicator in indicators
    )


def compare(old, new, indicators=()):
    """Per part of the entry, the rows comparing version ``old`` with ``new`` (revisions;
    ``old`` may be None for "nothing before")."""
    parts = []
    for name, label in TEXT_PARTS:
        parts.append(
            PartDiff(str(label), side_by_side(getattr(old, name, ""), getattr(new, name, "")))
        )
    for name, label, choices in CHOICE_PARTS:
        parts.append(
            PartDiff(
                str(label),
                side_by_side(
                    _choice(choices, getattr(old, name, "")) if old is not None else "",
                    _choice(choices, getattr(new, name, "")),
                ),
            )
        )
    if indicators:
        parts.append(
            PartDiff(
                _("Indicatoren"),
                side_by_side(
                    _indicator_lines(getattr(old, "indicators", {}) or {}, indicators),
                    _indicator_lines(getattr(new, "indicators", {}) or {}, indicators),
                ),
            )
        )
    return parts
