"""MySQL and MariaDB binary logs (``binlog.000217``, ``mysql-bin.000042``: a database
server's record of every change, kept for replication and point-in-time recovery), read
with a parser of the format written here with the standard library, checked against
MySQL's ``libbinlogevents`` and MariaDB's ``log_event.cc``.

A log opens with ``\\xfebin`` and holds events of version 4 (MySQL 5.0 on, MariaDB): a
19-byte header (time, type, server id, length, the next event's position, flags) and a
body. The first, the format description, gives the server's version, the length of each
type's fixed part and (MySQL 5.6.1 on, MariaDB 5.3 on) the checksum algorithm: CRC-32 at
the end of every event, checked here; an event whose checksum does not match ends the
reading, with a note.

The statements are what is read: a query event's text (after its status variables and
the schema's name), MariaDB's zlib-compressed query events, the statement that a
row-based log keeps beside its row events (MySQL's ``binlog_rows_query_log_events``,
MariaDB's annotations), and the rows of the row events themselves, decoded by their
table map's column types (:mod:`breachscope.extract.mysqlrows`) and written as
``INSERT INTO `schema`.`table` VALUES (...)`` (each row written, deleted, and each
update's row before and after; the columns' names where the map holds them, MySQL 8's
``binlog_row_metadata=FULL``). They become one child file ``<name>.sql``, read by the
SQL reader: each statement after a comment with the event's position and time (``-- at
1234, 2024-05-12T08:13:44Z``: what ``mysqlbinlog --start-position`` finds it by; no
value of anyone's; a row event's after ``-- rows written``, ``updated``, ``deleted``), a
``USE`` where the schema changes, and a ``;`` after it. A row event that does not decode
(a column type not read, a table not mapped, MariaDB's compressed row events) is passed
over, a note counting them. A log larger than ``Config.batch_bytes`` of statements is cut
at a statement into further children (``binlog.000217.2.sql``), each opening with its
``USE``.

Read event by event from the file: an event's length is checked against the bytes left
and against ``Config.batch_bytes``; a damaged or cut event ends the reading with a note,
the statements before it kept. Nothing in the log is run.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import ChildFile, Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.mysqlrows import (
    DELETE,
    TABLE_MAP,
    UPDATE,
    WRITE,
    RowsError,
    Table,
    rows_statements,
    table_map,
)
from breachscope.location import Location

MAGIC = b"\xfebin"
HEADER = 19
"""A version 4 event's header: time (4), type (1), server id (4), length (4), next
position (4), flags (2), little-endian."""
QUERY = 2
FORMAT_DESCRIPTION = 15
ROWS_QUERY = 29
"""MySQL's copy of the statement beside its row events (a length byte, then the text)."""
ANNOTATE_ROWS = 160
"""MariaDB's copy of the statement beside its row events (the text whole)."""
QUERY_COMPRESSED = 165
"""MariaDB's query event with its text compressed by zlib."""
ROWS = WRITE | UPDATE | DELETE
"""Row events (written, updated, deleted rows; versions 1 and 2)."""
COMPRESSED_ROWS = frozenset({166, 167, 168, 169, 170, 171})
"""MariaDB's compressed row events: counted, not read."""
QUERY_POST_HEADER = 13
"""A query event's fixed part: thread id, seconds taken, the schema name's length, the
error code and the status variables' length."""
CRC_BYTES = 4
MAX_TABLES = 10_000
"""Most table maps kept at once (a table is mapped again before each of its row events'
transactions, so the oldest can go)."""
_FDE_FIXED = 2 + 50 + 4 + 1
"""A format description's binlog version, server version, creation time, header length."""


class BinlogError(ValueError):
    """Bytes that are not a binary log's (the message names places, never a value)."""


@dataclass
class _Log:
    """What the format description says, and the reading so far."""

    post_headers: bytes = b""
    checksum: bool = False
    schema: bytes | None = None
    tables: dict[int, Table] = field(default_factory=dict)
    rows_unread: int = 0
    rows_why: str = ""
    events: int = 0
    notes: list[str] = field(default_factory=list)


def _version_tuple(text: str) -> tuple[int, ...]:
    """A server version's leading numbers (``8.0.36-log`` as ``(8, 0, 36)``)."""
    numbers: list[int] = []
    for piece in text.split("-", 1)[0].split(".")[:3]:
        digits = "".join(c for c in piece if c.isdigit())
        numbers.append(int(digits) if digits else 0)
    return tuple(numbers)


def _format_description(body: bytes, log: _Log) -> None:
    """Reads a format description: its header length must be 19 (version 4); where the
    server writes checksums (MySQL 5.6.1 on, MariaDB 5.3 on) its last five bytes are the
    algorithm (0 none, 1 CRC-32) and its own checksum."""
    if len(body) < _FDE_FIXED or int.from_bytes(body[:2], "little") != 4:
        raise BinlogError("format description of a binlog version other than 4")
    server = body[2:52].split(b"\0", 1)[0].decode("ascii", "replace")
    if body[56] != HEADER:
        raise BinlogError(f"event header of {body[56]} bytes")
    since = (5, 3, 0) if "mariadb" in server.lower() else (5, 6, 1)
    lengths = body[_FDE_FIXED:]
    if _version_tuple(server) >= since and len(lengths) >= 1 + CRC_BYTES:
        algorithm = lengths[-1 - CRC_BYTES]
        if algorithm not in (0, 1):
            raise BinlogError(f"unknown checksum algorithm {algorithm}")
        log.checksum = algorithm == 1
        lengths = lengths[: -1 - CRC_BYTES]
    log.post_headers = lengths


def _post_header(log: _Log, kind: int, default: int) -> int:
    """The length of an event type's fixed part, as the format description gives it."""
    return log.post_headers[kind - 1] if 0 < kind <= len(log.post_headers) else default


def _uncompressed(data: bytes, limit: int) -> bytes:
    """MariaDB's compressed text: a byte ``0x80 | n``, the length in ``n`` bytes
    big-endian, then zlib's stream; never more than ``limit`` bytes out."""
    if not data or data[0] & 0xE0 != 0x80 or not 1 <= data[0] & 0x07 <= 4:
        raise BinlogError("compressed query without its header")
    width = data[0] & 0x07
    size = int.from_bytes(data[1 : 1 + width], "big")
    if size > limit:
        raise BinlogError("compressed query longer than allowed")
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(data[1 + width :], size + 1)
    except zlib.error:
        raise BinlogError("compressed query does not inflate") from None
    if len(out) != size:
        raise BinlogError("compressed query of another length than it says")
    return out


def _query(body: bytes, log: _Log, kind: int, limit: int) -> tuple[bytes, bytes]:
    """A query event's schema and statement (the statement inflated where MariaDB
    compressed it)."""
    fixed = _post_header(log, kind, QUERY_POST_HEADER)
    if fixed < QUERY_POST_HEADER or len(body) < fixed:
        raise BinlogError("query event shorter than its fixed part")
    schema_length = body[8]
    status_length = int.from_bytes(body[11:13], "little")
    start = fixed + status_length
    if start + schema_length + 1 > len(body):
        raise BinlogError("query event's schema runs past its end")
    schema = body[start : start + schema_length]
    text = body[start + schema_length + 1 :]
    if kind == QUERY_COMPRESSED:
        text = _uncompressed(text, limit)
    return schema, text


def _read_event(fh: BinaryIO, at: int, limit: int) -> tuple[bytes, bytes] | None:
    """The event at ``at``: its header and body (``None`` at the file's end)."""
    header = fh.read(HEADER)
    if not header:
        return None
    if len(header) < HEADER:
        raise BinlogError(f"file ends inside the event header at byte {at}")
    length = int.from_bytes(header[9:13], "little")
    if length < HEADER:
        raise BinlogError(f"event at byte {at} shorter than its header")
    if length > limit:
        raise BinlogError(f"event at byte {at} longer than {limit} bytes")
    body = fh.read(length - HEADER)
    if len(body) < length - HEADER:
        raise BinlogError(f"file ends inside the event at byte {at}")
    return header, body


def _statement(text: bytes) -> bytes:
    """A statement's text ended by ``;`` (and a line's end)."""
    text = text.rstrip(b"\0 \t\r\n")
    return text + b"\n" if text.endswith(b";") else text + b";\n"


def _use(schema: bytes) -> bytes:
    """A ``USE`` statement for ``schema``, its name quoted."""
    return b"USE `" + schema.replace(b"`", b"``") + b"`;\n"


def _stamp(at: int, seconds: int) -> bytes:
    """The comment before a statement: the event's position and time."""
    when = dt.datetime.fromtimestamp(seconds, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"-- at {at}, {when}\n".encode()


class _Children:
    """The statements gathered into child files of at most ``limit`` bytes each."""

    def __init__(self, name: str, limit: int) -> None:
        self.name = name
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0
        self.count = 0

    def add(self, chunk: bytes, schema: bytes | None) -> Iterator[ChildFile]:
        """Adds one statement (its comment and ``USE`` with it); a child is yielded
        where the statements gathered would pass the limit, the next opening with the
        schema's ``USE``."""
        if self.parts and self.size + len(chunk) > self.limit:
            yield self.flush()
            if schema:
                self.parts.append(_use(schema))
                self.size = len(self.parts[0])
        self.parts.append(chunk)
        self.size += len(chunk)

    def flush(self) -> ChildFile:
        self.count += 1
        suffix = "" if self.count == 1 else f".{self.count}"
        child = ChildFile(f"{self.name}{suffix}.sql", b"".join(self.parts))
        self.parts, self.size = [], 0
        return child


def _events(fh: BinaryIO, log: _Log, limit: int) -> Iterator[tuple[int, int, int, bytes]]:
    """Each event's position, type, time and body (checksum taken off and checked)."""
    at = len(MAGIC)
    while (event := _read_event(fh, at, limit)) is not None:
        header, body = event
        kind = header[4]
        if kind == FORMAT_DESCRIPTION:
            _format_description(body, log)
        elif not log.post_headers:
            raise BinlogError(f"event at byte {at} before the format description")
        if log.checksum:
            if len(body) < CRC_BYTES:
                raise BinlogError(f"event at byte {at} shorter than its checksum")
            stored = int.from_bytes(body[-CRC_BYTES:], "little")
            if zlib.crc32(header + body[:-CRC_BYTES]) != stored:
                raise BinlogError(f"checksum of the event at byte {at} does not match")
            body = body[:-CRC_BYTES]
        log.events += 1
        yield at, kind, int.from_bytes(header[:4], "little"), body
        at += HEADER + len(body) + (CRC_BYTES if log.checksum else 0)


def _text(kind: int, body: bytes, log: _Log, limit: int) -> tuple[bytes | None, bytes | None]:
    """The schema and statement an event holds (``None`` for an event without one)."""
    if kind in (QUERY, QUERY_COMPRESSED):
        return _query(body, log, kind, limit)
    if kind == ROWS_QUERY:
        return None, body[1:]
    if kind == ANNOTATE_ROWS:
        return None, body
    if kind == TABLE_MAP or kind in ROWS:
        return None, _rows(kind, body, log)
    if kind in COMPRESSED_ROWS:
        _unread(log, "MariaDB's compressed row events")
    return None, None


def _unread(log: _Log, why: str) -> None:
    log.rows_unread += 1
    log.rows_why = log.rows_why or why


def _rows(kind: int, body: bytes, log: _Log) -> bytes | None:
    """A table map kept (``None``), or a row event's rows as ``INSERT`` statements after
    a comment saying what was done to them (``None`` where they do not decode: counted,
    the first reason kept for a note)."""
    id_bytes = 4 if _post_header(log, TABLE_MAP, 8) == 6 else 6
    try:
        if kind == TABLE_MAP:
            number, table = table_map(body, id_bytes)
            if len(log.tables) >= MAX_TABLES and number not in log.tables:
                log.tables.pop(next(iter(log.tables)))  # (the longest mapped goes)
            log.tables[number] = table
            return None
        default = 10 if kind in (30, 31, 32) else 8
        statements, what = rows_statements(
            kind, body, _post_header(log, kind, default), id_bytes, log.tables
        )
    except RowsError as exc:
        _unread(log, str(exc))
        return None
    if not statements:
        return None
    return f"-- rows {what}\n".encode() + "\n".join(statements).encode("utf-8", "replace")


class MysqlBinlogExtractor(Extractor):
    """A MySQL or MariaDB binary log's statements as a child SQL file."""

    id: ClassVar[str] = "mysql-binlog"
    types: ClassVar[frozenset[str]] = frozenset({"mysql-binlog"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        where = Location(source.path)
        name = source.path.rsplit("!/", 1)[-1].rsplit("/", 1)[-1] or "binlog"
        children = _Children(name, config.batch_bytes)
        log = _Log()
        stopped: str | None = None
        with source.open() as fh:
            if fh.read(len(MAGIC)) != MAGIC:
                raise ExtractError("not a MySQL binary log (no '\\xfebin')")
            try:
                for at, kind, seconds, body in _events(fh, log, config.batch_bytes):
                    schema, text = _text(kind, body, log, config.batch_bytes)
                    if text is None or not text.strip(b"\0 \t\r\n"):
                        continue
                    chunk = _stamp(at, seconds)
                    if schema and schema != log.schema:
                        chunk += _use(schema)
                        log.schema = schema
                    yield from children.add(chunk + _statement(text), log.schema)
            except BinlogError as exc:
                if not log.events:
                    raise ExtractError(f"unreadable MySQL binary log ({exc})") from None
                stopped = str(exc)
        if not log.events:
            raise ExtractError("MySQL binary log without events")
        if children.parts:
            yield children.flush()
        if log.rows_unread:
            yield Note(where, f"{log.rows_unread} row events not read (first: {log.rows_why})")
        if stopped is not None:
            yield Note(where, f"MySQL binary log reading stopped ({stopped})")
