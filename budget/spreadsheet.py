"""Spreadsheets in and out: reading CSV/XLSX into rows, Dutch amounts, and the export files.

The import and the export use the same columns, so an exported file can be edited and
imported again::

    code;titel;categorie;programma;jaar;bedrag;soort;meerjarig;toelichting;verdeelsleutel
"""

import csv
import datetime
import io
import re
import zipfile
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook  # defusedxml (installed) guards the XML
from openpyxl.styles import Font

COLUMNS = [
    "code",
    "titel",
    "categorie",
    "programma",
    "jaar",
    "bedrag",
    "soort",
    "meerjarig",
    "toelichting",
]
OPTIONAL_COLUMNS = ["verdeelsleutel"]
EXPORT_COLUMNS = COLUMNS + OPTIONAL_COLUMNS

XLSX_MAGIC = b"PK\x03\x04"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$")
_PLAIN = re.compile(r"^\d+(,\d{1,2})?$")
MAX_AMOUNT = Decimal("999999999999.99")

# The longest cell a CSV file may have (the csv module's default limit).
MAX_CELL = 131_072


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read (not a row-level problem)."""


class AmountError(ValueError):
    pass


def parse_amount(value):
    """A Dutch amount: ``32.000``, ``32000,50``, ``€ 8.000`` or a spreadsheet number.

    Returns a Decimal with two places, or None for ``pm``. Raises AmountError with a Dutch
    message otherwise. Amounts are never negative: a saving is a "voordeel".
    """
    if isinstance(value, bool):
        raise AmountError(_("Geen bedrag."))
    if isinstance(value, int | float | Decimal):
        amount = Decimal(str(value))
        if not amount.is_finite():
            raise AmountError(_("Geen bedrag."))
        if abs(amount) > MAX_AMOUNT:
            raise AmountError(_("Dit bedrag is te groot."))
        if amount != amount.quantize(Decimal("0.01")):
            raise AmountError(_("Een bedrag heeft hoogstens twee cijfers achter de komma."))
    else:
        text = str(value or "").strip().lower()
        text = text.replace("€", "").replace("\u00a0", "").replace(" ", "")
        if text in ("pm", "p.m.", "p.m"):
            return None
        if not text:
            raise AmountError(_("Vul een bedrag in, of pm als het bedrag nog niet bekend is."))
        if text.startswith("-"):
            raise AmountError(
                _(
                    "Een bedrag is nooit negatief. Vul het bedrag zonder minteken in en "
                    "zet de soort op voordeel."
                )
            )
        if _GROUPED.match(text):
            text = text.replace(".", "")
        elif not _PLAIN.match(text):
            raise AmountError(
                _(
                    "“%(value)s” is geen bedrag in Nederlandse notatie. Schrijf bijvoorbeeld "
                    "32.000 of 32000,50 (punt voor duizendtallen, komma voor centen), of pm."
                )
                % {"value": str(value).strip()[:40]}
            )
        try:
            amount = Decimal(text.replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the patterns above exclude this
            raise AmountError(_("Geen bedrag.")) from None
    if amount < 0:
        raise AmountError(_("Een bedrag is nooit negatief; zet de soort op voordeel."))
    if amount > MAX_AMOUNT:
        raise AmountError(_("Dit bedrag is te groot."))
    return amount.quantize(Decimal("0.01"))


def format_amount(amount):
    """The inverse of parse_amount for the CSV export: ``32.000``, ``32.000,50``, ``pm``."""
    if amount is None:
        return "pm"
    whole, cents = divmod(int(amount * 100), 100)
    text = f"{whole:,}".replace(",", ".")
    return f"{text},{cents:02d}" if cents else text


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    # Our own export protects formula-like text with an apostrophe; take it off again.
    if text.startswith("'") and text[1:2] in FORMULA_START:
        text = text[1:]
    return text


def read_rows(name, content, max_rows):
    """The rows of a CSV or XLSX file: ``(header, [(row number, {column: value})])``.

    Values are text, except XLSX numbers in the ``jaar`` and ``bedrag`` columns, which stay
    numbers. The header is the first row; column names are compared case-insensitively.
    Raises SpreadsheetError with a Dutch message when the file cannot be read at all.
    """
    if content[:4] == XLSX_MAGIC or name.lower().endswith((".xlsx", ".xlsm")):
        raw = _xlsx_rows(content, max_rows)
    else:
        raw = _csv_rows(content, max_rows)
    if not raw:
        raise SpreadsheetError(_("Het bestand is leeg."))
    header = [_cell_text(v).lstrip("\ufeff").lower() for v in raw[0][1]]
    rows = []
    for number, values in raw[1:]:
        if all(_cell_text(v) == "" for v in values):
            continue
        record = {}
        for column, value in zip(header, values, strict=False):
            if column and column not in record:
                keep_number = column in ("jaar", "bedrag") and isinstance(
                    value, int | float | Decimal
                )
                record[column] = value if keep_number else _cell_text(value)
        rows.append((number, record))
    return header, rows


def _csv_rows(content, max_rows):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _(
                "Het bestand is geen UTF-8-tekst. Sla het in Excel op als “CSV UTF-8 "
                "(door komma's gescheiden)” of lever een .xlsx-bestand aan."
            )
        ) from None
    if "\x00" in text:
        raise SpreadsheetError(_("Dit is geen CSV-bestand."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    too_long = _("een cel is langer dan %(max)s tekens") % {
        "max": f"{MAX_CELL:,}".replace(",", ".")
    }
    try:
        for number, values in enumerate(reader, start=1):
            if number > max_rows + 1:
                raise SpreadsheetError(
                    _("Het bestand heeft meer dan %(max)s regels.") % {"max": max_rows}
                )
            # Our own limit: the csv module's is one for the whole process, which a
            # library may raise (frictionless does).
            if any(len(value) > MAX_CELL for value in values):
                raise csv.Error("field limit (MAX_CELL)")
            rows.append((number, values))
    except csv.Error as exc:
        if "field limit" in str(exc):
            problem = too_long
        else:
            problem = _("controleer de aanhalingstekens en scheidingstekens")
        raise SpreadsheetError(
            _("Het CSV-bestand is niet goed opgebouwd (rij %(row)s): %(problem)s.")
            % {"row": reader.line_num, "problem": problem}
        ) from None
    return rows


MAX_UNPACKED_BYTES = 100 * 1024 * 1024
"""An .xlsx is a zip file: refuse one that unpacks to more than this (a zip bomb)."""
MAX_SHARED_STRINGS_BYTES = 8 * 1024 * 1024
"""openpyxl reads every shared string into memory before the first row: a budget file's
texts fit in far less than this."""
MAX_COLUMNS = 32
"""Columns read from a sheet: the import knows ten. A sheet that declares 16.384 columns
(A1:XFD…) is read only this far, not padded out row by row."""


def _xlsx_rows(content, max_rows):

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            unpacked = sum(info.file_size for info in infos)
            shared = sum(
                info.file_size
                for info in infos
                if info.filename.lower().endswith("sharedstrings.xml")
            )
    except zipfile.BadZipFile:
        raise SpreadsheetError(
            _("Het bestand kon niet als Excel-bestand (.xlsx) worden gelezen.")
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise SpreadsheetError(_("Het Excel-bestand is uitgepakt te groot om in te lezen."))
    if shared > MAX_SHARED_STRINGS_BYTES:
        raise SpreadsheetError(
            _(
                "Het Excel-bestand bevat te veel tekst om in te lezen (meer dan %(mb)s MB). "
                "Lever alleen de begrotingswijzigingen aan."
            )
            % {"mb": MAX_SHARED_STRINGS_BYTES // (1024 * 1024)}
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise SpreadsheetError(
            _("Het bestand kon niet als Excel-bestand (.xlsx) worden gelezen.")
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        # The declared size of a sheet (its "dimension") is not to be trusted: read only the
        # rows and columns the import can use.
        sheet.reset_dimensions()
        rows = []
        cells = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS, max_row=max_rows + 2)
        for number, values in enumerate(cells, start=1):
            if number > max_rows + 1:
                raise SpreadsheetError(
                    _("Het bestand heeft meer dan %(max)s regels.") % {"max": max_rows}
                )
            rows.append((number, list(values)))
    except SpreadsheetError:
        raise
    except Exception as exc:  # a damaged workbook can fail in many places inside openpyxl
        raise SpreadsheetError(
            _("Het bestand kon niet als Excel-bestand (.xlsx) worden gelezen.")
        ) from exc
    finally:
        workbook.close()
    if rows:
        # Rows come padded up to MAX_COLUMNS: keep the columns the header names.
        header = rows[0][1]
        width = max((i + 1 for i, value in enumerate(header) if value not in (None, "")), default=0)
        rows = [(number, values[:width]) for number, values in rows]
    return rows


def _safe_text(value):
    """Text a spreadsheet program must not run as a formula."""
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def export_data(changes, table):
    """Everything the export files hold, as plain JSON-ready data (amounts as text, ``None``
    for pm): the rows in the import's columns and, when there is a table, each
    municipality's share. A submitted report freezes this (review.freeze); the files are
    written from it, so a file never reads live data of a frozen report."""
    rows = []
    for change in changes:
        for amount in change.amounts.all():
            rows.append(
                {
                    "code": change.code,
                    "titel": change.title,
                    "categorie": change.category.name,
                    "programma": change.programme.name if change.programme else "",
                    "jaar": amount.year,
                    "bedrag": None if amount.amount is None else str(amount.amount),
                    "soort": amount.effect,
                    "meerjarig": _("ja") if amount.recurring else _("nee"),
                    "toelichting": change.explanation,
                    "verdeelsleutel": change.allocation_key.name if change.allocation_key else "",
                }
            )
    shares = None
    if table is not None:
        shares = {"years": list(table.years), "rows": []}
        for municipality in table.municipalities:
            for line, cells in municipality.rows:
                shares["rows"].append(
                    [
                        municipality.organisation.name,
                        line.change.code,
                        line.change.title,
                        *[
                            "pm" if cell.pm else None if cell.amount is None else str(cell.amount)
                            for cell in cells
                        ],
                    ]
                )
    return {"rows": rows, "shares": shares}


def _decimal(text):
    return None if text is None else Decimal(text)


def write_csv(data):
    """UTF-8 with a byte-order mark and ``;``, as Dutch Excel opens it without asking."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for row in data["rows"]:
        values = {**row, "bedrag": format_amount(_decimal(row["bedrag"]))}
        writer.writerow(
            [
                values[c] if c in ("jaar", "bedrag") else _safe_text(values[c])
                for c in EXPORT_COLUMNS
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# Every part of the .xlsx carries this time, so the same data gives the same bytes.
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_xlsx(data, *, timestamp=None):
    """The lines in the import's columns, and a second sheet with each municipality's share.
    Deterministic: ``timestamp`` (e.g. the submission) is the document's date, and the zip
    entries carry a fixed time, so the same data always gives the same bytes."""

    workbook = Workbook()
    stamp = (timestamp or datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)).replace(
        microsecond=0, tzinfo=None
    )
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    sheet = workbook.active
    sheet.title = _("Begrotingswijzigingen")
    sheet.append(EXPORT_COLUMNS)
    for row in data["rows"]:
        number = sheet.max_row + 1
        for index, column in enumerate(EXPORT_COLUMNS, start=1):
            value = row[column]
            cell = sheet.cell(row=number, column=index)
            if column == "bedrag":
                cell.value = _decimal(value) if value is not None else "pm"
                cell.number_format = "#,##0.00"
            elif column == "jaar":
                cell.value = value
            else:
                cell.value = str(value)
                cell.data_type = "s"  # text stays text, never a formula
    _header_style(sheet, Font)

    table = data.get("shares")
    if table is not None:
        shares = workbook.create_sheet(_("Gevolgen per gemeente"))
        shares.append([_("gemeente"), "code", _("titel"), *table["years"]])
        for name, code, title, *cells in table["rows"]:
            shares.append(
                [name, code, title, *[c if c in (None, "pm") else Decimal(c) for c in cells]]
            )
        for row in shares.iter_rows(min_row=2, min_col=4):
            for cell in row:
                cell.number_format = "#,##0.00"
        for row in shares.iter_rows(min_row=2, max_col=3):
            for cell in row:
                cell.data_type = "s"
        shares.append([])
        shares.append([_("Positief is een last (nadeel), negatief een baat (voordeel).")])
        _header_style(shares, Font)
    out = io.BytesIO()
    workbook.save(out)
    return _fixed_zip_times(out.getvalue(), stamp)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_zip_times(content, stamp):
    """The same archive with every entry dated ``_FIXED_ZIP_TIME`` and the document's
    "modified" date ``stamp`` (openpyxl stamps the current time on both when it saves)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(
                    rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", data
                )
            target.writestr(fixed, data)
    return out.getvalue()


def _header_style(sheet, font_class):
    for cell in sheet[1]:
        cell.font = font_class(bold=True)
    sheet.freeze_panes = "A2"
