"""The cached values of an XLSX workbook's links to other workbooks
(``xl/externalLinks/externalLink*.xml``). A formula that refers to another file
(``='R:\\BVO\\[Patiëntenlijst 2024.xlsx]Patiënten'!B2``) makes Excel keep a copy of the
cells it refers to, whole ranges of them, in the workbook: a monthly report of counts
holds the patient list its counts were taken from, a list that no sheet shows and that
the cell reader (python-calamine) does not give.

Each cached sheet is read as a sheet is (:func:`breachscope.extract.spreadsheet.sheet_units`:
a header found below titles, a row each), ``part`` = the link's part and the linked
sheet's name (``xl/externalLinks/externalLink1.xml/Patiënten``: no sheet's own name can
hold a ``/``), rows and columns as the cache's cell references give them
(``r="B7"``). A cell's value is its text as written (a number or a date's serial as its
digits, a whole number without ``.0``); an error holds nothing. Parsed with expat
(entity declarations refused), each part bounded; a workbook whose links cannot be read
gives none (its cells are still read).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from breachscope.extract.base import ExtractError
from breachscope.extract.safexml import Malformed, Refused, feed
from breachscope.extract.xlsxcomments import MAX_PART

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PART = re.compile(r"xl/externalLinks/externalLink\d+\.xml")
_REF = re.compile(r"\$?([A-Z]{1,3})\$?([1-9]\d{0,6})")
MAX_COLUMNS = 16384
"""Excel's widest sheet (column XFD)."""

Rows = dict[int, dict[int, str]]
"""Row number -> column index (0 for column A) -> the cell's text."""


def column_index(letters: str) -> int:
    """A column's index from its letters (``A`` 0, ``AA`` 26)."""
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


@dataclass
class _Cache:
    """Expat handlers for a link's part: its sheets' names and each cached sheet's cells
    by row and column."""

    names: list[str] = field(default_factory=list)
    sheets: dict[int, Rows] = field(default_factory=dict)
    _sheet: Rows | None = None
    _cell: tuple[int, int] | None = None
    _error: bool = False
    _text: list[str] = field(default_factory=list)
    _in_value: bool = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == f"{_MAIN} sheetName":
            self.names.append(attrs.get("val", ""))
        elif name == f"{_MAIN} sheetData":
            sheet_id = attrs.get("sheetId", "")
            self._sheet = self.sheets.setdefault(int(sheet_id), {}) if sheet_id.isdigit() else None
        elif name == f"{_MAIN} cell" and self._sheet is not None:
            ref = _REF.fullmatch(attrs.get("r", ""))
            column = column_index(ref.group(1)) if ref else MAX_COLUMNS
            self._cell = (int(ref.group(2)), column) if ref and column < MAX_COLUMNS else None
            self._error = attrs.get("t") == "e"
        elif name == f"{_MAIN} v" and self._cell is not None:
            self._in_value, self._text = True, []

    def end(self, name: str) -> None:
        if name == f"{_MAIN} v" and self._in_value:
            self._in_value = False
            text = "".join(self._text)
            if text.endswith(".0") and text[:-2].lstrip("-").isdigit():
                text = text[:-2]
            if text and not self._error and self._cell and self._sheet is not None:
                row, column = self._cell
                self._sheet.setdefault(row, {})[column] = text
        elif name == f"{_MAIN} cell":
            self._cell = None
        elif name == f"{_MAIN} sheetData":
            self._sheet = None

    def text(self, data: str) -> None:
        if self._in_value:
            self._text.append(data)


def rows_of(cells: Rows) -> Iterator[tuple[int, list[str | None]]]:
    """A cached sheet's non-empty rows in order, as ``(row number, cells)``."""
    for number in sorted(cells):
        row = cells[number]
        values: list[str | None] = [None] * (max(row) + 1)
        for column, text in row.items():
            values[column] = text
        yield number, values


def link_caches(fh: BinaryIO) -> Iterator[tuple[str, Rows]]:
    """``(part, cells)`` of each sheet an XLSX workbook's external links hold cached
    values of (see the module); none where the parts cannot be read."""
    try:
        with zipfile.ZipFile(fh) as book:
            for part in sorted(n for n in book.namelist() if _PART.fullmatch(n)):
                cache = _Cache()
                with book.open(part) as stream:
                    feed(stream, cache, MAX_PART, what="workbook part")
                for sheet_id, cells in sorted(cache.sheets.items()):
                    known = sheet_id < len(cache.names) and cache.names[sheet_id]
                    name = cache.names[sheet_id] if known else f"sheet{sheet_id + 1}"
                    if cells:
                        yield f"{part}/{name}", cells
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, Malformed, Refused, ExtractError):
        return
