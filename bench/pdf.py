"""How fast the council PDFs are made: WeasyPrint against headless Chromium, one machine.

    .venv/bin/python bench/pdf.py [--programmes 40] [--workers 2]

Builds a large generated report in a throw-away SQLite database (40 programmes with goals,
long texts, indicators and 60 budget lines, for three municipalities), then prints:

- one council's tagged PDF (PDF/UA-1): pages, seconds (layout and writing apart) and the
  peak memory of the rendering process;
- the full set (three councils and the board's copy) one after the other, and spread over
  ``--workers`` processes as Celery workers would take them;
- the same HTML printed by Debian's Chromium (``--print-to-pdf``, tagged by default), each
  document in its own browser start as a worker would, and the ratio to WeasyPrint.

Nothing is stored in the portal; the figures go to standard output.
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORDS = (
    "de uitvoeringsorganisatie werkt samen met de gemeenten aan dienstverlening inkoop "
    "informatiehuishouding personeel en organisatie governance het directieberaad besluit "
    "over de planning en control cyclus met aandacht voor risico's kosten en kwaliteit "
    "binnen de bestaande budgetten volgens de verdeelsleutel bedrijfsvoering in 2024"
).split()


def sentence(i, n=18):
    words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(i, sentences=6):
    return " ".join(sentence(i + k) for k in range(sentences))


def setup_django(directory):
    os.environ["DJANGO_SETTINGS_MODULE"] = "duoplus.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    import django

    django.setup()


def build(programmes):
    """The generated report: returns (report id, council ids)."""
    from datetime import date

    from django.core.management import call_command

    from budget.models import (
        AllocationKey,
        AllocationShare,
        BudgetCategory,
        BudgetChange,
        BudgetChangeAmount,
    )
    from duoplus.core.models import Organisation, OrganisationKind
    from programmes.models import Goal, Indicator, Programme
    from reports.core.models import Report
    from reports.writing.models import IndicatorValue, ProgressEntry

    call_command("migrate", verbosity=0)
    executing = Organisation.objects.create(
        name="Uitvoerder", slug="uitvoerder", kind=OrganisationKind.EXECUTING
    )
    councils = [
        Organisation.objects.create(
            name=name, slug=name.lower(), council_name=f"gemeenteraad van {name}", order=i
        )
        for i, name in enumerate(["Noorddorp", "Oosthaven", "Zuidstad"])
    ]
    report = Report.objects.create(
        organisation=executing,
        title="Tweede voortgangsrapportage 2024",
        kind="progress",
        year=2024,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 8, 31),
        purpose="decision",
        letter_reason=paragraph(1, 4),
        letter_summary="\n".join(f"- {sentence(i)}" for i in range(8)),
    )
    report.recipients.set(councils)
    for p in range(programmes):
        programme = Programme.objects.create(
            organisation=executing, name=f"Programma {p + 1}", slug=f"p{p}", order=p
        )
        Goal.objects.bulk_create(
            Goal(programme=programme, text=sentence(p + g), order=g) for g in range(5)
        )
        indicators = Indicator.objects.bulk_create(
            Indicator(
                programme=programme, name=f"Indicator {k + 1}", unit="%", target="80", order=k
            )
            for k in range(3)
        )
        entry = ProgressEntry.objects.create(
            report=report,
            programme=programme,
            ambition=paragraph(p, 3),
            progress="\n\n".join(paragraph(p * 5 + k) for k in range(5))
            + "\n\n"
            + "\n".join(f"- **Stap {k + 1}**: {sentence(p + k, 10)}" for k in range(5)),
            costs=paragraph(p + 3, 3),
            status=["on_track", "attention", "off_track"][p % 3],
            budget_status=["on_track", "attention", "off_track"][(p + 1) % 3],
            state="ready",
        )
        IndicatorValue.objects.bulk_create(
            IndicatorValue(entry=entry, indicator=ind, value=str(60 + k))
            for k, ind in enumerate(indicators)
        )
    key = AllocationKey.objects.create(name="Verdeelsleutel", valid_from_year=2020, is_default=True)
    for council, share in zip(councils, ["40.5", "22.25", "37.25"], strict=True):
        AllocationShare.objects.create(key=key, organisation=council, percentage=Decimal(share))
    categories = [
        BudgetCategory.objects.create(code="7.1.2", name="Autonome ontwikkelingen", order=1),
        BudgetCategory.objects.create(code="7.1.3", name="Beleidskeuze", order=2),
    ]
    for n in range(60):
        change = BudgetChange.objects.create(
            code=f"7.1.{2 + n % 2}.{n + 1}",
            title=f"Wijziging {n + 1}: {sentence(n, 5)[:60]}",
            category=categories[n % 2],
            report=report,
            allocation_key=key,
            explanation=paragraph(n, 2),
        )
        for year in (2024, 2025, 2026):
            BudgetChangeAmount.objects.create(
                change=change,
                year=year,
                amount=Decimal(1000 + 137 * n + 11 * year % 500),
                effect="nadeel" if n % 4 else "voordeel",
                recurring=False,
            )
    return report.pk, [c.pk for c in councils]


def html_for(report_id, council_id):
    from duoplus.core.models import Organisation
    from reports.core.models import Report
    from reports.review.selectors import report_document

    report = Report.objects.get(pk=report_id)
    council = Organisation.objects.get(pk=council_id) if council_id else None
    context = report_document(report=report, council=council, in_pdf=True)
    context["is_final"] = True
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("nl"):
        return render_to_string("review/pdf/report.html", context)


def weasy(args):
    """Render one variant in this process: (pages, layout s, write s, bytes, peak RSS MiB)."""
    report_id, council_id = args
    from duoplus.core import pdf
    from duoplus.core.models import Organisation
    from reports.core.models import Report
    from reports.review.selectors import report_document

    report = Report.objects.get(pk=report_id)
    council = Organisation.objects.get(pk=council_id) if council_id else None
    context = report_document(report=report, council=council, in_pdf=True)
    context["is_final"] = True
    started = time.perf_counter()
    _html, document = pdf.layout("review/pdf/report.html", context)
    laid_out = time.perf_counter()
    data = pdf.write(document)
    written = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return len(document.pages), laid_out - started, written - laid_out, len(data), peak


def _worker_init(directory):
    setup_django(directory)
    from django.db import connections

    connections.close_all()


def chromium_print(html, directory, name):
    """Print ``html`` with headless Chromium; returns seconds (browser start included)."""
    css = ROOT / "static" / "css" / "print.css"
    page = Path(directory) / f"{name}.html"
    page.write_text(html.replace('href="/static/css/print.css"', f'href="{css.as_uri()}"'))
    assert css.as_uri() in page.read_text(), "the print stylesheet is not linked as expected"
    out = Path(directory) / f"{name}-chromium.pdf"
    started = time.perf_counter()
    subprocess.run(
        [
            shutil.which("chromium") or "/usr/bin/chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            f"--user-data-dir={directory}/chromium-profile",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elapsed = time.perf_counter() - started
    pages = _pages(out)
    return elapsed, pages


def _pages(path):
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=False)
    for line in info.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programmes", type=int, default=40)
    parser.add_argument("--workers", type=int, default=2)
    options = parser.parse_args()
    directory = tempfile.mkdtemp(prefix="duoplus-bench-")
    try:
        setup_django(directory)
        t0 = time.perf_counter()
        report_id, councils = build(options.programmes)
        print(
            f"Gegenereerd: {options.programmes} programma’s, 60 begrotingsregels, "
            f"3 gemeenten ({time.perf_counter() - t0:.1f} s)"
        )
        variants = [(report_id, c) for c in councils] + [(report_id, None)]  # + board's copy

        from django.db import connections

        connections.close_all()
        # One council's tagged PDF, in a fresh process so its peak memory is its own.
        with ProcessPoolExecutor(1, initializer=_worker_init, initargs=(directory,)) as pool:
            pages, layout_s, write_s, size, peak = pool.submit(weasy, variants[0]).result()
        print()
        print("WeasyPrint (PDF/UA-1, getagd)")
        print(
            f"  één raad:        {pages} pagina’s, {layout_s + write_s:.1f} s "
            f"(opmaak {layout_s:.1f} s, schrijven {write_s:.1f} s), {size / 1024:.0f} KiB, "
            f"piekgeheugen {peak:.0f} MiB; {1000 * (layout_s + write_s) / pages:.0f} ms per pagina"
        )
        started = time.perf_counter()
        with ProcessPoolExecutor(1, initializer=_worker_init, initargs=(directory,)) as pool:
            singles = list(pool.map(weasy, variants))
        sequential = time.perf_counter() - started
        print(
            f"  volledige set:   {len(variants)} pdf’s na elkaar in {sequential:.1f} s "
            f"({', '.join(f'{s[1] + s[2]:.1f}' for s in singles)} s)"
        )
        started = time.perf_counter()
        with ProcessPoolExecutor(
            options.workers, initializer=_worker_init, initargs=(directory,)
        ) as pool:
            list(pool.map(weasy, variants))
        parallel = time.perf_counter() - started
        print(
            f"  volledige set:   over {options.workers} workers in {parallel:.1f} s "
            f"(met een worker per pdf: langste pdf {max(s[1] + s[2] for s in singles):.1f} s)"
        )

        chromium = []
        for index, variant in enumerate(variants):
            html = html_for(*variant)
            chromium.append(chromium_print(html, directory, f"v{index}"))
        chromium_total = sum(seconds for seconds, _pages in chromium)
        print()
        print("Chromium (--print-to-pdf, dezelfde html, getagd)")
        print(
            f"  één raad:        {chromium[0][1]} pagina’s, {chromium[0][0]:.1f} s "
            f"(inclusief starten van de browser; {1000 * chromium[0][0] / chromium[0][1]:.0f} ms "
            "per pagina)"
        )
        print(f"  volledige set:   {len(variants)} pdf’s na elkaar in {chromium_total:.1f} s")
        print()
        print("Verhouding WeasyPrint / Chromium")
        print(f"  één raad:              {(singles[0][1] + singles[0][2]) / chromium[0][0]:.2f}×")
        print(f"  volledige set:         {sequential / chromium_total:.2f}×  (doel: ≤ 2×)")
        print(
            f"  set over {options.workers} workers:  {parallel / chromium_total:.2f}×  (doel: < 1×)"
        )
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
