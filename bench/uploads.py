"""Hostile and large spreadsheets against the import, as a web worker meets them.

    .venv/bin/python bench/uploads.py [--rows 10000] [--pg [postgres://postgres@127.0.0.1:5432]]

Each hostile file (the ones that took a worker down, issue 18) is read by a fresh process,
as a gunicorn worker would: the time until the Dutch refusal (or the rows) and how much the
process grew (peak resident memory after minus before). Then a valid file of ``--rows``
rows (one change per 2 rows, two years each) is checked, uploaded and confirmed against a
throw-away SQLite database, each step timed: what the coordinator waits for.

Nothing is kept; the figures go to standard output.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HEADER = "code;titel;categorie;programma;jaar;bedrag;soort;meerjarig;toelichting"


def _helpers():
    """The hostile workbooks of the tests (imported only in the child that reads them)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duoplus.settings.test")
    from tests.budget import helpers

    return helpers


HOSTILE = {
    "jaar 1e999999999 (csv)": lambda: (
        f"{HEADER}\n1;Titel;Beleidskeuze;;1e999999999;1;nadeel;nee;\n".encode(),
        "jaar.csv",
    ),
    "A1:XFD10000 gedeclareerd (xlsx)": lambda: (
        _helpers().xlsx_declaring_every_column(),
        "breed.xlsx",
    ),
    "88 MB gedeelde teksten (xlsx)": lambda: (
        _helpers().xlsx_with_shared_strings(88),
        "tekst.xlsx",
    ),
    "cel van 200.000 tekens (csv)": lambda: (f"{HEADER}\n1;{'x' * 200_000}\n".encode(), "cel.csv"),
}


def _child(name):
    """In a fresh process: read one hostile file, print seconds, growth and the answer."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duoplus.settings.test")
    django.setup()
    from budget.spreadsheet import SpreadsheetError, read_rows
    from duoplus.core.bounds import year_or_none

    content, filename = HOSTILE[name]()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    try:
        _header, rows = read_rows(filename, content, 10000)
        years = [year_or_none(record.get("jaar")) for _number, record in rows]
        refused = sum(1 for year in years if year is None)
        answer = f"{len(rows)} rij(en) gelezen, {refused} met een jaar dat geen jaartal is"
    except SpreadsheetError as exc:
        answer = str(exc)
    seconds = time.perf_counter() - start
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(json.dumps({"size": len(content), "s": seconds, "mb": grown, "answer": answer}))


def _large(rows, pg):
    import django

    if pg:
        # A throw-away database on that server (dropped and made anew).
        name = "duoplus_bench_uploads"
        for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", f"{pg}/postgres", "-qc", sql], check=True)
        os.environ["DATABASE_URL"] = f"{pg}/{name}"
    else:
        db = Path(tempfile.mkdtemp()) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duoplus.settings.test")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.BUDGET_IMPORT_MAX_ROWS = max(settings.BUDGET_IMPORT_MAX_ROWS, rows)
    call_command("migrate", verbosity=0)
    from budget import services
    from budget.models import BudgetCategory
    from duoplus.core.models import Membership, Organisation, Role, User
    from reports.core.models import Report

    executing = Organisation.objects.create(name="Uitvoerder", slug="u", kind="executing")
    town = Organisation.objects.create(name="Dorp", slug="d")
    coordinator = User.objects.create(username="coord")
    Membership.objects.create(user=coordinator, organisation=executing, role=Role.COORDINATOR)
    BudgetCategory.objects.create(code="7.1.3", name="Beleidskeuze", order=1)
    report = Report.objects.create(
        organisation=executing,
        title="Begroting",
        kind="budget",
        year=2024,
        period_start="2024-01-01",
        period_end="2024-12-31",
    )
    report.recipients.set([town])
    lines = [HEADER]
    for n in range(rows // 2):
        for year in (2024, 2025):
            lines.append(f"9.{n};Wijziging {n};Beleidskeuze;;{year};{n * 10 + 1000};nadeel;nee;")
    content = ("\n".join(lines) + "\n").encode()
    timings = {}
    start = time.perf_counter()
    result = services.check_import(report=report, name="groot.csv", content=content)
    timings["controleren"] = time.perf_counter() - start
    assert result.ok, result.errors[:3]
    start = time.perf_counter()
    upload, result = services.upload_import(
        report=report, user=coordinator, name="groot.csv", content=content
    )
    timings["uploaden (controleren en bewaren)"] = time.perf_counter() - start
    start = time.perf_counter()
    result = services.confirm_import(upload=upload, user=coordinator)
    timings["bevestigen (inlezen)"] = time.perf_counter() - start
    assert result.ok
    engine = "PostgreSQL" if pg else "SQLite"
    print(f"\nEen geldig bestand van {rows} rijen ({len(content) // 1024} KB, {engine}):")
    for step, seconds in timings.items():
        print(f"  {step:<36} {seconds:6.2f} s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--child")
    parser.add_argument("--large", action="store_true")
    parser.add_argument(
        "--pg",
        nargs="?",
        const="postgres://postgres@127.0.0.1:5432",
        help="also import into PostgreSQL at this server URL (default the local one)",
    )
    args = parser.parse_args()
    if args.child:
        _child(args.child)
        return
    if args.large:
        _large(args.rows, args.pg)
        return
    print("Vijandige bestanden, elk in een vers proces (zoals een webworker):")
    print(f"  {'bestand':<34} {'grootte':>9} {'tijd':>8} {'geheugen':>10}  antwoord")
    for name in HOSTILE:
        out = (
            subprocess.run(
                [sys.executable, __file__, "--child", name],
                capture_output=True,
                text=True,
                cwd=ROOT,
                timeout=120,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        figures = json.loads(out)
        print(
            f"  {name:<34} {figures['size'] // 1024:>6} KB {figures['s']:>6.2f} s "
            f"{figures['mb']:>7.1f} MB  {figures['answer'][:70]}"
        )
    subprocess.run([sys.executable, __file__, "--large", "--rows", str(args.rows)], check=True)
    if args.pg:
        subprocess.run(
            [sys.executable, __file__, "--large", "--rows", str(args.rows), "--pg", args.pg],
            check=True,
        )


if __name__ == "__main__":
    main()
