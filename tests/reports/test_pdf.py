import io
import socket
import threading

import pytest
from pypdf import PdfReader

from duoplus.core import pdf as pdf_module
from reports.review.selectors import report_document

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/static/css/print.css",
        "https://example.org/x.png",
        "https://pdf-assets.invalid:444/static/css/print.css",
        "https://pdf-assets.invalid/static/../../etc/passwd",
        "https://pdf-assets.invalid/elsewhere/print.css",
        "data:text/plain,hallo",
    ],
)
def test_fetcher_refuses_everything_but_static(url):
    with pytest.raises(pdf_module.RefusedURL):
        pdf_module.StaticOnlyURLFetcher().fetch(url)


def test_fetcher_serves_project_static():
    response = pdf_module.StaticOnlyURLFetcher().fetch(
        "https://pdf-assets.invalid/static/css/print.css"
    )
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


def test_fetcher_serves_the_collected_hashed_file_in_production(settings, tmp_path):
    """Production's ManifestStaticFilesStorage names files "print.<hash>.css"; they exist
    only in STATIC_ROOT. Without this, production PDFs came out without their stylesheet
    (found by bench/pages.py, which runs the production settings)."""
    settings.STATIC_ROOT = str(tmp_path / "static")
    (tmp_path / "static" / "css").mkdir(parents=True)
    (tmp_path / "static" / "css" / "print.0123456789ab.css").write_bytes(b"@page { size: A4 }")
    (tmp_path / "geheim.txt").write_text("niet voor de pdf")
    response = pdf_module.StaticOnlyURLFetcher().fetch(
        "https://pdf-assets.invalid/static/css/print.0123456789ab.css"
    )
    assert response.read() == b"@page { size: A4 }"
    for url in (
        "https://pdf-assets.invalid/static/css/../../geheim.txt",
        "https://pdf-assets.invalid/static/%2e%2e/geheim.txt",
        "https://pdf-assets.invalid/static/css/niet-er.css",
    ):
        with pytest.raises(pdf_module.RefusedURL):
            pdf_module.StaticOnlyURLFetcher().fetch(url)


def test_hostile_entry_renders_without_any_fetch(world):
    """An entry asking for a local file and a loopback URL: nothing is read or requested."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.2)
    port = listener.getsockname()[1]
    hits = []

    def accept():
        try:
            conn, _ = listener.accept()
            hits.append(conn)
        except OSError:
            pass

    world.e1.progress = (
        f'<img src="file:///etc/passwd"> <img src="http://127.0.0.1:{port}/x.png"> '
        f"<style>@import url(http://127.0.0.1:{port}/a.css);</style>\n\n"
        f"![plaatje](http://127.0.0.1:{port}/md.png) [een link](http://127.0.0.1:{port}/l)"
    )
    world.e1.save()
    html, data = pdf_module.render_pdf(
        "review/pdf/report.html", report_document(report=world.report, council=world.noord)
    )
    thread = threading.Thread(target=accept)
    thread.start()
    thread.join()
    listener.close()
    assert hits == []
    assert '&lt;img src="file:///etc/passwd"&gt;' in html  # escaped, not markup
    chapter = html[html.index('id="hoofdstuk-1"') :]
    assert "<img" not in chapter and "<style" not in chapter
    # The link stays a link (WeasyPrint does not fetch anchors); the image syntax is text.
    assert f'<a href="http://127.0.0.1:{port}/l" rel="noopener noreferrer nofollow">' in html
    assert "root:x:0:0" not in pdf_text(data)


def test_pdf_holds_cover_chapters_and_council(world):
    html, data = pdf_module.render_pdf(
        "review/pdf/report.html", report_document(report=world.report, council=world.zuid)
    )
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "Eerste voortgangsrapportage 2022" in text
    assert "Voor de gemeenteraad van Zuidstad" in text
    assert "1.1 Inkoop" in text and "1.2 Governance" in text
    assert "Tekst over inkoop." in text and "Tekst over governance." in text
    assert "Pagina 1 van" not in text  # no footer on the cover
    assert "CONCEPT" in text  # not yet approved
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title.startswith("Eerste voortgangsrapportage 2022")
    assert [item.title for item in reader.outline if not isinstance(item, list)][:1]
