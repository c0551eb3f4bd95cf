"""Reading exported files in tests: every cell, and proof that none can run as a formula."""

import csv
import io
import re
import zipfile

from openpyxl import load_workbook

#: Text planted where users type names; every export must show it, never run it.
FORMULA = '=HYPERLINK("http://evil.example/x","فرم")'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def xlsx_cells(content: bytes) -> list[list]:
    """The first sheet's cells, once it is checked that the file holds no formula: no
    <f> element in its XML, no formula cell, no text cell a spreadsheet would run."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name
    sheet = load_workbook(io.BytesIO(content)).active
    rows = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
            if isinstance(cell.value, str):
                assert cell.data_type == "s", (cell.coordinate, cell.value)
                assert not cell.value.startswith(FORMULA_STARTS), (cell.coordinate, cell.value)
        rows.append(row)
    return rows


def csv_fields(text: str) -> list[list[str]]:
    """The rows of a CSV export (BOM removed), once it is checked that no field starts
    like a formula, unless it is just a number such as -5."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    for row in rows:
        for field in row:
            assert not field.startswith(FORMULA_STARTS) or _NUMBER.fullmatch(field), field
    return rows


def values(rows) -> set:
    """Every value of xlsx_cells() or csv_fields() rows."""
    return {getattr(cell, "value", cell) for row in rows for cell in row}
