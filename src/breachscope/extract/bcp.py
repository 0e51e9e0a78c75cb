"""SQL Server ``bcp`` data files (``bcp dbo.patient out patient.dat -n``: a migration's
export), read as a table under the column names of their format file.

A native file (``-n``) has no separators and no header: a record is its fields one after
another, each its length prefix (1, 2, 4 or 8 bytes, little-endian; all ones, -1, for
NULL) where the format gives one, then its bytes as SQL Server keeps them. A character
file (``-c``, ``-w``) holds text, each field ended by its terminator. Only the format
file (``bcp ... format nul -f patient.xml -x``, or the older ``.fmt``: :mod:`.bcpformat`)
says how many fields there are, how each is laid out and what it is called; it is read
as the data file's companion (:attr:`~breachscope.extract.base.Source.companion`): the
file of the same stem beside it (``patient.xml``, ``patient.fmt``, also ``patient.dat
.xml``), in its folder or archive, else the only format file among the ``.fmt`` and
``.xml`` files beside it (``formaat_patient.xml``).

Values: ``tinyint``, ``smallint``, ``int``, ``bigint`` (a BSN kept as one loses its
leading zero: its eight digits are read under its ``bsn`` header), ``bit`` as digits;
``real`` and ``float`` as digits (a whole number without ``.0``); ``decimal`` and
``numeric`` (precision, scale, sign and a 16-byte magnitude, or the sign and a 4 to 16
byte magnitude) and ``money``/``smallmoney`` (ten-thousandths, a ``money``'s high four
bytes first) with their scale's decimals; ``date`` (three bytes of days since
0001-01-01) as ``YYYY-MM-DD``; ``datetime`` (days since 1900-01-01, then 1/300 s ticks),
``smalldatetime`` (days and minutes), ``datetime2`` (ticks of its scale, then the date)
as ``YYYY-MM-DDTHH:MM:SS`` (a fraction where there is one); ``datetimeoffset`` as its
local time and offset; ``time``; ``uniqueidentifier`` as its GUID; ``nchar``/
``nvarchar``/``ntext`` as UTF-16LE; ``char``/``varchar``/``text`` in their collation's
code page (cp1252 for Latin1_General, UTF-8 for a ``_UTF8`` collation); binary values
as their text where they are UTF-8 text, else no cell. A character file's text is read
as UTF-8 where it is valid, else in the collation's code page; an empty field is NULL.

A length beyond the file's end, a cut record or a value that cannot be its type (a text
of odd length in UTF-16) ends the reading with a note, the records before kept. A data
file without its format file is read as the texts its length prefixes mark, a line
each, with a note that the format file was not found; a binary file (a ``.dat`` the
sniffer gives to this reader) with no such texts is skipped, as binary files are.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import PurePosixPath
from typing import BinaryIO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.bcpformat import BcpField, parse_format
from breachscope.extract.chunking import RowChunker, cut_text
from breachscope.ingest.bcphead import is_bcp_native
from breachscope.ingest.filetype import HEAD_BYTES, FileType
from breachscope.location import Location

CHUNK = 1024**2
FORMAT_SUFFIXES = (".xml", ".fmt", ".XML", ".FMT")


class Damaged(Exception):
    """A record that cannot be read: the reading ends here (a value-free reason)."""


def format_names(path: str) -> list[str]:
    """The names a data file's format file may have, most likely first."""
    name = PurePosixPath(path.rpartition("!/")[2]).name
    stem = name.rpartition(".")[0] if "." in name else name
    names = [stem + suffix for suffix in FORMAT_SUFFIXES]
    names += [name + suffix for suffix in FORMAT_SUFFIXES if stem != name]
    names += [f"{stem}_format.xml", f"{stem}.format.xml", f"{stem}_format.fmt"]
    return list(dict.fromkeys(n for n in names if n != name))


# -- the bytes ----------------------------------------------------------------------------


class Buffer:
    """Reads a file's bytes forward, a chunk at a time, never past its end."""

    def __init__(self, fh: BinaryIO, size: int) -> None:
        self.fh = fh
        self.size = size
        self.buf = b""
        self.pos = 0
        self.offset = 0
        """File offset of ``buf[0]``."""

    def tell(self) -> int:
        return self.offset + self.pos

    def left(self) -> int:
        return self.size - self.tell()

    def _fill(self, need: int) -> None:
        while len(self.buf) - self.pos < need:
            data = self.fh.read(max(CHUNK, need - (len(self.buf) - self.pos)))
            if not data:
                return
            self.offset += self.pos
            self.buf = self.buf[self.pos :] + data
            self.pos = 0

    def at_end(self) -> bool:
        self._fill(1)
        return self.pos >= len(self.buf)

    def take(self, n: int) -> bytes:
        if n > self.left():
            raise Damaged("a length beyond the end of the file")
        self._fill(n)
        if len(self.buf) - self.pos < n:
            raise Damaged("the file ends inside a record")
        out = self.buf[self.pos : self.pos + n]
        self.pos += n
        return out

    def until(self, terminator: bytes, limit: int, step: int) -> bytes:
        """The bytes up to ``terminator`` (found at a multiple of ``step``), which is
        passed over; at most ``limit`` bytes looked at."""
        start = self.pos
        while True:
            at = self.buf.find(terminator, start)
            while at >= 0 and (at - self.pos) % step:
                at = self.buf.find(terminator, at + 1)
            if at >= 0:
                out = self.buf[self.pos : at]
                self.pos = at + len(terminator)
                return out
            if len(self.buf) - self.pos > limit:
                raise Damaged("a field longer than the limit without its terminator")
            held = len(self.buf) - self.pos
            self._fill(held + CHUNK)
            if len(self.buf) - self.pos == held:
                if held == 0:
                    raise Damaged("the file ends inside a record")
                out = self.buf[self.pos :]  # the last field of a file without an end
                self.pos = len(self.buf)
                return out
            start = self.pos + max(0, held - len(terminator) + 1)


# -- values -------------------------------------------------------------------------------

_SIZES = {
    "SQLBIT": 1,
    "SQLTINYINT": 1,
    "SQLSMALLINT": 2,
    "SQLINT": 4,
    "SQLBIGINT": 8,
    "SQLFLT4": 4,
    "SQLREAL": 4,
    "SQLFLT8": 8,
    "SQLFLOAT": 8,
    "SQLMONEY": 8,
    "SQLMONEY4": 4,
    "SQLSMALLMONEY": 4,
    "SQLDATETIME": 8,
    "SQLDATETIM4": 4,
    "SQLSMALLDATETIME": 4,
    "SQLDATE": 3,
    "SQLUNIQUEID": 16,
    "SQLUNIQUEIDENTIFIER": 16,
    "SQLDECIMAL": 19,
    "SQLNUMERIC": 19,
}
_INTS = {"SQLBIT", "SQLTINYINT", "SQLSMALLINT", "SQLINT", "SQLBIGINT"}
_UTF16_TYPES = {"SQLNCHAR", "SQLNVARCHAR", "SQLNTEXT", "SQLXML"}
_CHAR_TYPES = {
    "SQLCHAR",
    "SQLVARYCHAR",
    "SQLCHARACTER",
    "SQLBIGCHAR",
    "SQLBIGVARCHAR",
    "SQLTEXT",
    "SQLVARCHAR",
}
_CODE_PAGES = (
    ("UTF8", "utf-8"),
    ("CP850", "cp850"),
    ("CP437", "cp437"),
    ("CYRILLIC", "cp1251"),
    ("GREEK", "cp1253"),
    ("TURKISH", "cp1254"),
    ("HEBREW", "cp1255"),
    ("ARABIC", "cp1256"),
    ("ESTONIAN", "cp1257"),
    ("LATVIAN", "cp1257"),
    ("LITHUANIAN", "cp1257"),
    ("VIETNAMESE", "cp1258"),
    ("THAI", "cp874"),
    ("JAPANESE", "cp932"),
    ("KOREAN", "cp949"),
    ("CHINESE_TAIWAN", "cp950"),
    ("CHINESE_HONG_KONG", "cp950"),
    ("CHINESE", "gbk"),
    ("POLISH", "cp1250"),
    ("CZECH", "cp1250"),
    ("HUNGARIAN", "cp1250"),
    ("ROMANIAN", "cp1250"),
    ("CROATIAN", "cp1250"),
    ("SLOVAK", "cp1250"),
    ("SLOVENIAN", "cp1250"),
    ("ALBANIAN", "cp1250"),
)
_EPOCH_1900 = dt.date(1900, 1, 1).toordinal()


def code_page(collation: str) -> str:
    """The code page of a collation's single-byte text (cp1252 where it names none)."""
    upper = collation.upper()
    for word, codec in _CODE_PAGES:
        if word in upper:
            return codec
    return "cp1252"


def _number_text(value: int, scale: int) -> str:
    if scale <= 0:
        return str(value)
    sign = "-" if value < 0 else ""
    digits = str(abs(value)).rjust(scale + 1, "0")
    return f"{sign}{digits[:-scale]}.{digits[-scale:]}"


def _float_text(value: float) -> str:
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _date(days: int) -> dt.date:
    """Days since 0001-01-01 as a date (a :class:`Damaged` beyond 9999-12-31)."""
    if not 0 <= days <= 3652058:
        raise Damaged("a date out of range")
    return dt.date.fromordinal(days + 1)


def _clock(seconds: Decimal) -> str:
    whole = int(seconds)
    if not 0 <= whole < 86400:
        raise Damaged("a time out of range")
    text = f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"
    fraction = seconds - whole
    if fraction:
        text += f"{fraction.normalize():f}"[1:]  # ".5", ".0000005"
    return text


def _ticks(data: bytes, scale: int | None) -> Decimal:
    """A ``time``'s ticks as seconds: ``10**-scale`` each (its scale by its length
    where the format gives none)."""
    if scale is None or not 0 <= scale <= 7:
        scale = {3: 2, 4: 4, 5: 7}.get(len(data), 7)
    return Decimal(int.from_bytes(data, "little")).scaleb(-scale)


def _datetime(data: bytes) -> str:
    days, ticks = struct.unpack("<iI", data)
    date = dt.date.fromordinal(_EPOCH_1900 + days) if -53690 <= days <= 2958463 else None
    if date is None:
        raise Damaged("a date out of range")
    ms = round(ticks * 10 / 3)
    clock = _clock(Decimal(ms).scaleb(-3))
    return f"{date.isoformat()}T{clock}"


def _datetimeoffset(data: bytes, scale: int | None) -> str:
    n = len(data) - 5
    seconds = _ticks(data[:n], scale)
    date = _date(int.from_bytes(data[n : n + 3], "little"))
    (offset,) = struct.unpack("<h", data[n + 3 :])
    if not -840 <= offset <= 840:
        raise Damaged("a time zone offset out of range")
    utc = dt.datetime.combine(date, dt.time()) + dt.timedelta(seconds=float(int(seconds)))
    local = utc + dt.timedelta(minutes=offset)
    fraction = seconds - int(seconds)
    clock = _clock(Decimal(local.hour * 3600 + local.minute * 60 + local.second) + fraction)
    sign = "-" if offset < 0 else "+"
    return f"{local.date().isoformat()}T{clock}{sign}{abs(offset) // 60:02d}:{abs(offset) % 60:02d}"


def _decimal(data: bytes, scale: int | None) -> str:
    if len(data) == 19:  # precision, scale, sign, 16 bytes of magnitude
        scale, sign, magnitude = data[1], data[2], data[3:]
    elif len(data) in (5, 9, 13, 17):
        sign, magnitude = data[0], data[1:]
    else:
        raise Damaged("a decimal of a length SQL Server never writes")
    if sign not in (0, 1) or (scale or 0) > 38:
        raise Damaged("a decimal that is none")
    value = int.from_bytes(magnitude, "little")
    return _number_text(value if sign else -value, scale or 0)


def native_value(field: BcpField, data: bytes) -> str | None:
    """A native field's bytes as text (see the module); a :class:`Damaged` where they
    cannot be its type."""
    t = field.sql_type
    if field.kind == "nchar" or t in _UTF16_TYPES:
        if len(data) % 2:
            raise Damaged("UTF-16 text of an odd length")
        return data.decode("utf-16-le", "replace").removeprefix("\ufeff")
    if field.kind == "char" or t in _CHAR_TYPES:
        return data.decode(code_page(field.collation), "replace")
    size = _SIZES.get(t)
    if size is not None and t not in ("SQLDECIMAL", "SQLNUMERIC") and len(data) != size:
        raise Damaged(f"a {t} value of {len(data)} bytes")
    if t in _INTS:
        return str(int.from_bytes(data, "little", signed=t not in ("SQLBIT", "SQLTINYINT")))
    if t in ("SQLFLT4", "SQLREAL"):
        return _float_text(struct.unpack("<f", data)[0])
    if t in ("SQLFLT8", "SQLFLOAT"):
        return _float_text(struct.unpack("<d", data)[0])
    if t == "SQLMONEY":
        high, low = struct.unpack("<iI", data)
        return _number_text((high << 32) | low, 4)
    if t in ("SQLMONEY4", "SQLSMALLMONEY"):
        return _number_text(int.from_bytes(data, "little", signed=True), 4)
    if t in ("SQLDECIMAL", "SQLNUMERIC"):
        return _decimal(data, field.scale)
    if t == "SQLDATE":
        return _date(int.from_bytes(data, "little")).isoformat()
    if t == "SQLDATETIME":
        return _datetime(data)
    if t in ("SQLDATETIM4", "SQLSMALLDATETIME"):
        days, minutes = struct.unpack("<HH", data)
        if minutes >= 1440:
            raise Damaged("a time out of range")
        date = dt.date.fromordinal(_EPOCH_1900 + days)
        return f"{date.isoformat()}T{minutes // 60:02d}:{minutes % 60:02d}:00"
    if t == "SQLTIME":
        if not 3 <= len(data) <= 5:
            raise Damaged("a time of a length SQL Server never writes")
        return _clock(_ticks(data, field.scale))
    if t == "SQLDATETIME2":
        if not 6 <= len(data) <= 8:
            raise Damaged("a datetime2 of a length SQL Server never writes")
        date = _date(int.from_bytes(data[-3:], "little"))
        return f"{date.isoformat()}T{_clock(_ticks(data[:-3], field.scale))}"
    if t == "SQLDATETIMEOFFSET":
        if not 8 <= len(data) <= 10:
            raise Damaged("a datetimeoffset of a length SQL Server never writes")
        return _datetimeoffset(data, field.scale)
    if t in ("SQLUNIQUEID", "SQLUNIQUEIDENTIFIER"):
        return str(uuid.UUID(bytes_le=data))
    return _binary_text(data)


def _binary_text(data: bytes) -> str | None:
    """Bytes of a binary (or unknown) type: their text where they are printable UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    printable = sum(c.isprintable() or c in "\t\r\n" for c in text)
    return text if text and printable >= 0.95 * len(text) else None


def char_value(field: BcpField, data: bytes) -> str | None:
    """A character file's field as text (an empty one is NULL)."""
    if field.kind == "nchar":
        if len(data) % 2:
            raise Damaged("UTF-16 text of an odd length")
        text = data.decode("utf-16-le", "replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode(code_page(field.collation), "replace")
    return None if text in ("", "\0") else text


# -- records ------------------------------------------------------------------------------


def read_field(buf: Buffer, field: BcpField, limit: int) -> bytes | None:
    """A field's bytes (``None``: NULL by an all-ones prefix), its terminator passed."""
    step = 2 if field.kind == "nchar" and len(field.terminator) % 2 == 0 else 1
    if field.prefix:
        n = int.from_bytes(buf.take(field.prefix), "little")
        if n == (1 << (8 * field.prefix)) - 1:
            data: bytes | None = None
        elif n > min(limit, buf.left()):
            raise Damaged("a length beyond the end of the file")
        else:
            data = buf.take(n)
    elif field.terminator:
        return buf.until(field.terminator, limit, step)
    else:
        size = field.length or _SIZES.get(field.sql_type, 0)
        if not size:
            raise Damaged("a field with no length, prefix or terminator")
        data = buf.take(size)
    if field.terminator and buf.take(len(field.terminator)) != field.terminator:
        raise Damaged("a field without its terminator")
    return data


def records(
    buf: Buffer, fields: list[BcpField], limit: int, native: bool
) -> Iterator[list[str | None]]:
    """The records of a data file, each its fields' values in order."""
    while not buf.at_end():
        row: list[str | None] = []
        for field in fields:
            data = read_field(buf, field, limit)
            if data is None:
                row.append(None)
            else:
                row.append(native_value(field, data) if native else char_value(field, data))
        yield row


def is_character(fields: list[BcpField]) -> bool:
    """Whether a format describes a character file (every field text, ended by a
    terminator, none with a prefix)."""
    return all(f.kind != "native" and f.terminator and not f.prefix for f in fields)


# -- without a format file ----------------------------------------------------------------

_STRINGS = re.compile(rb"(?:[\x20-\x7e\xa0-\xff]\x00|[\x00-\x7f]\x01){2,}|[\x20-\x7e\x80-\xff]{3,}")
"""Runs of UTF-16LE text (Latin-1 and Latin Extended-A: ``ı``, ``ł``) or of single-byte
text."""


def prefixed_strings(data: bytes) -> Iterator[str]:
    """The texts of a native file that stand behind their two-byte lengths."""
    for m in _STRINGS.finditer(data):
        start, end = m.start(), m.end()
        utf16 = m.group()[1] in (0, 1)
        step = 2 if utf16 else 1
        for q in range(start - 2, end - 2, step):
            if q >= 0 and int.from_bytes(data[q : q + 2], "little") == end - q - 2:
                raw = data[q + 2 : end]
                yield raw.decode("utf-16-le" if utf16 else "cp1252", "replace")
                break
            if not utf16:
                break


MAX_LISTED_FORMATS = 8
"""Most ``.fmt`` and ``.xml`` files beside a data file read to find its only format file."""


def _parsed(source: Source, name: str) -> list[BcpField] | None:
    data = source.read_companion(name)
    if data is None:
        return None
    try:
        return parse_format(data)
    except ExtractError:
        return None


def find_format(source: Source) -> tuple[str, list[BcpField]] | None:
    """The data file's format file: the first of :func:`format_names` beside it that is
    one, else the only format file among the ``.fmt`` and ``.xml`` files beside it."""
    for name in format_names(source.path):
        fields = _parsed(source, name)
        if fields is not None:
            return name, fields
    listed = source.companions_ending(".fmt", ".xml")[:MAX_LISTED_FORMATS]
    found = [(n, f) for n in listed if (f := _parsed(source, n)) is not None]
    return found[0] if len(found) == 1 else None


class BcpExtractor(Extractor):
    """SQL Server bcp data files, read under their format file's column names."""

    id: ClassVar[str] = "bcp"
    types: ClassVar[frozenset[str]] = frozenset({FileType.BCP})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        found = find_format(source)
        if found is None:
            yield from self._without_format(source, config)
            return
        name, fields = found
        yield from self._table(source, config, name, fields)

    def _table(
        self, source: Source, config: Config, name: str, fields: list[BcpField]
    ) -> Iterator[Extracted]:
        location = Location(source.path)
        native = not is_character(fields)
        chunker = RowChunker(location, [f.name for f in fields], config.max_table_rows_per_unit)
        limit = config.batch_bytes
        count = held = 0
        with source.open() as fh:
            buf = Buffer(fh, source.size)
            rows = records(buf, fields, limit, native)
            try:
                for row in rows:
                    count += 1
                    held += sum(len(v) for v in row if v is not None) + 8 * len(row)
                    if chunker.append(count, row) or held >= limit // 4:
                        held = 0
                        yield from chunker.flush()
            except Damaged as exc:
                yield from chunker.flush()
                yield Note(
                    Location(source.path, None, count + 1),
                    f"record {count + 1} not read ({exc}, at byte {buf.tell()} by the "
                    f"format file {name}): the reading ends here",
                )
                if count == 0 and native and not is_bcp_native(source.read_bytes(HEAD_BYTES)):
                    raise ExtractError(f"not a bcp data file of the format file {name}") from exc
                return
        yield from chunker.flush()
        if count == 0:
            raise SkipFile("no records")

    def _without_format(self, source: Source, config: Config) -> Iterator[Extracted]:
        names = ", ".join(format_names(source.path)[:2])
        head = source.read_bytes(HEAD_BYTES)
        if not is_bcp_native(head) and b"\x00" in head[:4096]:
            raise SkipFile(f"binary, and no bcp format file ({names}) beside it")
        yield Note(
            Location(source.path),
            f"no format file ({names}) beside it: the texts its lengths mark read as lines",
        )
        data = source.read_bytes(config.batch_bytes)
        if b"\x00" not in data[:4096]:
            text = data.decode("utf-8", "replace")  # a character file: its text
        else:
            text = "\n".join(prefixed_strings(data))
        if not text.strip():
            raise SkipFile("no text")
        yield from cut_text(Location(source.path, "text"), text, config.max_text_unit_chars)
        if source.size > len(data):
            yield Note(Location(source.path), f"read up to {len(data)} bytes (batch_bytes)")
