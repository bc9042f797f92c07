"""Generated data N times the demo, to measure whether pages stay fast as data grows.

    python manage.py seed_scale --factor 10

Loads the demo (seed_demo) and adds N-1 generated units of about the demo's size, each
visible to the demo accounts: a municipality with a board and a council member, eight
programmes (goals, indicators, an editor of their own), a published progress
report for the three demo councils (entries with ten versions each, approvals, history), a
report in concept (entries in every state) and a budget report with ten budget changes over
four years. Idempotent per unit. Published generated reports have no PDFs (they are not
rendered here): the bench downloads the demo's own PDF.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from budget.models import AllocationKey, BudgetCategory, BudgetChange, BudgetChangeAmount
from duoplus.core.models import Membership, Organisation, OrganisationKind, Role
from programmes.models import Goal, Indicator, Programme
from reports.core.models import Report, ReportKind, ReportStatus
from reports.review import pdfs, workflow
from reports.review.models import Approval, ReportTransition
from reports.writing import services
from reports.writing.models import EntryRevision, EntryState, IndicatorValue, ProgressEntry

TEXT = (
    "In deze periode is verder gewerkt aan de uitvoering van het programma. De werkgroep met "
    "vertegenwoordigers van de vier organisaties heeft de aanpak vastgesteld en de eerste "
    "resultaten zijn met het directieberaad besproken. "
)
PROGRAMMES_PER_UNIT = 8
REVISIONS_PER_ENTRY = 10
BUDGET_LINES_PER_UNIT = 10


class Command(BaseCommand):
    help = "Laadt de demo plus gegenereerde gegevens: --factor N keer de demo (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--factor", type=int, default=1)

    def handle(self, *args, factor, **options):
        if factor < 1:
            self.stderr.write("--factor is minstens 1.")
            return
        call_command("seed_demo", stdout=self.stdout)
        users = {u.username: u for u in get_user_model().objects.all()}
        executing = Organisation.objects.executing().order_by("pk").first()
        demo_councils = list(
            Organisation.objects.municipalities().filter(
                slug__in=["diemen", "ouder-amstel", "uithoorn"]
            )
        )
        self._submitted(executing, demo_councils, users["coordinator"])
        for unit in range(1, factor):
            with transaction.atomic():
                self._unit(unit, executing, demo_councils, users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Schaal {factor}: {Report.objects.count()} rapportages, "
                f"{ProgressEntry.objects.count()} teksten, "
                f"{EntryRevision.objects.count()} versies, "
                f"{Programme.objects.count()} programma's, "
                f"{BudgetChange.objects.count()} begrotingswijzigingen, "
                f"{Organisation.objects.count()} organisaties."
            )
        )

    def _submitted(self, executing, councils, coordinator):
        """A report awaiting the board (the review page), made through the real workflow
        with its council PDFs."""

        title = "Tweede voortgangsrapportage 2022"
        if Report.objects.filter(organisation=executing, title=title).exists():
            return
        with transaction.atomic():
            report = services.create_report(
                organisation=executing,
                title=title,
                kind=ReportKind.PROGRESS,
                year=2022,
                period_start=datetime.date(2022, 1, 1),
                period_end=datetime.date(2022, 8, 31),
                recipients=councils,
                purpose="decision",
                programmes=list(Programme.objects.filter(organisation=executing)[:3]),
            )
            for entry in report.entries.all():
                services.save_entry(
                    entry=entry,
                    user=coordinator,
                    data={
                        "progress": entry.progress or TEXT,
                        "costs": TEXT,
                        "status": "on_track",
                        "budget_status": "on_track",
                    },
                    version=entry.version,
                    ready=True,
                )
            workflow.submit_report(report=report, user=coordinator, unfinished_accepted=True)
        pdfs.render_pdfs_now(report=report)

    def _unit(self, unit, executing, councils, users):
        slug = f"schaal-{unit}"
        municipality, created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name": f"Gemeente Schaal {unit}",
                "kind": OrganisationKind.MUNICIPALITY,
                "council_name": f"gemeenteraad van Schaal {unit}",
                "order": 100 + unit,
            },
        )
        if not created:
            return
        User = get_user_model()
        for role, prefix in ((Role.BOARD, "dbr"), (Role.COUNCIL, "raad")):
            user = User.objects.create_user(
                username=f"{prefix}-{slug}",
                email=f"{prefix}-{slug}@example.invalid",
                first_name=prefix.capitalize(),
                last_name=f"Schaal {unit}",
            )
            Membership.objects.create(user=user, organisation=municipality, role=role)
        # N times the demo is N times its people too: each unit's programmes have their own
        # writer (the demo has one for its seven), and one coordinator follows them all.
        coordinator = users["coordinator"]
        editor = User.objects.create_user(
            username=f"medewerker-{slug}",
            email=f"medewerker-{slug}@example.invalid",
            first_name="Medewerker",
            last_name=f"Schaal {unit}",
        )
        Membership.objects.create(user=editor, organisation=executing, role=Role.EDITOR)
        programmes = Programme.objects.bulk_create(
            Programme(
                organisation=executing,
                name=f"Programma {unit}.{k}",
                slug=f"programma-{unit}-{k}",
                order=10 * unit + k,
            )
            for k in range(1, PROGRAMMES_PER_UNIT + 1)
        )
        for programme in programmes:
            programme.editors.add(editor)
        Goal.objects.bulk_create(
            Goal(programme=p, text=f"Doelstelling {n} van {p.name}", order=n)
            for p in programmes
            for n in (1, 2)
        )
        indicators = Indicator.objects.bulk_create(
            Indicator(programme=p, name=f"Indicator {n}", unit="%", target="80", order=n)
            for p in programmes
            for n in (1, 2)
        )
        year = 2000 + unit
        published = self._report(
            executing,
            councils,
            f"Voortgangsrapportage schaal {unit}",
            year,
            ReportStatus.PUBLISHED,
            programmes,
            indicators,
            editor,
        )
        now = timezone.now()
        Report.objects.filter(pk=published.pk).update(
            submitted_at=now, approved_at=now, published_at=now, submission=1
        )
        board = {
            m.organisation_id: m.user
            for m in Membership.objects.filter(role=Role.BOARD).select_related("user")
        }
        Approval.objects.bulk_create(
            Approval(
                report=published,
                organisation_id=org_id,
                user=user,
                submission=1,
                pdf_checksums={},
            )
            for org_id, user in board.items()
            if org_id in {executing.pk, *(c.pk for c in councils)}
        )
        ReportTransition.objects.bulk_create(
            ReportTransition(report=published, from_status=a, to_status=b, actor=coordinator)
            for a, b in (
                (ReportStatus.CONCEPT, ReportStatus.SUBMITTED),
                (ReportStatus.SUBMITTED, ReportStatus.APPROVED),
                (ReportStatus.APPROVED, ReportStatus.PUBLISHED),
            )
        )
        self._report(
            executing,
            councils,
            f"Voortgangsrapportage schaal {unit} (concept)",
            year + 1,
            ReportStatus.CONCEPT,
            programmes,
            indicators,
            editor,
            deadline=datetime.date(year + 1, 5, 20),
        )
        budget = Report.objects.create(
            organisation=executing,
            title=f"Begroting schaal {unit}",
            kind=ReportKind.BUDGET,
            year=year,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            purpose="decision",
        )
        budget.recipients.set(councils)
        category = BudgetCategory.objects.order_by("order").first()
        key = AllocationKey.objects.filter(is_default=True).first()
        changes = BudgetChange.objects.bulk_create(
            BudgetChange(
                code=f"9.{unit}.{n}",
                title=f"Wijziging {n} van schaal {unit}",
                category=category,
                programme=programmes[n % len(programmes)],
                report=budget,
                allocation_key=key,
                explanation=TEXT,
            )
            for n in range(1, BUDGET_LINES_PER_UNIT + 1)
        )
        BudgetChangeAmount.objects.bulk_create(
            BudgetChangeAmount(
                change=change,
                year=year + offset,
                amount=Decimal(1000 * (n + offset + 1)),
                effect="nadeel" if n % 3 else "voordeel",
            )
            for n, change in enumerate(changes)
            for offset in range(4)
        )

    def _report(
        self, executing, councils, title, year, status, programmes, indicators, editor, **extra
    ):
        report = Report.objects.create(
            organisation=executing,
            title=title,
            kind=ReportKind.PROGRESS,
            year=year,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 4, 30),
            purpose="information",
            status=status,
            letter_reason=TEXT,
            letter_summary=TEXT * 2,
            **extra,
        )
        report.recipients.set(councils)
        states = [EntryState.READY, EntryState.DRAFT, EntryState.NOT_STARTED]
        entries = ProgressEntry.objects.bulk_create(
            ProgressEntry(
                report=report,
                programme=p,
                progress=TEXT * 4,
                costs=TEXT,
                status="on_track",
                budget_status="attention",
                state=EntryState.READY if status != ReportStatus.CONCEPT else states[k % 3],
                version=REVISIONS_PER_ENTRY,
                updated_by=editor,
            )
            for k, p in enumerate(programmes)
        )
        by_programme: dict[int, list] = {}
        for indicator in indicators:
            by_programme.setdefault(indicator.programme_id, []).append(indicator)
        IndicatorValue.objects.bulk_create(
            IndicatorValue(entry=e, indicator=i, value="75")
            for e in entries
            for i in by_programme.get(e.programme_id, [])
        )
        EntryRevision.objects.bulk_create(
            EntryRevision(
                entry=e,
                version=v,
                progress=TEXT * (1 + v % 4),
                costs=TEXT,
                status="on_track",
                budget_status="attention",
                state=EntryState.DRAFT,
                saved_by=editor,
            )
            for e in entries
            for v in range(REVISIONS_PER_ENTRY + 1)
        )
        return report
