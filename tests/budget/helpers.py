"""The sample file of seed 004 and a way to write small CSV files in tests."""

from pathlib import Path

from django.conf import settings

SAMPLE = Path(settings.BASE_DIR) / "budget" / "fixtures" / "begrotingswijzigingen-2024.csv"
HEADER = "code;titel;categorie;programma;jaar;bedrag;soort;meerjarig;toelichting"


def csv_file(*rows, header=HEADER):
    """A CSV file's bytes from ``;``-separated row strings."""
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")
