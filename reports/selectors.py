"""Reads of reports: what the councils read, for the page and the PDF alike."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Max, Prefetch, Q

from budget.selectors import budget_table
from duoplus import roles
from duoplus.models import Role
from programmes.models import Goal, Indicator, Programme

from . import freeze, policy
from .models import (
    Approval,
    EntryRevision,
    EntryState,
    IndicatorValue,
    ProgressEntry,
    Report,
    ReportPDF,
    ReportStatus,
)


def report_entries(report):
    """Entries in chapter order, with programme and goals, in a constant number of queries."""
    return list(
        ProgressEntry.objects.filter(report=report)
        .select_related("programme", "updated_by")
        .prefetch_related(
            Prefetch("programme__goals", queryset=Goal.objects.order_by("order", "id")),
            Prefetch(
                "indicator_values",
                queryset=IndicatorValue.objects.exclude(value="")
                .select_related("indicator")
                .order_by("indicator__order", "indicator__id"),
            ),
        )
        .order_by("programme__order", "programme__name")
    )


# Chapter numbers: the programmes are chapter 1 (1.1, 1.2, … as in the P&C documents), the
# budget changes chapter 2. The covering letter comes before them, unnumbered.
PROGRAMMES_CHAPTER = 1
BUDGET_CHAPTER = 2


@dataclass
class FinancialConsequence:
    """ "Gevolgen en risico's — financieel" for one municipality: its total per year."""

    organisation: object
    years: list  # (year, Total) for the years with a change

    @property
    def none(self):
        return not self.years


def financial_consequences(report, budget, council=None):
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


def live_document(report, council=None):
    """Everything the report shows, read from the current data: the covering letter,
    numbered chapters and budget tables."""
    entries = report_entries(report)
    chapters = [
        {"number": f"{PROGRAMMES_CHAPTER}.{i}", "anchor": i, "entry": entry}
        for i, entry in enumerate(entries, start=1)
    ]
    budget = budget_table(report, council=council)
    return {
        "report": report,
        "council": council,
        "recipients": list(report.recipients.order_by("order", "name")),
        "chapters": chapters,
        "programmes_chapter": PROGRAMMES_CHAPTER,
        "budget_chapter": BUDGET_CHAPTER,
        "budget": budget,
        "financial": financial_consequences(report, budget, council=council),
        "is_final": is_final(report),
    }


def is_final(report, *, in_pipeline=True):
    """Whether a PDF of ``report`` goes without the "CONCEPT" mark. The files made at
    submission are the ones the board approves and publishing releases, so they carry no
    mark; a file made by hand (render_report) is marked until the report is approved."""
    if in_pipeline:
        return report.status != ReportStatus.CONCEPT
    return report.status in (ReportStatus.APPROVED, ReportStatus.PUBLISHED)


def report_document(report, council=None, in_pdf=False):
    """What the page or PDF shows: from submission on the content frozen then, before it
    (or for a report frozen before freezing existed) the live data."""
    if report.status != ReportStatus.CONCEPT:
        html = freeze.frozen_html(report, council=council, in_pdf=in_pdf)
        if html is not None:
            return {
                "report": report,
                "council": council,
                "content_html": html,
                "is_final": is_final(report),
            }
    return live_document(report, council=council)


def approval_state(report):
    """Per required organisation: who approved in the current round, or None."""
    approvals = {
        a.organisation_id: a
        for a in Approval.objects.filter(
            report=report, review_round=report.review_round
        ).select_related("user")
    }
    return [(org, approvals.get(org.pk)) for org in policy.required_organisations(report)]


def awaiting_review(user):
    """Submitted reports on which ``user`` may give consent for one of their organisations
    (the same rule as policy.can_review, in one query)."""
    board = roles.organisation_ids(user, Role.BOARD)
    ids = Report.objects.filter(
        Q(organisation_id__in=board) | Q(recipients__in=board), status=ReportStatus.SUBMITTED
    )
    return Report.objects.filter(pk__in=ids.values("pk")).order_by("submitted_at")


def my_entries(user):
    """Entries of concept reports that ``user`` is responsible for: the programmes they are
    assigned to, in organisations where they are editor or coordinator. Soonest deadline first."""
    orgs = roles.organisation_ids(user, Role.EDITOR) | roles.organisation_ids(
        user, Role.COORDINATOR
    )
    return (
        ProgressEntry.objects.filter(
            report__status=ReportStatus.CONCEPT,
            report__organisation_id__in=orgs,
            programme__in=Programme.objects.filter(editors=user).values("pk"),
        )
        .select_related("report", "programme", "updated_by")
        .order_by(
            F("report__deadline").asc(nulls_last=True),
            "report__period_end",
            "report_id",
            "programme__order",
        )
    )


@dataclass
class RoundProgress:
    """One open report as its coordinator follows it: every entry and the counts per state."""

    report: Report
    entries: list = field(default_factory=list)

    def count(self, state):
        return sum(1 for e in self.entries if e.state == state)

    @property
    def ready(self):
        return self.count(EntryState.READY)

    @property
    def draft(self):
        return self.count(EntryState.DRAFT)

    @property
    def not_started(self):
        return self.count(EntryState.NOT_STARTED)

    @property
    def open_count(self):
        return len(self.entries) - self.ready


def coordination(user):
    """Per concept report ``user`` coordinates: its entries with responsible editors, state,
    missing parts and the last reminder, in a fixed number of queries."""
    reports = list(
        Report.objects.filter(
            status=ReportStatus.CONCEPT,
            organisation_id__in=roles.organisation_ids(user, Role.COORDINATOR),
        )
        .select_related("organisation")
        .order_by(F("deadline").asc(nulls_last=True), "period_end", "id")
    )
    if not reports:
        return []
    rounds = {report.pk: RoundProgress(report) for report in reports}
    editors = get_user_model().objects.filter(is_active=True).order_by("first_name", "username")
    entries = (
        ProgressEntry.objects.filter(report__in=reports)
        .select_related("programme", "updated_by")
        .prefetch_related(Prefetch("programme__editors", queryset=editors))
        .annotate(last_reminded=Max("reminders__created_at"))
        .order_by("programme__order", "programme__name")
    )
    for entry in entries:
        # Read once here: the page lists them and asks whether there are any, per row.
        entry.editor_list = list(entry.programme.editors.all())
        rounds[entry.report_id].entries.append(entry)
    return list(rounds.values())


def coordination_summary(user):
    """Per concept report ``user`` coordinates: the report with ``total`` and ``ready``
    entries counted in the database (the start page; "Mijn werk" shows every entry)."""
    return list(
        Report.objects.filter(
            status=ReportStatus.CONCEPT,
            organisation_id__in=roles.organisation_ids(user, Role.COORDINATOR),
        )
        .annotate(
            total=Count("entries", distinct=True),
            ready=Count("entries", filter=Q(entries__state=EntryState.READY), distinct=True),
        )
        .order_by(F("deadline").asc(nulls_last=True), "period_end", "id")
    )


def entry_revisions(entry):
    """Every saved version of ``entry``, newest first, with who saved it."""
    return list(
        EntryRevision.objects.filter(entry=entry).select_related("saved_by").order_by("-version")
    )


def programme_indicators(entry):
    return list(Indicator.objects.filter(programme_id=entry.programme_id))


def previous_report(report):
    """What ``report`` is compared with: the version it corrects, or else the latest
    published report of the same kind and organisation that ended before it started."""
    if report.supersedes_id:
        return report.supersedes
    return (
        Report.objects.filter(
            organisation_id=report.organisation_id,
            kind=report.kind,
            status=ReportStatus.PUBLISHED,
            period_end__lt=report.period_start,
        )
        .order_by("-period_end", "-version")
        .first()
    )


def changes_since_previous(report):
    """Per entry, what text changed since the previous report (for the board's review):
    {"previous": report or None, "entries": [{"entry", "parts" (changed only), "is_new"}]}."""
    from .diff import compare

    previous = previous_report(report)
    if previous is None:
        return {"previous": None, "entries": []}
    before = {e.programme_id: e for e in ProgressEntry.objects.filter(report=previous)}
    rows = []
    for entry in ProgressEntry.objects.filter(report=report).select_related("programme"):
        old = before.get(entry.programme_id)
        parts = [part for part in compare(old, entry) if part.changed]
        rows.append({"entry": entry, "parts": parts, "is_new": old is None})
    return {"previous": previous, "entries": rows}


def pdf_states(report):
    """The council PDFs made at submission, each with its state and, once ready, whether
    every approval of this round recorded exactly its checksum (None: nobody approved yet)."""
    pdfs = list(ReportPDF.objects.current().filter(report=report).select_related("council"))
    approvals = list(
        Approval.objects.filter(report=report, review_round=report.review_round).values_list(
            "pdf_checksums", flat=True
        )
    )
    for pdf in pdfs:
        pdf.approved_by_all = (
            all(checksums.get(pdf.council.slug) == pdf.sha256 for checksums in approvals)
            if approvals
            else None
        )
    return pdfs
