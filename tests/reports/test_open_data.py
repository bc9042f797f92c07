"""Open data: the JSON API of public reports (OpenAPI from the code, versioned, ETags, the
frozen content), the Frictionless data package (validated with ``frictionless``), and the
API fuzzed with schemathesis against its own description."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from frictionless import Package, validate
from lxml import etree

from budget.models import BudgetChange, BudgetChangeAmount
from reports.core.models import Report
from reports.portal import woo
from reports.review import workflow
from tests.reports.test_frozen_forms import _reviewed


@pytest.fixture
def open_world(budget_world):
    w = budget_world
    w.public = _reviewed(w, "published")
    Report.objects.filter(pk=w.public.pk).update(is_public=True)
    w.public.refresh_from_db()
    # A published report that is not public.
    other = _approved_private(w)
    w.private = workflow.publish_report(report=other, user=w.coordinator, public=False)
    return w


def _approved_private(w):
    from tests import factories as f
    from tests.workflow_helpers import submit

    report = f.ReportFactory(organisation=w.executing, title="Niet openbaar")
    report.recipients.set([w.noord, w.zuid])
    f.EntryFactory(report=report, programme=w.p1, progress="Intern.")
    report = submit(report, w.coordinator)
    for member in w.board:
        report = workflow.approve_report(report=report, user=member)
    return report


def test_the_api_lists_and_describes_public_reports_only(open_world):
    w, client = open_world, Client()
    listing = client.get("/api/v1/rapportages")
    assert listing.status_code == 200
    assert [r["id"] for r in listing.json()] == [w.public.pk]
    detail = client.get(f"/api/v1/rapportages/{w.public.pk}").json()
    (chapter,) = detail["hoofdstukken"]
    assert chapter["programma"] == "Inkoop" and chapter["hoofdstuk"] == "1.1"
    assert chapter["indicatoren"] == [
        {"naam": "Aantal aanbestedingen", "eenheid": "", "streefwaarde": "", "stand": "12"}
    ]
    assert client.get(f"/api/v1/rapportages/{w.private.pk}").status_code == 404
    assert client.get(f"/api/v1/rapportages/{w.private.pk}/begroting").status_code == 404
    assert client.get("/api/v1/rapportages/99999999999").status_code == 422  # bounded


def test_the_budget_is_in_integer_cents_and_adds_up(open_world):
    w, client = open_world, Client()
    budget = client.get(f"/api/v1/rapportages/{w.public.pk}/begroting").json()
    lines = budget["regels"]
    assert lines and all(isinstance(line["bedrag_centen"], int | None) for line in lines)
    expected = sum(
        int(a.amount * 100)
        for a in BudgetChangeAmount.objects.filter(change__report=w.public).exclude(amount=None)
    )
    assert sum(line["bedrag_centen"] or 0 for line in lines) == expected
    assert {s["gemeente"] for s in budget["aandelen"]} == {"Noorddorp", "Zuidstad"}


def test_responses_carry_an_etag_and_answer_304(open_world):
    w, client = open_world, Client()
    for url in (
        "/api/v1/rapportages",
        f"/api/v1/rapportages/{w.public.pk}",
        f"/api/v1/rapportages/{w.public.pk}/begroting",
        reverse("datapackage", args=[w.public.pk]),
    ):
        first = client.get(url)
        assert first["ETag"] and "public" in first["Cache-Control"]
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_the_api_shows_the_frozen_content(open_world):
    w, client = open_world, Client()
    url = f"/api/v1/rapportages/{w.public.pk}"
    before = client.get(url).content, client.get(f"{url}/begroting").content
    w.p1.name = "Andere naam"
    w.p1.save()
    BudgetChange.objects.update(title="Andere titel")
    BudgetChangeAmount.objects.exclude(amount=None).update(amount=Decimal("1.00"))
    assert (client.get(url).content, client.get(f"{url}/begroting").content) == before


def test_the_openapi_description_is_generated_and_versioned(client):
    description = client.get("/api/v1/openapi.json").json()
    assert description["openapi"].startswith("3.")
    assert description["info"]["version"] == "1"
    assert {"/api/v1/rapportages", "/api/v1/rapportages/{report_id}"} <= set(description["paths"])


def test_the_data_package_validates(open_world, tmp_path):
    w, client = open_world, Client()
    descriptor = client.get(reverse("datapackage", args=[w.public.pk]))
    assert descriptor.status_code == 200
    (tmp_path / "datapackage.json").write_bytes(descriptor.content)
    for resource in json.loads(descriptor.content)["resources"]:
        response = client.get(reverse("datapackage_resource", args=[w.public.pk, resource["name"]]))
        assert response.status_code == 200
        (tmp_path / resource["path"]).write_bytes(response.content)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = Package(str(tmp_path / "datapackage.json"))
    rows = package.get_resource("begrotingswijzigingen").read_rows()
    assert rows and all(isinstance(r["jaar"], int) for r in rows)
    assert {r["soort"] for r in rows} <= {"nadeel", "voordeel"}
    assert client.get(reverse("datapackage", args=[w.private.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_server_error_and_no_schema_mismatch(open_world, live_server):
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    schema.config.base_url = live_server.url
    tried = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
        def run(case):
            case.call_and_validate(base_url=live_server.url)

        run()
        tried += 1
    assert tried == 3


SCHEMAS = Path(__file__).resolve().parents[2] / "reports" / "portal" / "schemas"


def test_the_woo_sitemap_validates_and_lists_public_documents_only(open_world):
    w, client = open_world, Client()
    response = client.get(reverse("woo_sitemap"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))
    document = etree.fromstring(response.content)
    schema.assertValid(document)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "d": woo.DIWOO}
    locations = document.xpath("//s:loc/text()", namespaces=ns)
    assert locations == [
        f"http://testserver/openbaar/{w.public.pk}/",
        f"http://testserver/openbaar/{w.public.pk}/pdf/noorddorp/",
        f"http://testserver/openbaar/{w.public.pk}/pdf/zuidstad/",
    ]
    categories = document.xpath("//d:informatiecategorie/@resource", namespaces=ns)
    assert set(categories) == {f"{woo.KERN}{woo.ANNUAL[0]}"}  # a begroting
    assert f"/openbaar/{w.private.pk}/" not in response.content.decode()
    # The schema is not a formality: a document without its category fails.
    category = document.xpath("//d:classificatiecollectie", namespaces=ns)[0]
    category.getparent().remove(category)
    assert not schema.validate(document)
