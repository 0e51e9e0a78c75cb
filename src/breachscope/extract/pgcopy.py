"""PostgreSQL binary COPY files (``COPY patient TO '/tmp/patient.copy' (FORMAT binary)``:
a DBA's migration or a quick copy of a table), read as one table, ``row`` = the tuple's
number (1-based).

The file is PostgreSQL's own layout (its documentation, "COPY: Binary Format"): the
signature ``PGCOPY\\n\\377\\r\\n\\0``, a 32-bit flags field (bit 16: each tuple has its
OID; a bit from 0 to 15 is a critical feature this reader does not know, and the file is
not read), a header extension of a 32-bit length, then the tuples: a 16-bit field count
(-1 ends the file), each field a 32-bit length (-1 for NULL) and that many bytes, all
big-endian. The bytes are each type's binary send format; the types are not in the file.

Column names and types come from SQL beside the file where there is some (a companion,
:attr:`~breachscope.extract.base.Source.companion`): a ``COPY`` (or psql's ``\\copy``)
statement whose target is this file's name gives its column list, or its table's
``CREATE TABLE``; else the only ``CREATE TABLE`` of the file of the same stem
(``patient.sql`` beside ``patient.copy``), or the one whose table names the file
(``patient`` for ``patient_20241012.copy``) among the ``.sql`` files beside it. Names are
used only where their count is the tuples' field count; a type of the ``CREATE TABLE``
where the bytes fit it.

Without a type, a column is read as what all its values' bytes can be (the first
:data:`SAMPLE_TUPLES` tuples decide), in this order:

* text: every value valid UTF-8 without control characters (but tab and line ends);
* ``bool``: one byte, 0 or 1, in every value (``true``/``false``);
* ``numeric``: its own format (digit count, weight, sign, scale, base-10000 digits) that
  fits every value's length, one value with digits (an 8-byte zero would be an integer);
* two bytes: ``smallint``;
* four bytes: ``date`` (days since 2000-01-01) where every value is a day from 1900 to
  2100 and one lies before 2000 (an id or a count is seldom negative; a column of dates
  all after 2000 is kept as its numbers of days), else ``real`` where every value is
  beyond 2^24 as an integer and a plain float (between 1e-6 and 1e9, or zero), else
  ``integer``;
* eight bytes: ``bigint`` where every value lies within a day's microseconds
  (86,400,000,000: a BSN, a phone number, an id), else ``timestamp`` (microseconds since
  2000-01-01, ``YYYY-MM-DDTHH:MM:SS``) where every value lies from 1900 to 2100, else
  ``double precision`` where every value is a plain float, else ``bigint``;
* sixteen bytes: ``uuid``;
* else each value as text where it is valid UTF-8, no cell where not (a ``bytea``).

A field beyond the file's end, or a tuple whose field count is not a number of fields,
ends the reading with a note, the tuples before kept. The file is read up to
``Config.batch_bytes``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import struct
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import (
    Extracted,
    ExtractError,
    Extractor,
    Note,
    SkipFile,
    Source,
)
from breachscope.extract.chunking import RowChunker, column_names
from breachscope.location import Location

SIGNATURE = b"PGCOPY\n\xff\r\n\x00"
"""The first eleven bytes of every binary COPY file."""
OIDS_FLAG = 1 << 16
CRITICAL_FLAGS = 0xFFFF
MAX_EXTENSION = 1 << 20
"""Longest header extension passed over (PostgreSQL writes none)."""
SAMPLE_TUPLES = 1000
"""The tuples whose values decide each column's type."""
EPOCH = dt.date(2000, 1, 1)
EPOCH_TIME = dt.datetime(2000, 1, 1)
FIRST_DAY = (dt.date(1900, 1, 1) - EPOCH).days
LAST_DAY = (dt.date(2100, 12, 31) - EPOCH).days
DAY_MICROSECONDS = 86_400_000_000
"""Eight-byte values within this of zero are integers, not timestamps."""
FLOAT4_FROM = 1 << 24
"""Four-byte values read as a ``real`` are all at least this as integers (a float's
exponent bits make it large)."""
PG_INFINITY = (1 << 31) - 1
PG_INFINITY8 = (1 << 63) - 1
MAX_COMPANIONS = 8
"""Most ``.sql`` files beside the COPY file read for its columns."""


# -- reading one value -----------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Decoder = Callable[[bytes], str | None]


def as_text(raw: bytes) -> str | None:
    """Valid UTF-8 without control characters (tab and line ends allowed)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if _CONTROL.search(text) else text


def as_bool(raw: bytes) -> str | None:
    if raw == b"\x01":
        return "true"
    if raw == b"\x00":
        return "false"
    return None


def as_int(raw: bytes) -> str | None:
    if len(raw) not in (2, 4, 8):
        return None
    return str(int.from_bytes(raw, "big", signed=True))


def as_date(raw: bytes) -> str | None:
    """Days since 2000-01-01 (``infinity`` as PostgreSQL writes it)."""
    if len(raw) != 4:
        return None
    days = int.from_bytes(raw, "big", signed=True)
    if days == PG_INFINITY:
        return "infinity"
    if days == -PG_INFINITY - 1:
        return "-infinity"
    try:
        return (EPOCH + dt.timedelta(days=days)).isoformat()
    except OverflowError:
        return None


def as_timestamp(raw: bytes) -> str | None:
    """Microseconds since 2000-01-01 00:00 (a ``timestamptz``'s in UTC)."""
    if len(raw) != 8:
        return None
    micros = int.from_bytes(raw, "big", signed=True)
    if micros == PG_INFINITY8:
        return "infinity"
    if micros == -PG_INFINITY8 - 1:
        return "-infinity"
    try:
        moment = EPOCH_TIME + dt.timedelta(microseconds=micros)
    except OverflowError:
        return None
    return moment.isoformat()


def _float_text(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def as_float(raw: bytes) -> str | None:
    if len(raw) == 4:
        value = float(struct.unpack(">f", raw)[0])
    elif len(raw) == 8:
        value = float(struct.unpack(">d", raw)[0])
    else:
        return None
    if math.isnan(value) or math.isinf(value):
        return None
    return _float_text(value)


def plain_float(raw: bytes) -> bool:
    """A float as numbers in a table are: zero, or between 1e-6 and 1e9 in size."""
    text = as_float(raw)
    return text is not None and (float(text) == 0 or 1e-6 <= abs(float(text)) < 1e9)


NUMERIC_SIGNS = {0x0000: "", 0x4000: "-"}
NUMERIC_NAN = 0xC000
MAX_SCALE = 1000


def as_numeric(raw: bytes) -> str | None:
    """``numeric``'s own format: digit count, weight, sign and scale (16 bits each), then
    the base-10000 digits, the first weighing 10000^weight."""
    if len(raw) < 8:
        return None
    ndigits, weight, sign, dscale = struct.unpack(">hhHh", raw[:8])
    if ndigits < 0 or len(raw) != 8 + 2 * ndigits or not 0 <= dscale <= MAX_SCALE:
        return None
    if sign == NUMERIC_NAN:
        return "NaN" if ndigits == 0 else None
    if sign not in NUMERIC_SIGNS:
        return None
    digits = struct.unpack(f">{ndigits}H", raw[8:])
    if any(d > 9999 for d in digits):
        return None
    if ndigits and not -2000 <= weight <= 2000:
        return None
    whole = 0
    for d in digits:
        whole = whole * 10000 + d
    exponent = 4 * (weight - ndigits + 1)  # the value is whole * 10^exponent
    text = str(whole)
    if exponent >= 0:
        text += "0" * exponent
        fraction = ""
    else:
        text = text.rjust(-exponent + 1, "0")
        text, fraction = text[:exponent], text[exponent:]
    fraction = (fraction + "0" * dscale)[:dscale]
    text = text.lstrip("0") or "0"
    out = f"{text}.{fraction}" if fraction else text
    return NUMERIC_SIGNS[sign] + out if whole else out


def as_uuid(raw: bytes) -> str | None:
    return str(uuid.UUID(bytes=raw)) if len(raw) == 16 else None


def as_bytes(raw: bytes) -> str | None:
    """A value of no known type: its text where it is UTF-8 text."""
    return as_text(raw)


TYPE_DECODERS: dict[str, Decoder] = {
    "text": as_text, "varchar": as_text, "character varying": as_text, "char": as_text,
    "character": as_text, "bpchar": as_text, "name": as_text, "citext": as_text,
    "json": as_text, "xml": as_text,
    "bool": as_bool, "boolean": as_bool,
    "int2": as_int, "smallint": as_int, "int": as_int, "int4": as_int, "integer": as_int,
    "serial": as_int, "int8": as_int, "bigint": as_int, "bigserial": as_int,
    "smallserial": as_int,
    "date": as_date,
    "timestamp": as_timestamp, "timestamptz": as_timestamp,
    "timestamp without time zone": as_timestamp, "timestamp with time zone": as_timestamp,
    "numeric": as_numeric, "decimal": as_numeric,
    "real": as_float, "float4": as_float, "float8": as_float, "double precision": as_float,
    "float": as_float,
    "uuid": as_uuid,
}  # fmt: skip
"""Decoders of the types a ``CREATE TABLE`` names (lower case, without their modifiers)."""


def infer_decoder(values: Sequence[bytes]) -> Decoder:
    """The decoder of a column with no declared type, told from its values (see the
    module's rules)."""
    if not values or all(as_text(v) is not None for v in values):
        return as_text
    lengths = {len(v) for v in values}
    if lengths == {1} and all(as_bool(v) is not None for v in values):
        return as_bool
    if all(as_numeric(v) is not None for v in values) and any(len(v) > 8 for v in values):
        return as_numeric
    if lengths == {2}:
        return as_int
    if lengths == {4}:
        days = [int.from_bytes(v, "big", signed=True) for v in values]
        if all(FIRST_DAY <= d <= LAST_DAY for d in days) and min(days) < 0:
            return as_date
        if all(abs(d) >= FLOAT4_FROM for d in days) and all(plain_float(v) for v in values):
            return as_float
        return as_int
    if lengths == {8}:
        numbers = [int.from_bytes(v, "big", signed=True) for v in values]
        if all(abs(n) < DAY_MICROSECONDS for n in numbers):
            return as_int
        first, last = FIRST_DAY * DAY_MICROSECONDS, (LAST_DAY + 1) * DAY_MICROSECONDS
        if all(first <= n < last for n in numbers):
            return as_timestamp
        if all(plain_float(v) for v in values):
            return as_float
        return as_int
    if lengths == {16}:
        return as_uuid
    return as_bytes


def declared_decoder(sql_type: str | None) -> Decoder | None:
    """The decoder of a declared type (``varchar(64)``, ``NUMERIC(10, 2)``, ``int8[]`` has
    none: an array's format is not read)."""
    if sql_type is None or "[" in sql_type:
        return None
    bare = re.sub(r"\s*\(.*", "", sql_type.strip().lower())
    bare = re.sub(r"\s+", " ", bare)
    if bare.startswith("pg_catalog."):
        bare = bare[len("pg_catalog.") :]
    return TYPE_DECODERS.get(bare)


# -- the SQL beside it -----------------------------------------------------------------

_NAME = r'(?:"(?:[^"]|"")+"|[A-Za-z_][\w$]*)'
_QUALIFIED = rf"{_NAME}(?:\s*\.\s*{_NAME}){{0,2}}"
_COPY = re.compile(
    rf"(?i)(?:^|[;\s])\\?copy\s+(?:only\s+)?({_QUALIFIED})\s*(?:\(([^()]*)\))?\s*to\s+'((?:[^']|'')*)'"
)
_CREATE = re.compile(
    rf"(?i)\bcreate\s+(?:(?:global|local)\s+)?(?:(?:temp|temporary|unlogged)\s+)?table\s+"
    rf"(?:if\s+not\s+exists\s+)?({_QUALIFIED})\s*\("
)
_CONSTRAINT = re.compile(r"(?i)(?:constraint|primary|unique|check|foreign|exclude|like)\b")
_COLUMN = re.compile(rf"\s*({_NAME})\s+(.*)", re.DOTALL)
_TYPE_END = re.compile(
    r"(?i)\s+(?:not\b|null\b|default\b|primary\b|unique\b|references\b|check\b|"
    r"constraint\b|collate\b|generated\b)"
)


def unquote(name: str) -> str:
    name = name.strip()
    if len(name) >= 2 and name[0] == name[-1] == '"':
        return name[1:-1].replace('""', '"')
    return name.lower()


def _last_part(qualified: str) -> str:
    parts = re.findall(_NAME, qualified)
    return unquote(parts[-1]) if parts else ""


def _split_top(body: str) -> list[str]:
    """``body`` split at the commas outside brackets and quotes."""
    out: list[str] = []
    depth = 0
    quote = ""
    start = 0
    for i, ch in enumerate(body):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            out.append(body[start:i])
            start = i + 1
    out.append(body[start:])
    return out


def _body(text: str, start: int) -> str | None:
    """The text inside the bracket opened just before ``start``."""
    depth = 1
    quote = ""
    for i in range(start, len(text)):
        ch = text[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return text[start:i]
    return None


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    sql_type: str | None = None


def create_tables(text: str) -> dict[str, list[Column]]:
    """The columns of each ``CREATE TABLE`` in ``text``, by table name (unqualified)."""
    out: dict[str, list[Column]] = {}
    for m in _CREATE.finditer(text):
        body = _body(text, m.end())
        if body is None:
            continue
        columns: list[Column] = []
        for item in _split_top(body):
            if not item.strip() or _CONSTRAINT.match(item.strip()):
                continue
            found = _COLUMN.match(item)
            if found is None:
                continue
            kind = _TYPE_END.split(found.group(2).strip(), maxsplit=1)[0]
            columns.append(Column(unquote(found.group(1)), kind.strip() or None))
        if columns:
            out.setdefault(_last_part(m.group(1)), columns)
    return out


def copy_statements(text: str) -> list[tuple[str, list[str] | None, str]]:
    """Each ``COPY table (columns) TO 'file'``: its table, columns (None where it lists
    none) and the target file's last name."""
    out: list[tuple[str, list[str] | None, str]] = []
    for m in _COPY.finditer(text):
        names = [unquote(c) for c in _split_top(m.group(2))] if m.group(2) else None
        target = m.group(3).replace("''", "'").replace("\\", "/").rsplit("/", 1)[-1]
        out.append((_last_part(m.group(1)), names, target))
    return out


def _stem(path: str) -> str:
    name = path.rsplit("!/", 1)[-1].replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def _file_name(path: str) -> str:
    return path.rsplit("!/", 1)[-1].replace("\\", "/").rsplit("/", 1)[-1]


def find_columns(source: Source) -> tuple[str, list[Column]] | None:
    """The columns the SQL beside the file gives it (see the module), and the file they
    were read from."""
    name, stem = _file_name(source.path), _stem(source.path)
    names = [f"{stem}.sql", f"{name}.sql"]
    names += [n for n in source.companions_ending(".sql") if n not in names][:MAX_COMPANIONS]
    texts: list[tuple[str, str]] = []
    for companion in names:
        data = source.read_companion(companion)
        if data is not None:
            texts.append((companion, data.decode("utf-8", "replace")))
    tables: dict[str, list[Column]] = {}
    for _, text in texts:
        for table, columns in create_tables(text).items():
            tables.setdefault(table, columns)
    for companion, text in texts:
        for table, listed, target in copy_statements(text):
            if target.lower() != name.lower():
                continue
            declared = {c.name: c for c in tables.get(table, [])}
            if listed is not None:
                return companion, [declared.get(c, Column(c)) for c in listed]
            if table in tables:
                return companion, tables[table]
    for companion, text in texts:
        if companion.lower() == f"{stem}.sql".lower():
            own = create_tables(text)
            if len(own) == 1:
                return companion, next(iter(own.values()))
    lower = stem.lower()
    named = [t for t in tables if lower == t.lower() or lower.startswith(t.lower() + "_")]
    if len(named) == 1:
        where = next(c for c, t in texts if named[0] in create_tables(t))
        return where, tables[named[0]]
    return None


# -- the file --------------------------------------------------------------------------


class Damaged(Exception):
    """The bytes end or break inside a tuple."""


_INT16 = struct.Struct(">h")
_INT32 = struct.Struct(">i")
BLOCK = 1 << 20
"""Bytes read from the file at a time."""


class _Reader:
    """Big-endian reads from a stream in blocks, bounded by ``limit`` bytes."""

    def __init__(self, fh: BinaryIO, limit: int) -> None:
        self.fh = fh
        self.left = limit
        """Bytes of the limit not yet read from the stream."""
        self.buf = b""
        self.pos = 0
        self.base = 0
        """The file's offset of ``buf[0]``."""

    @property
    def offset(self) -> int:
        """Bytes taken so far (the file's offset)."""
        return self.base + self.pos

    def _fill(self, n: int) -> None:
        """At least ``n`` bytes in the buffer from ``pos``; :class:`Damaged` where the
        file (or the limit) ends first."""
        have = len(self.buf) - self.pos
        if have >= n:
            return
        want = min(max(n - have, BLOCK), self.left)
        data = self.fh.read(want) if want > 0 else b""
        self.left -= len(data)
        self.base += self.pos
        self.buf = self.buf[self.pos :] + data
        self.pos = 0
        if len(self.buf) < n:
            raise Damaged("the file ends inside a tuple")

    def take(self, n: int) -> bytes:
        self._fill(n)
        out = self.buf[self.pos : self.pos + n]
        self.pos += n
        return out

    def int16(self) -> int:
        self._fill(2)
        value: int = _INT16.unpack_from(self.buf, self.pos)[0]
        self.pos += 2
        return value

    def int32(self) -> int:
        self._fill(4)
        value: int = _INT32.unpack_from(self.buf, self.pos)[0]
        self.pos += 4
        return value

    def fields(self, count: int) -> list[bytes | None]:
        """``count`` fields, each its 32-bit length (-1: NULL) and its bytes."""
        out: list[bytes | None] = []
        unpack = _INT32.unpack_from
        for _ in range(count):
            if len(self.buf) - self.pos < 4:
                self._fill(4)
            length: int = unpack(self.buf, self.pos)[0]
            self.pos += 4
            if length == -1:
                out.append(None)
                continue
            if length < 0:
                raise Damaged(f"a field length of {length}")
            if len(self.buf) - self.pos < length:
                self._fill(length)
            out.append(self.buf[self.pos : self.pos + length])
            self.pos += length
        return out


def read_header(reader: _Reader) -> bool:
    """Whether the tuples hold OIDs; an :class:`ExtractError` where the header is not a
    binary COPY file's or names a critical feature."""
    try:
        if reader.take(len(SIGNATURE)) != SIGNATURE:
            raise ExtractError("not a PostgreSQL binary COPY file (no PGCOPY signature)")
        flags = reader.int32() & 0xFFFFFFFF
        extension = reader.int32()
        if not 0 <= extension <= MAX_EXTENSION:
            raise ExtractError(f"header extension of {extension} bytes")
        reader.take(extension)
    except Damaged:
        raise ExtractError("binary COPY file cut inside its header") from None
    if flags & CRITICAL_FLAGS:
        raise ExtractError(f"binary COPY file with unknown critical flags {flags & 0xFFFF:#06x}")
    return bool(flags & OIDS_FLAG)


Tuple = list[bytes | None]


def tuples(reader: _Reader, oids: bool) -> Iterator[Tuple]:
    """The file's tuples (an OID first where the header says so), up to the trailer;
    :class:`Damaged` where the bytes break."""
    while True:
        count = reader.int16()
        if count == -1:
            return
        if count < 0:
            raise Damaged(f"a field count of {count}")
        yield reader.fields(count + (1 if oids else 0))


def column_decoders(sample: list[Tuple], declared: list[Column] | None) -> list[Decoder]:
    """Each column's decoder: its declared type's where its bytes fit it, else told from
    its values."""
    width = max(len(t) for t in sample)
    out: list[Decoder] = []
    for i in range(width):
        values = [v for t in sample if i < len(t) and (v := t[i]) is not None]
        typed = declared_decoder(declared[i].sql_type) if declared and i < len(declared) else None
        if typed is not None and all(typed(v) is not None for v in values):
            out.append(typed)
        else:
            out.append(infer_decoder(values))
    return out


def _decode(row: Tuple, decoders: list[Decoder]) -> list[str | None]:
    out: list[str | None] = []
    for i, raw in enumerate(row):
        if raw is None:
            out.append(None)
            continue
        decoder = decoders[i] if i < len(decoders) else as_bytes
        value = decoder(raw)
        out.append(value if value is not None else as_bytes(raw))
    return out


class PgCopyExtractor(Extractor):
    """A PostgreSQL binary COPY file as a table."""

    id: ClassVar[str] = "pg-copy"
    types: ClassVar[frozenset[str]] = frozenset({"pg-copy"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        found = find_columns(source)
        with source.open() as fh:
            reader = _Reader(fh, min(source.size, config.batch_bytes))
            oids = read_header(reader)
            rows = tuples(reader, oids)
            sample: list[Tuple] = []
            broken: str | None = None
            try:
                for row in rows:
                    sample.append(row)
                    if len(sample) >= SAMPLE_TUPLES:
                        break
            except Damaged as exc:
                broken = str(exc)
            if not sample:
                if broken is not None:
                    raise ExtractError(f"binary COPY file unreadable: {broken}")
                raise SkipFile("no tuples")
            width = max(len(t) for t in sample)
            declared = found[1] if found is not None else None
            notes: list[Note] = []
            if declared is not None and len(declared) + (1 if oids else 0) != width:
                notes.append(
                    Note(
                        Location(source.path),
                        f"{found[0] if found else ''} names {len(declared)} columns, the "
                        f"tuples hold {width} fields: read without its names",
                    )
                )
                declared = None
            if declared is not None and oids:
                declared = [Column("oid", "oid"), *declared]
            header = column_names([c.name for c in declared] if declared else [], width)
            decoders = column_decoders(sample, declared)
            chunker = RowChunker(Location(source.path), header, config.max_table_rows_per_unit)
            number = 0
            for row in sample:
                number += 1
                yield from chunker.add(number, _decode(row, decoders))
            if broken is None and len(sample) >= SAMPLE_TUPLES:
                try:
                    for row in rows:
                        number += 1
                        yield from chunker.add(number, _decode(row, decoders))
                except Damaged as exc:
                    broken = str(exc)
            yield from chunker.flush()
            yield from notes
            if broken is not None:
                reason = broken
                if reader.left == 0 and source.size > config.batch_bytes:
                    reason = f"read up to {config.batch_bytes} bytes (batch_bytes)"
                yield Note(
                    Location(source.path, None, number + 1),
                    f"tuple {number + 1} not read ({reason}, at byte {reader.offset}): "
                    "the reading ends here",
                )
