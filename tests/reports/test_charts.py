"""The SVG charts of the report page and PDF: what they show, said in words too, with no
colour alone, no inline style (CSP) and the same bytes for the same content."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.template import Context, Template

from budget.charts import year_chart
from budget.selectors import BudgetTable, Total
from reports.writing.charts import status_chart

pytestmark = pytest.mark.django_db
NS = {"svg": "http://www.w3.org/2000/svg"}


def svg_of(html):
    start = html.index("<svg")
    return ET.fromstring(html[start : html.index("</svg>") + len("</svg>")])


def test_status_chart_counts_every_programme_in_symbol_and_words(world):
    world.e1.status, world.e1.budget_status = "on_track", "off_track"
    world.e2.status, world.e2.budget_status = "attention", ""
    html = str(status_chart([world.e1, world.e2]))
    root = svg_of(html)
    assert root.get("role") == "img"
    desc = root.find("svg:desc", NS).text
    assert desc == (
        "De status van 2 programma’s. Realisatie: 1 op schema, 1 aandacht nodig. "
        "Budget: 1 niet op schema, 1 nog niet bepaald."
    )
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert {"✓ 1", "! 1", "✗ 1", "? 1"} <= set(texts)  # each part says what it is
    assert "✓ Op schema" in texts and "? nog niet bepaald" in texts  # legend
    assert "style=" not in html and "<figcaption>De programma’s in één oogopslag" in html
    assert str(status_chart([world.e1, world.e2])) == html


def test_year_chart_costs_up_savings_down_pm_marked():
    budget = BudgetTable(
        years=[2024, 2025],
        lines=[],
        totals=[Total(Decimal("32000")), Total(Decimal("-5000"), has_pm=True)],
        categories=[],
        municipalities=[],
        threshold=Decimal("25000"),
    )
    root = svg_of(str(year_chart(budget)))
    zero = float(root.find("svg:line", NS).get("y1"))
    cost, saving = root.findall("svg:rect", NS)
    assert float(cost.get("y")) + float(cost.get("height")) == pytest.approx(zero)
    assert float(saving.get("y")) == pytest.approx(zero)
    assert float(cost.get("height")) > float(saving.get("height"))
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "32.000 N" in texts and "5.000 V + pm" in texts
    assert root.find("svg:desc", NS).text.endswith(
        "2024: € 32.000 nadeel; 2025: € 5.000 voordeel + pm."
    )


def test_a_councils_chart_shows_its_own_share(budget_world):
    from budget import services
    from budget.selectors import budget_table
    from budget.templatetags.budget import budget_total
    from tests.budget.helpers import SAMPLE

    w = budget_world
    services.import_budget(report=w.budget_report, name=SAMPLE.name, content=SAMPLE.read_bytes())
    table = budget_table(report=w.budget_report, council=w.noord)
    html = Template("{% load budget %}{% budget_chart budget council %}").render(
        Context({"budget": table, "council": w.noord})
    )
    assert "Gevolgen voor Noorddorp per jaar" in html
    desc = svg_of(html).find("svg:desc", NS).text
    for year, total in zip(table.years, table.council_table.totals, strict=True):
        assert f"{year}: {budget_total(total)}" in desc
