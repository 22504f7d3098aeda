"""Spreadsheets read as they come from a newsroom: CSV in any delimiter and encoding, XLSX, ODS.

CSV files are decoded by their byte-order mark when they have one (UTF-8, UTF-16: Excel's
"Unicode text"), else as UTF-8 when the bytes are valid UTF-8, else as Windows-1252
(Excel's "CSV" on a French or English Windows). No statistical charset detector is
needed, or wanted: a file that decodes as UTF-8 is UTF-8 (other encodings almost never
produce valid UTF-8 by accident), and on short files such detectors are wrong often enough
(a few accented names read as Cyrillic or Mac Roman) to garble a place silently. The
encoding used is reported. The delimiter (comma, semicolon, tab or bar) is found by
`csv.Sniffer`, or by counting them in the header line when the sniffer cannot tell; an
Excel "sep=;" first line is honoured.

XLSX and ODS are read with python-calamine (Rust's calamine), which reads both formats,
returns each cell with its type (a number stays a number, a date a date) and evaluates
nothing; it is an optional dependency (`pip install 'geo[sheets]'`). calamine is strict
about the XML it reads, and refuses some files that other tools wrote (the ODS of GDAL,
hence of QGIS, whose rows hold line breaks between cells): those are read again through
GDAL (pyogrio, which geo needs anyway), whose own reader types whole columns instead of
cells, and the report says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["MAX_TABLE_BYTES", "SheetError", "Table", "read_table"]

#: Beyond this a spreadsheet is not a newsroom's list of announcements.
MAX_TABLE_BYTES = 100 * 1024 * 1024
_DELIMITERS = ",;\t|"
_FORMATS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
            ".xls": "xlsx", ".ods": "ods"}


class SheetError(ValueError):
    """The file cannot be read as a table; the message says why and what to do."""


@dataclass
class Table:
    """A table read from a file: its header row, its rows (cells typed when the format has
    types), and how it was read."""

    path: Path
    format: str
    header: list[str]
    rows: list[list[Any]]
    #: The spreadsheet row number of each row (the header is row 1), for messages.
    numbers: list[int] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    #: What read a workbook: "calamine", or "GDAL" for files calamine refuses.
    reader: str = "calamine"

    def describe(self) -> str:
        """How the file was read, in a few words: "CSV, UTF-8, delimiter ';'"."""
        if self.format == "csv":
            shown = {"\t": "tab", ",": "','", ";": "';'", "|": "'|'"}.get(self.delimiter or "", "?")
            return f"CSV, {self.encoding}, delimiter {shown}"
        via = " (read by GDAL)" if self.reader == "GDAL" else ""
        return f"{self.format.upper()}, sheet {self.sheet!r}{via}"


def read_table(path: Path, sheet: str | None = None) -> Table:
    """Read the first sheet (or `sheet`) of a CSV, XLSX or ODS file into a `Table`."""
    path = Path(path)
    kind = _FORMATS.get(path.suffix.lower())
    if kind is None:
        raise SheetError(f"{path}: unknown spreadsheet format {path.suffix!r}; geo reads .csv, "
                         ".xlsx and .ods (save the sheet in one of those)")
    size = path.stat().st_size
    if size > MAX_TABLE_BYTES:
        raise SheetError(f"{path}: {size // (1024 * 1024)} MB is too big for a table of sites "
                         f"(the limit is {MAX_TABLE_BYTES // (1024 * 1024)} MB)")
    if kind == "csv":
        if sheet is not None:
            raise SheetError(f"{path}: a CSV file has no sheets; leave out --sheet")
        return _csv(path)
    return _workbook(path, kind, sheet)


def decode(raw: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of its encoding (see the module docstring).

    >>> decode("Lieu;Montant\\n".encode("cp1252"))[1], decode("Évry".encode("cp1252"))
    ('UTF-8', ('Évry', 'Windows-1252'))
    """
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "UTF-8 (with BOM)"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "UTF-16"
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return raw.decode("latin-1"), "Latin-1"


def _delimiter(text: str) -> str:
    sample = text[:65536]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        header = sample.split("\n", 1)[0]
        counts = {d: header.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: (counts[d], d == ","))
        return best if counts[best] else ","


def _csv(path: Path) -> Table:
    try:
        text, encoding = decode(path.read_bytes())
    except UnicodeDecodeError as exc:
        raise SheetError(f"{path}: not readable text ({exc.reason}); save it as CSV UTF-8") from None
    lines = text.split("\n", 1)
    first = lines[0].strip().lower()
    if first.startswith("sep=") and len(first) == 5:  # Excel's "sep=;" line
        delimiter, text = lines[0].strip()[4], lines[1] if len(lines) > 1 else ""
    else:
        delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"',
                        doublequote=True, strict=False)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise SheetError(f"{path}, line {reader.line_num}: {exc}") from None
    return _table(path, "csv", rows, encoding=encoding, delimiter=delimiter)


def _workbook(path: Path, kind: str, sheet: str | None) -> Table:
    try:
        import python_calamine
    except ImportError:
        raise SheetError(f"reading {kind.upper()} files needs python-calamine: pip install "
                         "'geo[sheets]' (or save the sheet as CSV)") from None
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        names = book.sheet_names
        if sheet is None:
            chosen = names[0] if names else None
        else:
            chosen = next((n for n in names if n == sheet), None) or next(
                (n for n in names if n.strip().lower() == sheet.strip().lower()), None)
            if chosen is None:
                raise SheetError(f"{path}: no sheet named {sheet!r}; its sheets are "
                                 + ", ".join(repr(n) for n in names))
        if chosen is None:
            raise SheetError(f"{path}: the workbook has no sheet")
        rows = book.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except SheetError:
        raise
    except Exception as exc:  # noqa: BLE001 - calamine's errors are many; all mean "unreadable"
        try:
            return _gdal(path, kind, sheet)
        except Exception:  # noqa: BLE001 - report calamine's reason, the first reader's
            raise SheetError(f"cannot read it as {kind.upper()} ({type(exc).__name__}: {exc}); "
                             "check that it opens in a spreadsheet program") from None
    return _table(path, kind, [list(r) for r in rows], sheet=chosen)


def _gdal(path: Path, kind: str, sheet: str | None) -> Table:
    """The sheet read by GDAL: for files calamine refuses (see the module docstring)."""
    import pyogrio

    layers = [name for name, _ in pyogrio.list_layers(path)]
    chosen = sheet if sheet in layers else layers[0] if sheet is None and layers else None
    if chosen is None:
        raise SheetError(f"no sheet named {sheet!r}; its sheets are " + ", ".join(map(repr, layers)))
    frame = pyogrio.read_dataframe(path, layer=chosen, read_geometry=False,
                                   HEADERS="FORCE", FIELD_TYPES="AUTO")
    rows = [[_gdal_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    table = _table(path, kind, [list(frame.columns), *rows], sheet=chosen)
    table.reader = "GDAL"
    return table


def _gdal_cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    to_pydatetime = getattr(value, "to_pydatetime", None)  # a pandas Timestamp
    if to_pydatetime is not None:
        return None if str(value) == "NaT" else to_pydatetime()
    return value.item() if hasattr(value, "item") else value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(path: Path, kind: str, rows: list[list[Any]], **how: Any) -> Table:
    """The header is the first row with something in it; rows with nothing are dropped."""
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if not all(_blank(c) for c in row)]
    if not numbered:
        raise SheetError(f"{path}: the table is empty (no header row)")
    (_, header), body = numbered[0], numbered[1:]
    width = max([len(header)] + [len(r) for _, r in body])
    names = [_header_text(h) for h in header] + [""] * (width - len(header))
    return Table(path, kind, names, [list(r) + [None] * (width - len(r)) for _, r in body],
                 [n for n, _ in body], **how)


def _header_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    return "" if value is None else str(value).strip()
