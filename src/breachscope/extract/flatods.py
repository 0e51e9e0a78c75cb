"""OpenDocument spreadsheets saved as one XML file (``.fods``, LibreOffice's "Flat XML
ODF Spreadsheet"): each sheet read as a workbook's sheet is (:func:`.spreadsheet.
sheet_units`: its header found below titles, its rows tables), ``part`` = the sheet's name,
``row`` = the row as the sheet shows it.

A cell's value is read as the spreadsheet holds it, not as its display shows it: a date
as its ISO date (``office:date-value``, a display of ``01-04-83`` notwithstanding), a
number as its digits (a whole number without decimals), a truth value as ``TRUE`` or
``FALSE``, text as its paragraphs joined by line ends. A cell repeated
(``table:number-columns-repeated``, ``number-rows-repeated``) counts as often as it says;
a repeated cell or row with a value is read once per repeat up to :data:`MAX_REPEAT`. A
comment on a cell (``office:annotation``; its paragraphs, not its author's name) is read
in a column of its own after the sheet's,
named for the column it remarks on (``BSN (opmerking)``), as an XLSX's is. Parsed with
expat, bounded by ``Config.batch_bytes``; a document type declaration is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.safexml import feed_document
from breachscope.extract.spreadsheet import sheet_units
from breachscope.location import Location

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
MAX_REPEAT = 1000
"""Most times a repeated cell or row with a value is read (an empty one only counts)."""
_MIDNIGHT = "T00:00:00"


def _number(text: str) -> str:
    try:
        value = float(text)
    except ValueError:
        return text
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else text


def _value(attrs: dict[str, str], paragraphs: list[str]) -> str | None:
    """A cell's value (see the module's text)."""
    kind = attrs.get(f"{_OFFICE} value-type", "")
    if kind in ("float", "percentage", "currency") and f"{_OFFICE} value" in attrs:
        return _number(attrs[f"{_OFFICE} value"])
    if kind == "date" and f"{_OFFICE} date-value" in attrs:
        date = attrs[f"{_OFFICE} date-value"]
        return date[: -len(_MIDNIGHT)] if date.endswith(_MIDNIGHT) else date
    if kind == "time" and f"{_OFFICE} time-value" in attrs:
        return attrs[f"{_OFFICE} time-value"]
    if kind == "boolean" and f"{_OFFICE} boolean-value" in attrs:
        return "TRUE" if attrs[f"{_OFFICE} boolean-value"] == "true" else "FALSE"
    text = "\n".join(paragraphs).strip()
    return text or None


@dataclass
class _Sheet:
    name: str
    rows: list[tuple[int, list[str | None]]] = field(default_factory=list)
    notes: dict[int, dict[int, str]] = field(default_factory=dict)
    width: int = 0


@dataclass
class _Sheets:
    """Expat handlers: the sheets, their non-empty rows and their cells' comments."""

    sheets: list[_Sheet] = field(default_factory=list)
    _row_number: int = 0
    _row: list[str | None] | None = None
    _row_repeat: int = 1
    _cell: dict[str, str] | None = None
    _cell_repeat: int = 1
    _paragraphs: list[str] = field(default_factory=list)
    _text: list[str] | None = None
    _note: list[str] | None = None
    _depth_in_note: int = 0
    _note_p: int = 0
    """The depth of the comment's paragraph open (0: none)."""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self._note is not None:
            self._depth_in_note += 1
            if name == f"{_TEXT} p":
                self._note_p = self._depth_in_note
                if self._note:
                    self._note.append("\n")
            return
        if name == f"{_TABLE} table":
            self.sheets.append(_Sheet(attrs.get(f"{_TABLE} name", f"Blad{len(self.sheets) + 1}")))
            self._row_number = 0
        elif name == f"{_TABLE} table-row" and self.sheets:
            self._row = []
            self._row_repeat = _repeat(attrs.get(f"{_TABLE} number-rows-repeated"))
        elif (
            name in (f"{_TABLE} table-cell", f"{_TABLE} covered-table-cell")
            and self._row is not None
        ):
            self._cell = attrs
            self._cell_repeat = _repeat(attrs.get(f"{_TABLE} number-columns-repeated"))
            self._paragraphs = []
        elif name == f"{_OFFICE} annotation" and self._cell is not None:
            self._note, self._depth_in_note = [], 0
        elif name == f"{_TEXT} p" and self._cell is not None:
            self._text = []
        elif name == f"{_TEXT} s" and self._text is not None:
            self._text.append(" " * _repeat(attrs.get(f"{_TEXT} c")))
        elif name == f"{_TEXT} tab" and self._text is not None:
            self._text.append("\t")
        elif name == f"{_TEXT} line-break" and self._text is not None:
            self._text.append("\n")

    def end(self, name: str) -> None:
        if self._note is not None:
            if self._depth_in_note:
                if self._depth_in_note == self._note_p:
                    self._note_p = 0
                self._depth_in_note -= 1
                return
            note = " ".join("".join(self._note).split())
            if note and self.sheets and self._row is not None:
                at = (self._row_number + 1, len(self._row))
                self.sheets[-1].notes.setdefault(at[0], {})[at[1]] = note
            self._note = None
            return
        if name == f"{_TEXT} p" and self._text is not None:
            self._paragraphs.append("".join(self._text))
            self._text = None
        elif (
            name in (f"{_TABLE} table-cell", f"{_TABLE} covered-table-cell")
            and self._cell is not None
        ):
            value = _value(self._cell, self._paragraphs) if name.endswith(" table-cell") else None
            if self._row is not None:
                if value is None:
                    self._row.extend([None] * min(self._cell_repeat, 1 << 14))
                else:
                    self._row.extend([value] * min(self._cell_repeat, MAX_REPEAT))
            self._cell = None
        elif name == f"{_TABLE} table-row" and self._row is not None and self.sheets:
            cells = self._row
            while cells and cells[-1] is None:
                cells.pop()
            sheet = self.sheets[-1]
            noted = self._row_number + 1 in sheet.notes
            times = min(self._row_repeat, MAX_REPEAT) if cells else 1
            for _ in range(times if cells or noted else 0):
                self._row_number += 1
                sheet.rows.append((self._row_number, list(cells)))
                sheet.width = max(sheet.width, len(cells))
            if not cells and not noted:
                self._row_number += self._row_repeat
            elif times < self._row_repeat:
                self._row_number += self._row_repeat - times
            self._row = None

    def text(self, data: str) -> None:
        if self._note is not None:
            if self._note_p:  # (its paragraphs: not its author's name nor its date)
                self._note.append(data)
        elif self._text is not None:
            self._text.append(data)


def _repeat(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and int(raw) > 0 else 1


class FlatOdsExtractor(Extractor):
    """Flat XML OpenDocument spreadsheets: every sheet, header found below titles."""

    id: ClassVar[str] = "fods"
    types: ClassVar[frozenset[str]] = frozenset({"fods"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        into = _Sheets()
        with source.open() as fh:
            cut = feed_document(fh, into, config.batch_bytes, what="flat OpenDocument spreadsheet")
        if cut is not None:
            raise ExtractError(f"malformed flat OpenDocument spreadsheet ({cut.reason})")
        for sheet in into.sheets:
            if sheet.rows:
                where = Location(source.path, part=sheet.name)
                yield from sheet_units(where, iter(sheet.rows), config, sheet.notes, sheet.width)
