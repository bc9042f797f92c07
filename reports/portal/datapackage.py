"""Each public report's budget data as a Frictionless (tabular) data package: a
datapackage.json describing two CSV resources beside it — the budget lines per year and
each municipality's share — with amounts in integer cents, codes, years and nadeel/voordeel.
The same frozen data as the API (api.budget_data). Validated with ``frictionless`` in the
tests."""

import csv
import io
import json
from typing import Any

from django.http import Http404
from django.utils.text import slugify

from . import api

LICENCE = {
    "name": "CC0-1.0",
    "title": "Creative Commons Zero v1.0 Universal",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
}
TEXT = {"type": "string"}
RESOURCES: dict[str, dict[str, Any]] = {
    "begrotingswijzigingen": {
        "title": "Begrotingswijzigingen per jaar",
        "key": "regels",
        "fields": [
            {"name": "code", **TEXT, "constraints": {"required": True}},
            {"name": "titel", **TEXT},
            {"name": "categorie", **TEXT},
            {"name": "programma", **TEXT},
            {"name": "jaar", "type": "integer", "constraints": {"required": True}},
            {
                "name": "bedrag_centen",
                "type": "integer",
                "description": "In hele centen; leeg: pm (nog niet te ramen).",
            },
            {
                "name": "soort",
                **TEXT,
                "constraints": {"required": True, "enum": ["nadeel", "voordeel"]},
            },
            {"name": "meerjarig", "type": "boolean"},
            {"name": "toelichting", **TEXT},
            {"name": "verdeelsleutel", **TEXT},
        ],
    },
    "aandelen": {
        "title": "Het aandeel van elke gemeente per wijziging en jaar",
        "key": "aandelen",
        "fields": [
            {"name": "gemeente", **TEXT, "constraints": {"required": True}},
            {"name": "code", **TEXT, "constraints": {"required": True}},
            {"name": "titel", **TEXT},
            {"name": "jaar", "type": "integer", "constraints": {"required": True}},
            {"name": "bedrag_centen", "type": "integer", "description": "In hele centen."},
            {"name": "pm", "type": "boolean", "description": "true: pm (nog niet te ramen)."},
        ],
    },
}


def _report(pk):
    report = api.public_reports().filter(pk=pk).first()
    if report is None:
        raise Http404("Deze rapportage bestaat niet of is niet openbaar.")
    return report


def _csv(name, data):
    resource = RESOURCES[name]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    names = [f["name"] for f in resource["fields"]]
    writer.writerow(names)
    for row in data[resource["key"]]:
        writer.writerow(
            [
                ("true" if row[n] else "false")
                if isinstance(row[n], bool)
                else ("" if row[n] is None else row[n])
                for n in names
            ]
        )
    return out.getvalue()


def descriptor(request, pk):
    report = _report(pk)
    package = {
        "profile": "tabular-data-package",
        "name": f"duoplus-{slugify(report.file_name())}"[:100].lower(),
        "title": report.display_title,
        "description": f"Begrotingswijzigingen uit ‘{report.display_title}’ van "
        f"{report.organisation.name}, zoals goedgekeurd en gepubliceerd.",
        "version": str(report.version),
        "created": report.published_at.isoformat(),
        "homepage": request.build_absolute_uri(f"/openbaar/{report.pk}/"),
        "licenses": [LICENCE],
        "resources": [
            {
                "name": name,
                "title": resource["title"],
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": resource["fields"], "missingValues": [""]},
            }
            for name, resource in RESOURCES.items()
        ],
    }
    body = json.dumps(package, ensure_ascii=False, indent=2)
    return api.public_response(request, body.encode(), "application/json")


def resource(request, pk, name):
    if name not in RESOURCES:
        raise Http404
    report = _report(pk)
    body = _csv(name, api.budget_data(report)).encode()
    return api.public_response(request, body, "text/csv; charset=utf-8")
