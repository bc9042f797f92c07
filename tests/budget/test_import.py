"""The spreadsheet import: seed 004's lines, all or nothing, idempotent, and what it shows."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from budget import services
from budget.models import AllocationKey, AllocationShare, BudgetChange, BudgetChangeAmount
from budget.selectors import budget_table, export_data
from budget.spreadsheet import write_csv, write_xlsx
from budget.templatetags.budget import budget_cell, budget_total
from duoplus.core.models import AuditEvent
from tests import factories as f
from tests.workflow_helpers import submit

from .helpers import SAMPLE, csv_file

pytestmark = pytest.mark.django_db
D = Decimal


def run(report, content, name="begroting.csv", **kwargs):
    return services.import_budget(report=report, name=name, content=content, **kwargs)


def snapshot(report):
    """Everything the import can change, with primary keys, to compare before and after."""
    return [
        (
            c.pk,
            c.code,
            c.title,
            c.category_id,
            c.programme_id,
            c.explanation,
            c.allocation_key_id,
            [(a.pk, a.year, a.amount, a.effect, a.recurring) for a in c.amounts.order_by("year")],
        )
        for c in BudgetChange.objects.filter(report=report).order_by("code")
    ]


def test_seed_004_sample_gives_the_tables_per_municipality(budget_world):
    w = budget_world
    result = run(w.budget_report, SAMPLE.read_bytes(), name=SAMPLE.name)
    assert result.ok, result.errors
    assert result.counts["nieuw"] == 9

    table = budget_table(report=w.budget_report)
    assert table.years == [2024, 2025, 2026, 2027]
    lines = {line.change.code: line for line in table.lines}
    assert [budget_cell(c) for c in lines["7.1.2.3"].cells] == [
        "€ 32.000 nadeel",
        "€ 20.000 nadeel",
        "€ 24.000 nadeel",
        "–",
    ]
    assert [budget_cell(c) for c in lines["7.1.3.1"].cells] == [
        "€ 45.000 nadeel",
        "€ 36.000 nadeel",  # "€ 36.000 vanaf 2025"
        "€ 36.000 nadeel",
        "€ 36.000 nadeel",
    ]
    assert [budget_cell(c) for c in lines["7.1.3.2"].cells] == ["pm"] * 4
    assert lines["7.1.2.3"].change.programme.name == "Informatiehuishouding"

    by_org = {m.organisation.slug: m for m in table.municipalities}
    noord = {line.change.code: cells for line, cells in by_org["noorddorp"].rows}
    zuid = {line.change.code: cells for line, cells in by_org["zuidstad"].rows}
    assert [budget_cell(c) for c in noord["7.1.2.3"]] == [
        "€ 19.200 nadeel",
        "€ 12.000 nadeel",
        "€ 14.400 nadeel",
        "–",
    ]
    assert [budget_cell(c) for c in zuid["7.1.2.3"]] == [
        "€ 12.800 nadeel",
        "€ 8.000 nadeel",
        "€ 9.600 nadeel",
        "–",
    ]
    assert budget_cell(noord["7.1.2.5"][0]) == "€ 2.220 nadeel"
    assert budget_cell(noord["7.1.3.2"][0]) == "pm"

    # Totals per year: all lines, and the two municipalities together make the whole.
    expected_2024 = D("32000") + 50000 + 3700 + 18500 + 45000 + 9250 + 29600 + 24050
    assert table.totals[0].amount == expected_2024 and table.totals[0].has_pm
    assert budget_total(table.totals[0]) == "€ 212.100 nadeel + pm"
    for year_index in range(len(table.years)):
        parts = sum(m.totals[year_index].amount for m in table.municipalities)
        assert parts == table.totals[year_index].amount

    # Totals per category add up to the grand total.
    assert [g.category.name for g in table.categories] == [
        "Autonome ontwikkelingen",
        "Beleidskeuze",
    ]
    assert sum(g.totals[0].amount for g in table.categories) == expected_2024
    assert table.categories[0].totals[0].amount == D("104200")

    # Deviations at or above € 25.000 (7.1.3.5, € 24.050, is under it; pm is not listed).
    assert [line.change.code for line in table.deviations] == [
        "7.1.2.3",
        "7.1.2.4",
        "7.1.3.1",
        "7.1.3.4",
    ]


def test_the_threshold_is_inclusive_and_configurable(budget_world, settings):
    w = budget_world
    content = csv_file(
        "1;Precies;Beleidskeuze;;2024;25.000;voordeel;nee;",
        "2;Net onder;Beleidskeuze;;2024;24.999,99;nadeel;nee;",
    )
    assert run(w.budget_report, content).ok
    assert [line.change.code for line in budget_table(report=w.budget_report).deviations] == ["1"]
    settings.BUDGET_DEVIATION_THRESHOLD = 10_000
    assert [line.change.code for line in budget_table(report=w.budget_report).deviations] == [
        "1",
        "2",
    ]


def test_one_bad_row_among_many_stores_nothing(budget_world):
    w = budget_world
    assert run(w.budget_report, SAMPLE.read_bytes()).ok
    before = snapshot(w.budget_report)
    events = AuditEvent.objects.count()

    rows = [
        f"9.{i};Regel {i};Beleidskeuze;;{2024 + i % 4};{i + 1}.000;nadeel;nee;" for i in range(60)
    ]
    rows[35] = "9.35;Regel 35;Beleidskeuze;;2024;1.000,123;nadeel;nee;"
    rows.append("7.1.2.3;Informatiehuishouding op orde;Autonome ontwikkelingen;;2024;1;nadeel;nee;")
    result = run(w.budget_report, csv_file(*rows))

    assert not result.ok and not result.applied
    assert [(e.row, e.column) for e in result.errors] == [(37, "bedrag")]
    assert "Nederlandse notatie" in str(result.errors[0])
    assert str(result.errors[0]).startswith("Rij 37, kolom bedrag:")
    assert snapshot(w.budget_report) == before
    assert AuditEvent.objects.count() == events


def test_every_error_is_reported_with_row_and_column(budget_world):
    w = budget_world
    content = csv_file(
        "7.1;Titel;Beleidskeuze;;2024;1.000;nadeel;nee;",
        "7.1;Andere titel;Beleidskeuze;;2025;1.000;nadeel;nee;",
        "7.1;Titel;Beleidskeuze;;2024;2.000;nadeel;nee;",
        "7.2;Titel;Onbekend;Geen programma;1999;x;kosten;misschien;",
        ";Zonder code;Beleidskeuze;;2024;1;nadeel;nee;",
        "7.3;;;;2024;1;nadeel;nee;",
    )
    result = run(w.budget_report, content)
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "titel"),  # differs from row 2 with the same code
        (4, "jaar"),  # 2024 twice for 7.1
        (5, "categorie"),
        (5, "programma"),
        (5, "jaar"),
        (5, "bedrag"),
        (5, "soort"),
        (5, "meerjarig"),
        (6, "code"),
        (7, "titel"),
        (7, "categorie"),
    }
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "Kies uit: Autonome ontwikkelingen, Beleidskeuze" in messages[(5, "categorie")]
    assert "rij 2" in messages[(4, "jaar")]
    assert BudgetChange.objects.filter(report=w.budget_report).count() == 0


@pytest.mark.parametrize(
    "content,message",
    [
        (b"code;titel;jaar\n7.1;A;2024\n", "ontbreken"),
        (csv_file(), "geen regels"),
        ("code;titel\n7.1;Ä\n".encode("latin-1"), "UTF-8"),
    ],
)
def test_a_file_that_is_wrong_as_a_whole_says_so(budget_world, content, message):
    result = run(budget_world.budget_report, content)
    assert not result.ok and message in str(result.errors[0])


def test_importing_the_same_file_twice_changes_nothing_the_second_time(budget_world):
    w = budget_world
    first = run(w.budget_report, SAMPLE.read_bytes())
    assert first.ok and first.changes_anything
    before = snapshot(w.budget_report)
    events = AuditEvent.objects.count()

    second = run(w.budget_report, SAMPLE.read_bytes())
    assert second.ok and not second.changes_anything
    assert second.counts["ongewijzigd"] == 9
    assert snapshot(w.budget_report) == before
    assert AuditEvent.objects.count() == events


def test_a_changed_file_updates_in_place_and_keeps_the_rest(budget_world):
    w = budget_world
    run(w.budget_report, SAMPLE.read_bytes())
    before = {row[1]: row for row in snapshot(w.budget_report)}
    text = SAMPLE.read_text()
    text = text.replace(";2025;20.000;nadeel;nee;", ";2025;22.500,50;nadeel;nee;")
    text = text.replace(
        "\n7.1.2.3;Informatiehuishouding op orde;Autonome ontwikkelingen;Informatiehuishouding;"
        "2026;24.000;nadeel;nee;",
        "",
    )
    text = "\n".join(line for line in text.splitlines() if not line.startswith("7.1.3.5;"))
    text += "\n7.1.3.6;Nieuwe regel;Beleidskeuze;;2025;1.000;voordeel;ja;Besparing\n"

    dry = run(w.budget_report, text.encode(), dry_run=True)
    plan = {p.code: p for p in dry.plan}
    assert plan["7.1.2.3"].action == "gewijzigd"
    assert plan["7.1.2.3"].details == [
        "€ 20.000 nadeel (2025) → € 22.500,50 nadeel (2025)",
        "vervalt: € 24.000 nadeel (2026)",
    ]
    assert plan["7.1.3.6"].action == "nieuw"
    assert plan["7.1.3.5"].action == "niet in bestand"
    assert plan["7.1.2.4"].action == "ongewijzigd"
    assert {row[1]: row for row in snapshot(w.budget_report)} == before  # dry run

    assert run(w.budget_report, text.encode()).ok
    after = {row[1]: row for row in snapshot(w.budget_report)}
    assert after["7.1.2.4"] == before["7.1.2.4"]
    assert after["7.1.3.5"] == before["7.1.3.5"]  # not in the file: kept
    assert after["7.1.2.3"][0] == before["7.1.2.3"][0]  # same change, updated in place
    assert [(y, a) for _, y, a, _, _ in after["7.1.2.3"][7]] == [
        (2024, D("32000.00")),
        (2025, D("22500.50")),
    ]
    assert after["7.1.3.6"][7][0][1:] == (2025, D("1000.00"), "voordeel", True)

    removed = run(w.budget_report, text.encode(), remove_missing=True)
    assert [p.code for p in removed.plan if p.action == "verwijderd"] == ["7.1.3.5"]
    assert not BudgetChange.objects.filter(report=w.budget_report, code="7.1.3.5").exists()


def test_a_submitted_report_takes_no_import_and_the_refusal_is_logged(budget_world):
    w = budget_world
    submit(w.budget_report, w.coordinator)
    w.budget_report.refresh_from_db()
    with pytest.raises(PermissionDenied, match="ingediend"):
        run(w.budget_report, SAMPLE.read_bytes(), user=w.coordinator)
    with pytest.raises(PermissionDenied, match="ingediend"):
        run(w.budget_report, SAMPLE.read_bytes(), dry_run=True)  # the command's dry run too
    assert BudgetChange.objects.filter(report=w.budget_report).count() == 0
    assert AuditEvent.objects.filter(action="budget.import", result="denied").exists()


def test_only_a_coordinator_of_the_organisation_may_import(budget_world):
    w = budget_world
    for user in (w.editor, w.board_exec, w.council_noord, w.admin):
        with pytest.raises(PermissionDenied):
            run(w.budget_report, SAMPLE.read_bytes(), user=user)
    assert run(w.budget_report, SAMPLE.read_bytes(), user=w.coordinator).ok
    event = AuditEvent.objects.get(action="budget.import", result="ok")
    assert event.actor == w.coordinator and event.detail["nieuw"] == 9


def test_the_allocation_key_column_and_the_default_key(budget_world):
    w = budget_world
    other = AllocationKey.objects.create(name="Inwonertal", valid_from_year=2020)
    AllocationShare.objects.create(key=other, organisation=w.noord, percentage=D("25"))
    AllocationShare.objects.create(key=other, organisation=w.zuid, percentage=D("75"))
    content = csv_file(
        "1;Met sleutel;Beleidskeuze;;2024;1.000;nadeel;nee;;inwonertal",
        "2;Zonder sleutel;Beleidskeuze;;2024;1.000;nadeel;nee;;",
        "3;Onbekende sleutel;Beleidskeuze;;2024;1.000;nadeel;nee;;Oppervlakte",
        header=f"{csv_file().decode().splitlines()[0]};verdeelsleutel",
    )
    result = run(w.budget_report, content)
    assert [(e.row, e.column) for e in result.errors] == [(4, "verdeelsleutel")]
    result = run(w.budget_report, content.replace(b"Oppervlakte", b""))
    assert result.ok
    keys = dict(BudgetChange.objects.values_list("code", "allocation_key__name"))
    assert keys == {
        "1": "Inwonertal",
        "2": "Verdeelsleutel bedrijfsvoering",
        "3": "Verdeelsleutel bedrijfsvoering",
    }

    # Without a default and with two keys, a new line must name its key.
    AllocationKey.objects.update(is_default=False)
    result = run(w.budget_report, csv_file("4;Nieuw;Beleidskeuze;;2024;1;nadeel;nee;"))
    assert [(e.row, e.column) for e in result.errors] == [(2, "verdeelsleutel")]
    assert "Inwonertal" in result.errors[0].message


def test_each_year_uses_the_key_version_valid_in_that_year(budget_world):
    w = budget_world
    newer = AllocationKey.objects.create(name=w.key.name, valid_from_year=2025)
    AllocationShare.objects.create(key=newer, organisation=w.noord, percentage=D("50"))
    AllocationShare.objects.create(key=newer, organisation=w.zuid, percentage=D("50"))
    assert run(w.budget_report, csv_file("1;Meerjarig;Beleidskeuze;;2024;1.000;nadeel;ja;")).ok
    noord = budget_table(report=w.budget_report, council=w.noord).council_table
    assert [c.amount for c in noord.rows[0][1]] == [
        D("600.00"),
        D("500.00"),
        D("500.00"),
        D("500.00"),
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_imports_back_to_the_same_lines(budget_world, fmt):
    w = budget_world
    run(w.budget_report, SAMPLE.read_bytes())
    data = export_data(report=w.budget_report)
    exported = write_csv(data) if fmt == "csv" else write_xlsx(data)
    copy = f.ReportFactory(organisation=w.executing, year=2024, kind="budget")
    copy.recipients.set([w.noord, w.zuid])
    result = run(copy, exported, name=f"export.{fmt}")
    assert result.ok, result.errors

    def comparable(report):
        return [row[1:7] + ([a[1:] for a in row[7]],) for row in snapshot(report)]

    assert comparable(copy) == comparable(w.budget_report)
    assert not run(copy, exported, name=f"export.{fmt}").changes_anything


def test_exported_text_is_never_a_formula(budget_world):
    w = budget_world
    content = csv_file(
        '1;=HYPERLINK("http://evil.example");Beleidskeuze;;2024;1;nadeel;nee;@SUM(A1)'
    )
    assert run(w.budget_report, content).ok
    data = export_data(report=w.budget_report)
    csv_text = write_csv(data).decode("utf-8-sig")
    assert ";\"'=HYPERLINK(" in csv_text and ";'@SUM(A1)" in csv_text
    workbook = load_workbook(io.BytesIO(write_xlsx(data)))
    sheet = workbook["Begrotingswijzigingen"]
    assert sheet["B2"].value.startswith("=HYPERLINK") and sheet["B2"].data_type == "s"
    assert workbook["Gevolgen per gemeente"]["D2"].value == 0.6  # Noorddorp's 60 % of € 1


def test_import_budget_command_dry_run_and_import(budget_world, capsys):
    w = budget_world
    call_command("import_budget", str(SAMPLE), "--report", str(w.budget_report.pk), "--dry-run")
    out = capsys.readouterr().out
    assert "Proefimport, niets opgeslagen: 9 nieuw" in out
    assert "€ 32.000 nadeel (2024)" in out
    assert BudgetChange.objects.count() == 0

    call_command("import_budget", str(SAMPLE), "--report", str(w.budget_report.pk))
    assert "Ingelezen: 9 nieuw" in capsys.readouterr().out
    assert BudgetChangeAmount.objects.filter(change__report=w.budget_report).count() == 12

    call_command("import_budget", str(SAMPLE), "--report", str(w.budget_report.pk))
    assert "Niets veranderd: 0 nieuw, 0 gewijzigd, 9 ongewijzigd" in capsys.readouterr().out


def test_import_budget_command_reports_errors_and_stores_nothing(budget_world, tmp_path, capsys):
    w = budget_world
    bad = tmp_path / "fout.csv"
    bad.write_bytes(SAMPLE.read_bytes().replace(b";2026;24.000;", b";2026;24.000,001;"))
    with pytest.raises(CommandError, match="Niets ingelezen: 1 fout"):
        call_command("import_budget", str(bad), "--report", str(w.budget_report.pk))
    assert "Rij 4, kolom bedrag" in capsys.readouterr().err
    assert BudgetChange.objects.count() == 0
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("import_budget", str(tmp_path / "nergens.csv"), "--report", "1")
    with pytest.raises(CommandError, match="geen rapportage met id 999999"):
        call_command("import_budget", str(SAMPLE), "--report", "999999")
