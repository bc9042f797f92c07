from django.core.management.base import BaseCommand

from reports.search import index


class Command(BaseCommand):
    help = "Bouwt de zoekindex opnieuw op uit alle rapportages (zoals de nachtelijke taak)."

    def handle(self, *args, **options):
        rows = index.reindex_all()
        self.stdout.write(self.style.SUCCESS(f"Zoekindex opnieuw opgebouwd: {rows} onderdelen."))
