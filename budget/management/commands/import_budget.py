"""python manage.py import_budget FILE --report ID [--dry-run] [--remove-missing]"""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from budget import services
from budget.importer import Action
from reports.core.models import Report


class Command(BaseCommand):
    help = (
        "Leest begrotingswijzigingen uit een CSV- of XLSX-bestand in een rapportage in: "
        "alles of niets. Kolommen: code;titel;categorie;programma;jaar;bedrag;soort;"
        "meerjarig;toelichting (en optioneel verdeelsleutel)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Pad naar het .csv- of .xlsx-bestand.")
        parser.add_argument("--report", type=int, required=True, help="Id van de rapportage.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alleen controleren en tonen wat er zou veranderen; niets opslaan.",
        )
        parser.add_argument(
            "--remove-missing",
            action="store_true",
            help="Wijzigingen van de rapportage die niet in het bestand staan verwijderen.",
        )

    def handle(self, *args, file, report, dry_run, remove_missing, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"Het bestand {path} bestaat niet.") from None
        except OSError:
            raise CommandError(f"Het bestand {path} kan niet worden gelezen.") from None
        try:
            target = Report.objects.select_related("organisation").get(pk=report)
        except Report.DoesNotExist:
            raise CommandError(f"Er is geen rapportage met id {report}.") from None
        try:
            result = services.import_budget(
                report=target,
                name=path.name,
                content=content,
                dry_run=dry_run,
                remove_missing=remove_missing,
            )
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        if not result.ok:
            for error in result.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"Niets ingelezen: {len(result.errors)} fout(en) in {path.name}. "
                "Verbeter het bestand en probeer het opnieuw."
            )
        self.stdout.write(f"{target} (id {target.pk}) ← {path.name}")
        for item in result.plan:
            self.stdout.write(f"  {item.code:<10} {item.label:<34} {item.title}")
            if item.action != Action.NEW or dry_run:
                for detail in item.details:
                    self.stdout.write(f"  {'':<10} · {detail}")
        if dry_run:
            verb = "Proefimport, niets opgeslagen"
        elif result.changes_anything:
            verb = "Ingelezen"
        else:
            verb = "Niets veranderd"
        self.stdout.write(self.style.SUCCESS(f"{verb}: {result.summary()}."))
