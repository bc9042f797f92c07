"""python manage.py import_data FILE.json[.gz]: restore what export_data wrote, into an empty
(freshly migrated) database, all or nothing."""

from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from duoplus.core.models import Organisation, User


class Command(BaseCommand):
    help = "Zet een met export_data gemaakt bestand terug in een lege database (alles of niets)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        if User.objects.exists() or Organisation.objects.exists():
            raise CommandError(
                "De database is niet leeg. Terugzetten kan alleen in een lege database: maak "
                "een nieuwe aan en voer eerst `python manage.py migrate` uit."
            )
        with transaction.atomic():
            call_command("loaddata", file, format="exactjson", verbosity=0)
        # Users, access answers and pages cached for an earlier database do not belong to
        # this one (their keys are primary keys).
        cache.clear()
        self.stdout.write(self.style.SUCCESS(f"De gegevens uit {file} zijn teruggezet."))
