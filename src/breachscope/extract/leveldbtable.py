"""LevelDB tables (``000005.ldb``, ``.sst``: what a Chrome profile's Local Storage or
IndexedDB wrote out of its log once the log filled), read as its log is
(:mod:`breachscope.extract.leveldb`): each key and value a row under the same columns,
``row`` = the entry's 1-based place in the file (its keys' order), a deletion too.

A table (google/leveldb's ``doc/table_format.md``) ends in a 48-byte footer: the block
handles (offset and size, varints) of its metaindex and index blocks, and the magic
``0xdb4775248b80fb57``. The index block's values are the handles of the data blocks,
which are read in its order. A block is followed by a byte naming its compression (0:
none, 1: Snappy, decoded here by :func:`snappy`, bounded by the length it claims) and
its checksum; its entries share their keys' prefixes with the entry before (a shared
length, an unshared length and a value length, varints), and end in their restart
points. A key is the user's key and 8 bytes: its sequence number and its kind (1: a
value, 0: a deletion). A block that does not read (a compression not known, a checksum
that fails, entries that run past it) is skipped with a note, the others read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.leveldb import Broken, Entry, entry_rows, varint
from breachscope.extract.snappyfile import SnappyError, snappy_block
from breachscope.ingest.leveldbhead import TABLE_FOOTER, TABLE_MAGIC, crc32c, masked
from breachscope.location import Location

BLOCK_TRAILER = 5
"""A block's compression byte and masked CRC-32C (over the block and that byte)."""
MAX_BLOCK = 64 * 1024 * 1024
"""Largest block read (LevelDB writes blocks of about 4 KiB; Chrome's are no larger)."""


def snappy(data: bytes, limit: int) -> bytes:
    """The Snappy-compressed ``data`` decoded (:func:`~breachscope.extract.snappyfile.
    snappy_block`), a :class:`Broken` where it does not decode or claims more than
    ``limit`` bytes."""
    try:
        return snappy_block(data, limit)
    except SnappyError as exc:
        raise Broken(f"a Snappy block: {exc}") from None


def handle(data: bytes, pos: int) -> tuple[int, int, int]:
    """A block handle at ``pos``: the block's offset, its size and the place after it."""
    offset, pos = varint(data, pos)
    size, pos = varint(data, pos)
    return offset, size, pos


def read_block(fh: BinaryIO, file_size: int, offset: int, size: int, limit: int) -> bytes:
    """The block at ``offset`` of ``size`` bytes, checked and decompressed."""
    if size > min(MAX_BLOCK, limit) or offset + size + BLOCK_TRAILER > file_size:
        raise Broken(f"a block of {size} bytes at {offset} out of the file")
    fh.seek(offset)
    raw = fh.read(size + BLOCK_TRAILER)
    if len(raw) < size + BLOCK_TRAILER:
        raise Broken(f"the file ends inside the block at {offset}")
    body, kind = raw[:size], raw[size]
    if masked(crc32c(raw[: size + 1])) != int.from_bytes(raw[size + 1 :], "little"):
        raise Broken(f"the block at {offset} fails its checksum")
    if kind == 0:
        return body
    if kind == 1:
        return snappy(body, min(limit, MAX_BLOCK))
    raise Broken(f"the block at {offset} has compression {kind}, not read")


def block_entries(block: bytes) -> Iterator[tuple[bytes, bytes]]:
    """A block's keys (whole again) and values, in order."""
    if len(block) < 4:
        raise Broken("a block of fewer than 4 bytes")
    restarts = int.from_bytes(block[-4:], "little")
    end = len(block) - 4 - 4 * restarts
    if restarts < 1 or end < 0:
        raise Broken(f"a block of {restarts} restart points")
    key = b""
    pos = 0
    while pos < end:
        shared, pos = varint(block, pos)
        unshared, pos = varint(block, pos)
        length, pos = varint(block, pos)
        if shared > len(key) or pos + unshared + length > end:
            raise Broken("an entry runs past its block")
        key = key[:shared] + block[pos : pos + unshared]
        pos += unshared
        yield key, block[pos : pos + length]
        pos += length


def internal_entry(key: bytes, value: bytes) -> Entry:
    """A table's entry: the user's key, its value (None: a deletion), its sequence."""
    if len(key) < 8:
        raise Broken("a key shorter than its sequence number")
    tag = int.from_bytes(key[-8:], "little")
    return Entry(key[:-8], None if tag & 0xFF == 0 else value, tag >> 8)


class LevelDbTableExtractor(Extractor):
    """A LevelDB table: a row per entry (see the module's description)."""

    id: ClassVar[str] = "leveldb-table"
    types: ClassVar[frozenset[str]] = frozenset({"leveldb-table"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        location = Location(source.path)
        broken: list[str] = []
        with source.open() as fh:
            index = self._index(fh, source.size, config.batch_bytes)
            entries = self._entries(fh, source.size, index, config.batch_bytes, broken)
            row = yield from entry_rows(location, entries, config)
        if broken and not row:
            raise ExtractError(f"no LevelDB table block read ({broken[0]})")
        for reason in broken[:8]:
            yield Note(location, f"LevelDB table block skipped ({reason})")
        if len(broken) > 8:
            yield Note(location, f"{len(broken) - 8} more LevelDB table blocks skipped")

    @staticmethod
    def _entries(
        fh: BinaryIO, file_size: int, index: list[tuple[int, int]], limit: int, broken: list[str]
    ) -> Iterator[Entry]:
        """The entries of the data blocks at ``index``; a block that does not read ends
        with why in ``broken`` (its entries before the break given)."""
        for offset, size in index:
            try:
                block = read_block(fh, file_size, offset, size, limit)
                for key, value in block_entries(block):
                    yield internal_entry(key, value)
            except Broken as exc:
                broken.append(str(exc))

    @staticmethod
    def _index(fh: BinaryIO, file_size: int, limit: int) -> list[tuple[int, int]]:
        """The data blocks' handles, from the footer's index block."""
        if file_size < TABLE_FOOTER:
            raise ExtractError("too short for a LevelDB table")
        fh.seek(file_size - TABLE_FOOTER)
        footer = fh.read(TABLE_FOOTER)
        if footer[-8:] != TABLE_MAGIC:
            raise ExtractError("no LevelDB table magic at the end")
        try:
            _, _, pos = handle(footer, 0)
            offset, size, _ = handle(footer, pos)
            index = read_block(fh, file_size, offset, size, limit)
            handles = []
            for _, value in block_entries(index):
                block_offset, block_size, _ = handle(value, 0)
                handles.append((block_offset, block_size))
        except Broken as exc:
            raise ExtractError(f"unreadable LevelDB table index ({exc})") from None
        return handles
