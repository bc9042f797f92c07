"""python manage.py render_report ID [--council SLUG] [--out DIR] [--store]"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from duoplus.core import pdf
from reports.core.models import Report
from reports.review import pdfs, selectors
from reports.review.document import is_final
from reports.review.models import PDFStatus, ReportPDF
from reports.review.rendering import PDF_TEMPLATE


class Command(BaseCommand):
    help = (
        "Maakt de pdf’s van een rapportage nu, in dit proces: voor elke raad, of voor één raad "
        "met --council. Werkt in elke status; een rapportage die nog niet is goedgekeurd krijgt "
        "op elke pagina het merkteken CONCEPT. De bestanden komen in --out (standaard de huidige "
        "map); de pdf’s in het portaal blijven ongemoeid. Met --store worden in plaats daarvan "
        "de pdf’s van het portaal gemaakt die nog in de wachtrij staan of mislukt zijn (als er "
        "geen worker draait)."
    )

    def add_arguments(self, parser):
        parser.add_argument("report", type=int, help="Id van de rapportage.")
        parser.add_argument("--council", help="Korte naam (slug) van één ontvangende gemeente.")
        parser.add_argument("--out", default=".", help="Map voor de bestanden (standaard: .).")
        parser.add_argument(
            "--store",
            action="store_true",
            help="De wachtende pdf’s van het portaal zelf maken (vanaf indienen).",
        )

    def handle(self, *args, report, council, out, store, **options):
        report_obj = Report.objects.filter(pk=report).first()
        if report_obj is None:
            raise CommandError(f"Rapportage {report} bestaat niet.")
        councils = list(report_obj.recipients.order_by("order", "name"))
        if council:
            councils = [c for c in councils if c.slug == council]
            if not councils:
                known = ", ".join(c.slug for c in report_obj.recipients.all()) or "geen"
                raise CommandError(
                    f"“{council}” ontvangt deze rapportage niet (ontvangers: {known})."
                )
        if not councils:
            raise CommandError("Deze rapportage heeft geen ontvangende gemeenten.")
        if store:
            return self._store(report_obj, councils)
        directory = Path(out)
        directory.mkdir(parents=True, exist_ok=True)
        final = is_final(report=report_obj, in_pipeline=False)
        for organisation in councils:
            started = time.perf_counter()
            context = selectors.report_document(
                report=report_obj, council=organisation, in_pdf=True
            )
            context["is_final"] = final
            _html, document = pdf.layout(PDF_TEMPLATE, context)
            data = pdf.write(document)
            target = directory / ReportPDF(report=report_obj, council=organisation).download_name
            target.write_bytes(data)
            size = f"{len(data):_}".replace("_", ".")
            self.stdout.write(
                f"{target}  {len(document.pages)} pagina’s, {size} bytes, "
                f"{time.perf_counter() - started:.1f} s, sha256 {pdf.sha256(data)}"
                + ("" if final else "  [CONCEPT]")
            )

    def _store(self, report, councils):
        if report.is_concept:
            raise CommandError(
                "Een rapportage in concept heeft nog geen pdf’s in het portaal: die worden "
                "bij het indienen gemaakt. Laat --store weg voor een conceptversie."
            )
        pdfs.queue_pdf_renders(report=report)  # rows for anything missing (no worker needed)
        pdfs.render_pdfs_now(report=report)
        for row in (
            ReportPDF.objects.current()
            .filter(report=report, council__in=councils)
            .select_related("council")
        ):
            state = row.get_status_display()
            detail = row.sha256 if row.status == PDFStatus.READY else row.error
            self.stdout.write(f"{row.council.name}: {state} {detail}")
