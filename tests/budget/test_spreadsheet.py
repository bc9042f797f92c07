"""Reading and writing spreadsheets: Dutch amounts, CSV dialects, XLSX, formula safety."""

import io
import zipfile
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from budget.spreadsheet import (
    AmountError,
    SpreadsheetError,
    format_amount,
    parse_amount,
    read_rows,
)

D = Decimal


@pytest.mark.parametrize(
    "text,value",
    [
        ("32.000", D("32000.00")),
        ("32000", D("32000.00")),
        ("32000,50", D("32000.50")),
        ("32.000,5", D("32000.50")),
        ("€ 8.000", D("8000.00")),
        ("€\u00a01.234.567,89", D("1234567.89")),
        (" 0 ", D("0.00")),
        ("pm", None),
        ("PM", None),
        ("p.m.", None),
        (24050, D("24050.00")),
        (3700.5, D("3700.50")),
        (D("0.01"), D("0.01")),
    ],
)
def test_dutch_amounts(text, value):
    assert parse_amount(text) == value


@pytest.mark.parametrize(
    "text,message",
    [
        ("", "Vul een bedrag in"),
        ("-5.000", "nooit negatief"),
        ("3,700.00", "Nederlandse notatie"),
        ("32.5", "Nederlandse notatie"),
        ("1.2345", "Nederlandse notatie"),
        ("32000,505", "Nederlandse notatie"),
        ("twintig", "Nederlandse notatie"),
        ("1e6", "Nederlandse notatie"),
        (32000.505, "twee cijfers"),
        (-1, "nooit negatief"),
        ("9.999.999.999.999", "te groot"),
    ],
)
def test_bad_amounts_say_what_is_wrong_in_dutch(text, message):
    with pytest.raises(AmountError, match=message):
        parse_amount(text)


@given(st.integers(min_value=0, max_value=10**14 - 1))
def test_export_notation_reads_back_exactly(cents):
    amount = D(cents) / 100
    assert parse_amount(format_amount(amount)) == amount


def test_csv_with_comma_or_semicolon_and_a_byte_order_mark():
    semicolon = "\ufeffcode;titel;bedrag\n7.1;Een, twee;32.000\n\n".encode()
    header, rows = read_rows("a.csv", semicolon, max_rows=10)
    assert header == ["code", "titel", "bedrag"]
    assert rows == [(2, {"code": "7.1", "titel": "Een, twee", "bedrag": "32.000"})]
    comma = b'Code,Titel,Bedrag\r\n7.2,"Drie; vier","32000,50"\r\n'
    header, rows = read_rows("b.csv", comma, max_rows=10)
    assert rows == [(2, {"code": "7.2", "titel": "Drie; vier", "bedrag": "32000,50"})]


def test_blank_rows_are_skipped_but_row_numbers_stay_those_of_the_sheet():
    content = b"code;titel\n;\n7.1;A\n\n7.2;B\n"
    _, rows = read_rows("a.csv", content, max_rows=10)
    assert [number for number, _ in rows] == [3, 5]


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("a.csv", "code;titel\n7.1;Begroting ’24\n".encode("cp1252"), "UTF-8"),
        ("a.csv", b"", "leeg"),
        ("a.xlsx", b"PK\x03\x04 not really a workbook", "Excel"),
        ("a.xlsx", b"plain text", "Excel"),
    ],
)
def test_unreadable_files_get_one_clear_message(name, content, message):
    with pytest.raises(SpreadsheetError, match=message):
        read_rows(name, content, max_rows=10)


def test_too_many_rows_is_refused():
    content = ("code\n" + "7.1\n" * 11).encode()
    with pytest.raises(SpreadsheetError, match="meer dan 10 regels"):
        read_rows("a.csv", content, max_rows=10)


def test_xlsx_keeps_numbers_for_year_and_amount_and_text_elsewhere():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Code", "Titel", "Jaar", "Bedrag"])
    sheet.append(["7.1.2.3", "Informatiehuishouding", 2024, 32000])
    sheet.append([None, None, None, None])
    sheet.append([7.1, "'=1+1", 2025.0, "pm"])
    out = io.BytesIO()
    workbook.save(out)
    header, rows = read_rows("begroting.xlsx", out.getvalue(), max_rows=10)
    assert header == ["code", "titel", "jaar", "bedrag"]
    assert rows[0] == (
        2,
        {"code": "7.1.2.3", "titel": "Informatiehuishouding", "jaar": 2024, "bedrag": 32000},
    )
    # Our export's apostrophe guard against formulas is taken off again on import.
    assert rows[1] == (4, {"code": "7.1", "titel": "=1+1", "jaar": 2025.0, "bedrag": "pm"})


def test_a_formula_in_a_workbook_is_read_as_its_cached_value_not_run():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "bedrag"])
    sheet.append(["7.1", "=1000*32"])
    out = io.BytesIO()
    workbook.save(out)
    _, rows = read_rows("a.xlsx", out.getvalue(), max_rows=10)
    # openpyxl never calculates: a formula without a cached value reads as empty.
    assert rows[0][1]["bedrag"] in ("", None)
    assert load_workbook(io.BytesIO(out.getvalue()))  # the file itself is fine


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (101 * 1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024  # small on disk, huge unpacked
    with pytest.raises(SpreadsheetError, match="uitgepakt te groot"):
        read_rows("bom.xlsx", out.getvalue(), max_rows=10)
