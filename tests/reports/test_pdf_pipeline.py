"""The council PDFs from submission to download: rendered when the content freezes, approved
by their checksums, released by publishing, discarded on a send-back; the task, the daily
check, "opnieuw maken" and ``render_report``; and what each council's file holds."""

import hashlib
import io

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from budget import services as budget_services
from budget.selectors import budget_table
from budget.templatetags.budget import budget_total
from duoplus.core import documents
from duoplus.core import rendering as core_rendering
from duoplus.core.models import AuditEvent
from reports.core.models import Report, ReportStatus
from reports.review import pdfs, workflow
from reports.review import periodic as review_periodic
from reports.review.models import Approval, PDFStatus, ReportPDF
from reports.search import index as search_index
from reports.writing import services
from tests.budget.helpers import SAMPLE
from tests.workflow_helpers import submit

pytestmark = pytest.mark.django_db


def pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def stored_bytes(pdf):
    with pdf.file.open("rb") as fh:
        return fh.read()


def storage():
    return ReportPDF._meta.get_field("file").storage


def approve_all(w, report):
    for member in w.board:
        report = workflow.approve_report(report=report, user=member)
    return report


# Rendered at submission, approved by checksum, released by publishing ---------------------


def test_submission_queues_one_render_per_council_on_commit(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = workflow.submit_report(
            report=world.report, user=world.coordinator, unfinished_accepted=True
        )
    pdfs = ReportPDF.objects.filter(report=report)
    assert {(p.council.slug, p.status, p.submission) for p in pdfs} == {
        ("noorddorp", PDFStatus.QUEUED, 1),
        ("zuidstad", PDFStatus.QUEUED, 1),
    }
    # Two renders and one notice to each of the three board members (besides the search
    # index's rebuilds, reports.search.index: one per change, the first does the work).
    callbacks = [c for c in callbacks if c is not search_index._flush]
    assert len(callbacks) == 5
    for callback in callbacks:
        callback()
    for pdf in ReportPDF.objects.filter(report=report):
        data = stored_bytes(pdf)
        assert pdf.status == PDFStatus.READY
        assert data.startswith(b"%PDF-") and pdf.size == len(data)
        assert pdf.sha256 == hashlib.sha256(data).hexdigest()


def test_nobody_approves_before_the_files_exist(world):
    report = workflow.submit_report(
        report=world.report, user=world.coordinator, unfinished_accepted=True
    )
    with pytest.raises(ValidationError, match="nog niet allemaal klaar.*Noorddorp, Zuidstad"):
        workflow.approve_report(report=report, user=world.board_noord)
    assert not Approval.objects.exists()


def test_every_approval_records_the_checksums_and_publishing_releases_them(world, client):
    report = submit(world.report, world.coordinator)
    checksums = {p.council.slug: p.sha256 for p in ReportPDF.objects.filter(report=report)}
    assert len(checksums) == 2 and all(len(v) == 64 for v in checksums.values())
    # Before publication a council member gets nothing; the board can download.
    client.force_login(world.council_noord)
    url = reverse("reports:pdf_download", args=[report.pk, "noorddorp"])
    assert client.get(url).status_code == 404
    client.force_login(world.board_noord)
    assert client.get(url).status_code == 200
    report = approve_all(world, report)
    assert [a.pdf_checksums for a in report.approvals.all()] == [checksums] * 3
    report = workflow.publish_report(report=report, user=world.coordinator)
    client.force_login(world.council_noord)
    response = client.get(url)
    data = b"".join(response.streaming_content)
    assert hashlib.sha256(data).hexdigest() == checksums["noorddorp"]
    assert response["X-Content-SHA256"] == checksums["noorddorp"]
    # The checksum is on the review page and in the council's download listing.
    assert checksums["noorddorp"] in client.get(reverse("council_list")).content.decode()
    client.force_login(world.coordinator)
    page = client.get(report.get_absolute_url()).content.decode()
    assert checksums["noorddorp"] in page and checksums["zuidstad"] in page
    assert "gelijk aan wat is goedgekeurd" in page


def test_publishing_refuses_files_that_are_not_the_approved_ones(world):
    report = approve_all(world, submit(world.report, world.coordinator))
    ReportPDF.objects.filter(report=report, council=world.zuid).update(sha256="0" * 64)
    with pytest.raises(ValidationError, match="niet meer dezelfde"):
        workflow.publish_report(report=report, user=world.coordinator)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_send_back_discards_the_renders_and_resubmission_renders_anew(
    world, django_capture_on_commit_callbacks
):
    report = submit(world.report, world.coordinator)
    names = list(ReportPDF.objects.filter(report=report).values_list("file", flat=True))
    stale_pk = ReportPDF.objects.filter(report=report).first().pk
    assert all(storage().exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.send_back_report(report=report, user=world.board_noord, reason="Aanvullen")
    assert not ReportPDF.objects.filter(report=report).exists()
    assert not any(storage().exists(name) for name in names)
    # A render job of the discarded round that arrives late does nothing.
    assert core_rendering.render(label="review.reportpdf", pk=stale_pk) is None
    assert not ReportPDF.objects.filter(report=report).exists()
    world.e1.progress = "Aangevulde tekst over inkoop."
    world.e1.save()
    report = submit(report, world.coordinator)
    pdfs = ReportPDF.objects.filter(report=report)
    assert {p.submission for p in pdfs} == {2}
    assert all("Aangevulde tekst" in pdf_text(stored_bytes(p)) for p in pdfs)


def test_a_correction_renders_its_own_files(world):
    report = workflow.publish_report(
        report=approve_all(world, submit(world.report, world.coordinator)),
        user=world.coordinator,
    )
    old = dict(ReportPDF.objects.filter(report=report).values_list("council__slug", "sha256"))
    correction = workflow.start_correction(report=report, user=world.coordinator)
    assert not ReportPDF.objects.filter(report=correction).exists()
    correction = submit(correction, world.coordinator)
    new = dict(ReportPDF.objects.filter(report=correction).values_list("council__slug", "sha256"))
    assert new.keys() == old.keys() and set(new.values()).isdisjoint(old.values())
    assert dict(ReportPDF.objects.filter(report=report).values_list("council__slug", "sha256")) == (
        old
    )


# The task ------------------------------------------------------------------------------


def test_the_task_is_idempotent_and_stores_one_file(world):
    report = submit(world.report, world.coordinator)
    pdf = ReportPDF.objects.get(report=report, council=world.noord)
    before = (pdf.file.name, pdf.sha256, pdf.rendered_at)
    assert documents.render_now(pdf) is None  # ready: left alone
    pdf.refresh_from_db()
    assert (pdf.file.name, pdf.sha256, pdf.rendered_at) == before
    # Rendered again from scratch (status reset), the bytes are the same and the file is
    # not stored a second time under another name.
    ReportPDF.objects.filter(pk=pdf.pk).update(status=PDFStatus.QUEUED)
    assert documents.render_now(pdf) == pdf.pk
    pdf.refresh_from_db()
    assert (pdf.file.name, pdf.sha256) == before[:2] and pdf.status == PDFStatus.READY
    directory = pdf.file.name.rsplit("/", 1)[0]
    _dirs, files = storage().listdir(directory)
    assert [f for f in files if f.startswith("noorddorp-")] == [pdf.file.name.rsplit("/", 1)[1]]


def test_a_failed_render_shows_its_error_and_can_be_made_again(world, client, monkeypatch):
    from duoplus.core import pdf as pdf_module

    real = pdf_module.render_pdf

    def broken(*args, **kwargs):
        raise RuntimeError("lettertype ontbreekt")

    monkeypatch.setattr(pdf_module, "render_pdf", broken)
    report = workflow.submit_report(
        report=world.report, user=world.coordinator, unfinished_accepted=True
    )
    with pytest.raises(RuntimeError):
        pdfs.render_pdfs_now(report=report)
    failed = ReportPDF.objects.get(report=report, council=world.noord)
    # The first attempt failed: it waits for the next one, and the page says so.
    assert failed.status == PDFStatus.QUEUED and "lettertype ontbreekt" in failed.error
    client.force_login(world.coordinator)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Poging 1 van 3 mislukt; wordt opnieuw geprobeerd." in page
    # After its attempts it is failed, not tried for ever.
    for _attempt in (2, 3):
        with pytest.raises(RuntimeError):
            pdfs.render_pdfs_now(report=report)
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (PDFStatus.FAILED, 3)
    assert "lettertype ontbreekt" in failed.error
    assert documents.render_now(failed) is None  # a failed one is not made again by itself
    failed.refresh_from_db()
    assert failed.status == PDFStatus.FAILED
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Mislukt" in page and "lettertype ontbreekt" in page and "Opnieuw maken" in page
    # The board sees the state, not the technical error, and has no button.
    client.force_login(world.board_noord)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Mislukt" in page and "lettertype ontbreekt" not in page
    url = reverse("reports:pdf_rerender", args=[report.pk, "noorddorp"])
    client.post(url)
    assert AuditEvent.objects.filter(action="pdf.rerender", result="denied").exists()
    monkeypatch.setattr(pdf_module, "render_pdf", real)
    client.force_login(world.coordinator)
    response = client.post(url, follow=True)
    assert "wordt opnieuw gemaakt" in response.content.decode()
    pdfs.render_pdfs_now(report=report)  # what the worker does with the queued job
    failed.refresh_from_db()
    assert failed.status == PDFStatus.READY
    # A ready file is never replaced: it may have been approved.
    with pytest.raises(ValidationError):
        pdfs.rerender_pdf(report=report, council=world.noord, user=world.coordinator)


@pytest.mark.parametrize("who", ["editor", "board_noord", "council_noord", "admin"])
def test_only_the_coordinator_has_a_pdf_made_again(world, who):
    report = workflow.submit_report(
        report=world.report, user=world.coordinator, unfinished_accepted=True
    )
    with pytest.raises(PermissionDenied):
        pdfs.rerender_pdf(report=report, council=world.noord, user=getattr(world, who))


@pytest.mark.pdf
def test_the_daily_check_restores_a_lost_file_byte_for_byte(world):
    report = workflow.publish_report(
        report=approve_all(world, submit(world.report, world.coordinator)),
        user=world.coordinator,
    )
    pdf = ReportPDF.objects.get(report=report, council=world.zuid)
    approved = pdf.sha256
    storage().delete(pdf.file.name)
    assert pdfs.check_published_pdfs() == 1
    pdfs.render_pdfs_now(report=report)
    pdf.refresh_from_db()
    assert pdf.status == PDFStatus.READY and pdf.sha256 == approved
    assert hashlib.sha256(stored_bytes(pdf)).hexdigest() == approved
    assert pdfs.check_published_pdfs() == 0  # nothing missing any more


def test_a_remade_file_that_differs_from_the_approved_one_is_not_offered(world):
    report = workflow.publish_report(
        report=approve_all(world, submit(world.report, world.coordinator)),
        user=world.coordinator,
    )
    pdf = ReportPDF.objects.get(report=report, council=world.zuid)
    storage().delete(pdf.file.name)
    ReportPDF.objects.filter(pk=pdf.pk).update(sha256="f" * 64)  # what was approved
    pdfs.check_published_pdfs()
    pdfs.render_pdfs_now(report=report)
    pdf.refresh_from_db()
    assert pdf.status == PDFStatus.FAILED and "wijkt af" in pdf.error
    assert not ReportPDF.objects.downloadable_by(world.council_zuid).filter(pk=pdf.pk).exists()


def test_beat_runs_the_daily_check():
    entries = {e["task"]: e for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "reports.review.periodic.check_published_pdfs" in entries
    assert (
        review_periodic.check_published_pdfs.name == "reports.review.periodic.check_published_pdfs"
    )


# render_report -------------------------------------------------------------------------


@pytest.mark.pdf
def test_render_report_marks_a_report_that_is_not_approved(world, tmp_path, capsys):
    call_command("render_report", str(world.report.pk), "--out", str(tmp_path))
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == [
        "Eerste-voortgangsrapportage-2022-Noorddorp.pdf",
        "Eerste-voortgangsrapportage-2022-Zuidstad.pdf",
    ]
    for name in files:
        text = pdf_text((tmp_path / name).read_bytes())
        assert text.count("CONCEPT") >= len(PdfReader(tmp_path / name).pages)
    assert "CONCEPT" in capsys.readouterr().out
    assert not ReportPDF.objects.exists()  # the portal's files are not touched


@pytest.mark.pdf
def test_render_report_of_a_published_report_gives_the_published_bytes(world, tmp_path):
    report = workflow.publish_report(
        report=approve_all(world, submit(world.report, world.coordinator)),
        user=world.coordinator,
    )
    call_command("render_report", str(report.pk), "--council", "zuidstad", "--out", str(tmp_path))
    [made] = list(tmp_path.iterdir())
    published = ReportPDF.objects.get(report=report, council=world.zuid)
    assert hashlib.sha256(made.read_bytes()).hexdigest() == published.sha256
    assert "CONCEPT" not in pdf_text(made.read_bytes())


def test_render_report_refuses_what_it_cannot_do(world, tmp_path):
    with pytest.raises(CommandError, match="ontvangt deze rapportage niet"):
        call_command("render_report", str(world.report.pk), "--council", "elders")
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("render_report", "999999")
    with pytest.raises(CommandError, match="concept"):
        call_command("render_report", str(world.report.pk), "--store")


def test_render_report_store_makes_the_waiting_files_without_a_worker(world, capsys):
    report = workflow.submit_report(
        report=world.report, user=world.coordinator, unfinished_accepted=True
    )
    call_command("render_report", str(report.pk), "--store")
    assert set(ReportPDF.objects.filter(report=report).values_list("status", flat=True)) == {
        PDFStatus.READY
    }
    assert "Noorddorp: Klaar" in capsys.readouterr().out


# What each council's file holds --------------------------------------------------------


@pytest.fixture
def budget_report(budget_world):
    w = budget_world
    assert budget_services.import_budget(
        report=w.budget_report, name=SAMPLE.name, content=SAMPLE.read_bytes()
    ).ok
    from tests import factories as f

    f.EntryFactory(report=w.budget_report, programme=w.p1, progress="Inkoop loopt.")
    f.EntryFactory(report=w.budget_report, programme=w.p2, progress="Governance loopt.")
    Report.objects.filter(pk=w.budget_report.pk).update(
        letter_reason="De **begroting 2024** wijzigt.", letter_risks="Risico: <script>x</script>"
    )
    return Report.objects.get(pk=w.budget_report.pk)


def _first_year_total(report, council):
    table = budget_table(report=report, council=council)
    [municipality] = table.municipalities
    year, total = next(
        (y, t) for y, t in zip(table.years, municipality.totals, strict=True) if t.amount
    )
    return year, str(budget_total(total))


def test_each_council_pdf_holds_its_own_amounts_only(budget_world, budget_report):
    w = budget_world
    noord_year, noord_total = _first_year_total(budget_report, w.noord)
    zuid_year, zuid_total = _first_year_total(budget_report, w.zuid)
    assert noord_total != zuid_total
    report = submit(budget_report, w.coordinator)
    texts = {
        p.council.slug: pdf_text(stored_bytes(p)) for p in ReportPDF.objects.filter(report=report)
    }
    noord, zuid = texts["noorddorp"], texts["zuidstad"]
    assert f"{noord_year}: {noord_total}" in noord and f"{zuid_year}: {zuid_total}" in zuid
    assert zuid_total not in noord and noord_total not in zuid
    assert "Gevolgen voor de begroting van Noorddorp" in noord
    assert "Zuidstad" not in noord.replace("Voor de gemeenteraad van Zuidstad", "")
    assert "Noorddorp" not in zuid
    assert "Aan gemeenteraad van Zuidstad" in zuid


@pytest.mark.pdf
def test_the_pdf_html_is_the_document_councils_expect(budget_world, budget_report):
    from duoplus.core import pdf as pdf_module
    from reports.review.selectors import report_document

    w = budget_world
    html, data = pdf_module.render_pdf(
        "review/pdf/report.html",
        report_document(report=budget_report, council=w.noord, in_pdf=True),
    )
    order = [
        'class="cover"',
        'id="kop-colofon"',
        'id="kop-inhoud"',
        'id="raadsinformatiebrief"',
        'id="programmas"',
        'id="hoofdstuk-1"',
        'id="hoofdstuk-2"',
        'id="begroting"',
    ]
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert '<span class="chapter-number">1.1</span> Inkoop' in html
    assert '<span class="chapter-number">1.2</span> Governance' in html
    assert '<span class="chapter-number">2</span> Begrotingswijzigingen' in html
    assert '<a href="#hoofdstuk-2">1.2 Governance</a>' in html
    assert "<p>De <strong>begroting 2024</strong> wijzigt.</p>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html  # escaped, in page and PDF
    assert "CONCEPT" in html  # a concept rendered for a look
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl" and root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root and root["/ViewerPreferences"]["/DisplayDocTitle"]
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[:4] == ["Begroting 2024", "Inhoud", "Raadsinformatiebrief", "1 Programma’s"]
    assert "2 Begrotingswijzigingen" in outline
    text = pdf_text(data)
    assert "Pagina 2 van" in text and "Colofon" in text


# The covering letter -------------------------------------------------------------------


def test_coordinator_writes_the_letter_while_concept(world, client):
    url = reverse("reports:letter_edit", args=[world.report.pk])
    client.force_login(world.editor)
    assert client.get(url).status_code == 404
    client.force_login(world.coordinator)
    assert (
        "Brief aan de raden bewerken"
        in client.get(world.report.get_absolute_url()).content.decode()
    )
    response = client.post(
        url,
        {
            "letter_reason": "Over januari\x07 tot april.",
            "letter_summary": "- Inkoop\n- Governance",
            "letter_risks": "",
        },
    )
    assert response.status_code == 302
    world.report.refresh_from_db()
    assert world.report.letter_reason == "Over januari tot april."
    assert AuditEvent.objects.filter(action="report.letter", result="ok").exists()
    page = client.get(world.report.get_absolute_url()).content.decode()
    assert "<li>Inkoop</li>" in page
    # Too long: refused in Dutch, the text stays in the form, nothing stored.
    long_text = "x" * (services.MAX_TEXT_LENGTH + 1)
    response = client.post(url, {"letter_reason": long_text, "letter_summary": "Nieuw"})
    assert response.status_code == 200 and "niet opgeslagen" in response.content.decode()
    assert "Nieuw" in response.content.decode()
    world.report.refresh_from_db()
    assert world.report.letter_summary == "- Inkoop\n- Governance"
    # Once submitted the letter is frozen with the rest.
    workflow.submit_report(report=world.report, user=world.coordinator, unfinished_accepted=True)
    response = client.post(url, {"letter_reason": "Later"}, follow=True)
    assert "ligt vast" in response.content.decode()
    with pytest.raises(PermissionDenied):
        services.save_letter(report=world.report, user=world.coordinator, data={})


@pytest.mark.pdf
def test_the_council_pdf_passes_the_pdf_ua_checker(budget_world, budget_report, tmp_path):
    """pdfua checks the machine-checkable part of PDF/UA-1: no errors. The one known warning
    (UA-15-003) is WeasyPrint writing table header cells without /Scope; the HTML has
    scope="col"/"row", so a reader can still tell, but the checker cannot be sure."""
    import json
    import subprocess
    import sys

    report = submit(budget_report, budget_world.coordinator)
    path = tmp_path / "noorddorp.pdf"
    path.write_bytes(stored_bytes(ReportPDF.objects.get(report=report, council=budget_world.noord)))
    result = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    verdict = json.loads(result.stdout)
    assert verdict["pdfua_version"] == "PDF/UA-1"
    assert verdict["summary"]["errors"] == 0, verdict["findings"]
    assert verdict["summary"]["rules_run"] >= 10
    assert {f["rule_id"] for f in verdict["findings"]} <= {"UA-15-003"}
