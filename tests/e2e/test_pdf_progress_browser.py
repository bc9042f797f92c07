"""While the council PDFs are being made, the report page follows them by itself."""

import pytest

from duoplus.core import tasks
from reports.review import pdfs, workflow
from reports.review.models import PDFStatus, ReportPDF

from .conftest import login

pytestmark = pytest.mark.browser


def test_the_pdf_table_updates_itself_and_without_javascript_on_reload(
    world, browser, live_server, monkeypatch
):
    # No worker: the renders stay queued until this test makes them.
    queue = tasks.render_document.apply_async
    monkeypatch.setattr(tasks.render_document, "apply_async", lambda *args, **kwargs: None)
    workflow.submit_report(report=world.report, user=world.coordinator, unfinished_accepted=True)
    assert set(ReportPDF.objects.values_list("status", flat=True)) == {PDFStatus.QUEUED}
    # Without JavaScript: the page says files are being made; a reload shows their state.
    plain = browser.new_context(java_script_enabled=False)
    plain_page = plain.new_page()
    login(plain_page, live_server.url, "coord")
    plain_page.goto(live_server.url + world.report.get_absolute_url())
    assert "Er worden nog pdf’s gemaakt" in plain_page.inner_text(".pdf-states")
    assert plain_page.locator(".pdf-status-queued").count() == 2
    # With JavaScript: the table follows the worker without a reload.
    context = browser.new_context()
    page = context.new_page()
    login(page, live_server.url, "coord")
    page.goto(live_server.url + world.report.get_absolute_url())
    assert page.locator(".pdf-status-queued").count() == 2
    monkeypatch.setattr(tasks.render_document, "apply_async", queue)
    pdfs.render_pdfs_now(report=world.report)
    page.wait_for_selector(".pdf-status-ready >> nth=1", timeout=20000)
    assert page.locator(".pdf-status-queued").count() == 0
    assert "Alle pdf’s zijn verwerkt." in page.inner_text(".pdf-states")
    assert page.locator(".pdf-states code.checksum").count() == 2
    context.close()
    plain_page.reload()
    assert plain_page.locator(".pdf-status-ready").count() == 2
    assert "Er worden nog pdf’s gemaakt" not in plain_page.inner_text(".pdf-states")
    plain.close()
