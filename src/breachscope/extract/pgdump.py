"""PostgreSQL archives (``pg_dump -Fc``, the custom format: a portal's nightly backup
``bvo_portal_2024-05-12.dump``), read without PostgreSQL and without running anything.

An archive opens with ``PGDMP``, its format's version (1.10 to 1.16: PostgreSQL 8.0 to
18), the sizes of its integers and offsets and its compression, and then its table of
contents: an entry per object, with the statement that makes it (``CREATE TABLE``,
``COMMENT ON``) and, for a table's data, the ``COPY ... FROM stdin`` its rows are
restored with. The data blocks follow, each a stream of chunks, compressed as the
header says (zlib, or zstd from PostgreSQL 16; lz4's is not read and says so in a note).

Each table's data is a child file ``<schema>.<table>.sql``, read by the SQL reader as a
plain dump's ``COPY`` is: the table's ``CREATE TABLE`` from the contents (column names,
and what makes the child sniff as SQL), the ``COPY`` statement, the rows and ``\\.``.
Rows are turned into UTF-8 from the archive's ``client_encoding``. A table whose rows
pass ``Config.batch_bytes`` is cut at a row's end into further children
(``public.patient.2.sql``), each with its statements. A large object (``lo_import``: a
scanned letter, an export) is a child file ``blob-<oid>``, read as its own type. The
statements of the contents (comments on tables and columns included) are the text part
``definitions``, the archive's database, versions and date the text part ``info``.

The table of contents of a directory or tar archive (``toc.dat``, the same header with
its data in other files) is read the same way, its data files named in ``info``.
Lengths are checked against the bytes left; a block cut short or damaged ends the
reading with a note, the tables before it kept.
"""

from __future__ import annotations

import codecs
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, BinaryIO, ClassVar, cast

from breachscope.config import Config
from breachscope.extract.base import (
    ChildFile,
    Extracted,
    ExtractError,
    Extractor,
    Note,
    SkipFile,
    Source,
)
from breachscope.extract.chunking import cut_text
from breachscope.location import Location

MAGIC = b"PGDMP"
VERSIONS = ((1, 10), (1, 16))
"""The archive versions read: PostgreSQL 8.0's to 17's and 18's."""
_FORMATS = {1: "custom", 3: "directory or tar", 5: "directory"}
_ALGORITHMS = {0: "none", 1: "gzip", 2: "lz4", 3: "zstd"}
MAX_TEXT = 64 * 1024**2
"""Longest text an entry may hold (a function's body, a view's query)."""
READ_BYTES = 1024**2
"""Bytes of a data block read at a time."""
_BLOCK_DATA = 1
_BLOCK_BLOBS = 3
_ENCODING = re.compile(r"client_encoding\s*=\s*'([^']+)'", re.I)
_PG_CODECS = {
    "UTF8": "utf-8", "SQL_ASCII": "latin-1", "LATIN1": "latin-1", "LATIN9": "iso8859-15",
    "WIN1252": "cp1252", "WIN1250": "cp1250", "EUC_JP": "euc_jp", "SJIS": "shift_jis",
}  # fmt: skip
"""PostgreSQL's encodings' names where Python's differ (others are tried as given)."""
_NAME = re.compile(r"[^\w.\-]+")


class Broken(Exception):
    """The archive ends, or its bytes make no sense, where a value should be."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of the table of contents."""

    dump_id: int
    desc: str
    namespace: str
    tag: str
    defn: str
    copy_stmt: str
    file: str
    """Where its data lies in a directory or tar archive (empty in a custom one)."""


@dataclass(frozen=True, slots=True)
class Header:
    """What an archive's header says."""

    version: tuple[int, int, int]
    format: str
    compression: str
    created: str
    database: str
    server: str
    dumper: str


class _Reader:
    """The archive's values, read from a stream with the sizes its header sets."""

    def __init__(self, fh: BinaryIO, size: int) -> None:
        self.fh = fh
        self.size = size
        self.int_size = 4
        self.off_size = 8

    def left(self) -> int:
        return self.size - self.fh.tell()

    def read(self, count: int) -> bytes:
        if count < 0 or count > self.left():
            raise Broken(f"a length of {count} at byte {self.fh.tell()}")
        return self.fh.read(count)

    def byte(self) -> int:
        data = self.fh.read(1)
        if not data:
            raise Broken(f"the end at byte {self.fh.tell()}")
        return data[0]

    def int(self) -> int:
        """A sign byte, then ``int_size`` bytes, least significant first."""
        sign = self.byte()
        value = int.from_bytes(self.read(self.int_size), "little")
        if sign not in (0, 1):
            raise Broken(f"a number's sign {sign} at byte {self.fh.tell()}")
        return -value if sign else value

    def text(self) -> str | None:
        """A length, then that many bytes (a length of -1: no value), in UTF-8, else in
        cp1252 (the contents are in the database's encoding)."""
        length = self.int()
        if length == -1:
            return None
        if length > MAX_TEXT:
            raise Broken(f"a text of {length} bytes at byte {self.fh.tell()}")
        data = self.read(length)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("cp1252", "replace")

    def offset(self) -> None:
        """A data block's place (a flag and ``off_size`` bytes): passed over, the blocks
        being read in the order they lie."""
        self.byte()
        self.read(self.off_size)


def read_header(reader: _Reader) -> Header:
    """The archive's header, up to its table of contents."""
    if reader.read(5) != MAGIC:
        raise Broken("no PGDMP")
    major, minor = reader.byte(), reader.byte()
    revision = reader.byte() if (major, minor) > (1, 0) else 0
    if not VERSIONS[0] <= (major, minor) <= VERSIONS[1]:
        raise Broken(f"archive version {major}.{minor}, not one of {VERSIONS}")
    reader.int_size = reader.byte()
    reader.off_size = reader.byte()
    if not 1 <= reader.int_size <= 8 or not 1 <= reader.off_size <= 16:
        raise Broken(f"integers of {reader.int_size} bytes, offsets of {reader.off_size}")
    form = _FORMATS.get(reader.byte())
    if form is None:
        raise Broken("an archive format other than custom, tar or directory")
    if (major, minor) >= (1, 15):
        compression = _ALGORITHMS.get(reader.byte(), "unknown")
    else:
        compression = "gzip" if reader.int() != 0 else "none"
    sec, mins, hour, day, month, year, _dst = (reader.int() for _ in range(7))
    created = f"{year + 1900:04d}-{month + 1:02d}-{day:02d} {hour:02d}:{mins:02d}:{sec:02d}"
    database = reader.text() or ""
    server, dumper = reader.text() or "", reader.text() or ""
    return Header((major, minor, revision), form, compression, created, database, server, dumper)


def read_entries(reader: _Reader, header: Header) -> list[Entry]:
    """The table of contents' entries."""
    version = header.version[:2]
    count = reader.int()
    if count < 0 or count > reader.left() // 16:
        raise Broken(f"{count} entries in a file of {reader.size} bytes")
    entries: list[Entry] = []
    text = reader.text
    for _ in range(count):
        dump_id = reader.int()
        reader.int()  # (whether it had data)
        text(), text()  # (its catalogue's and its own oid)
        tag, desc = text() or "", text() or ""
        if version >= (1, 11):
            reader.int()  # (its section: pre-data, data, post-data)
        defn = text() or ""
        text()  # (the drop statement)
        copy_stmt = text() or ""
        namespace = text() or ""
        text()  # (its tablespace)
        if version >= (1, 14):
            text()  # (its table access method)
        if version >= (1, 16):
            reader.int()  # (its relation's kind)
        text()  # (its owner)
        text()  # ("with oids": "false")
        while text() is not None:  # (the entries it depends on)
            pass
        file = ""
        if header.format == "custom":
            reader.offset()
        else:
            file = text() or ""
        entries.append(Entry(dump_id, desc, namespace, tag, defn, copy_stmt, file))
    return entries


class _Chunks(io.RawIOBase):
    """A data block's chunks as one stream: each a length and its bytes, up to a length
    of 0."""

    def __init__(self, reader: _Reader) -> None:
        super().__init__()
        self.reader = reader
        self.pending = 0
        self.done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.pending and not self.done:
            length = self.reader.int()
            if length < 0 or length > self.reader.left():
                raise Broken(f"a chunk of {length} bytes at byte {self.reader.fh.tell()}")
            self.pending, self.done = length, length == 0
        if self.done:
            return 0
        data = self.reader.fh.read(min(len(buffer), self.pending))
        buffer[: len(data)] = data
        self.pending -= len(data)
        return len(data)

    def drain(self) -> None:
        """Past the block's last chunk (what a decompressor left unread)."""
        while self.read(READ_BYTES):
            pass


def block_data(reader: _Reader, compression: str, limit: int) -> Iterator[bytes]:
    """A data block's bytes, its chunks read and decompressed, in pieces of at most
    ``limit`` bytes each (memory stays bounded, however much a block inflates to)."""
    chunks = _Chunks(reader)
    if compression == "zstd":
        import zstandard

        decompressor = zstandard.ZstdDecompressor()
        stream = cast(IO[bytes], chunks)
        try:
            with decompressor.stream_reader(stream, read_across_frames=True, closefd=False) as fh:
                while piece := fh.read(min(limit, READ_BYTES)):
                    yield piece
        except zstandard.ZstdError as exc:
            raise Broken(f"zstd data that do not decompress ({exc})") from None
    elif compression == "gzip":
        inflater = zlib.decompressobj()
        fed = False
        while (data := chunks.read(READ_BYTES)) and not inflater.eof:
            fed = True
            while data:
                if piece := inflater.decompress(data, limit):
                    yield piece
                data = inflater.unconsumed_tail
        if fed and not inflater.eof:
            raise Broken("zlib data cut short")
    else:
        while piece := chunks.read(min(limit, READ_BYTES)):
            yield piece
    chunks.drain()


class _Table:
    """A table's rows gathered into child files of at most ``limit`` bytes each."""

    def __init__(self, entry: Entry, head: bytes, codec: str, limit: int) -> None:
        self.name = _NAME.sub("_", f"{entry.namespace}.{entry.tag}".strip("."))[:120]
        self.head = head
        self.decoder = codecs.getincrementaldecoder(codec)("replace")
        self.limit = limit
        self.buffer = bytearray()
        self.number = 0

    def add(self, data: bytes) -> Iterator[ChildFile]:
        self.buffer += self.decoder.decode(data).encode("utf-8")
        while len(self.buffer) > self.limit:
            cut = self.buffer.rfind(b"\n", 0, self.limit) + 1 or self.limit
            yield self._child(bytes(self.buffer[:cut]), last=False)
            del self.buffer[:cut]

    def end(self) -> Iterator[ChildFile]:
        """The last child (none for a table without rows)."""
        self.buffer += self.decoder.decode(b"", final=True).encode("utf-8")
        if bytes(self.buffer.strip()) not in (b"", b"\\."):
            yield self._child(bytes(self.buffer), last=True)

    def _child(self, rows: bytes, last: bool) -> ChildFile:
        """A child of the table's statements and ``rows`` (those before its last ended
        with ``\\.``, as its rows' end is)."""
        self.number += 1
        suffix = f".{self.number}" if self.number > 1 else ""
        copying = self.head.rstrip().upper().endswith(b"FROM STDIN;")
        close = b"\\.\n" if copying and not last else b""
        rows = rows if not rows or rows.endswith(b"\n") else rows + b"\n"
        return ChildFile(f"{self.name}{suffix}.sql", self.head + rows + close)


def _codec(entries: list[Entry]) -> str:
    """The Python codec of the archive's ``client_encoding`` (UTF-8 where none is set)."""
    for entry in entries:
        found = _ENCODING.search(entry.defn) if entry.desc == "ENCODING" else None
        if found:
            name = found.group(1).upper().replace("-", "")
            codec = _PG_CODECS.get(name, name)
            try:
                return codecs.lookup(codec).name
            except LookupError:
                return "utf-8"
    return "utf-8"


def _head(entry: Entry, creates: dict[tuple[str, str], str], standard: bool) -> bytes:
    """The statements a table's child opens with: its ``CREATE TABLE`` where the
    contents hold it (``creates``, by schema and name), and its ``COPY``; where its data
    are ``INSERT`` statements, whether strings are standard (backslashes as written)."""
    create = creates.get((entry.namespace, entry.tag), "")
    inserts = not entry.copy_stmt.strip()
    settings = "SET standard_conforming_strings = on;\n" if inserts and standard else ""
    statements = "\n".join(s.strip() for s in (create, entry.copy_stmt) if s.strip())
    return (settings + statements + "\n").encode("utf-8") if statements else settings.encode()


def _standard(entries: list[Entry]) -> bool:
    """Whether the archive's strings were written with standard_conforming_strings on."""
    return any(e.desc == "STDSTRINGS" and "'on'" in e.defn for e in entries)


def _info(header: Header, entries: list[Entry]) -> str:
    """The header's values, a line each (and a ``toc.dat``'s data files)."""
    lines = [
        f"database: {header.database}",
        f"created: {header.created}",
        f"server version: {header.server}",
        f"pg_dump version: {header.dumper}",
        f"archive: {header.format}, version {'.'.join(map(str, header.version))}, "
        f"compression {header.compression}",
    ]
    lines += [f"data of {e.namespace}.{e.tag}: {e.file}" for e in entries if e.file]
    return "\n".join(lines)


def _blobs(reader: _Reader, header: Header, config: Config, path: str) -> Iterator[Extracted]:
    """A block of large objects, each a child file (one larger than
    ``Config.batch_bytes`` a note)."""
    while (oid := reader.int()) != 0:
        parts: list[bytes] = []
        size = 0
        for piece in block_data(reader, header.compression, config.batch_bytes):
            size += len(piece)
            if size <= config.batch_bytes:
                parts.append(piece)
        if size > config.batch_bytes:
            yield Note(Location(path), f"large object {oid} larger than {config.batch_bytes} bytes")
        else:
            yield ChildFile(f"blob-{oid}", b"".join(parts))


class PgDumpExtractor(Extractor):
    """A ``pg_dump`` archive's tables and large objects as child files, its contents'
    statements as text."""

    id: ClassVar[str] = "pg-dump"
    types: ClassVar[frozenset[str]] = frozenset({"pg-dump"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        with source.open() as fh:
            reader = _Reader(fh, source.size)
            try:
                header = read_header(reader)
                entries = read_entries(reader, header)
            except Broken as exc:
                raise ExtractError(f"unreadable pg_dump archive ({exc})") from None
            limit = config.max_text_unit_chars
            yield from cut_text(Location(source.path, part="info"), _info(header, entries), limit)
            statements = "\n\n".join(e.defn.strip() for e in entries if e.defn.strip())
            yield from cut_text(Location(source.path, part="definitions"), statements, limit)
            if header.format == "custom":
                yield from self._data(reader, header, entries, config, source.path)

    def _data(
        self, reader: _Reader, header: Header, entries: list[Entry], config: Config, path: str
    ) -> Iterator[Extracted]:
        """The data blocks, in the order they lie after the contents."""
        if header.compression not in ("none", "gzip", "zstd"):
            yield Note(Location(path), f"data compressed with {header.compression}: not read")
            return
        by_id = {e.dump_id: e for e in entries}
        creates = {(e.namespace, e.tag): e.defn for e in entries if e.desc == "TABLE"}
        standard = _standard(entries)
        codec = _codec(entries)
        while reader.left() > 0:
            at = reader.fh.tell()
            table: _Table | None = None
            try:
                kind, dump_id = reader.byte(), reader.int()
                entry = by_id.get(dump_id)
                if kind == _BLOCK_BLOBS:
                    yield from _blobs(reader, header, config, path)
                    continue
                if kind != _BLOCK_DATA or entry is None:
                    raise Broken(f"a block of kind {kind} for entry {dump_id}")
                head = _head(entry, creates, standard)
                table = _Table(entry, head, codec, config.batch_bytes)
                for piece in block_data(reader, header.compression, config.batch_bytes):
                    yield from table.add(piece)
                yield from table.end()
            except (Broken, zlib.error, ValueError) as exc:
                if table is not None:
                    yield from table.end()  # (the rows before the damage)
                what = exc if isinstance(exc, Broken) else type(exc).__name__
                yield Note(Location(path), f"pg_dump data reading stopped at byte {at} ({what})")
                return
