"""Budget pages: the report's budget chapter, export downloads, the two-step upload, the PDF
and the admin's allocation-key check."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from budget import services
from budget.models import AllocationKey, BudgetChange, BudgetImport
from duoplus.core import pdf as pdf_module
from duoplus.core.models import AuditEvent
from reports.review.selectors import report_document
from tests.reports.test_pdf import pdf_text
from tests.workflow_helpers import submit

from .helpers import SAMPLE, csv_file

pytestmark = pytest.mark.django_db


def load_sample(w):
    assert services.import_budget(
        report=w.budget_report, name="s.csv", content=SAMPLE.read_bytes()
    ).ok


def upload(client, w, content, name="begroting.csv", **extra):
    return client.post(
        reverse("budget:import", args=[w.budget_report.pk]),
        {"file": _named(content, name), **extra},
    )


def _named(content, name):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def test_report_page_shows_tables_per_municipality_and_deviations(client, budget_world):
    w = budget_world
    load_sample(w)
    client.force_login(w.coordinator)
    html = client.get(w.budget_report.get_absolute_url()).content.decode()
    assert "Subtotaal Autonome ontwikkelingen" in html
    assert "Gevolgen voor de begroting van Noorddorp" in html
    assert "Gevolgen voor de begroting van Zuidstad" in html
    assert "Afwijkingen van € 25.000 of meer" in html
    # Noorddorp's 60 % of 7.1.2.3 in 2024, in the compact table notation, with its year.
    assert '<td class="num" data-label="2024">19.200 <abbr title="nadeel">N</abbr></td>' in html
    assert "€ 45.000 nadeel (2024), € 36.000 nadeel vanaf 2025" in html
    assert reverse("budget:import", args=[w.budget_report.pk]) in html
    assert reverse("reports:budget_export", args=[w.budget_report.pk, "xlsx"]) in html


def test_import_link_only_for_the_coordinator_of_a_concept_report(client, budget_world):
    w = budget_world
    url = reverse("budget:import", args=[w.budget_report.pk])
    client.force_login(w.coordinator)
    page = client.get(w.budget_report.get_absolute_url()).content.decode()
    assert "nog geen begrotingswijzigingen" in page and url in page
    client.force_login(w.editor)
    assert url not in client.get(w.budget_report.get_absolute_url()).content.decode()


def test_upload_check_then_confirm(client, budget_world):
    w = budget_world
    client.force_login(w.coordinator)
    assert client.get(reverse("budget:import", args=[w.budget_report.pk])).status_code == 200
    response = upload(client, w, SAMPLE.read_bytes())
    kept = BudgetImport.objects.get()
    confirm_url = reverse("budget:import_confirm", args=[w.budget_report.pk, kept.pk])
    assert response.status_code == 302 and response["Location"] == confirm_url
    assert BudgetChange.objects.count() == 0  # checked, not yet stored

    preview = client.get(confirm_url).content.decode()
    assert "9 nieuw, 0 gewijzigd" in preview
    assert "€ 32.000 nadeel (2024)" in preview

    done = client.post(confirm_url)
    assert done.status_code == 302
    assert done["Location"] == f"{w.budget_report.get_absolute_url()}#begroting"
    assert BudgetChange.objects.filter(report=w.budget_report).count() == 9
    kept.refresh_from_db()
    assert kept.applied_at is not None and kept.summary["nieuw"] == 9
    message = client.get(done["Location"]).content.decode()
    assert "De begrotingswijzigingen zijn ingelezen: 9 nieuw" in message

    again = client.post(confirm_url, follow=True).content.decode()
    assert "Dit bestand is al ingelezen." in again
    assert BudgetChange.objects.filter(report=w.budget_report).count() == 9


def test_a_bad_upload_shows_every_error_and_keeps_nothing(client, budget_world):
    w = budget_world
    client.force_login(w.coordinator)
    content = csv_file(
        "7.1;Goed;Beleidskeuze;;2024;1.000;nadeel;nee;",
        "7.2;Fout;Beleidskeuze;;2024;1.000,001;nadeel;nee;",
        "7.3;Fout;Beleidskeuze;;2024;1.000;kosten;nee;",
    )
    response = upload(client, w, content)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Er is niets ingelezen: het bestand heeft 2 fouten" in html
    assert "Nederlandse notatie" in html and "niet “kosten”" in html
    assert BudgetImport.objects.count() == 0 and BudgetChange.objects.count() == 0

    wrong_type = upload(client, w, b"%PDF-1.7", name="begroting.pdf")
    assert wrong_type.status_code == 400
    assert "Kies een .xlsx- of .csv-bestand" in wrong_type.content.decode()
    missing = client.post(reverse("budget:import", args=[w.budget_report.pk]), {})
    assert "Kies het bestand dat u wilt inlezen." in missing.content.decode()


def test_import_pages_are_404_for_others_and_closed_after_submission(client, budget_world):
    w = budget_world
    client.force_login(w.coordinator)
    upload(client, w, SAMPLE.read_bytes())
    kept = BudgetImport.objects.get()
    urls = [
        reverse("budget:import", args=[w.budget_report.pk]),
        reverse("budget:import_confirm", args=[w.budget_report.pk, kept.pk]),
    ]
    for user in (w.editor, w.board_noord, w.admin, w.council_noord, w.outsider):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
            assert client.post(url).status_code == 404, (user, url)
    assert AuditEvent.objects.filter(action="budget.import", result="denied").exists()
    # Another report's import id under this report's URL is not found either.
    client.force_login(w.coordinator)
    other = reverse("budget:import_confirm", args=[w.report.pk, kept.pk])
    assert client.get(other).status_code == 404

    submit(w.budget_report, w.coordinator)
    response = client.post(urls[1], follow=True)
    assert "de begrotingswijzigingen liggen vast" in response.content.decode()
    assert BudgetChange.objects.count() == 0


def test_export_downloads_for_whoever_sees_the_report(client, budget_world):
    w = budget_world
    load_sample(w)
    client.force_login(w.editor)
    response = client.get(reverse("reports:budget_export", args=[w.budget_report.pk, "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    text = response.content.decode("utf-8-sig")
    assert text.startswith("code;titel;categorie;programma;jaar;bedrag;soort;meerjarig")
    assert "7.1.2.3;Informatiehuishouding op orde;Autonome ontwikkelingen" in text
    assert ";2024;32.000;nadeel;nee;" in text and ";pm;nadeel;ja;" in text

    xlsx = client.get(reverse("reports:budget_export", args=[w.budget_report.pk, "xlsx"]))
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["Begrotingswijzigingen", "Gevolgen per gemeente"]
    assert [c.value for c in workbook["Begrotingswijzigingen"][2]][:6] == [
        "7.1.2.3",
        "Informatiehuishouding op orde",
        "Autonome ontwikkelingen",
        "Informatiehuishouding",
        2024,
        32000,
    ]
    assert (
        client.get(reverse("reports:budget_export", args=[w.budget_report.pk, "pdf"])).status_code
        == 404
    )
    # A council member does not see a concept report, nor its budget.
    client.force_login(w.council_noord)
    assert (
        client.get(reverse("reports:budget_export", args=[w.budget_report.pk, "csv"])).status_code
        == 404
    )


def test_the_council_pdf_holds_that_councils_share(budget_world):
    w = budget_world
    load_sample(w)
    _, data = pdf_module.render_pdf(
        "review/pdf/report.html", report_document(report=w.budget_report, council=w.zuid)
    )
    text = pdf_text(data)
    assert "Gevolgen voor de begroting van Zuidstad" in text
    assert "Gevolgen voor de begroting van Noorddorp" not in text
    assert "12.800 N" in text  # Zuidstad's 40 % of 7.1.2.3 in 2024
    assert "212.100 N + pm" in text  # total 2024, pm not counted as 0
    assert "Afwijkingen van € 25.000 of meer" in text
    assert "Begrotingswijzigingen inlezen" not in text and "Downloaden als" not in text


def test_report_page_queries_stay_flat_as_budget_lines_grow(client, budget_world):
    w = budget_world
    client.force_login(w.coordinator)
    url = w.budget_report.get_absolute_url()

    def grow(start, n):
        rows = [
            f"8.{i};Regel {i};Beleidskeuze;;{2024 + i % 3};{i + 1}.000;nadeel;"
            f"{'ja' if i % 2 else 'nee'};"
            for i in range(start, start + n)
        ]
        assert services.import_budget(
            report=w.budget_report, name="x.csv", content=csv_file(*rows)
        ).ok

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    client.get(url)  # the first request of a login decides about the second step, once
    grow(0, 3)
    small = queries()
    grow(3, 40)
    AllocationKey.objects.create(name="Tweede sleutel", valid_from_year=2023)
    assert queries() == small


def test_admin_refuses_shares_that_do_not_add_up_to_100(client, budget_world):
    w = budget_world
    w.admin.is_staff = w.admin.is_superuser = True
    w.admin.save()
    client.force_login(w.admin)
    url = reverse("admin:budget_allocationkey_add")
    data = {
        "name": "Nieuwe sleutel",
        "valid_from_year": "2025",
        "shares-TOTAL_FORMS": "2",
        "shares-INITIAL_FORMS": "0",
        "shares-0-organisation": str(w.noord.pk),
        "shares-0-percentage": "60",
        "shares-1-organisation": str(w.zuid.pk),
        "shares-1-percentage": "39,5",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert (
        "De aandelen tellen op tot 99,5 % in plaats van precies 100 %." in response.content.decode()
    )
    assert not AllocationKey.objects.filter(name="Nieuwe sleutel").exists()
    data["shares-1-percentage"] = "40"
    assert client.post(url, data).status_code == 302
    assert AllocationKey.objects.get(name="Nieuwe sleutel").shares.count() == 2
