"""Lotus 1-2-3 worksheets (``.WKS`` of release 1A, ``.WK1`` of release 2, ``.WK3`` and
``.WK4`` of releases 3 and 4: a 1990s archive), read as spreadsheets are: a sheet's rows
through :func:`breachscope.extract.spreadsheet.sheet_units` (its header found below its
titles, the titles free text), ``row`` = the row as 1-2-3 shows it (1-based).

A worksheet is a stream of records, each a 16-bit type, a 16-bit length and its data,
all little-endian, from a ``BOF`` record (its version: ``0x0404`` WKS, ``0x0405``
Symphony, ``0x0406`` WK1; ``0x1000`` WK3, ``0x1002`` WK4) to an ``EOF`` (type 1).

WKS and WK1 cells: a format byte, a 16-bit column and row (from 0), then ``INTEGER``
(13: a 16-bit number), ``NUMBER`` (14: an IEEE double), ``LABEL`` (15: a text after its
alignment prefix, ``'`` left, ``"`` right, ``^`` centred, ``\\`` repeated, ended by a NUL)
or ``FORMULA`` (16: the double its formula last gave, then the formula, not read; a
formula that gave a text is followed by a ``STRING`` record, 51, of that text). A
number whose format byte is a date's (format type 7, special, with code 2 ``DD-MMM-YY``,
3 ``DD-MMM``, 4 ``MMM-YY``, 9 ``MM/DD/YY`` or 10 ``MM/DD``) is read as the day its
serial number is: days from 1899-12-31, 1900 counted as a leap year as 1-2-3 does
(serial 60 is a 29 February that never was, and is kept as its number); other numbers
as written (a whole number without ``.0``: a BSN stored as a number lost its leading
zero, the detectors allow for that).

WK3 and WK4 cells: a 16-bit row, an 8-bit sheet and an 8-bit column, then ``LABEL``
(22), ``NUMBER`` (23: an 80-bit extended float), ``SMALLNUM`` (24: a 16-bit packed
number) or ``FORMULA`` (25: the extended float it gave). Their formats live in a
separate ``.FM3`` file, so their dates stay numbers; each sheet is a part of its own
(``A``, ``B``... as 1-2-3 names them).

Labels are bytes in a DOS code page (Lotus's LICS is close to code page 437/850) or, from
1-2-3 for Windows, Windows-1252: the file's labels are read in the one of cp850 and
cp1252 that reads them better (accented letters beside letters of their case, no symbols
in words: :func:`choose_codec`), ASCII alike in both. A record
whose length passes the file's end ends the reading with a note. The file is read whole
up to ``Config.batch_bytes``.
"""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.spreadsheet import sheet_units
from breachscope.ingest.lotushead import WK3_VERSIONS, is_lotus
from breachscope.location import Location

EOF = 0x0001
WK1_INTEGER, WK1_NUMBER, WK1_LABEL, WK1_FORMULA, WK1_STRING = 0x0D, 0x0E, 0x0F, 0x10, 0x33
WK3_LABEL, WK3_NUMBER, WK3_SMALLNUM, WK3_FORMULA = 0x16, 0x17, 0x18, 0x19
SPECIAL_FORMAT = 7
DATE_CODES = frozenset({2, 3, 4, 9, 10})
"""Special format codes of dates (``DD-MMM-YY``, ``DD-MMM``, ``MMM-YY``, ``MM/DD/YY``,
``MM/DD``)."""
LAST_SERIAL = 2958465
"""31 December 9999."""
MAX_ROWS = 1 << 20
"""Rows read (WK4's last is 65536; a row number past this is a broken record's)."""
MAX_COLUMNS = 256
"""Columns read (1-2-3's last is ``IV``); a cell further right is passed over."""
_PREFIXES = frozenset("'\"^\\|")
_SMALLNUM_FACTORS = (5000, 500, -20, -200, -2000, -20000, -16, -64)
"""WK3's packed numbers: a factor, or a divisor where negative (gnumeric's reading)."""


def serial_date(serial: float) -> str | None:
    """The ISO date of a 1-2-3 serial number (days from 1899-12-31, 1900 a leap year),
    or None where it is no day (before 1, 60, past 9999, or not whole)."""
    if serial != int(serial) or not 1 <= serial <= LAST_SERIAL or serial == 60:
        return None
    whole = int(serial)
    start = dt.date(1899, 12, 31) if whole < 60 else dt.date(1899, 12, 30)
    return (start + dt.timedelta(days=whole)).isoformat()


def number_text(value: float) -> str:
    """A number as 1-2-3 shows it in General format, a whole one without ``.0``."""
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def is_date_format(code: int) -> bool:
    """Whether a WK1 cell's format byte is a date's."""
    return (code >> 4) & 7 == SPECIAL_FORMAT and code & 0x0F in DATE_CODES


def extended(data: bytes) -> float:
    """An 80-bit x87 extended float (little-endian: 64-bit mantissa, sign and exponent)."""
    mantissa = int.from_bytes(data[:8], "little")
    top = int.from_bytes(data[8:10], "little")
    exponent = top & 0x7FFF
    if exponent == 0x7FFF:
        return float("nan")
    if mantissa == 0:
        return 0.0
    try:
        value = float(mantissa) * 2.0 ** (exponent - 16383 - 63)
    except OverflowError:
        return float("nan")
    return -value if top & 0x8000 else value


def smallnum(packed: int) -> float:
    """WK3's packed 16-bit number (signed): a whole number shifted left by one, or, with
    the low bit set, a 12-bit number and a factor's index."""
    if not packed & 1:
        return float(packed >> 1)
    factor = _SMALLNUM_FACTORS[(packed >> 1) & 7]
    value = packed >> 4
    return float(value * factor) if factor > 0 else value / -factor


def label(data: bytes) -> bytes:
    """A label's bytes without its alignment prefix and its closing NUL."""
    text = data.split(b"\x00", 1)[0]
    if text[:1] and chr(text[0]) in _PREFIXES:
        text = text[1:]
    return text


def _fit(text: str) -> float:
    """How well the characters beyond ASCII of a label read: a letter whose case a
    neighbouring letter shares (``é`` in ``Hélène``) counts 1, a letter with no letter
    beside it a half (``Ö.``), one of the other case beside it nothing (``HÚl``), a
    character that is no letter (``™``, a box's line) takes 1 off."""
    points = 0.0
    for i, ch in enumerate(text):
        if ch.isascii():
            continue
        if not ch.isalpha():
            points -= 1
            continue
        near = [c for c in text[max(0, i - 1) : i] + text[i + 1 : i + 2] if c.isalpha()]
        if not near:
            points += 0.5
        elif any(c.isupper() == ch.isupper() for c in near):
            points += 1
    return points


def choose_codec(labels: list[bytes]) -> str:
    """cp850 or cp1252: the one whose reading of the labels' bytes beyond ASCII fits
    better (:func:`_fit`; cp1252 where they tie)."""
    best, score = "cp1252", float("-inf")
    for codec in ("cp1252", "cp850"):
        points = sum(_fit(raw.decode(codec, "replace")) for raw in labels if not raw.isascii())
        if points > score:
            best, score = codec, points
    return best


@dataclass
class Worksheet:
    """The cells read: by sheet, row and column (from 0), a text or a label's bytes."""

    version: int = 0
    cells: dict[int, dict[int, dict[int, str | bytes]]] = field(default_factory=dict)
    broken: str | None = None

    def put(self, sheet: int, row: int, column: int, value: str | bytes) -> None:
        if 0 <= row < MAX_ROWS and 0 <= column < MAX_COLUMNS:
            self.cells.setdefault(sheet, {}).setdefault(row, {})[column] = value


def records(data: bytes) -> Iterator[tuple[int, bytes]]:
    """``(type, data)`` of each record up to ``EOF``; a record cut by the end of
    ``data`` stops them (the caller notes it by the offset it reached)."""
    offset = 0
    while offset + 4 <= len(data):
        kind, length = struct.unpack_from("<HH", data, offset)
        body = data[offset + 4 : offset + 4 + length]
        if len(body) != length:
            raise ExtractError(f"record of type {kind:#06x} at byte {offset} passes the end")
        yield kind, body
        if kind == EOF:
            return
        offset += 4 + length


def read_worksheet(data: bytes) -> Worksheet:
    """The cells of the worksheet ``data``; an :class:`ExtractError` where it does not
    open with a 1-2-3 ``BOF``."""
    if not is_lotus(data[:64]):
        raise ExtractError("not a Lotus 1-2-3 worksheet (no BOF record of a known version)")
    sheet = Worksheet(version=int.from_bytes(data[4:6], "little"))
    wk3 = sheet.version in WK3_VERSIONS
    formula_at: tuple[int, int] | None = None
    try:
        for kind, body in records(data):
            if wk3:
                _wk3_cell(sheet, kind, body)
                continue
            if kind == WK1_STRING and len(body) >= 5:
                column, row = struct.unpack_from("<HH", body, 1)
                if formula_at == (row, column):
                    sheet.put(0, row, column, label(body[5:]) or b"")
                continue
            formula_at = _wk1_cell(sheet, kind, body)
    except ExtractError as exc:
        sheet.broken = str(exc)
    return sheet


def _wk1_cell(sheet: Worksheet, kind: int, body: bytes) -> tuple[int, int] | None:
    """A WKS/WK1 cell record put in ``sheet``; a formula's place (its text value, a
    ``STRING`` record, may follow)."""
    if kind not in (WK1_INTEGER, WK1_NUMBER, WK1_LABEL, WK1_FORMULA) or len(body) < 5:
        return None
    code = body[0]
    column, row = struct.unpack_from("<HH", body, 1)
    if kind == WK1_LABEL:
        sheet.put(0, row, column, label(body[5:]))
        return None
    if kind == WK1_INTEGER:
        if len(body) < 7:
            return None
        value = float(struct.unpack_from("<h", body, 5)[0])
    else:
        if len(body) < 13:
            return None
        value = struct.unpack_from("<d", body, 5)[0]
    text = serial_date(value) if is_date_format(code) else None
    sheet.put(0, row, column, text or number_text(value))
    return (row, column) if kind == WK1_FORMULA else None


def _wk3_cell(sheet: Worksheet, kind: int, body: bytes) -> None:
    if kind not in (WK3_LABEL, WK3_NUMBER, WK3_SMALLNUM, WK3_FORMULA) or len(body) < 4:
        return
    row = int.from_bytes(body[:2], "little")
    number, column = body[2], body[3]
    if kind == WK3_LABEL:
        sheet.put(number, row, column, label(body[4:]))
    elif kind == WK3_SMALLNUM and len(body) >= 6:
        sheet.put(number, row, column, number_text(smallnum(struct.unpack_from("<h", body, 4)[0])))
    elif kind in (WK3_NUMBER, WK3_FORMULA) and len(body) >= 14:
        sheet.put(number, row, column, number_text(extended(body[4:14])))


def sheet_name(number: int) -> str:
    """1-2-3's name of sheet ``number`` (from 0): ``A`` to ``Z``, ``AA``..."""
    name = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


class LotusExtractor(Extractor):
    """A Lotus 1-2-3 worksheet as a spreadsheet's sheets."""

    id: ClassVar[str] = "lotus"
    types: ClassVar[frozenset[str]] = frozenset({"lotus"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "Lotus 1-2-3 worksheet")
        sheet = read_worksheet(data)
        if not sheet.cells:
            if sheet.broken:
                raise ExtractError(sheet.broken)
            raise SkipFile("worksheet without cells")
        labels = [v for rows in sheet.cells.values() for r in rows.values() for v in r.values()]
        codec = choose_codec([v for v in labels if isinstance(v, bytes)])
        many = len(sheet.cells) > 1 or sheet.version in WK3_VERSIONS
        for number in sorted(sheet.cells):
            rows = sheet.cells[number]
            where = Location(source.path, sheet_name(number) if many else None)
            yield from sheet_units(where, _rows(rows, codec), config)
        if sheet.broken:
            yield Note(Location(source.path), f"{sheet.broken}: the reading ends there")


def _rows(
    rows: dict[int, dict[int, str | bytes]], codec: str
) -> Iterator[tuple[int, list[str | None]]]:
    for row in sorted(rows):
        cells = rows[row]
        width = max(cells) + 1
        out: list[str | None] = [None] * width
        for column, value in cells.items():
            text = value.decode(codec, "replace") if isinstance(value, bytes) else value
            out[column] = text or None
        if any(out):
            yield row + 1, out
