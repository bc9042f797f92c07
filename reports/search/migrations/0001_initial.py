import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

# PostgreSQL: Dutch stemming after unaccent ("coördinatie" finds "coordinatie"), a GIN
# index on the weighted vector and trigram indexes for the typing-error fallback. The
# extensions need a role that may create them (README, Production).
POSTGRES_SETUP = """
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'duoplus_dutch') THEN
    CREATE TEXT SEARCH CONFIGURATION duoplus_dutch (COPY = pg_catalog.dutch);
    ALTER TEXT SEARCH CONFIGURATION duoplus_dutch
      ALTER MAPPING FOR hword, hword_part, word, asciihword, hword_asciipart, asciiword
      WITH unaccent, dutch_stem;
  END IF;
END $$;
CREATE INDEX search_vector_gin ON search_searchdocument USING gin (vector);
CREATE INDEX search_title_trgm ON search_searchdocument USING gin (title gin_trgm_ops);
CREATE INDEX search_body_trgm ON search_searchdocument USING gin (body gin_trgm_ops);
"""
POSTGRES_TEARDOWN = """
DROP INDEX IF EXISTS search_vector_gin;
DROP INDEX IF EXISTS search_title_trgm;
DROP INDEX IF EXISTS search_body_trgm;
"""


def setup(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_SETUP)


def teardown(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_TEARDOWN)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("core", "0007_question_view_download_actions"),
        ("programmes", "0002_single_line_names"),
        ("writing", "0004_alter_report_kind_alter_report_purpose"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("variant", models.CharField(blank=True, max_length=60, verbose_name="variant")),
                ("kind", models.CharField(choices=[("report", "Rapportage"), ("letter", "Raadsinformatiebrief"), ("entry", "Programmatekst"), ("goal", "Doelstelling"), ("budget", "Begrotingswijziging"), ("response", "Zienswijze"), ("reaction", "Reactie op een zienswijze"), ("question", "Technische vraag")], max_length=20, verbose_name="soort")),
                ("object_id", models.PositiveIntegerField(default=0, verbose_name="object")),
                ("title", models.CharField(max_length=300, verbose_name="titel")),
                ("body", models.TextField(blank=True, verbose_name="tekst")),
                ("url", models.CharField(max_length=300, verbose_name="adres")),
                ("year", models.PositiveSmallIntegerField(verbose_name="jaar")),
                ("date", models.DateTimeField(verbose_name="datum")),
                ("vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                ("organisation", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.organisation", verbose_name="organisatie")),
                ("programme", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="programmes.programme", verbose_name="programma")),
                ("report", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="writing.report", verbose_name="rapportage")),
            ],
            options={
                "verbose_name": "zoekindex",
                "verbose_name_plural": "zoekindex",
                "indexes": [models.Index(fields=["kind", "object_id"], name="search_sear_kind_b345f7_idx"), models.Index(fields=["-date"], name="search_sear_date_54c03a_idx")],
            },
        ),
        migrations.RunPython(setup, teardown),
    ]
