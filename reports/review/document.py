"""The document the councils read, composed from the current data: the covering letter,
the numbered chapters of the programmes and the budget tables. Freezing stores it at
submission (freeze.py); the page and the PDF show it (selectors.report_document)."""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from budget.models import BudgetChange
from budget.selectors import BudgetTable, budget_table
from duoplus.core.models import Organisation
from reports.core.models import Report, ReportStatus
from reports.writing.models import ENTRY_FIELDS, ProgressEntry
from reports.writing.selectors import report_entries

# Chapter numbers: the programmes are chapter 1 (1.1, 1.2, … as in the P&C documents), the
# budget changes chapter 2. The covering letter comes before them, unnumbered.
PROGRAMMES_CHAPTER = 1
BUDGET_CHAPTER = 2


@dataclass
class FinancialConsequence:
    """ "Gevolgen en risico's — financieel" for one municipality: its total per year."""

    organisation: Organisation
    years: list  # (year, Total) for the years with a change

    @property
    def none(self):
        return not self.years


def financial_consequences(
    *, report: Report, budget: BudgetTable | None, council: Organisation | None = None
) -> list[FinancialConsequence]:
    """Per municipality the letter is addressed to: its share of the budget changes per year
    (from the same tables as the budget chapter), or nothing when there is no change."""
    organisations = (
        [council] if council is not None else list(report.recipients.order_by("order", "name"))
    )
    tables = {t.organisation.pk: t for t in budget.municipalities} if budget else {}
    result = []
    for organisation in organisations:
        table = tables.get(organisation.pk)
        years = []
        if table is not None and budget is not None:
            years = [
                (year, total)
                for year, total in zip(budget.years, table.totals, strict=True)
                if total.amount or total.has_pm
            ]
        result.append(FinancialConsequence(organisation, years))
    return result


def _entry_facts(entry: ProgressEntry) -> tuple:
    values = sorted((v.indicator_id, v.value) for v in entry.indicator_values.all() if v.value)
    return (*(getattr(entry, name) for name in ENTRY_FIELDS), values)


def _budget_facts(report: Report) -> list:
    return [
        (
            c.code,
            c.title,
            c.explanation,
            c.allocation_key_id,
            c.category_id,
            c.programme_id,
            sorted((a.year, a.amount, a.effect, a.recurring) for a in c.amounts.all()),
        )
        for c in BudgetChange.objects.filter(report=report)
        .prefetch_related("amounts")
        .order_by("code")
    ]


def corrected_parts(*, report: Report, chapters: list[dict[str, Any]]) -> list[str]:
    """For a correction: the parts that differ from the version it corrects (the chapters
    whose text, statuses or indicators changed, and the budget chapter when its lines did),
    named as the reader finds them. Empty for a first version."""
    previous = report.supersedes
    if previous is None:
        return []
    before = {
        e.programme_id: _entry_facts(e)
        for e in ProgressEntry.objects.filter(report=previous).prefetch_related("indicator_values")
    }
    parts = [
        f"{chapter['number']} {chapter['entry'].programme.name}"
        for chapter in chapters
        if before.get(chapter["entry"].programme_id) != _entry_facts(chapter["entry"])
    ]
    if _budget_facts(previous) != _budget_facts(report):
        parts.append(_("%(number)s Begrotingswijzigingen") % {"number": BUDGET_CHAPTER})
    return parts


def live_document(*, report: Report, council: Organisation | None = None) -> dict[str, Any]:
    """Everything the report shows, read from the current data: the covering letter,
    numbered chapters and budget tables."""
    entries = report_entries(report=report)
    chapters = [
        {"number": f"{PROGRAMMES_CHAPTER}.{i}", "anchor": i, "entry": entry}
        for i, entry in enumerate(entries, start=1)
    ]
    budget = budget_table(report=report, council=council)
    return {
        "report": report,
        "council": council,
        "recipients": list(report.recipients.order_by("order", "name")),
        "chapters": chapters,
        "programmes_chapter": PROGRAMMES_CHAPTER,
        "budget_chapter": BUDGET_CHAPTER,
        "budget": budget,
        "financial": financial_consequences(report=report, budget=budget, council=council),
        "is_final": is_final(report=report),
        "corrected_parts": corrected_parts(report=report, chapters=chapters),
    }


def is_final(*, report: Report, in_pipeline: bool = True) -> bool:
    """Whether a PDF of ``report`` goes without the "CONCEPT" mark. The files made at
    submission are the ones the board approves and publishing releases, so they carry no
    mark; a file made by hand (render_report) is marked until the report is approved."""
    if in_pipeline:
        return report.is_frozen
    return report.status in (ReportStatus.APPROVED, ReportStatus.PUBLISHED)
