"""A generated run of over a thousand hostile spreadsheets and form posts (issue 18): never a
server error, nothing half-saved, every refusal in Dutch."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from budget import services as budget_services
from budget.models import BudgetChange
from reports.planning.models import ReportingRound
from tests.budget.helpers import HEADER

pytestmark = pytest.mark.django_db

RUN = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ENGLISH = re.compile(
    r"\b(field|invalid|error|expected|literal|object|None|Traceback|exceeds|integer)\b"
)
DUTCH = re.compile(
    r"\b(de|het|een|is|niet|geen|rij|kolom|bestand|vul|kies|jaar|bedrag|code|onbekend|bij|van"
    r"|op|te|staat|wijkt|af|leeg|titel|soort|programma|categorie|verdeelsleutel|nooit|meer"
    r"|dan|als|of|in|tekens|regel|regels)\b",
    re.I,
)

CELL = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "2024",
            "1e999999999",
            "9" * 40,
            "-1",
            "pm",
            "32.000",
            "32000,50",
            "€ 8.000",
            "nan",
            "inf",
            "0x10",
            "٢٠٢٤",
            "=1+1",
            "@SUM(A1)",
            "\x00",
            "a\nb",
            "' OR 1=1",
            "\u202e",
        ]
    ),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
ROW = st.lists(CELL, min_size=0, max_size=12)


def _csv(rows, header, separator):
    lines = [header] + [separator.join(r.replace(separator, " ") for r in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def _xlsx(rows, header):
    book = Workbook()
    sheet = book.active
    sheet.append(header.split(";"))
    for row in rows:
        values = []
        for value in row:
            try:
                number = float(value)
                values.append(number if number == number and abs(number) < 1e300 else value)
            except ValueError:
                values.append(value.replace("\x00", "") if value else None)
        try:
            sheet.append(values)
        except Exception:  # openpyxl refuses some characters itself; leave the row out
            continue
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _check_result(result):
    if result.ok:
        return
    assert BudgetChange.objects.count() == 0  # all or nothing
    for error in result.errors:
        assert DUTCH.search(error.message), error.message
        assert not ENGLISH.search(error.message), error.message


@RUN
@given(
    rows=st.lists(ROW, max_size=8),
    separator=st.sampled_from([";", ","]),
    header=st.sampled_from([HEADER, HEADER + ";verdeelsleutel", "code;jaar", "", "a;b;c"]),
)
def test_generated_csv_files(budget_world, rows, separator, header):
    content = _csv(rows, header.replace(";", separator), separator)
    BudgetChange.objects.all().delete()
    result = budget_services.import_budget(
        report=budget_world.budget_report, name="gegenereerd.csv", content=content
    )
    _check_result(result)


@RUN
@given(rows=st.lists(ROW, max_size=8), header=st.sampled_from([HEADER, "code;jaar;bedrag"]))
def test_generated_xlsx_files(budget_world, rows, header):
    BudgetChange.objects.all().delete()
    result = budget_services.import_budget(
        report=budget_world.budget_report, name="gegenereerd.xlsx", content=_xlsx(rows, header)
    )
    _check_result(result)


@RUN
@given(content=st.binary(max_size=2000), name=st.sampled_from(["x.csv", "x.xlsx", "x"]))
def test_generated_bytes(budget_world, content, name):
    BudgetChange.objects.all().delete()
    result = budget_services.import_budget(
        report=budget_world.budget_report, name=name, content=content
    )
    _check_result(result)


DATE = st.one_of(
    st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)).map(str),
    CELL,
)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    title=CELL,
    dates=st.lists(DATE, min_size=8, max_size=8),
    organisation=CELL,
    programme=CELL,
)
def test_generated_round_form_posts(world, client, title, dates, organisation, programme):
    client.force_login(world.coordinator)
    names = [
        "period_start",
        "period_end",
        "opens_on",
        "entries_due",
        "review_due",
        "board_meeting",
        "governing_board_meeting",
        "dispatch_on",
    ]
    before = ReportingRound.objects.count()
    response = client.post(
        reverse("round_new", args=[2027]),
        {
            "title": title,
            "kind": "progress",
            "purpose": "information",
            "organisation": organisation,
            "programmes": [programme],
            "recipients": [world.noord.pk],
            **dict(zip(names, dates, strict=True)),
        },
    )
    assert response.status_code in (200, 302, 400)
    if response.status_code != 302:
        assert ReportingRound.objects.count() == before
        page = response.content.decode()
        assert 'class="error-summary"' in page or "invalid-feedback" in page
    else:
        item = ReportingRound.objects.latest("pk")
        assert "\n" not in item.title and item.dispatch_on.year <= 2100
