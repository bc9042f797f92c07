import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from duoplus.core.models import AuditEvent
from reports.core.models import ReportStatus
from reports.review import workflow
from reports.review.models import PDFStatus, ReportPDF
from reports.writing.models import ProgressEntry
from tests.workflow_helpers import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Walk the report to published; the on-commit render tasks run (eager Celery)."""

    def walk(w):
        report = submit(w.report, w.coordinator)
        for member in w.board:
            report = workflow.approve_report(report=report, user=member)
        with django_capture_on_commit_callbacks(execute=True):
            return workflow.publish_report(report=report, user=w.coordinator)

    return walk


def edit_url(w, entry):
    return reverse("reports:entry_edit", args=[w.report.pk, entry.pk])


def test_anonymous_is_sent_to_login(client, world):
    for url in [reverse("home"), world.report.get_absolute_url(), edit_url(world, world.e1)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_login_page_has_username_and_password(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'name="username"' in html and 'name="password"' in html
    assert 'lang="nl"' in html


def test_editor_edits_an_entry(client, world):
    client.force_login(world.editor)
    page = client.get(edit_url(world, world.e1))
    assert page.status_code == 200
    assert "Eén inkooporganisatie" in page.content.decode()  # goal shown while writing
    response = client.post(
        edit_url(world, world.e1),
        {"progress": "Bijgewerkt <script>alert(1)</script>", "status": "attention", "version": 0},
    )
    assert response.status_code == 302
    entry = ProgressEntry.objects.get(pk=world.e1.pk)
    assert entry.progress.startswith("Bijgewerkt") and entry.version == 1
    detail = client.get(world.report.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail
    assert "<script>alert(1)" not in detail


def test_conflict_keeps_the_typed_text(client, world):
    client.force_login(world.coordinator)
    client.post(
        edit_url(world, world.e1), {"progress": "Van de coördinator", "status": "", "version": 0}
    )
    client.force_login(world.editor)
    response = client.post(
        edit_url(world, world.e1),
        {"progress": "Mijn eigen zorgvuldige tekst", "status": "on_track", "version": 0},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "opgeslagen nadat u hem opende" in html
    assert "Mijn eigen zorgvuldige tekst" in html  # what this person typed
    assert "Van de coördinator" in html  # what the other person saved
    assert ProgressEntry.objects.get(pk=world.e1.pk).progress == "Van de coördinator"


def test_invalid_input_gives_dutch_error_and_keeps_text(client, world):
    client.force_login(world.editor)
    response = client.post(
        edit_url(world, world.e1), {"progress": "Tekst met\x00nul", "status": "bogus", "version": 0}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "De tekst is niet opgeslagen" in html
    assert "Selecteer een geldige keuze" in html  # Django's own Dutch message
    assert "Null-tekens zijn niet toegestaan" in html
    assert "Tekst met" in html  # the typed text is still in the form
    assert ProgressEntry.objects.get(pk=world.e1.pk).version == 0


def test_editor_cannot_open_someone_elses_entry(client, world):
    client.force_login(world.editor)
    assert client.get(edit_url(world, world.e2)).status_code == 404
    assert AuditEvent.objects.filter(action="entry.edit", result="denied").exists()


def test_walk_submit_approve_publish_through_views(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.coordinator)
    url = reverse("reports:submit", args=[world.report.pk])
    # The button asks first, and lists what is unfinished: nothing happens yet.
    question = client.post(url).content.decode()
    assert "Indienen bij het directieberaad?" in question
    assert "1.1 Inkoop: nog niet begonnen" in question and "1.2 Governance" in question
    world.report.refresh_from_db()
    assert world.report.status == ReportStatus.CONCEPT
    # Confirming without ticking that unfinished work goes along is refused, in Dutch.
    response = client.post(url, {"bevestigd": "1"})
    assert response.status_code == 400 and "Vink aan" in response.content.decode()
    world.report.refresh_from_db()
    assert world.report.status == ReportStatus.CONCEPT
    with django_capture_on_commit_callbacks() as queued:
        client.post(url, {"bevestigd": "1", "akkoord": "1"})
    world.report.refresh_from_db()
    assert world.report.status == ReportStatus.SUBMITTED
    # Before the worker has made the PDFs nobody can approve: there is nothing to approve yet.
    client.force_login(world.board_exec)
    response = client.post(
        reverse("reports:approve", args=[world.report.pk]), {"bevestigd": "1"}, follow=True
    )
    assert "nog niet allemaal klaar" in response.content.decode()
    assert not world.report.approvals.exists()
    for callback in queued:  # the worker renders (eager Celery), as after a real commit
        callback()
    for member in world.board:
        client.force_login(member)
        page = client.get(world.report.get_absolute_url()).content.decode()
        assert "Goedkeuren" in page
        # The board sees what was submitted unfinished, on the page and when asked.
        assert "Ingediend terwijl nog niet af" in page and "1.1 Inkoop" in page
        question = client.post(reverse("reports:approve", args=[world.report.pk]))
        assert "Goedkeuren?" in question.content.decode()
        assert not world.report.approvals.filter(user=member).exists()
        client.post(reverse("reports:approve", args=[world.report.pk]), {"bevestigd": "1"})
    world.report.refresh_from_db()
    assert world.report.status == ReportStatus.APPROVED
    client.force_login(world.coordinator)
    question = client.post(reverse("reports:publish", args=[world.report.pk])).content.decode()
    assert "Publiceren?" in question and "Noorddorp" in question and "Zuidstad" in question
    world.report.refresh_from_db()
    assert world.report.status == ReportStatus.APPROVED
    client.post(reverse("reports:publish", args=[world.report.pk]), {"bevestigd": "1"})
    world.report.refresh_from_db()
    assert world.report.status == ReportStatus.PUBLISHED


def test_send_back_without_reason_is_refused_in_dutch(client, world):
    submit(world.report, world.coordinator)
    client.force_login(world.board_noord)
    response = client.post(reverse("reports:send_back", args=[world.report.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "Geef aan waarom" in response.content.decode()
    world.report.refresh_from_db()
    assert world.report.status == ReportStatus.SUBMITTED


def test_council_member_sees_nothing_before_publication(client, world):
    client.force_login(world.council_noord)
    assert client.get(world.report.get_absolute_url()).status_code == 404
    assert "Eerste voortgangsrapportage" not in client.get(reverse("council_list")).content.decode()


def test_council_downloads_only_own_pdf(client, world, publish):
    publish(world)  # eager Celery renders the PDFs on commit
    pdfs = ReportPDF.objects.filter(report=world.report)
    assert {p.status for p in pdfs} == {PDFStatus.READY}
    client.force_login(world.council_noord)
    listing = client.get(reverse("council_list")).content.decode()
    own = reverse("reports:pdf_download", args=[world.report.pk, "noorddorp"])
    other = reverse("reports:pdf_download", args=[world.report.pk, "zuidstad"])
    assert own in listing and other not in listing
    response = client.get(own)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="Eerste-voortgangsrapportage-2022-Noorddorp.pdf"'
    )
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(response))).pages)
    assert "Eerste voortgangsrapportage 2022" in text
    assert "Tekst over inkoop." in text
    assert "gemeenteraad van Noorddorp" in text
    assert client.get(other).status_code == 404
    assert client.get(reverse("reports:pdf_download", args=[99999, "noorddorp"])).status_code == 404
    assert AuditEvent.objects.filter(action="pdf.download", result="not_found").count() == 2
    assert AuditEvent.objects.filter(action="pdf.download", result="ok").count() == 1


@pytest.mark.parametrize("who", ["coordinator", "board_zuid", "editor"])
def test_internal_users_download_every_council_pdf(client, world, who, publish):
    publish(world)
    client.force_login(getattr(world, who))
    for slug in ("noorddorp", "zuidstad"):
        url = reverse("reports:pdf_download", args=[world.report.pk, slug])
        assert client.get(url).status_code == 200


def test_outsider_and_deactivated_user_get_nothing(client, world, publish):
    publish(world)
    url = reverse("reports:pdf_download", args=[world.report.pk, "noorddorp"])
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    assert client.get(world.report.get_absolute_url()).status_code == 404
    world.council_noord.is_active = False
    world.council_noord.save()
    client.force_login(world.council_noord)
    assert client.get(url).status_code in (302, 404)


def test_workflow_actions_need_post(client, world):
    client.force_login(world.coordinator)
    assert client.get(reverse("reports:submit", args=[world.report.pk])).status_code == 405
    world.report.refresh_from_db()
    assert world.report.status == ReportStatus.CONCEPT


def test_home_shows_each_role_its_section(client, world):
    client.force_login(world.editor)
    html = client.get(reverse("home")).content.decode()
    assert "Mijn werk" in html and "Inkoop" in html and edit_url(world, world.e1) in html
    assert edit_url(world, world.e2) not in html
    submit(world.report, world.coordinator)
    client.force_login(world.board_zuid)
    html = client.get(reverse("home")).content.decode()
    assert "Ter goedkeuring" in html and world.report.title in html


def test_council_page_hides_internal_history(client, world, publish):
    submit(world.report, world.coordinator)
    workflow.send_back_report(
        report=world.report, user=world.board_noord, reason="Interne opmerking over hoofdstuk 2"
    )
    publish(world)
    client.force_login(world.council_noord)
    html = client.get(world.report.get_absolute_url()).content.decode()
    assert "Tekst over inkoop." in html
    assert "Interne opmerking" not in html and "Historie" not in html
    # Not by way of a refused form on the same page either.
    response = client.post(reverse("reports:send_back", args=[world.report.pk]), {"reason": ""})
    assert "Interne opmerking" not in response.content.decode()
    client.force_login(world.coordinator)
    assert "Interne opmerking" in client.get(world.report.get_absolute_url()).content.decode()
