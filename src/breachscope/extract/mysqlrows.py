"""The rows of a MySQL or MariaDB binary log's row events (row-based logging, MySQL's
default since 5.7): the table map's columns and types, and each row's values decoded by
them, written as the ``INSERT`` of a SQL dump (for :mod:`breachscope.extract.mysqlbinlog`).

A table map (event 19) gives a table's number, its schema and name, its columns' types
and each type's metadata (a string's longest length, a decimal's precision and scale,
the fractional seconds of a time), which null columns may be, and (MySQL 8 with
``binlog_row_metadata=FULL``) an optional block of fields, the columns' names among them.
A row event (23 to 25, version 1; 30 to 32, version 2 with its extra data) names the
table by number, the columns present, and holds rows one after another: a bitmap of the
null columns, then each other column's value as its type stores it (little-endian
integers, length-prefixed strings and blobs, packed dates and times, binary decimals). An
update holds each row twice, before and after.

Checked against MySQL's ``rows_event.h`` and ``field.cc`` and MariaDB's documentation of
its replication protocol. A value of a type not known ends the event's rows (the types
after it could not be found); a JSON column's binary value is read as its bytes' text.
"""

from __future__ import annotations

import datetime as dt
import struct
from dataclasses import dataclass
from decimal import Decimal

TABLE_MAP = 19
WRITE = frozenset({23, 30})
UPDATE = frozenset({24, 31})
DELETE = frozenset({25, 32})
VERSION_2 = frozenset({30, 31, 32})
_COLUMN_NAME = 4
"""The optional metadata field of the columns' names."""
_ONE_BYTE_META = frozenset({4, 5, 17, 18, 19, 245, 252, 255})
_TWO_BYTE_META = frozenset({15, 16, 246, 247, 248, 253, 254})
_FIXED = {1: 1, 2: 2, 3: 4, 8: 8, 9: 3, 13: 1, 7: 4, 10: 3, 11: 3, 12: 8, 6: 0}
"""Widths of the fixed-width types (tiny, short, long, longlong, int24, year, timestamp,
date, time, datetime, null)."""
_DIG2BYTES = (0, 1, 1, 2, 2, 3, 3, 4, 4, 4)


class RowsError(ValueError):
    """A row event or table map that does not decode (never quotes a value)."""


@dataclass
class Table:
    """A table map: the table's schema, name, columns' types, metadata and names."""

    schema: str
    name: str
    types: bytes
    meta: list[int]
    names: list[str]


class _Buf:
    """An event's bytes and a position in them; every read checks the bytes left."""

    def __init__(self, data: bytes, pos: int = 0) -> None:
        self.data = data
        self.pos = pos

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise RowsError("a row event's value runs past its end")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def uint(self, n: int) -> int:
        return int.from_bytes(self.take(n), "little")

    def packed(self) -> int:
        """A length-encoded integer (a byte below 251, or 252, 253, 254 and 2, 3, 8)."""
        first = self.uint(1)
        if first < 251:
            return first
        width = {252: 2, 253: 3, 254: 8}.get(first)
        if width is None:
            raise RowsError("an unknown length encoding")
        return self.uint(width)

    def left(self) -> int:
        return len(self.data) - self.pos


def table_map(body: bytes, id_bytes: int) -> tuple[int, Table]:
    """A table map's table number and table."""
    buf = _Buf(body)
    number = buf.uint(id_bytes)
    buf.take(2)
    schema = buf.take(buf.uint(1)).decode("utf-8", "replace")
    buf.take(1)
    name = buf.take(buf.uint(1)).decode("utf-8", "replace")
    buf.take(1)
    count = buf.packed()
    types = buf.take(count)
    block = _Buf(buf.take(buf.packed()))
    meta: list[int] = []
    for kind in types:
        if kind in _ONE_BYTE_META:
            meta.append(block.uint(1))
        elif kind in _TWO_BYTE_META:
            pair = block.take(2)
            # (a string's, a decimal's, a bit field's metadata is two bytes read in order)
            meta.append(int.from_bytes(pair, "little" if kind in (15, 253) else "big"))
        else:
            meta.append(0)
    buf.take((count + 7) // 8)
    names: list[str] = []
    while buf.left() > 0:
        kind = buf.uint(1)
        field = _Buf(buf.take(buf.packed()))
        if kind == _COLUMN_NAME:
            while field.left() > 0:
                names.append(field.take(field.packed()).decode("utf-8", "replace"))
    if len(names) != count:
        names = []
    return number, Table(schema, name, types, meta, names)


def _string(data: bytes) -> str:
    """A string's text: its UTF-8, else cp1252 (a latin1 table's)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _decimal(buf: _Buf, meta: int) -> Decimal:
    """A binary decimal (``NEWDECIMAL``): its integer and fraction digits in groups of
    nine to four bytes, big-endian, the sign in the top bit, negative ones inverted."""
    precision, scale = meta >> 8, meta & 0xFF
    whole = precision - scale
    if not 0 <= scale <= precision <= 65:
        raise RowsError("a decimal of a precision not allowed")
    sizes = [_DIG2BYTES[whole % 9]] * bool(whole % 9) + [4] * (whole // 9)
    frac_sizes = [4] * (scale // 9) + [_DIG2BYTES[scale % 9]] * bool(scale % 9)
    raw = bytearray(buf.take(sum(sizes) + sum(frac_sizes)))
    if not raw:
        return Decimal(0)
    negative = not raw[0] & 0x80
    raw[0] ^= 0x80
    if negative:
        raw = bytearray(b ^ 0xFF for b in raw)
    digits: list[str] = []
    at = 0
    for i, size in enumerate(sizes):
        value = int.from_bytes(raw[at : at + size], "big")
        digits.append(str(value) if i == 0 else f"{value:09d}")
        at += size
    fraction = ""
    for i, size in enumerate(frac_sizes):
        value = int.from_bytes(raw[at : at + size], "big")
        width = 9 if i < scale // 9 else scale % 9
        fraction += f"{value:0{width}d}"
        at += size
    text = ("".join(digits).lstrip("0") or "0") + (f".{fraction}" if scale else "")
    return Decimal(f"-{text}" if negative else text)


def _fraction(buf: _Buf, fsp: int) -> str:
    """Fractional seconds of ``fsp`` digits, stored in (fsp + 1) // 2 bytes big-endian."""
    if not fsp:
        return ""
    size = (fsp + 1) // 2
    value = int.from_bytes(buf.take(size), "big")
    digits = f"{value:0{size * 2}d}"[:fsp]
    return f".{digits}"


def _datetime2(buf: _Buf, fsp: int) -> str:
    """``DATETIME2``: five bytes big-endian (sign, year * 13 + month, day, hour, minute,
    second), then fractional seconds."""
    packed = int.from_bytes(buf.take(5), "big") - 0x8000000000
    ym, rest = packed >> 22, packed & ((1 << 22) - 1)
    year, month = divmod(ym, 13)
    day, hms = rest >> 17, rest & ((1 << 17) - 1)
    hour, minute, second = hms >> 12, (hms >> 6) & 63, hms & 63
    moment = f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:{second:02d}"
    return moment + _fraction(buf, fsp)


def _time2(buf: _Buf, fsp: int) -> str:
    """``TIME2``: three bytes big-endian (sign, hours, minutes, seconds) and a fraction."""
    packed = int.from_bytes(buf.take(3), "big") - 0x800000
    sign = "-" if packed < 0 else ""
    packed = abs(packed)
    text = f"{sign}{(packed >> 12) & 0x3FF:02d}:{(packed >> 6) & 63:02d}:{packed & 63:02d}"
    return text + _fraction(buf, fsp)


def _fixed(kind: int, raw: bytes) -> int | str | None:
    """A fixed-width type's value: an integer's number, a date's or a time's text."""
    if kind == 6:
        return None
    if kind == 13:
        return 1900 + raw[0] if raw[0] else 0
    if kind == 10:
        n = int.from_bytes(raw, "little")
        return f"{n >> 9:04d}-{(n >> 5) & 15:02d}-{n & 31:02d}"
    if kind == 7:
        when = dt.datetime.fromtimestamp(int.from_bytes(raw, "little"), dt.UTC)
        return when.strftime("%Y-%m-%d %H:%M:%S")
    if kind == 12:
        n = int.from_bytes(raw, "little")
        d, t = divmod(n, 1_000_000)
        return f"{d // 10000:04d}-{d // 100 % 100:02d}-{d % 100:02d} {t // 10000:02d}:{t // 100 % 100:02d}:{t % 100:02d}"  # noqa: E501
    if kind == 11:
        n = int.from_bytes(raw, "little", signed=True)
        return f"{n // 10000:02d}:{n // 100 % 100:02d}:{n % 100:02d}"
    return int.from_bytes(raw, "little", signed=True)


Value = int | float | Decimal | str | bytes | None
"""A column's value: a number, a date's or time's text, a string's bytes, or null."""


def value(buf: _Buf, kind: int, meta: int) -> Value:
    """One column's value, as its type (``kind``) and metadata store it."""
    if kind in _FIXED:
        return _fixed(kind, buf.take(_FIXED[kind]))
    if kind == 4:
        return float(struct.unpack("<f", buf.take(4))[0])
    if kind == 5:
        return float(struct.unpack("<d", buf.take(8))[0])
    if kind == 17:
        seconds = int.from_bytes(buf.take(4), "big")
        when = dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
        return when + _fraction(buf, meta)
    if kind == 18:
        return _datetime2(buf, meta)
    if kind == 19:
        return _time2(buf, meta)
    if kind == 246:
        return _decimal(buf, meta)
    if kind == 16:
        size = (meta & 0xFF) + ((meta >> 8) + 7) // 8
        return int.from_bytes(buf.take(size), "big")
    if kind in (15, 253):
        return buf.take(buf.uint(1 if meta < 256 else 2))
    if kind in (252, 245, 255):
        if not 1 <= meta <= 4:
            raise RowsError("a blob of a length width not allowed")
        return buf.take(buf.uint(meta))
    if kind == 254:
        real, length = meta >> 8, meta & 0xFF
        if real & 0x30 != 0x30:
            length |= ((real & 0x30) ^ 0x30) << 4
            real |= 0x30
        if real in (247, 248):  # (an enum's or a set's number)
            return buf.uint(length)
        return buf.take(buf.uint(1 if length < 256 else 2))
    raise RowsError(f"a column of type {kind}, not read")


def _literal(item: Value) -> str:
    """A value as a SQL literal: a number as its digits, text quoted (MySQL's backslash
    escapes)."""
    if item is None:
        return "NULL"
    if isinstance(item, bytes):
        return _quote(_string(item))
    if isinstance(item, str):
        return _quote(item)
    return str(item) if item == item and abs(item) != float("inf") else f"'{item}'"


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("'", "\\'").replace("\0", "\\0")
    return "'" + escaped.replace("\n", "\\n").replace("\r", "\\r") + "'"


def _ident(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _bitmap(buf: _Buf, count: int) -> list[bool]:
    raw = buf.take((count + 7) // 8)
    return [bool(raw[i >> 3] & (1 << (i & 7))) for i in range(count)]


def rows_statements(
    kind: int, body: bytes, post_header: int, id_bytes: int, tables: dict[int, Table]
) -> tuple[list[str], str]:
    """A row event's rows as ``INSERT`` statements (each image of an update one), and
    what the event did (``written``, ``updated``, ``deleted``)."""
    buf = _Buf(body)
    number = buf.uint(id_bytes)
    buf.pos = post_header
    if kind in VERSION_2:
        extra = int.from_bytes(body[post_header - 2 : post_header], "little")
        if extra < 2:
            raise RowsError("a row event's extra data of a length not allowed")
        buf.take(extra - 2)
    table = tables.get(number)
    if table is None:
        raise RowsError(f"a row event of table {number}, not mapped")
    count = buf.packed()
    if count != len(table.types):
        raise RowsError("a row event of another column count than its table map")
    present = _bitmap(buf, count)
    images = 2 if kind in UPDATE else 1
    if images == 2:
        after = _bitmap(buf, count)
    head = f"INSERT INTO {_ident(table.schema)}.{_ident(table.name)}"
    out: list[str] = []
    image = 0
    while buf.left() > 0:
        columns = present if image % 2 == 0 or images == 1 else after
        indices = [i for i in range(count) if columns[i]]
        nulls = _bitmap(buf, len(indices))
        values = [
            None if nulls[n] else value(buf, table.types[i], table.meta[i])
            for n, i in enumerate(indices)
        ]
        names = ""
        if table.names or len(indices) != count:
            names = (
                " ("
                + ", ".join(
                    _ident(table.names[i] if table.names else f"column{i + 1}") for i in indices
                )
                + ")"
            )
        out.append(f"{head}{names} VALUES ({', '.join(_literal(v) for v in values)});")
        image += 1
    what = "written" if kind in WRITE else "updated" if kind in UPDATE else "deleted"
    return out, what
