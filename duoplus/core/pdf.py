"""Render templates to PDF with WeasyPrint, loading only the project's own static files."""

import hashlib
import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Templates refer to static files with {% static %} ("/static/css/print.css"); relative to
# this base URL they become "https://pdf-assets.invalid/static/…", which only the fetcher
# below understands. ".invalid" is a reserved name: nothing on the network answers it.
BASE_URL = "https://pdf-assets.invalid/"
_ASSET_HOST = "pdf-assets.invalid"


class RefusedURL(ValueError):
    pass


def static_file_for(url):
    """The path of the project's static file that ``url`` names, or None for any other URL."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if (
        parts.scheme != "https"
        or parts.hostname != _ASSET_HOST
        or parts.port is not None
        or not path.startswith(settings.STATIC_URL)
        or ".." in path.split("/")
    ):
        return None
    name = path[len(settings.STATIC_URL) :]
    found = finders.find(name)
    if found:
        return found
    # In production {% static %} gives the collected, hashed name ("print.aca0e0d93e36.css",
    # ManifestStaticFilesStorage): that file is in STATIC_ROOT, not in the app folders.
    root = Path(settings.STATIC_ROOT).resolve()
    candidate = (root / name).resolve()
    if root in candidate.parents and candidate.is_file():
        return str(candidate)
    return None


class StaticOnlyURLFetcher(URLFetcher):
    """WeasyPrint URL fetcher: the project's static files and nothing else.

    Any other URL (http(s) elsewhere, file:, data:, ftp:, …) is refused and logged, so user
    content can never make the renderer read a local file or reach the network.
    """

    def fetch(self, url, headers=None):
        found = static_file_for(url)
        if not found:
            logger.warning("pdf: refused to fetch %r", url[:200])
            raise RefusedURL(f"refused: {url[:200]}")
        with open(found, "rb") as fh:
            data = fh.read()
        mime_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, {"Content-Type": mime_type})


# Tagged and accessible (PDF/UA-1: structure tree, title shown, language, bookmarks).
PDF_VARIANT = "pdf/ua-1"


def render_html(template_name, context):
    """The HTML of ``template_name`` that goes into the renderer, in the portal's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template_name, context)


def lay_out(html):
    """Lay ``html`` out: a ``weasyprint.Document`` (pages, then :func:`write`)."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyURLFetcher()).render(
        pdf_variant=PDF_VARIANT
    )


def layout(template_name, context):
    """Render ``template_name`` and lay it out: ``(html, weasyprint.Document)``."""
    html = render_html(template_name, context)
    return html, lay_out(html)


def write(document):
    """The PDF bytes of a laid-out document. Deterministic: the same content gives the same
    bytes (no creation date, identifier derived from the content)."""
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def html_to_pdf(html):
    """The PDF bytes of ``html``: the one way HTML becomes a PDF (the tests replace it by a
    fast writer where they are not about the PDF: tests/fastpdf.py)."""
    return write(lay_out(html))


def render_pdf(template_name, context):
    """Render ``template_name`` to ``(html, pdf_bytes)``."""
    html = render_html(template_name, context)
    return html, html_to_pdf(html)


def sha256(data):
    return hashlib.sha256(data).hexdigest()
