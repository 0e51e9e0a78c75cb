"""LevelDB write-ahead logs (``000003.log``: what Chrome, Edge and Electron apps keep in
``Local Storage/leveldb/``, ``Session Storage/`` and ``IndexedDB/*.leveldb/``; a patient
portal's web app caches there what it showed). The log holds every write since the
store's tables were last written: each key and value a row, in the order written, the
values of keys deleted or written again since among them (in a breach they matter).

The log (google/leveldb's ``doc/log_format.md``) is a series of 32 KiB blocks of records:
a record's masked CRC-32C over its type and data, its length, its type (FULL, or a write
batch's FIRST, MIDDLE and LAST fragments across blocks) and its data; zeros fill a
block's tail. A batch (``db/write_batch.cc``) is its first sequence number (8 bytes), its
count of writes (4) and its writes: a PUT (tag 1, a key and a value) or a DELETE (tag 0,
a key), each length a varint. A record whose checksum fails is skipped with the rest of
its block, as LevelDB's reader does, and counted in a note; the file ends a reading cut
short with a note, the writes before kept.

One table, ``row`` = a write's 1-based place in the file, its columns ``origin``,
``key``, ``value``, ``sequence`` (the write's sequence number) and ``state``
(``written`` or ``deleted``), read by :func:`entry_row`: Chrome's Local Storage keys
(``_<origin>\\x00<key>``, ``META:<origin>``, ``VERSION``) by their origin, a key and a
value by their first byte (``\\x00``: UTF-16LE, ``\\x01``: Latin-1); Session Storage's
(``map-<id>-<key>``) with their values in UTF-16LE; any other key and value as UTF-8
where it is text, else as the runs of text in its bytes (an IndexedDB record's strings).
A value that is a JSON document is read at its paths downstream, as any table's cells are
(:mod:`breachscope.detect.jsoncells`).
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.chunking import RowChunker
from breachscope.ingest.leveldbhead import (
    FIRST,
    FULL,
    LAST,
    LOG_BLOCK,
    LOG_HEADER,
    MIDDLE,
    is_leveldb_log,
    record_intact,
)
from breachscope.ingest.protowire import VarintError, leb128
from breachscope.location import Location

COLUMNS = ("origin", "key", "value", "sequence", "state")
"""The columns of a LevelDB file's table."""
BATCH_HEADER = 12
"""A write batch's sequence number (8 bytes) and count (4)."""
MIN_RUN = 4
"""Fewest characters of a run of text read from a value that is no text."""
_RUNS = re.compile(rb"[\x20-\x7e\xa0-\xff\t\n\r]{%d,}" % MIN_RUN)
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SESSION_MAP = re.compile(rb"map-\d+-")
_V8_STRINGS = frozenset(b'"cS')
"""V8's tags of a string: one-byte (Latin-1), two-byte (UTF-16LE), UTF-8."""


class Broken(Exception):
    """A write batch or a block entry that does not parse."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One write: its key and value (None: deleted), its sequence number."""

    key: bytes
    value: bytes | None
    sequence: int


def varint(data: bytes, pos: int) -> tuple[int, int]:
    """The varint (LEB128, at most 10 bytes) at ``pos`` and the place after it."""
    try:
        return leb128(data, pos, len(data))
    except VarintError:
        raise Broken("a varint runs past its bytes") from None


def sliced(data: bytes, pos: int) -> tuple[bytes, int]:
    """The length-prefixed bytes at ``pos`` and the place after them."""
    size, pos = varint(data, pos)
    if pos + size > len(data):
        raise Broken(f"a length of {size} runs past the batch")
    return data[pos : pos + size], pos + size


def batch_entries(batch: bytes) -> tuple[list[Entry], str | None]:
    """A write batch's writes, and why its reading stopped early (None: it did not)."""
    if len(batch) < BATCH_HEADER:
        return [], f"a batch of {len(batch)} bytes"
    sequence = int.from_bytes(batch[:8], "little")
    count = int.from_bytes(batch[8:12], "little")
    found: list[Entry] = []
    pos = BATCH_HEADER
    try:
        while pos < len(batch):
            tag = batch[pos]
            key, pos = sliced(batch, pos + 1)
            if tag == 1:
                value, pos = sliced(batch, pos)
                found.append(Entry(key, value, sequence + len(found)))
            elif tag == 0:
                found.append(Entry(key, None, sequence + len(found)))
            else:
                raise Broken(f"a write of unknown kind {tag}")
    except Broken as exc:
        return found, f"batch at sequence {sequence}: {exc}"
    if len(found) != count:
        return found, f"batch at sequence {sequence} holds {len(found)} writes, not {count}"
    return found, None


def _text(raw: bytes) -> str | None:
    """``raw`` as UTF-8 where it is text (no control characters but white space)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if _CONTROLS.search(text) else text


def _utf16(raw: bytes) -> str:
    return raw[: len(raw) // 2 * 2].decode("utf-16-le", errors="replace")


def v8_strings(raw: bytes) -> list[str]:
    """The strings of a value in V8's serialisation (an IndexedDB record: ``\xff`` and
    its version, then tagged values), in order: a one-byte string (``"``, Latin-1), a
    two-byte one (``c``, UTF-16LE) or a UTF-8 one (``S``), each its length as a varint and
    its bytes; a tag byte whose length or text does not fit is passed over."""
    out: list[str] = []
    pos = 0
    while pos < len(raw):
        tag = raw[pos]
        pos += 1
        if tag not in _V8_STRINGS:
            continue
        try:
            size, start = varint(raw, pos)
        except Broken:
            continue
        if size < 1 or start + size > len(raw):
            continue
        body = raw[start : start + size]
        if tag == 0x63:
            text = body.decode("utf-16-le", errors="replace") if size % 2 == 0 else ""
        else:
            text = body.decode("latin-1" if tag == 0x22 else "utf-8", errors="replace")
        if text and not _CONTROLS.search(text) and "\ufffd" not in text:
            out.append(text)
            pos = start + size
    return out


def readable(raw: bytes) -> str | None:
    """A key's or value's bytes as text: UTF-8 where they are text, else their strings
    where they are a V8 serialisation (:func:`v8_strings`), else their runs of at least
    :data:`MIN_RUN` characters (Latin-1); one a line; None where there are none."""
    if not raw:
        return None
    text = _text(raw)
    if text is not None:
        return text
    if b"\xff" in raw[:4]:  # (V8's version tag, after Chrome's own envelope's)
        strings = v8_strings(raw)
        if strings:
            return "\n".join(strings)
    runs = [r.decode("latin-1") for r in _RUNS.findall(raw)]
    return "\n".join(runs) or None


def chrome_string(raw: bytes) -> str | None:
    """A Local Storage key or value by its first byte: ``\\x00`` UTF-16LE, ``\\x01``
    Latin-1 (otherwise as :func:`readable`)."""
    if raw[:1] == b"\x00":
        return _utf16(raw[1:])
    if raw[:1] == b"\x01":
        return raw[1:].decode("latin-1")
    return readable(raw)


def entry_row(entry: Entry) -> list[str | None]:
    """A write's cells under :data:`COLUMNS` (see the module's description)."""
    key, value = entry.key, entry.value
    origin: str | None = None
    name: str | None
    text: str | None = None
    sep = key.find(b"\x00")
    if key[:1] == b"_" and sep > 1 and key[sep + 1 : sep + 2] in (b"\x00", b"\x01"):
        origin = key[1:sep].decode("latin-1")
        name = chrome_string(key[sep + 1 :])
        text = chrome_string(value) if value is not None else None
    elif key.startswith((b"META:", b"METAACCESS:")):
        kind, _, rest = key.partition(b":")
        origin, name = rest.decode("latin-1"), kind.decode()
        # (the value: a protocol buffer of the origin's last use and size, no one's data)
    elif _SESSION_MAP.match(key):
        name = _text(key) or key.decode("latin-1")
        text = _utf16(value) if value is not None else None
    else:
        name = readable(key)
        text = readable(value) if value is not None else None
    state = "deleted" if value is None else "written"
    return [origin, name, text, str(entry.sequence), state]


def entry_rows(
    location: Location, entries: Iterable[Entry], config: Config
) -> Generator[Extracted, None, int]:
    """The table units of ``entries``, a row each (numbered from 1) under
    :data:`COLUMNS`; how many rows there were."""
    chunker = RowChunker(location, COLUMNS, config.max_table_rows_per_unit)
    row = 0
    for entry in entries:
        row += 1
        yield from chunker.add(row, entry_row(entry))
    yield from chunker.flush()
    return row


class _LogReader:
    """A log's write batches, read a block at a time (a batch at most ``limit`` bytes)."""

    def __init__(self, fh: BinaryIO, limit: int) -> None:
        self.fh = fh
        self.limit = limit
        self.skipped = 0
        """Records skipped: a checksum that failed, a fragment out of its order."""
        self.too_large = 0
        """Write batches larger than ``limit``, left out."""
        self.stopped: str | None = None
        """Why the reading stopped before the file's end (None: it did not)."""
        self._parts: list[bytes] | None = None
        """The fragments of the batch being joined (None: none is)."""
        self._size = 0
        self._dropping = False
        """Inside the fragments of a batch too large."""

    def batches(self) -> Iterator[bytes]:
        offset = 0
        while block := self.fh.read(LOG_BLOCK):
            pos = 0
            while pos + LOG_HEADER <= len(block):
                length = int.from_bytes(block[pos + 4 : pos + 6], "little")
                if block[pos + 6] == 0 and length == 0:  # (a block's tail, or space made ahead)
                    break
                if pos + LOG_HEADER + length > len(block) and len(block) < LOG_BLOCK:
                    self.stopped = f"the file ends inside a record at byte {offset + pos}"
                    return
                if not record_intact(block, pos):  # (the rest of the block is not trusted)
                    self.skipped += 1
                    self._parts = None
                    break
                data = block[pos + LOG_HEADER : pos + LOG_HEADER + length]
                batch = self._joined(block[pos + 6], data)
                pos += LOG_HEADER + length
                if batch is not None:
                    yield batch
            offset += len(block)
        if self._parts is not None:
            self.stopped = "the file ends inside a write batch's fragments"

    def _joined(self, kind: int, data: bytes) -> bytes | None:
        """The batch a record of ``kind`` completes (FULL, LAST), else None."""
        if self._dropping and kind in (MIDDLE, LAST):
            self._dropping = kind == MIDDLE
            return None
        self._dropping = False
        if kind in (FULL, FIRST):
            if self._parts is not None:  # (a batch whose LAST never came)
                self.skipped += 1
            self._parts, self._size = ([data], len(data)) if kind == FIRST else (None, 0)
            return data if kind == FULL else None
        if self._parts is None:  # (a MIDDLE or LAST without its FIRST)
            self.skipped += 1
            return None
        self._parts.append(data)
        self._size += len(data)
        if self._size > self.limit:
            self.too_large += 1
            self._parts, self._dropping = None, kind == MIDDLE
            return None
        if kind == LAST:
            batch, self._parts = b"".join(self._parts), None
            return batch
        return None


class LevelDbLogExtractor(Extractor):
    """A LevelDB write-ahead log: a row per write (see the module's description)."""

    id: ClassVar[str] = "leveldb-log"
    types: ClassVar[frozenset[str]] = frozenset({"leveldb-log"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        location = Location(source.path)
        broken: list[str] = []
        with source.open() as fh:
            if not is_leveldb_log(fh.read(LOG_BLOCK)):
                raise ExtractError("no LevelDB log record at the start")
            fh.seek(0)
            reader = _LogReader(fh, config.batch_bytes)
            yield from entry_rows(location, self._entries(reader, broken), config)
        if reader.too_large:
            limit = config.batch_bytes
            yield Note(
                location,
                f"{reader.too_large} LevelDB write batches larger than {limit} bytes left out",
            )
        if reader.skipped:
            yield Note(location, f"{reader.skipped} damaged LevelDB log records skipped")
        for stop in broken[:8]:
            yield Note(location, f"LevelDB write batch read in part ({stop})")
        if reader.stopped is not None:
            yield Note(location, f"LevelDB log reading stopped ({reader.stopped})")

    @staticmethod
    def _entries(reader: _LogReader, broken: list[str]) -> Iterator[Entry]:
        """The writes of every batch the log holds; where a batch breaks off, why, in
        ``broken``."""
        for batch in reader.batches():
            entries, stop = batch_entries(batch)
            if stop is not None:
                broken.append(stop)
            yield from entries
