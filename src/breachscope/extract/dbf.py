"""dBase tables (``.dbf``: an old GP or lab system's patient file, dBase III to Visual
FoxPro): one table, ``row`` = the record's 1-based number, a column per field, named as
the file names it (``ACHTERNAAM``, ``GEBDAT``).

Values are read as their text: a character field decoded in the table's code page (the
one its language driver names, else the DOS or the Windows one, whichever its letters
fit) and trimmed, a date (``D``, ``YYYYMMDD``) as its ISO date, a number as its digits, a
logical as ``T``/``F``, Visual FoxPro's binary integers, doubles, currency and date-times
as numbers and ISO date and time. A memo field's value is a block number in another file
(``.dbt``, ``.fpt``), read there as a file of its own: it is left out here. A record
marked deleted is read too: its data is still in the file, as much leaked as any other's.
The header and field list are bounded by ``Config.batch_bytes``; records are read a unit
at a time.
"""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Iterator
from typing import BinaryIO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.chunking import RowChunker
from breachscope.ingest.dbfheader import Field, Header, read_header
from breachscope.location import Location

_CODE_PAGES = {
    0x01: "cp437", 0x02: "cp850", 0x03: "cp1252", 0x64: "cp852", 0x57: "cp1252",
    0x58: "cp1252", 0x59: "cp1252", 0x13: "cp932", 0x4D: "cp936", 0x7D: "cp1255",
    0xC8: "cp1250", 0xC9: "cp1251", 0xCA: "cp1254", 0xCB: "cp1253",
}  # fmt: skip
"""Code pages by the language driver byte (offset 29) of the header."""
_JULIAN_1970 = 2440588
_CODE_PAGE_SAMPLE = 1 << 20
"""Bytes of records whose letters tell the code page where the header names none."""


def _code_page(header: Header, records: bytes) -> str:
    """The code page of the character fields: the language driver's, else DOS's (850)
    or Windows' (1252), by where the letters beyond ASCII of a sample of records fall
    (DOS's accented letters lie at 0x80-0xA5, Windows' at 0xC0 and above)."""
    named = _CODE_PAGES.get(header.driver)
    if named is not None:
        return named
    dos = sum(records.count(b) for b in _DOS_LETTERS)
    windows = sum(records.count(b) for b in _WINDOWS_LETTERS)
    return "cp850" if dos > windows else "cp1252"


_DOS_LETTERS = tuple(bytes([b]) for b in range(0x80, 0xA6))
_WINDOWS_LETTERS = tuple(bytes([b]) for b in range(0xC0, 0x100))


def _date(raw: bytes) -> str | None:
    text = raw.decode("ascii", errors="replace").strip()
    if len(text) != 8 or not text.isdigit() or text == "00000000":
        return text or None
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:])).isoformat()
    except ValueError:
        return text


def _datetime(raw: bytes) -> str | None:
    day, millis = struct.unpack("<ii", raw)
    if day <= 0:
        return None
    try:
        moment = dt.datetime(1970, 1, 1) + dt.timedelta(
            days=day - _JULIAN_1970, milliseconds=millis
        )
    except OverflowError:
        return None
    return moment.isoformat(timespec="seconds")


def value(field: Field, raw: bytes, codec: str) -> str | None:
    """A field's value in one record as its text (see the module's text)."""
    kind = field.kind
    if kind in "CV":
        text = raw.decode(codec, errors="replace").rstrip("\x00 ").strip()
        return text or None
    if kind == "D":
        return _date(raw)
    if kind in "NF":
        text = raw.decode("ascii", errors="replace").strip()
        return text if text and set(text) != {"*"} else None
    if kind == "L":
        text = raw.decode("ascii", errors="replace").strip().upper()
        return text if text in ("T", "F", "Y", "N") else None
    if kind == "I" and len(raw) == 4:
        return str(struct.unpack("<i", raw)[0])
    if kind == "B" and len(raw) == 8:
        number = struct.unpack("<d", raw)[0]
        return str(int(number)) if number.is_integer() else repr(number)
    if kind == "Y" and len(raw) == 8:
        return f"{struct.unpack('<q', raw)[0] / 10000:.4f}".rstrip("0").rstrip(".")
    if kind in "T@" and len(raw) == 8:
        return _datetime(raw)
    return None  # (a memo's block number, a picture, a general field: in other files)


def _read_exactly(fh: BinaryIO, size: int) -> bytes:
    data = fh.read(size)
    return data if isinstance(data, bytes) else b""


class DbfExtractor(Extractor):
    """dBase tables as one table."""

    id: ClassVar[str] = "dbf"
    types: ClassVar[frozenset[str]] = frozenset({"dbf"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        with source.open() as fh:
            start = _read_exactly(fh, 32)
            if len(start) < 32:
                raise ExtractError("not a dBase table (shorter than its header)")
            length = struct.unpack_from("<H", start, 8)[0]
            if length > config.batch_bytes:
                raise ExtractError(f"dBase header larger than {config.batch_bytes} bytes")
            header = read_header(start + _read_exactly(fh, max(0, length - 32)))
            if header is None:
                raise ExtractError("not a dBase table (its header does not read)")
            fields = tuple(f for f in header.fields if f.kind not in "MGP0")
            chunker = RowChunker(
                Location(source.path), [f.name for f in fields], config.max_table_rows_per_unit
            )
            fh.seek(header.header_length)
            sample = _read_exactly(
                fh, _CODE_PAGE_SAMPLE // header.record_length * header.record_length
            )
            codec = _code_page(header, sample)
            fh.seek(header.header_length)
            per_read = max(1, config.max_table_rows_per_unit)
            number = 0
            while number < header.records:
                count = min(per_read, header.records - number)
                block = _read_exactly(fh, count * header.record_length)
                whole = len(block) // header.record_length
                for i in range(whole):
                    record = block[i * header.record_length : (i + 1) * header.record_length]
                    number += 1
                    row = [value(f, record[f.offset : f.offset + f.length], codec) for f in fields]
                    yield from chunker.add(number, row)
                if whole < count:  # (a table cut short: the records that are whole are read)
                    yield from chunker.flush()
                    yield Note(
                        Location(source.path, row=number),
                        f"dBase table cut short: {number} of its {header.records} records read",
                    )
                    return
            yield from chunker.flush()
