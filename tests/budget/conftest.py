from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from budget.models import AllocationKey, AllocationShare, BudgetCategory
from programmes.models import Programme
from tests import factories as f

SAMPLE = Path(settings.BASE_DIR) / "budget" / "fixtures" / "begrotingswijzigingen-2024.csv"
HEADER = "code;titel;categorie;programma;jaar;bedrag;soort;meerjarig;toelichting"


@pytest.fixture
def budget_world(world):
    """``world`` plus what the budget chapter needs: the two categories of seed 004, the
    programmes the sample file names, a default key (Noorddorp 60 %, Zuidstad 40 %) and a
    concept budget report for 2024 addressed to both municipalities."""
    w = world
    w.autonomous = BudgetCategory.objects.create(
        code="7.1.2", name="Autonome ontwikkelingen", order=1
    )
    w.policy = BudgetCategory.objects.create(code="7.1.3", name="Beleidskeuze", order=2)
    for order, (slug, name) in enumerate(
        [
            ("informatiehuishouding", "Informatiehuishouding"),
            ("inclusief-werkgeverschap", "Inclusief werkgeverschap"),
            ("informatisering-automatisering", "Informatisering & Automatisering"),
        ]
    ):
        Programme.objects.create(organisation=w.executing, slug=slug, name=name, order=order)
    w.key = AllocationKey.objects.create(
        name="Verdeelsleutel bedrijfsvoering", valid_from_year=2021, is_default=True
    )
    AllocationShare.objects.create(key=w.key, organisation=w.noord, percentage=Decimal("60"))
    AllocationShare.objects.create(key=w.key, organisation=w.zuid, percentage=Decimal("40"))
    w.budget_report = f.ReportFactory(
        organisation=w.executing, title="Begroting 2024", kind="budget", year=2024
    )
    w.budget_report.recipients.set([w.noord, w.zuid])
    return w


def csv_file(*rows, header=HEADER):
    """A CSV file's bytes from ``;``-separated row strings."""
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")
