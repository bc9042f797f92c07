"""python manage.py export_data FILE.json[.gz]: every record of the portal, for a logical
backup or a move to another database (restore with import_data into an empty database).

In JSON with exact timestamps (duoplus/exact_json.py): Django's own JSON cuts them to
milliseconds.

Rendered PDFs are files, not records: back up PRIVATE_MEDIA_ROOT beside it (README)."""

import os
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

# Rebuilt by `migrate` in any database; sessions and axes' attempt counters are transient.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes"]


class Command(BaseCommand):
    help = "Schrijft alle gegevens van het portaal naar een JSON-bestand (.json of .json.gz)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Doelbestand, bijv. duoplus-2026-11-30.json.gz")

    def handle(self, *args, file, **options):
        # The file holds password hashes, second-step keys and recovery codes: readable by
        # its owner only, from the first byte on (made empty with mode 0600, then filled).
        target = Path(file)
        target.unlink(missing_ok=True)
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        # Primary keys are kept (every reference stays as it was); content types and
        # permissions are referred to by their natural keys, as migrate numbers them anew.
        call_command(
            "dumpdata",
            natural_foreign=True,
            exclude=EXCLUDED,
            format="exactjson",
            output=file,
            verbosity=0,
        )
        os.chmod(target, 0o600)
        self.stdout.write(
            self.style.SUCCESS(
                f"Alle gegevens staan in {file} (alleen leesbaar voor de eigenaar: het bevat "
                "wachtwoord-hashes en sleutels van de tweestapsverificatie)."
            )
        )
