"""reform_portal/tabular.py: formulas neutralised and restored, writers, import limits."""

import csv
import io
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.utils import translation
from openpyxl.worksheet._reader import WorkSheetParser

from reform_portal import tabular
from reform_portal.tabular import FileTooLarge, Table, neutralise, read_csv, read_xlsx, restore, to_csv, to_xlsx
from tests.spreadsheets import FORMULA, csv_fields, xlsx_cells

NEUTRALISED = [
    (FORMULA, "'" + FORMULA),
    ("+98 44 3333 4444", "'+98 44 3333 4444"),
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("  =1+1", "'  =1+1"),  # spaces first: some programs trim them on reading
    ("'=1+1", "''=1+1"),  # already quoted by hand: one more, so that reading it back keeps it
    ("''@x", "'''@x"),
]
UNCHANGED = ["اداره کل", "", "WAZ-S01", "1404/07/01", "-5", "+98", "-1.5", "1e5", "'quoted", "'", "a=b", "x-1"]


@pytest.mark.parametrize(("value", "written"), NEUTRALISED)
def test_formula_like_text_gets_one_quote_and_reads_back_whole(value, written):
    assert neutralise(value) == written
    assert restore(written) == value


@pytest.mark.parametrize("value", UNCHANGED)
def test_other_text_and_text_numbers_are_left_alone(value):
    assert neutralise(value) == value
    assert restore(value) == value


@pytest.mark.parametrize("value", [-5, -1.5, Decimal("-2.5"), 0, None, True])
def test_numbers_and_other_values_are_never_touched(value):
    assert neutralise(value) is value
    assert restore(value) is value


def _table():
    return Table("t", "T", ["=header", "number"], [[FORMULA, -5], ["نام", Decimal("12.5")], [None, 3]], frozenset({1}))


def test_xlsx_writer_writes_text_cells_and_number_cells():
    rows = xlsx_cells(to_xlsx(_table()))
    assert [cell.value for cell in rows[0]] == ["'=header", "number"]
    assert [(cell.value, cell.data_type) for cell in rows[1]] == [("'" + FORMULA, "s"), (-5, "n")]
    assert [(cell.value, cell.data_type) for cell in rows[2]] == [("نام", "s"), (12.5, "n")]
    assert rows[2][1].number_format == "0.0"


def test_csv_writer_quotes_text_and_keeps_numbers():
    text = to_csv(_table())
    assert text.startswith("\ufeff")
    assert csv_fields(text) == [["'=header", "number"], ["'" + FORMULA, "-5"], ["نام", "12.5"], ["", "3"]]


# --- import limits ------------------------------------------------------------------------


@pytest.fixture
def limits(settings):
    """Small limits, messages in English."""
    settings.IMPORT_MAX_ROWS = 5
    settings.IMPORT_MAX_CELLS = 40
    with translation.override("en"):
        yield settings


def _csv(rows: int, columns: int = 3) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([f"c{column}" for column in range(columns)])
    writer.writerows([[f"{row}-{column}" for column in range(columns)] for row in range(rows)])
    return buffer.getvalue()


def test_csv_at_the_row_limit_is_read_and_one_row_more_is_refused(limits):
    assert len(read_csv(_csv(5))) == 5
    with pytest.raises(FileTooLarge, match="5 rows"):
        read_csv(_csv(6))


def test_csv_over_the_cell_limit_is_refused(limits):
    assert len(read_csv(_csv(4, columns=8))) == 4  # 5 × 8 = 40 cells with the header
    with pytest.raises(FileTooLarge, match="40 cells"):
        read_csv(_csv(5, columns=8))


def test_the_limit_is_named_in_persian_digits(settings):
    settings.IMPORT_MAX_ROWS = 10_000
    with translation.override("fa"), pytest.raises(FileTooLarge) as refused:
        read_csv(_csv(10_001, columns=1))
    assert "۱۰٬۰۰۰" in str(refused.value)


def _xlsx(rows: int, columns: int = 3) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([f"c{column}" for column in range(columns)])
    for row in range(rows):
        sheet.append([f"{row}-{column}" for column in range(columns)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite_sheet(content: bytes, change) -> bytes:
    """The XLSX with its first sheet's XML passed through change(xml)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            target.writestr(item, data)
    return buffer.getvalue()


def _declaring(content: bytes, ref: str | None) -> bytes:
    """The XLSX with its sheet's declared size replaced (None: removed)."""
    if ref is None:
        return _rewrite_sheet(content, lambda xml: re.sub(r"<dimension[^>]*/>", "", xml))
    return _rewrite_sheet(content, lambda xml: re.sub(r'<dimension ref="[^"]+"', f'<dimension ref="{ref}"', xml))


def test_xlsx_within_the_limits_is_read_like_import_exports_reader(limits):
    dataset = read_xlsx(_xlsx(5))
    assert dataset.headers == ["c0", "c1", "c2"]
    assert dataset[4] == ("4-0", "4-1", "4-2")


def test_xlsx_declaring_more_rows_is_refused_before_a_row_is_parsed(limits, monkeypatch):
    # 2 real rows, but the sheet says it has 300,001: the declared size alone refuses it.
    content = _declaring(_xlsx(2), "A1:C300001")

    def no_parsing(self):
        raise AssertionError("the rows were parsed")

    monkeypatch.setattr(WorkSheetParser, "parse", no_parsing)
    with pytest.raises(FileTooLarge, match="5 rows"):
        read_xlsx(content)


def test_xlsx_declaring_too_many_cells_is_refused_before_a_row_is_parsed(limits, monkeypatch):
    content = _declaring(_xlsx(2), "A1:XFD3")
    monkeypatch.setattr(WorkSheetParser, "parse", lambda self: pytest.fail("the rows were parsed"))
    with pytest.raises(FileTooLarge, match="40 cells"):
        read_xlsx(content)


def test_xlsx_without_a_declared_size_is_refused_before_openpyxl_reads_past_the_limit(limits, monkeypatch):
    limits.IMPORT_MAX_CELLS = 100_000  # (the sheet's XML is within the size it allows)
    content = _declaring(_xlsx(1000), None)
    parsed = []
    parse = WorkSheetParser.parse

    def counting(self):
        for row in parse(self):
            parsed.append(row)
            yield row

    monkeypatch.setattr(WorkSheetParser, "parse", counting)
    with pytest.raises(FileTooLarge, match="5 rows"):
        read_xlsx(content)
    assert len(parsed) <= 7  # the header, the 5 allowed rows and the one over: not the 1,001


def test_xlsx_declaring_fewer_rows_than_it_has_is_read_whole(limits):
    content = _declaring(_xlsx(4), "A1:A1")
    dataset = read_xlsx(content)
    assert len(dataset) == 4 and dataset.headers == ["c0", "c1", "c2"]


def test_xlsx_unpacking_to_too_much_xml_is_refused_before_it_is_opened(limits, monkeypatch):
    workbook = openpyxl.Workbook()
    workbook.active.append(["name"])
    workbook.active.append(["ب" * 20_000])  # 2 cells, but 40 KB of XML: a zip bomb in small
    buffer = io.BytesIO()
    workbook.save(buffer)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *args, **kwargs: pytest.fail("the file was opened"))
    with pytest.raises(FileTooLarge, match="40 cells"):
        read_xlsx(buffer.getvalue())
    assert tabular.XML_BYTES_PER_CELL * limits.IMPORT_MAX_CELLS < 40_000


@pytest.mark.parametrize("chunk", [7, 64, 1 << 20])
def test_row_and_cell_tags_are_counted_across_chunk_boundaries(limits, monkeypatch, chunk):
    monkeypatch.setattr(tabular, "_CHUNK", chunk)
    content = _declaring(_xlsx(5), None)  # the header and 5 rows of 3 cells: 18 cells
    assert len(read_xlsx(content)) == 5
    with pytest.raises(FileTooLarge, match="5 rows"):
        read_xlsx(_declaring(_xlsx(6), None))
    limits.IMPORT_MAX_CELLS = 17
    with pytest.raises(FileTooLarge, match="17 cells"):
        read_xlsx(content)


def test_a_row_reaching_a_far_column_counts_all_the_cells_it_spans(limits):
    workbook = openpyxl.Workbook()
    workbook.active.append(["code"])
    workbook.active["XFD2"] = "far"  # one cell in the XML, 16,384 in the row
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(FileTooLarge, match="40 cells"):
        read_xlsx(_declaring(buffer.getvalue(), None))
