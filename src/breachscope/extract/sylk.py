"""SYLK spreadsheets (``.slk``, Microsoft's Symbolic Link format: an old export saved
by Excel or Multiplan): one sheet as one table, its first row the header, ``row`` = the
cell's row (``Y``), a column per header cell.

A SYLK file is text in records, one a line: ``ID;P<program>`` first, then ``P`` records
(number pictures ``P;P<picture>``, fonts ``P;F``/``P;E``), ``F`` records (a format: its
picture ``;P<n>`` for a cell ``;X``/``;Y``, a column ``;C``, a row ``;R`` or the sheet
``;D``), ``C`` records (a cell: ``;Y<row>``, ``;X<column>``, each kept from the last record
where it is left out, its value ``;K``, a comment ``;A``), ``O`` options (``;V4``: dates
count from 1904) and ``E`` at the end. A field ends at a ``;`` but ``;;`` is a ``;`` in a
value; a string value is in double quotes, a number its text. A number whose format's
picture is a date's (``dd\\-mm\\-yyyy``, ``d/m/yy``: days, months or years in it outside
quotes and escapes) is read as the date its Excel serial number is (the time of day too
where the picture shows hours), else kept as written (a BSN stored as a number lost its
leading zero: the detectors allow for that). Pictures are counted from 0 as Excel and
Gnumeric count them; a picture number one past the last is read as counted from 1, as
some writers count. Multiplan's escapes for accented letters (``ESC N`` and a diacritic's
letter before the base letter) are read as the letter they make. Bytes are UTF-8 where
they decode as such, else Windows-1252 (Excel's). Cell comments are a text part
``comments``, a line ``R<row>C<column>: text`` each. The file is read whole up to
``Config.batch_bytes``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.chunking import RowChunker, cut_text
from breachscope.location import Location

MAX_COLUMN = 16384
"""Highest column number read (Excel's last, XFD); a cell further right is passed over."""
MAX_ROW = 1 << 20
"""Highest row number read (Excel's last, 1048576)."""
_DATE_LETTERS = re.compile(r"[dDyY]|(?<![hH:mM])[mM]+(?![mM]*[:sS])")
_TIME_LETTERS = re.compile(r"[hHsS]")
_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_DIACRITICS = {
    "A": "\u0300", "B": "\u0301", "C": "\u0302", "D": "\u0303", "E": "\u0304",
    "F": "\u0306", "G": "\u0307", "H": "\u0308", "J": "\u030a", "K": "\u0327",
    "M": "\u030b", "N": "\u0328", "O": "\u030c",
}  # fmt: skip
"""Multiplan's ``ESC N`` diacritics (ISO 6937's non-spacing marks 0xC1-0xCF less 0x80)
as Unicode's combining marks."""
_ESCAPE = re.compile("\x1b ?N([A-O])(.)", re.DOTALL)


def fields(record: str) -> list[str]:
    """A record's fields after its type, split at ``;`` (``;;`` a ``;`` within one)."""
    out: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(record):
        ch = record[i]
        if ch == ";":
            if record.startswith(";;", i):
                current.append(";")
                i += 2
                continue
            out.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    out.append("".join(current))
    return out


def _unescape(text: str) -> str:
    """A value with Multiplan's accent escapes made letters (``ESC N H e`` is ``ë``)."""
    if "\x1b" not in text:
        return text

    def letter(found: re.Match[str]) -> str:
        return unicodedata.normalize("NFC", found[2] + _DIACRITICS[found[1]])

    return _ESCAPE.sub(letter, text)


def is_date_picture(picture: str) -> bool:
    """Whether a number picture shows a date: days, months or years outside its quoted
    text, escaped characters and bracketed codes (``[$-413]``, ``[Red]``)."""
    bare = _QUOTED.sub("", picture)
    return bool(_DATE_LETTERS.search(bare))


def serial_date(number: float, picture: str, base_1904: bool) -> str | None:
    """The ISO date (and time, where ``picture`` shows hours) of an Excel serial number,
    or None where it is no day Excel shows (negative, 1900's 29 February, past 9999)."""
    if number < 0 or number >= 2958466:
        return None
    whole = int(number)
    if base_1904:
        day = dt.date(1904, 1, 1) + dt.timedelta(days=whole)
    elif whole == 60:
        return None  # (Excel's 29 February 1900, a day that never was)
    else:
        day = dt.date(1899, 12, 31 if whole < 60 else 30) + dt.timedelta(days=whole)
    fraction = number - whole
    if not _TIME_LETTERS.search(_QUOTED.sub("", picture)):
        return day.isoformat()
    seconds = round(fraction * 86400)
    moment = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=min(seconds, 86399))
    return moment.isoformat()


@dataclass
class _Sheet:
    """What the records say so far: pictures, formats and cells by row and column."""

    pictures: list[str] = field(default_factory=list)
    base_1904: bool = False
    default: int | None = None
    columns: dict[int, int] = field(default_factory=dict)
    rows: dict[int, int] = field(default_factory=dict)
    formats: dict[tuple[int, int], int] = field(default_factory=dict)
    cells: dict[int, dict[int, tuple[str, bool]]] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)
    x: int = 1
    y: int = 1
    passed: int = 0

    def picture(self, row: int, column: int) -> str | None:
        """The picture of a cell's format (its own, its column's, its row's, the sheet's)."""
        index = self.formats.get((row, column))
        for found in (self.columns.get(column), self.rows.get(row), self.default):
            if index is None:
                index = found
        if index is None:
            return None
        if 0 <= index < len(self.pictures):
            return self.pictures[index]
        if index == len(self.pictures) and index > 0:
            return self.pictures[index - 1]  # (a writer that counts from 1)
        return None

    def place(self, parts: list[str]) -> bool:
        """Take a record's ``X`` and ``Y`` (kept from before where it has none); False
        where one is not a number in range."""
        for part in parts:
            if part[:1] in ("X", "Y"):
                try:
                    number = int(part[1:])
                except ValueError:
                    return False
                if number < 1 or number > (MAX_COLUMN if part[0] == "X" else MAX_ROW):
                    return False
                if part[0] == "X":
                    self.x = number
                else:
                    self.y = number
        return True


def _picture_index(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


def _format(sheet: _Sheet, parts: list[str]) -> None:
    """An ``F`` record: its picture for a cell, a column, a row or the sheet."""
    picture: int | None = None
    column = row = None
    default = False
    for part in parts:
        kind, rest = part[:1], part[1:]
        if kind == "P":
            picture = _picture_index(rest)
        elif kind == "C":
            column = _picture_index(rest)
        elif kind == "R":
            row = _picture_index(rest)
        elif kind == "D":
            default = True
    placed = sheet.place(parts)
    if picture is None:
        return
    if column is not None:
        sheet.columns[column] = picture
    elif row is not None:
        sheet.rows[row] = picture
    elif default:
        sheet.default = picture
    elif placed and any(p[:1] in ("X", "Y") for p in parts):
        sheet.formats[(sheet.y, sheet.x)] = picture


def _cell(sheet: _Sheet, parts: list[str]) -> None:
    """A ``C`` record: its value (a quoted string, else a number's or a truth's text)
    and its comment at its row and column."""
    if not sheet.place(parts):
        sheet.passed += 1
        return
    for part in parts:
        kind, rest = part[:1], part[1:]
        if kind == "K":
            quoted = len(rest) >= 2 and rest[0] == '"' and rest[-1] == '"'
            text = _unescape(rest[1:-1] if quoted else rest)
            sheet.cells.setdefault(sheet.y, {})[sheet.x] = (text, not quoted)
        elif kind == "A" and rest.strip():
            sheet.comments.append(f"R{sheet.y}C{sheet.x}: {_unescape(rest)}")


def _options(sheet: _Sheet, parts: list[str]) -> None:
    for part in parts:
        if part[:1] == "V":
            sheet.base_1904 = part[1:2] == "4"


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_sheet(text: str) -> _Sheet:
    """The sheet the records of ``text`` describe; an :class:`ExtractError` where it
    does not open with an ``ID`` record."""
    lines = text.splitlines()
    if not lines or not lines[0].startswith("ID;"):
        raise ExtractError("not a SYLK file (no ID record)")
    sheet = _Sheet()
    for line in lines[1:]:
        kind, _, rest = line.partition(";")
        if kind == "E" and not rest:
            break
        parts = fields(rest) if rest else []
        if kind == "C":
            _cell(sheet, parts)
        elif kind == "F":
            _format(sheet, parts)
        elif kind == "P":
            if parts and parts[0][:1] == "P":
                sheet.pictures.append(parts[0][1:])
        elif kind == "O":
            _options(sheet, parts)
    return sheet


def _value(sheet: _Sheet, row: int, column: int, value: tuple[str, bool]) -> str:
    text, number = value
    if not number:
        return text
    picture = sheet.picture(row, column)
    if picture is None or not is_date_picture(picture):
        return text
    try:
        serial = float(text)
    except ValueError:
        return text
    return serial_date(serial, picture, sheet.base_1904) or text


class SylkExtractor(Extractor):
    """A SYLK spreadsheet as a table."""

    id: ClassVar[str] = "sylk"
    types: ClassVar[frozenset[str]] = frozenset({"sylk"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "SYLK file")
        sheet = read_sheet(_decode(data))
        if not sheet.cells and not sheet.comments:
            raise ExtractError("SYLK file without cells")
        numbers = sorted(sheet.cells)
        if numbers:
            first = numbers[0]
            used = sorted({x for cells in sheet.cells.values() for x in cells})
            head = sheet.cells[first]
            header = [_value(sheet, first, x, head[x]) if x in head else f"column{x}" for x in used]
            chunker = RowChunker(
                Location(source.path), header, config.max_table_rows_per_unit, header_row=first
            )
            for y in numbers[1:]:
                cells = sheet.cells[y]
                row = [_value(sheet, y, x, cells[x]) if x in cells else None for x in used]
                yield from chunker.add(y, row)
            yield from chunker.flush()
        if sheet.comments:
            where = Location(source.path, "comments")
            yield from cut_text(where, "\n".join(sheet.comments) + "\n", config.max_text_unit_chars)
        if sheet.passed:
            yield Note(Location(source.path), f"{sheet.passed} cells out of range passed over")
