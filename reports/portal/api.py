"""Open data: a read-only JSON API of the public reports (django-ninja, OpenAPI 3 generated
from these schemas at /api/v1/openapi.json). Versioned in the URL; every answer carries an
ETag (If-None-Match gives 304); the content is the frozen content the pages show. Only
``Report.objects.public()`` is reachable, without logging in."""

import datetime
import hashlib
import json
from decimal import Decimal
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from ninja import NinjaAPI, Path, Schema, Status
from pydantic import Field

from reports.core.models import Report
from reports.review import freeze
from reports.review import selectors as review_selectors

MAX_ID = 2**31 - 1
CACHE_SECONDS = 300

api = NinjaAPI(
    title="Duo+ open data",
    version="1",
    description=(
        "De openbare rapportages van Duo+ aan de gemeenteraden van Diemen, Ouder-Amstel en "
        "Uithoorn: programma's, teksten met hun status, indicatoren, begrotingswijzigingen "
        "per jaar en het aandeel van elke gemeente. Alleen lezen; bedragen in hele centen."
    ),
    urls_namespace="api-v1",
    docs_url=None,  # Swagger UI would load from a CDN; the description is openapi.json
    openapi_url="/openapi.json",
)


class Error(Schema):
    detail: str


class Indicator(Schema):
    naam: str
    eenheid: str
    streefwaarde: str
    stand: str


Assessment = Literal["on_track", "attention", "off_track"] | None


class Chapter(Schema):
    hoofdstuk: str = Field(examples=["1.3"])
    programma: str
    doelen: list[str]
    wat_willen_we_bereiken: str
    wat_hebben_we_gedaan: str
    wat_mag_het_kosten: str
    status_realisatie: Assessment
    status_budget: Assessment
    indicatoren: list[Indicator]


class ReportSummary(Schema):
    id: int
    titel: str
    soort: str
    jaar: int
    periode_van: datetime.date
    periode_tot: datetime.date
    doel: str
    versie: int
    vervangt: int | None = Field(description="id van de versie die deze vervangt")
    vervangen_door_versie: int | None
    organisatie: str
    raden: list[str]
    gepubliceerd_op: datetime.datetime
    pagina: str = Field(description="de openbare pagina")
    begroting: str = Field(description="de begrotingswijzigingen (API)")
    datapakket: str = Field(description="het Frictionless-datapakket")


class ReportDetail(ReportSummary):
    hoofdstukken: list[Chapter]


class BudgetLine(Schema):
    code: str
    titel: str
    categorie: str
    programma: str
    jaar: int
    bedrag_centen: int | None = Field(description="null: pm (nog niet te ramen)")
    soort: Literal["nadeel", "voordeel"]
    meerjarig: bool
    toelichting: str
    verdeelsleutel: str


class Share(Schema):
    gemeente: str
    code: str
    titel: str
    jaar: int
    bedrag_centen: int | None = Field(description="null: pm of geen bedrag")
    pm: bool


class Budget(Schema):
    rapportage: int
    regels: list[BudgetLine]
    aandelen: list[Share]


def cents(text: str | None) -> int | None:
    return None if text in (None, "pm") else int(Decimal(text) * 100)


def budget_data(report: Report) -> dict:
    """The budget lines and each municipality's share, as frozen (integer cents)."""
    data = review_selectors.report_export(report=report)
    lines = [
        {
            "code": row["code"],
            "titel": row["titel"],
            "categorie": row["categorie"],
            "programma": row["programma"],
            "jaar": row["jaar"],
            "bedrag_centen": cents(row["bedrag"]),
            "soort": row["soort"],
            "meerjarig": row["meerjarig"] == "ja",
            "toelichting": row["toelichting"],
            "verdeelsleutel": row["verdeelsleutel"],
        }
        for row in data["rows"]
    ]
    shares = []
    table = data.get("shares") or {"years": [], "rows": []}
    for gemeente, code, titel, *cells in table["rows"]:
        for year, cell in zip(table["years"], cells, strict=True):
            shares.append(
                {
                    "gemeente": gemeente,
                    "code": code,
                    "titel": titel,
                    "jaar": year,
                    "bedrag_centen": cents(cell),
                    "pm": cell == "pm",
                }
            )
    return {"rapportage": report.pk, "regels": lines, "aandelen": shares}


def summary(report: Report) -> dict:
    return {
        "id": report.pk,
        "titel": report.display_title,
        "soort": report.kind,
        "jaar": report.year,
        "periode_van": report.period_start,
        "periode_tot": report.period_end,
        "doel": report.purpose,
        "versie": report.version,
        "vervangt": report.supersedes_id,
        "vervangen_door_versie": getattr(report, "replaced_by_version", None),
        "organisatie": report.organisation.name,
        "raden": [o.name for o in report.recipients.all()],
        "gepubliceerd_op": report.published_at,
        "pagina": reverse("public_report", args=[report.pk]),
        "begroting": reverse("api-v1:budget", args=[report.pk]),
        "datapakket": reverse("datapackage", args=[report.pk]),
    }


def public_reports() -> QuerySet[Report]:
    return (
        Report.objects.public()
        .with_replacement()
        .select_related("organisation")
        .prefetch_related("recipients")
        .order_by("-published_at", "-pk")
    )


def conditional_json(
    request: HttpRequest, schema: type[Schema] | None, payload: Any
) -> HttpResponse:
    """``payload`` checked against ``schema``, as JSON with an ETag of its bytes."""
    if schema is not None:
        payload = schema.model_validate(payload).model_dump(mode="json")
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    return public_response(request, body, "application/json")


def public_response(request: HttpRequest, body: bytes, content_type: str) -> HttpResponse:
    """An open-data answer: an ETag of its bytes (If-None-Match gives 304), publicly
    cacheable, readable from other sites."""
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def _report(pk: int) -> Report | None:
    return public_reports().filter(pk=pk).first()


NOT_FOUND = {"detail": "Deze rapportage bestaat niet of is niet openbaar."}


@api.get("/rapportages", response=list[ReportSummary], summary="Openbare rapportages")
def list_reports(request: HttpRequest) -> HttpResponse:
    """Every public report, newest first."""
    rows = [
        ReportSummary.model_validate(summary(r)).model_dump(mode="json") for r in public_reports()
    ]
    return conditional_json(request, None, rows)


@api.get(
    "/rapportages/{report_id}",
    response={200: ReportDetail, 404: Error},
    summary="Eén openbare rapportage",
    url_name="report",
)
def report_detail(
    request: HttpRequest, report_id: int = Path(..., ge=1, le=MAX_ID)
) -> HttpResponse | Status:
    """The report with its programmes' chapters (texts, statuses, indicators), as frozen."""
    report = _report(report_id)
    if report is None:
        return Status(404, NOT_FOUND)
    payload = {**summary(report), "hoofdstukken": freeze.report_chapters(report=report)}
    return conditional_json(request, ReportDetail, payload)


@api.get(
    "/rapportages/{report_id}/begroting",
    response={200: Budget, 404: Error},
    summary="Begrotingswijzigingen en het aandeel per gemeente",
    url_name="budget",
)
def report_budget(
    request: HttpRequest, report_id: int = Path(..., ge=1, le=MAX_ID)
) -> HttpResponse | Status:
    report = _report(report_id)
    if report is None:
        return Status(404, NOT_FOUND)
    return conditional_json(request, Budget, budget_data(report))
