"""The document the councils read, composed from the current data: the covering letter,
the numbered chapters of the programmes and the budget tables. Freezing stores it at
submission (freeze.py); the page and the PDF show it (selectors.report_document)."""

from dataclasses import dataclass
from typing import Any

from budget.selectors import BudgetTable, budget_table
from duoplus.core.models import Organisation
from reports.writing.models import Report, ReportStatus
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
        if table is not None:
            years = [
                (year, total)
                for year, total in zip(budget.years, table.totals, strict=True)
                if total.amount or total.has_pm
            ]
        result.append(FinancialConsequence(organisation, years))
    return result


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
    }


def is_final(*, report: Report, in_pipeline: bool = True) -> bool:
    """Whether a PDF of ``report`` goes without the "CONCEPT" mark. The files made at
    submission are the ones the board approves and publishing releases, so they carry no
    mark; a file made by hand (render_report) is marked until the report is approved."""
    if in_pipeline:
        return report.status != ReportStatus.CONCEPT
    return report.status in (ReportStatus.APPROVED, ReportStatus.PUBLISHED)
