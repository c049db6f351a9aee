"""A ``opendata.Table`` as bytes: CSV for Russian Excel and XLSX (openpyxl, write-only mode).

CSV: UTF-8 with a byte order mark, «;» between cells and CRLF line ends (``csv.excel`` with «;»).
Russian Excel splits a double-clicked CSV by the list separator of the Russian locale, which is «;»
(«,» is the decimal separator there), and takes the file for UTF-8 only with the mark; without it
Cyrillic turns into mojibake. Cells with line breaks are quoted and stay one cell.

Both formats start with the Russian headings; tables of contract fields have a second heading row
with the field names (``Table.names``). A text cell that Excel would run as a formula (starting with
«=», «+», «-», «@», tab or CR: CSV injection, OWASP) is written in the CSV with a leading «'», which
Excel shows as text; in the XLSX it is a text cell as it is. Control characters that XML 1.0 cannot
hold (a YAML escape such as ``"\\v"`` can put them into a value) are left out of the XLSX. The same
table gives the same bytes: the XLSX's document dates are the build date and its ZIP members carry a
fixed time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .opendata import Cell, Table

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Time of every member of an XLSX archive (the same bytes for the same table).
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)
#: Sheet names of the XLSX.
DATA_SHEET = "Данные"
FIELDS_SHEET = "Поля"


#: Characters XML 1.0 cannot hold (control characters but tab and line breaks, lone surrogates, U+FFFE and
#: U+FFFF): left out of cells, since openpyxl's lxml writer refuses them.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def csv_text(value: Cell) -> str:
    """A cell as CSV text: '' for None, numbers as Python writes them (``66.3``), a formula-like text
    with a leading «'» (``FORMULA_START``)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_START) else value
    return str(value)


def csv_lines(table: Table) -> Iterator[bytes]:
    """``table`` as CSV (module doc), piece by piece: first the byte order mark with the Russian
    headings and the contract names (when the table has them), then one item per row (a row's bytes;
    a cell with line breaks stays inside its row). ``table.rows`` may be any iterable: the rows are
    read once, one at a time."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")

    def take() -> bytes:
        text = out.getvalue()
        out.seek(0)
        out.truncate()
        return text.encode("utf-8")

    writer.writerow([c.title for c in table.columns])
    if table.names:
        writer.writerow([c.name for c in table.columns])
    yield "\ufeff".encode() + take()
    for row in table.rows:
        writer.writerow([csv_text(v) for v in row])
        yield take()


def to_csv(table: Table) -> bytes:
    """``table`` as CSV bytes (``csv_lines`` joined)."""
    return b"".join(csv_lines(table))


class _FixedTimeZip(zipfile.ZipFile):
    """A ZIP whose members all carry ``_ZIP_TIME`` (openpyxl writes members with the current time)."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):  # noqa: D102
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, _ZIP_TIME)
            zinfo_or_arcname.compress_type = self.compression
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):  # noqa: D102
        with open(filename, "rb") as fh:
            self.writestr(arcname or filename, fh.read())


def to_xlsx(table: Table, build_date: dt.date, path: Path | None = None) -> bytes | None:
    """``table`` as XLSX bytes, or written into the file ``path`` (then None is returned): sheet
    «Данные» (bold Russian headings, the contract names in grey when
    the table has them, frozen above the first row of data; cells with line breaks wrap) and, for a
    table of contract fields, sheet «Поля» (Russian name, field name, what the column holds).
    Written in openpyxl's write-only mode (rows streamed, not kept as cell objects); ``table.rows``
    may be any iterable, read once."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook(write_only=True)
    when = dt.datetime.combine(build_date, dt.time())
    wb.properties.created = wb.properties.modified = when
    wb.properties.creator = wb.properties.lastModifiedBy = "Банк практик наставничества"
    wb.properties.title = table.title
    ws = wb.create_sheet(DATA_SHEET)
    heads = 2 if table.names else 1
    ws.freeze_panes = f"A{heads + 1}"
    for i, column in enumerate(table.columns):
        ws.column_dimensions[_letter(i)].width = max(10, min(60, len(column.title) + 2))
    bold, grey, wrap = Font(bold=True), Font(color="666666", italic=True), Alignment(wrap_text=True, vertical="top")

    def row_of(values, font=None):
        # Plain values go as they are (openpyxl's fast path); a cell object only where it must differ:
        # a text starting with «=» (else a formula), a text with line breaks (wrapped), a heading (font).
        cells = []
        for value in values:
            if isinstance(value, str) and NOT_XML.search(value):
                value = NOT_XML.sub("", value)  # XML cannot hold them; openpyxl (with lxml) would raise
            special = isinstance(value, str) and (value.startswith("=") or "\n" in value)
            if not special and font is None:
                cells.append(value)
                continue
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if "\n" in value:
                    cell.alignment = wrap
            if font is not None:
                cell.font = font
            cells.append(cell)
        return cells

    ws.append(row_of([c.title for c in table.columns], bold))
    if table.names:
        ws.append(row_of([c.name for c in table.columns], grey))
    for row in table.rows:
        ws.append(row_of(row))
    if table.names:
        fields = wb.create_sheet(FIELDS_SHEET)
        fields.append(row_of(["Столбец", "Имя поля", "Что в нём"], bold))
        for column in table.columns:
            fields.append(row_of([column.title, column.name, column.about]))
    out = io.BytesIO() if path is None else path
    with _FixedTimeZip(out, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return out.getvalue() if path is None else None


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
