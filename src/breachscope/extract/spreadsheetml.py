"""Excel's XML Spreadsheet 2003 (SpreadsheetML: ``<?mso-application progid="Excel.Sheet"?>``,
elements in ``urn:schemas-microsoft-com:office:spreadsheet``), as older LIMSes, SAP and
report servers still export a workbook: read as a workbook, not as XML.

Read as generic XML its rows are ``Row.Cell.Data`` values with no header, so a BSN or a
birth date under its column's name was read as nothing. Here every ``Worksheet`` is a
sheet (``part`` = its ``ss:Name``), read as :mod:`.spreadsheet` reads one: the header
found below titles, rows numbered as Excel shows them (``ss:Index`` on a row or a cell
skips rows and columns; ``ss:MergeAcross`` spans columns). A cell's ``Data`` is written
as a person reads it: a ``DateTime`` at midnight as its date (``1968-11-14``), an
integral ``Number`` without a fraction, a ``Boolean`` as ``TRUE``/``FALSE``. A cell's
``Comment`` (a note a user typed on it) is a cell of a column of its own in the row,
named for the column it remarks on (``Opmerking (opmerking)``,
:func:`~breachscope.extract.spreadsheet.sheet_units`), without the author's name that
Excel writes before its text (``Bram Kleijwegt:``: a colleague's, no one in the row).

Parsed with expat, whole, up to four times ``Config.batch_bytes`` (the format is verbose);
entity and document type declarations are refused. A document cut short is read up to
where it ends, with a :class:`Note`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.safexml import Malformed, Refused, feed
from breachscope.extract.spreadsheet import sheet_units
from breachscope.location import Location

NAMESPACE = "urn:schemas-microsoft-com:office:spreadsheet"
_WORKSHEET = f"{NAMESPACE} Worksheet"
_ROW = f"{NAMESPACE} Row"
_CELL = f"{NAMESPACE} Cell"
_DATA = f"{NAMESPACE} Data"
_COMMENT = f"{NAMESPACE} Comment"
_NAME = f"{NAMESPACE} Name"
_INDEX = f"{NAMESPACE} Index"
_TYPE = f"{NAMESPACE} Type"
_MERGE = f"{NAMESPACE} MergeAcross"
MAX_COLUMNS = 16384
"""Excel's widest sheet: an ``ss:Index`` beyond it is no column."""
MAX_ROWS = 1048576


class _Sheet:
    """One worksheet as read: its rows (row number -> column index -> text) and comments."""

    __slots__ = ("cells", "name", "notes")

    def __init__(self, name: str) -> None:
        self.name = name
        self.cells: dict[int, dict[int, str]] = {}
        self.notes: dict[int, dict[int, str]] = {}

    def rows(self) -> Iterator[tuple[int, list[str | None]]]:
        """The rows with a cell or a comment, in order, as ``(row number, cells)``."""
        for number in sorted(self.cells.keys() | self.notes.keys()):
            cells = self.cells.get(number, {})
            line: list[str | None] = [None] * (max(cells) + 1 if cells else 0)
            for col, text in cells.items():
                line[col] = text
            yield number, line

    def width(self) -> int:
        return max((max(c) + 1 for c in self.cells.values() if c), default=0)


def _index(attrs: dict[str, str], after: int, most: int) -> int:
    """The 0-based position an ``ss:Index`` (1-based) gives, else the one ``after``."""
    raw = attrs.get(_INDEX) or attrs.get("Index")
    if raw is not None and raw.strip().isdigit() and 0 < int(raw) <= most:
        return int(raw) - 1
    return after


def cell_value(text: str, kind: str | None) -> str | None:
    """A ``Data`` element's text as a person reads the cell (see the module)."""
    text = text.strip()
    if not text:
        return None
    if kind == "DateTime":
        date, _, time = text.partition("T")
        time = time.split(".")[0]
        return date if time.strip("0:") == "" else f"{date}T{time}"
    if kind == "Number":
        try:
            number = float(text)
        except ValueError:
            return text
        if math.isfinite(number) and number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        return text
    if kind == "Boolean":
        return {"1": "TRUE", "0": "FALSE"}.get(text, text)
    return text


class _Reader:
    """Expat handlers building the :class:`_Sheet` list."""

    def __init__(self) -> None:
        self.sheets: list[_Sheet] = []
        self._row = -1
        self._col = -1
        self._kind: str | None = None
        self._data: list[str] | None = None
        self._comment: list[str] | None = None
        self._in_cell = False
        self._span = 0
        self._author = ""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == _WORKSHEET:
            sheet_name = attrs.get(_NAME) or attrs.get("Name") or f"Sheet{len(self.sheets) + 1}"
            self.sheets.append(_Sheet(sheet_name))
            self._row = -1
        elif not self.sheets:
            return
        elif name == _ROW:
            self._row = _index(attrs, self._row + 1, MAX_ROWS)
            self._col = -1
        elif name == _CELL and self._row >= 0:
            self._col = _index(attrs, self._col + 1, MAX_COLUMNS)
            self._in_cell = True
            merge = attrs.get(_MERGE) or attrs.get("MergeAcross") or ""
            self._span = int(merge) if merge.isdigit() and int(merge) < MAX_COLUMNS else 0
        elif name == _COMMENT and self._in_cell:
            self._comment = []
            self._author = (attrs.get(f"{NAMESPACE} Author") or attrs.get("Author") or "").strip()
        elif name == _DATA and self._in_cell and self._comment is None:
            self._data = []
            self._kind = attrs.get(_TYPE) or attrs.get("Type")

    def end(self, name: str) -> None:
        if not self.sheets:
            return
        sheet = self.sheets[-1]
        if name == _DATA and self._data is not None:
            value = cell_value("".join(self._data), self._kind)
            if value is not None:
                sheet.cells.setdefault(self._row + 1, {})[self._col] = value
            self._data = None
        elif name == _COMMENT and self._comment is not None:
            said = " ".join("".join(self._comment).split())
            if self._author and said.startswith(f"{self._author}:"):
                said = said[len(self._author) + 1 :].lstrip()  # (Excel opens it so: a user's)
            if said:
                sheet.notes.setdefault(self._row + 1, {})[self._col] = said
            self._comment = None
        elif name == _CELL and self._in_cell:
            self._in_cell = False
            self._col += self._span
            self._span = 0

    def text(self, data: str) -> None:
        if self._comment is not None:
            self._comment.append(data)
        elif self._data is not None:
            self._data.append(data)


class SpreadsheetMLExtractor(Extractor):
    """Every worksheet of an XML Spreadsheet 2003; ``part`` = the sheet's name."""

    id: ClassVar[str] = "spreadsheetml"
    types: ClassVar[frozenset[str]] = frozenset({"spreadsheetml"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        reader = _Reader()
        limit = 4 * config.batch_bytes
        try:
            with source.open() as fh:
                feed(fh, reader, limit, what="XML spreadsheet", no_doctype=True)
        except Refused:
            raise ExtractError(
                "XML spreadsheet declares an entity or a doctype (refused)"
            ) from None
        except Malformed as exc:
            if not reader.sheets:
                raise ExtractError(f"not well-formed XML spreadsheet ({exc.reason})") from None
            yield Note(
                Location(source.path),
                f"XML spreadsheet cut short ({exc.reason}): read up to its end",
            )
        if not reader.sheets:
            raise ExtractError("XML spreadsheet without a worksheet")
        for sheet in reader.sheets:
            if sheet.cells or sheet.notes:
                where = Location(source.path, part=sheet.name)
                yield from sheet_units(where, sheet.rows(), config, sheet.notes, sheet.width())
