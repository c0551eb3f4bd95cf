"""Spreadsheets in and out: the portal's XLSX and CSV writers, and the limits on files read.

Writers (dashboard and channel exports): right-to-left sheets with Persian headers, CSV in
UTF-8 with a BOM, percents with one decimal, numbers as number cells.

**No live formulas in an export** (OWASP, "CSV Injection"). A spreadsheet runs a cell
whose text starts with ``=``, ``+``, ``-`` or ``@`` (or with a tab or carriage return
before one) as a formula: a service named ``=HYPERLINK("http://evil.example/x","فرم")``
becomes a link, and worse. ``neutralise`` puts a single quote in front of such text, in
every text cell of every export, CSV and XLSX alike (the admin's exports too: see
agencies/resources.py), so the cell shows the text with a quote in front and never runs
it. Nothing is removed. Numbers stay number cells; text that is just a number such as
"-12" or "+98" is a number to a spreadsheet, not a formula, and is left alone.

Reading a file back (the admin's imports) undoes exactly that: ``restore`` drops one
leading quote when what follows would be neutralised, so an exported file imports to the
values it was made from, and a value that really starts with quotes survives the round
trip (it is written with one more). A quote typed by hand in front of ``=…`` in a file is
dropped the same way: in spreadsheets it is the usual mark for "text, not a formula".

Readers (``read_csv``, ``read_xlsx``): an import file is refused, with a message naming
the limit, once it holds more than ``IMPORT_MAX_ROWS`` data rows or ``IMPORT_MAX_CELLS``
cells (settings), *before* it is read whole: for an XLSX, the size its XML unpacks to,
the size each sheet declares and the row and cell tags of its XML are checked before
openpyxl opens it, and the rows openpyxl then streams are counted too. A 2 MB file that
expands to 300,000 rows is refused in milliseconds, where reading it took seconds and
hundreds of megabytes (docs/benchmarks.md, "Imports").
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal

import tablib
from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.translation import gettext

from reform_portal.persian import is_persian_active, to_persian_digits

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The language of exported headers and labels.
EXPORT_LANGUAGE = "fa"

# --- formulas ---------------------------------------------------------------------------

#: What a spreadsheet may take as the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _is_formula_like(text: str) -> bool:
    """Text (after any leading quotes) that a spreadsheet could run: it starts with one of
    FORMULA_STARTS, also after spaces, and is not simply a number."""
    text = text.lstrip("'")
    if text[:1] in ("\t", "\r"):
        return True
    return text.lstrip()[:1] in FORMULA_STARTS and not _NUMBER.fullmatch(text)


def neutralise(value):
    """A cell value safe to open in a spreadsheet: formula-like text gets a leading quote;
    numbers, dates, None and other text are returned unchanged."""
    if isinstance(value, str) and _is_formula_like(value):
        return "'" + value
    return value


def restore(value):
    """The value ``neutralise`` was given, from what it returned: one leading quote is
    dropped when formula-like text follows it. Anything else is returned unchanged."""
    if isinstance(value, str) and value.startswith("'") and _is_formula_like(value[1:]):
        return value[1:]
    return value


# --- writers ----------------------------------------------------------------------------


@dataclass
class Table:
    slug: str
    title: str
    headers: list[str]
    rows: list[list]
    percent_columns: frozenset = frozenset()


def as_number(value):
    """Decimals as floats for the spreadsheet (they carry one decimal already)."""
    return float(value) if isinstance(value, Decimal) else value


def _cell(value):
    return neutralise(as_number(value))


def to_xlsx(table: Table) -> bytes:
    return to_xlsx_book([table])


def to_xlsx_book(tables: list[Table]) -> bytes:
    """One workbook with a sheet per table (named by its slug), every cell as to_xlsx writes it."""
    from openpyxl import Workbook

    workbook = Workbook()
    for index, table in enumerate(tables):
        _fill_sheet(workbook.active if index == 0 else workbook.create_sheet(), table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill_sheet(sheet, table: Table) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.title = table.slug[:31]
    sheet.sheet_view.rightToLeft = True
    sheet.append([_cell(header) for header in table.headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        sheet.append([_cell(value) for value in row])
    for column in table.percent_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column + 1, max_col=column + 1):
            cell.number_format = "0.0"
    for index, header in enumerate(table.headers, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        width = max([len(str(header))] + [len(str(row[index - 1] or "")) for row in table.rows[:200]])
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), 60)
    sheet.freeze_panes = "A2"


def to_csv(table: Table) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # BOM: spreadsheet programs then read the file as UTF-8
    writer = csv.writer(buffer)
    writer.writerow([neutralise(header) for header in table.headers])
    for row in table.rows:
        writer.writerow(["" if value is None else neutralise(value) for value in row])
    return buffer.getvalue()


def respond(tables: dict[str, Table], slug: str, fmt: str) -> HttpResponse:
    table = tables.get(slug)
    if table is None or fmt not in ("xlsx", "csv"):
        raise Http404
    if fmt == "xlsx":
        response = HttpResponse(to_xlsx(table), content_type=XLSX_TYPE)
    else:
        response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slug}.{fmt}"'
    return response


# --- readers ----------------------------------------------------------------------------

#: Unpacked XML allowed per allowed cell: a cell takes some 30–60 bytes of XML plus its
#: text (two bytes a Persian letter); the sheet and its shared strings together may unpack
#: to IMPORT_MAX_CELLS times this, ~50 MB by default, where a real 10,000-row file
#: unpacks to 5–10 MB.
XML_BYTES_PER_CELL = 256


class FileTooLarge(ValueError):
    """An import file over one of the limits; its message says which, in the active language."""


def _count(number: int) -> str:
    """10,000 in English, ۱۰٬۰۰۰ in Persian."""
    text = f"{number:,}"
    return to_persian_digits(text).replace(",", "٬") if is_persian_active() else text


def _too_many_rows() -> FileTooLarge:
    return FileTooLarge(
        gettext(
            "The file has more than %(limit)s rows; at most %(limit)s rows can be imported at once. "
            "Split it into smaller files (and delete any empty rows below the data)."
        )
        % {"limit": _count(settings.IMPORT_MAX_ROWS)}
    )


def _too_many_cells() -> FileTooLarge:
    return FileTooLarge(
        gettext(
            "The file has more than %(limit)s cells; at most %(limit)s cells can be imported at once. "
            "Split it into smaller files, or delete the columns and empty rows that are not needed."
        )
        % {"limit": _count(settings.IMPORT_MAX_CELLS)}
    )


class _Counter:
    """Counts data rows and cells as they are read; raises at the first one over a limit."""

    def __init__(self):
        self.rows = -1  # the header row is not a data row
        self.cells = 0
        self.max_rows = settings.IMPORT_MAX_ROWS
        self.max_cells = settings.IMPORT_MAX_CELLS

    def add(self, width: int) -> None:
        self.rows += 1
        self.cells += width
        if self.rows > self.max_rows:
            raise _too_many_rows()
        if self.cells > self.max_cells:
            raise _too_many_cells()


def read_csv(text: str) -> tablib.Dataset:
    """A CSV import as a Dataset, once its rows and cells are counted within the limits
    (by the C csv reader, which stops at the first row over; tablib then reads it)."""
    counter = _Counter()
    for row in csv.reader(io.StringIO(text)):
        counter.add(len(row))
    return tablib.import_set(text, format="csv")


def read_xlsx(content: bytes) -> tablib.Dataset:
    """The first sheet of an XLSX import as a Dataset, refused early when over the limits:

    1. the XML its worksheets and shared strings unpack to (the zip's own sizes, which
       Python's zipfile never reads beyond);
    2. each worksheet's declared size (its ``<dimension>``, at the top of its XML), then its
       row and cell tags, counted in the raw XML and stopping at the first one over;
       all before openpyxl opens the file (which, for a sheet that declares no size,
       would read the whole sheet to find one);
    3. the rows and cells openpyxl gives, streamed in read-only mode, stopping at the first
       one over (a row padded to a far column, or rows skipped by number, count too).

    Like django-import-export's reader otherwise: the first row is the header, values not
    formulas (``data_only``), blank rows dropped when IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES;
    rows are padded to the widest one.
    """
    from openpyxl import load_workbook

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [info for info in archive.infolist() if info.filename.startswith("xl/worksheets/")]
        strings = [info for info in archive.infolist() if info.filename == "xl/sharedStrings.xml"]
        if sum(info.file_size for info in sheets + strings) > settings.IMPORT_MAX_CELLS * XML_BYTES_PER_CELL:
            raise _too_many_cells()
        for info in sheets:
            if info.filename.endswith(".xml"):
                with archive.open(info) as source:
                    _scan_sheet(source)

    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = workbook.active
        # Read every row, not only those inside the declared size: a sheet that declares
        # fewer rows than it has would otherwise lose the rest without a word.
        sheet.reset_dimensions()
        counter = _Counter()
        ignore_blanks = getattr(settings, "IMPORT_EXPORT_IMPORT_IGNORE_BLANK_LINES", False)
        rows = []
        for row in sheet.iter_rows(values_only=True):
            counter.add(len(row))
            values = list(row)
            while values and values[-1] is None:
                values.pop()
            if rows and ignore_blanks and not values:
                continue
            rows.append(values)
    finally:
        workbook.close()
    if not rows:
        return tablib.Dataset()
    width = max(len(values) for values in rows)
    dataset = tablib.Dataset(headers=rows[0] + [None] * (width - len(rows[0])))
    for values in rows[1:]:
        dataset.append(values + [None] * (width - len(values)))
    return dataset


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="([^"]+)"')
_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData[\s>/]")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")
_CHUNK = 1 << 20


def _scan_sheet(source) -> None:
    """Refuses a worksheet whose declared size, or whose row and cell tags, exceed the
    limits, reading its XML in 1 MB chunks and stopping at the first one over. Text in
    the XML is escaped (&lt;), so a tag can only be a tag."""
    from openpyxl.utils.cell import range_boundaries

    rows = cells = 0
    head, tail = True, b""
    while chunk := source.read(_CHUNK):
        data = tail + chunk
        cut = data.rfind(b"<")
        if cut != -1 and data.find(b">", cut) == -1:  # a tag split between chunks
            data, tail = data[:cut], data[cut:]
        else:
            tail = b""
        if head:
            sheet_data = _SHEET_DATA.search(data)
            dimension = _DIMENSION.search(data, 0, sheet_data.start() if sheet_data else len(data))
            if dimension:
                try:
                    min_column, min_row, max_column, max_row = range_boundaries(dimension.group(1).decode())
                except (TypeError, ValueError, UnicodeDecodeError):
                    pass  # no usable size: the tags are counted anyway
                else:
                    declared_rows = (max_row or min_row or 1) - (min_row or 1) + 1
                    declared_columns = (max_column or min_column or 1) - (min_column or 1) + 1
                    if declared_rows - 1 > settings.IMPORT_MAX_ROWS:
                        raise _too_many_rows()
                    if declared_rows * declared_columns > settings.IMPORT_MAX_CELLS:
                        raise _too_many_cells()
            head = sheet_data is None
        rows += len(_ROW_TAG.findall(data))
        cells += len(_CELL_TAG.findall(data))
        if rows - 1 > settings.IMPORT_MAX_ROWS:
            raise _too_many_rows()
        if cells > settings.IMPORT_MAX_CELLS:
            raise _too_many_cells()
