"""The Woo index: an XML sitemap (sitemaps.org) of the public documents — each public
report's page and its council PDFs — with DiWoo metadata per document (TOOI values for the
information category and the publisher; creation and publication dates), so that the
national Woo index can harvest it. Validated against schemas/sitemap.xsd in the tests."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from reports.core.models import ReportKind
from reports.review.models import ReportPDF

from . import api

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
DIWOO = "https://standaarden.overheid.nl/diwoo/metadata/"
KERN = "https://identifier.overheid.nl/tooi/def/thes/kern/"
# Woo art. 3.3 information categories (TOOI scw_woo_informatiecategorieen): begroting and
# jaarstukken are jaarplannen en jaarverslagen; the rest goes to the councils as
# "bij vertegenwoordigende organen ingekomen stukken".
ANNUAL = ("c_c6cd1213", "Jaarplannen en jaarverslagen")
RECEIVED = ("c_8c840238", "Bij vertegenwoordigende organen ingekomen stukken")
CATEGORIES = {ReportKind.BUDGET: ANNUAL, ReportKind.ANNUAL: ANNUAL}


def _sub(parent, tag, text=None, namespace=DIWOO, **attributes):
    element = etree.SubElement(parent, f"{{{namespace}}}{tag}", **attributes)
    if text is not None:
        element.text = str(text)
    return element


def _document(url_element, *, report, identifier, title, fmt):
    document = _sub(url_element, "Document")
    diwoo = _sub(document, "DiWoo")
    identifiers = _sub(diwoo, "identifiers")
    _sub(identifiers, "identifier", identifier)
    _sub(identifiers, "identifier", report.reference)
    publisher = {"resource": settings.WOO_PUBLISHER_URI}
    _sub(diwoo, "publisher", settings.WOO_PUBLISHER_NAME, **publisher)
    _sub(diwoo, "verantwoordelijke", settings.WOO_PUBLISHER_NAME, **publisher)
    _sub(_sub(diwoo, "titelcollectie"), "officieleTitel", title)
    code, label = CATEGORIES.get(report.kind, RECEIVED)
    categories = _sub(_sub(diwoo, "classificatiecollectie"), "informatiecategorieen")
    _sub(categories, "informatiecategorie", label, resource=f"{KERN}{code}")
    created = report.submitted_at or report.created_at
    _sub(diwoo, "creatiedatum", timezone.localdate(created).isoformat())
    _sub(diwoo, "openbaarmakingsdatum", timezone.localdate(report.published_at).isoformat())
    _sub(diwoo, "format", fmt)


def sitemap_xml(request) -> bytes:
    reports = list(api.public_reports())
    pdfs: dict[int, list[ReportPDF]] = {}
    for pdf in (
        ReportPDF.objects.ready()
        .filter(report__in=[r.pk for r in reports])
        .select_related("council")
        .order_by("council__order", "council__name")
    ):
        pdfs.setdefault(pdf.report_id, []).append(pdf)
    urlset = etree.Element(f"{{{SITEMAP}}}urlset", nsmap={None: SITEMAP, "diwoo": DIWOO})
    for report in reports:
        published = timezone.localdate(report.published_at).isoformat()
        page = reverse("public_report", args=[report.pk])
        entries = [(page, f"duoplus-{report.pk}", report.display_title, "text/html")]
        for pdf in pdfs.get(report.pk, []):
            entries.append(
                (
                    reverse("public_pdf", args=[report.pk, pdf.council.slug]),
                    f"duoplus-{report.pk}-{pdf.council.slug}",
                    f"{report.display_title} – {pdf.council.council_name or pdf.council.name}",
                    "application/pdf",
                )
            )
        for path, identifier, title, fmt in entries:
            url = _sub(urlset, "url", namespace=SITEMAP)
            _sub(url, "loc", request.build_absolute_uri(path), namespace=SITEMAP)
            _sub(url, "lastmod", published, namespace=SITEMAP)
            _document(url, report=report, identifier=identifier, title=title, fmt=fmt)
    return etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def sitemap(request):
    return api.public_response(request, sitemap_xml(request), "application/xml; charset=utf-8")
