"""The sample file of seed 004, a way to write small CSV files in tests, and the hostile
workbooks of issue 18 (also used by bench/uploads.py)."""

import io
import zipfile
from pathlib import Path

from django.conf import settings

SAMPLE = Path(settings.BASE_DIR) / "budget" / "fixtures" / "begrotingswijzigingen-2024.csv"
HEADER = "code;titel;categorie;programma;jaar;bedrag;soort;meerjarig;toelichting"


def csv_file(*rows, header=HEADER):
    """A CSV file's bytes from ``;``-separated row strings."""
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def xlsx_declaring_every_column(rows=10000):
    """A tiny workbook whose sheet claims A1:XFD<rows> (openpyxl padded every row to 16.384
    columns: 1,3 GB for a 56 KB file)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(";"))
    sheet.append(["1", "Titel", "Beleidskeuze", "", 2024, 1000, "nadeel", "nee", ""])
    out = io.BytesIO()
    book.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    target_bytes = io.BytesIO()
    with zipfile.ZipFile(target_bytes, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index('<dimension ref="') + len('<dimension ref="')
                data = (text[:start] + f"A1:XFD{rows}" + text[text.index('"', start) :]).encode()
            target.writestr(info, data)
    return target_bytes.getvalue()


def xlsx_with_shared_strings(megabytes):
    """A valid workbook that also carries megabytes of shared strings (a 220 KB upload with
    88 MB of them took 41 s of CPU): compressed small, refused by their unpacked size."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_declaring_every_column(rows=2)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        strings = "".join(f"<si><t>{'x' * 1000}{n}</t></si>" for n in range(megabytes * 1050))
        target.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"{strings}</sst>",
        )
    return out.getvalue()
