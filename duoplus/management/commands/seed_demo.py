"""Load the DUO demo data. Idempotent: running it again changes nothing that exists."""

from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from budget import services as budget_services
from budget.models import AllocationKey, AllocationShare, BudgetCategory
from duoplus import demo_content as demo
from duoplus.core import pdf as pdf_renderer
from duoplus.core import workdays
from duoplus.core.models import Membership, Organisation, User
from programmes.models import Goal, Indicator, Programme
from reports.consultation import services as consultation_services
from reports.consultation.models import Consultation
from reports.core.models import Purpose, Report, ReportKind, ReportStatus
from reports.planning import services as planning_services
from reports.planning.models import ReportingRound
from reports.questions import selectors as question_selectors
from reports.questions import services as question_services
from reports.questions.models import Question
from reports.review import pdfs, workflow
from reports.writing import services
from reports.writing.models import ProgressEntry

BUDGET_FIXTURES = Path(settings.BASE_DIR) / "budget" / "fixtures"


class Command(BaseCommand):
    help = "Laadt de demogegevens van Duo+ (idempotent)."

    def handle(self, *args, **options):
        with transaction.atomic():
            orgs = self._organisations()
            users = self._accounts(orgs)
            programmes = self._programmes(orgs["duoplus"], users["medewerker"])
            self._allocation_key(orgs)
            self._categories()
            report_2021 = self._report_2021(orgs, programmes, users)
            report_2022 = self._report_2022(orgs, programmes, users)
            self._budget_2024(orgs)
            self._calendar_2022(orgs, users, report_2022)
            self._calendar_next_year(orgs, users)
            consultation = self._budget_consultation(orgs, programmes, users)
            self._questions_2021(report_2021, users)
        if report_2021.status == ReportStatus.PUBLISHED:
            # Renders anything missing (e.g. after a broker lost its queue); idempotent.
            pdfs.queue_pdf_renders(report=report_2021)
        self.stdout.write(self.style.SUCCESS("Demogegevens staan klaar."))
        self.stdout.write(f"  Gepubliceerd: {report_2021.title}")
        self.stdout.write(f"  In concept:   {report_2022.title}")
        self.stdout.write(
            f"  Ter zienswijze: {consultation.report.title} (tot en met "
            f"{consultation.term_end:%d-%m-%Y})"
        )
        self.stdout.write(
            f"Demo-accounts (wachtwoord '{settings.DEMO_PASSWORD}', alleen met DEBUG aan):"
        )
        for username, first, last, _roles in demo.ACCOUNTS:
            self.stdout.write(f"  {username:<18} {first} {last}")

    def _organisations(self):
        orgs = {}
        for order, (slug, name, kind, council) in enumerate(demo.ORGANISATIONS):
            orgs[slug], _ = Organisation.objects.get_or_create(
                slug=slug,
                defaults={"name": name, "kind": kind, "council_name": council, "order": order},
            )
        return orgs

    def _accounts(self, orgs):
        users = {}
        for username, first, last, roles in demo.ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@demo.duoplus.invalid",
                    "is_demo": True,
                    "is_staff": username == "beheer",
                    "is_superuser": username == "beheer",
                },
            )
            if created:
                user.set_password(settings.DEMO_PASSWORD)
                user.save(update_fields=["password"])
            for role, slug in roles:
                Membership.objects.get_or_create(user=user, organisation=orgs[slug], role=role)
            users[username] = user
        return users

    def _programmes(self, owner, editor):
        programmes = {}
        for order, (slug, name, goals, by_editor) in enumerate(demo.PROGRAMMES, start=1):
            programme, created = Programme.objects.get_or_create(
                organisation=owner, slug=slug, defaults={"name": name, "order": order}
            )
            if created:
                Goal.objects.bulk_create(
                    Goal(programme=programme, text=text, order=i) for i, text in enumerate(goals)
                )
                Indicator.objects.bulk_create(
                    Indicator(programme=programme, name=n, unit=unit, target=target, order=i)
                    for i, (n, unit, target) in enumerate(demo.INDICATORS.get(slug, []))
                )
                if by_editor:
                    programme.editors.add(editor)
            programmes[slug] = programme
        return programmes

    def _allocation_key(self, orgs):
        name, year, shares = demo.ALLOCATION_KEY
        key, created = AllocationKey.objects.get_or_create(
            name=name, valid_from_year=year, defaults={"is_default": True}
        )
        if created:
            AllocationShare.objects.bulk_create(
                AllocationShare(key=key, organisation=orgs[slug], percentage=pct)
                for slug, pct in shares
            )
        return key

    def _categories(self):
        for code, name, order in demo.CATEGORIES:
            BudgetCategory.objects.get_or_create(name=name, defaults={"code": code, "order": order})

    def _import_budget(self, report, file_name):
        """Budget lines come in the way finance staff bring them: the spreadsheet import."""
        path = BUDGET_FIXTURES / file_name
        result = budget_services.import_budget(
            report=report, name=path.name, content=path.read_bytes()
        )
        if not result.ok:  # pragma: no cover - the fixture files are tested
            raise CommandError("\n".join(str(e) for e in result.errors))

    def _report(self, orgs, title, **fields):
        report = Report.objects.filter(organisation=orgs["duoplus"], title=title).first()
        if report is not None:
            return report, False
        municipalities = [o for o in orgs.values() if o.is_municipality]
        return (
            services.create_report(
                organisation=orgs["duoplus"], title=title, recipients=municipalities, **fields
            ),
            True,
        )

    def _fill(self, report, users, texts, costs=None, ready=False):
        """Write the entries the way staff do: through the editor's save, as the assigned
        editor (or the coordinator), so the history and states are real."""
        costs = costs or {}
        for entry in ProgressEntry.objects.filter(report=report, version=0).select_related(
            "programme"
        ):
            slug = entry.programme.slug
            if slug not in texts:
                continue
            editor = entry.programme.editors.first() or users["coordinator"]
            indicators = Indicator.objects.filter(programme=entry.programme)
            values = demo.REPORT_2021_INDICATORS.get(slug, []) if ready else []
            data = {
                "ambition": entry.ambition,
                "progress": texts[slug],
                "costs": costs.get(slug, entry.costs),
                "status": "on_track" if ready else "",
                "budget_status": demo.REPORT_2021_BUDGET_STATUS.get(slug, "on_track")
                if ready
                else "",
                "indicators": {i.pk: v for i, v in zip(indicators, values, strict=False)},
            }
            services.save_entry(
                entry=entry, user=editor, data=data, version=entry.version, ready=ready
            )

    def _report_2021(self, orgs, programmes, users):
        report, created = self._report(
            orgs,
            "Eerste voortgangsrapportage 2021",
            kind=ReportKind.PROGRESS,
            year=2021,
            period_start=date(2021, 1, 1),
            period_end=date(2021, 4, 30),
            purpose=Purpose.INFORMATION,
            programmes=[programmes[slug] for slug in demo.REPORT_2021_TEXTS],
        )
        if not created:
            return report
        self._fill(report, users, demo.REPORT_2021_TEXTS, demo.REPORT_2021_COSTS, ready=True)
        self._import_budget(report, "inclusiescan-2021.csv")
        # Walk it through the real workflow so its history and PDFs exist.
        workflow.submit_report(report=report, user=users["coordinator"], unfinished_accepted=True)
        # The board approves the rendered PDFs: make them now rather than after the commit.
        pdfs.render_pdfs_now(report=report)
        for username in ("dbr-duoplus", "dbr-diemen", "dbr-ouder-amstel", "dbr-uithoorn"):
            workflow.approve_report(report=report, user=users[username])
        workflow.publish_report(report=report, user=users["coordinator"], public=True)
        report.refresh_from_db()
        return report

    def _report_2022(self, orgs, programmes, users):
        report, created = self._report(
            orgs,
            "Eerste voortgangsrapportage 2022",
            kind=ReportKind.PROGRESS,
            year=2022,
            period_start=date(2022, 1, 1),
            period_end=date(2022, 4, 30),
            purpose=Purpose.INFORMATION,
            deadline=date(2022, 5, 20),
        )
        if created:
            Report.objects.filter(pk=report.pk).update(**demo.LETTER_2022)
            self._fill(report, users, demo.REPORT_2022_TEXTS)
        return report

    def _calendar_2022(self, orgs, users, report_2022):
        """The P&C calendar of 2022, the year the demo's concept report belongs to: the
        default cycle, with the first progress report's round being that report."""

        if ReportingRound.objects.filter(organisation=orgs["duoplus"], year=2022).exists():
            return
        rounds = planning_services.generate_year(
            organisation=orgs["duoplus"], year=2022, user=users["coordinator"]
        )
        first = next(r for r in rounds if r.title == report_2022.title)
        first.opens_on = date(2022, 5, 2)
        first.entries_due = report_2022.deadline
        first.report = report_2022
        first.save()

    def _calendar_next_year(self, orgs, users):
        """Next year's calendar (the default cycle), so that today's calendar leads on to a
        planned year and a personal agenda link shows coming dates."""
        year = timezone.localdate().year + 1
        if ReportingRound.objects.filter(organisation=orgs["duoplus"], year=year).exists():
            return
        planning_services.generate_year(
            organisation=orgs["duoplus"], year=year, user=users["coordinator"]
        )

    def _budget_2024(self, orgs):
        report, created = self._report(
            orgs,
            "Begroting 2024 – begrotingswijzigingen",
            kind=ReportKind.BUDGET,
            year=2024,
            period_start=date(2024, 1, 1),
            period_end=date(2024, 12, 31),
            purpose=Purpose.DECISION,
        )
        if created:
            self._import_budget(report, "begrotingswijzigingen-2024.csv")
        return report

    def _budget_consultation(self, orgs, programmes, users):
        """An ontwerpbegroting for next year ter zienswijze since today, through the real
        procedure: Diemen's zienswijze with its raadsbesluit (PDF), Ouder-Amstel "geen
        zienswijze", Uithoorn still open with the whole term to go."""
        year = timezone.localdate().year + 1
        title = f"Ontwerpbegroting {year}"
        existing = Consultation.objects.filter(report__title=title).first()
        if existing is not None:
            return existing
        report, _created = self._report(
            orgs,
            title,
            kind=ReportKind.BUDGET,
            year=year,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            purpose=Purpose.CONSULTATION,
            programmes=[programmes[slug] for slug in demo.BUDGET_CONSULTATION_TEXTS],
        )
        self._fill(
            report,
            users,
            demo.BUDGET_CONSULTATION_TEXTS,
            demo.BUDGET_CONSULTATION_COSTS,
            ready=True,
        )
        workflow.submit_report(report=report, user=users["coordinator"], unfinished_accepted=True)
        pdfs.render_pdfs_now(report=report)
        for username in ("dbr-duoplus", "dbr-diemen", "dbr-ouder-amstel", "dbr-uithoorn"):
            workflow.approve_report(report=report, user=users[username])
        today = timezone.localdate()
        consultation = consultation_services.send_for_consultation(
            report=report,
            user=users["coordinator"],
            governing_board_meeting=consultation_services.proposed_term(
                report=report, sent_on=today
            )
            + timedelta(days=14),
        )
        consultation_services.record_response(
            consultation=consultation,
            council=orgs["diemen"],
            user=users["griffie-diemen"],
            kind="view",
            text=demo.ZIENSWIJZE_DIEMEN,
            council_decision_date=today,
            file_name="raadsbesluit-diemen.pdf",
            file_content=_raadsbesluit_pdf(title),
        )
        consultation_services.record_response(
            consultation=consultation,
            council=orgs["ouder-amstel"],
            user=users["griffie-ouder-amstel"],
            kind="none",
        )
        return consultation

    def _questions_2021(self, report, users):
        """A handful of technische vragen from the councils on the published 2021 report,
        through the real services: one answered, one merged into it, one late (assigned
        with a due date last week), one still open."""
        if Question.objects.filter(report=report).exists():
            return
        passages = question_selectors.passages(report=report)
        asked = []
        for username, name, text, answer, merged, late in demo.QUESTIONS_2021:
            passage = next(p for p in passages if name in (p.label, p.label.split(" ", 1)[-1]))
            question = question_services.ask_question(
                report=report, user=users[username], passage=passage.key, text=text
            )
            asked.append(question)
            if answer:
                question = question_services.save_draft(
                    question=question, user=users["coordinator"], text=answer, version=0
                )
                question_services.release(question=question, user=users["coordinator"])
            if merged is not None:
                question_services.merge(
                    question=question, into=asked[merged], user=users["coordinator"]
                )
            if late:
                question_services.assign(
                    question=question, user=users["coordinator"], assignee=users["medewerker"]
                )
                # As if asked two weeks ago and due two working days ago: its answer is
                # overdue (the demo's "te laat"), and it was asked before it was due.
                today = timezone.localdate()
                Question.objects.filter(pk=question.pk).update(
                    asked_at=timezone.now() - timedelta(days=14),
                    due_on=workdays.working_days_before(today, 2),
                )


def _raadsbesluit_pdf(title):
    """A small raadsbesluit as a griffie would upload it."""
    html = (
        "<html lang='nl'><body><h1>Raadsbesluit</h1><p>De raad van de gemeente Diemen besluit "
        f"een zienswijze te geven op de {title} van Duo+.</p></body></html>"
    )
    return pdf_renderer.html_to_pdf(html)
