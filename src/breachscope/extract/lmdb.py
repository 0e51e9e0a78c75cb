"""LMDB environments (``data.mdb``: a patient portal's cache, its sessions and queued
messages), read with a parser of the format written here with the standard library,
checked against LMDB's ``mdb.c`` (the 64-bit layout, version 1).

The file is a run of pages (4096 bytes, the size the free database's ``md_pad`` holds in
the meta pages). Pages 0 and 1 are meta pages (magic 0xBEEFC0DE): the newer of the two (by
its transaction id) names the root of the main B+tree. A tree's branch pages hold keys
and their children's page numbers, its leaf pages keys and values; a value larger than a
page lies on overflow pages of its own (``F_BIGDATA``). A named sub-database is a record
of the main tree whose value is the sub-database's own tree (``F_SUBDATA``); a key with
several values (``MDB_DUPSORT``) holds them on a sub-page inside its node, or in a tree
of their own, the values as its keys.

Each key and value is a record, ``row`` = its 1-based place in its database (in key
order, a key's values in theirs), in the part named by the sub-database (the main
database's own records in no part), read as JSON's records are
(:func:`breachscope.extract.json.record_rows`): ``key`` and ``value``. A value is read as
what it holds: a MessagePack map or array (decoded by
:func:`breachscope.ingest.msgpackwire.unpack`) as its values at their paths
(``value.naam``), text in UTF-8 as the JSON document it holds whole where it holds one,
else as text; other bytes as their runs of printable characters. Keys as their UTF-8
text (bytes that are none as their hex digits).

Bounded: pages are read from the file as the trees name them (never the file whole),
each at most once (a tree that loops is read once), no deeper than :data:`MAX_DEPTH`;
every length is checked against the page or the file; the values on overflow pages come
to at most ``Config.batch_bytes`` (a larger one ends its database's reading). A page that
is not what its parent says ends the reading of its database with a note, the records
before kept.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.json import embedded, plain, record_rows
from breachscope.extract.otherpeople import PeopleChunker
from breachscope.ingest.msgpackwire import MsgpackError, unpack
from breachscope.location import Location

MAGIC = 0xBEEFC0DE
VERSIONS = (1, 999)
"""Data file versions (999: LMDB's development builds)."""
PAGE_HEADER = 16
NODE_HEADER = 8
DB_SIZE = 48
MAX_DEPTH = 32
"""Deepest tree read (a real one of a few terabytes is some ten levels deep)."""
P_BRANCH, P_LEAF, P_OVERFLOW, P_META, P_LEAF2, P_SUBP = 0x01, 0x02, 0x04, 0x08, 0x20, 0x40
F_BIGDATA, F_SUBDATA, F_DUPDATA = 0x01, 0x02, 0x04
_PRINTABLE = re.compile(rb"[\x20-\x7e\t]{4,}")


class LmdbError(ValueError):
    """Bytes that are not LMDB's (the message names pages, never a value)."""


@dataclass(frozen=True, slots=True)
class Db:
    """A database's record (``MDB_db``): its key size for fixed-size duplicates, flags,
    depth, entries and root page (all ones: empty)."""

    pad: int
    flags: int
    depth: int
    entries: int
    root: int

    @staticmethod
    def parse(data: bytes) -> Db:
        pad, flags, depth, _b, _l, _o, entries, root = struct.unpack("<IHHQQQQQ", data[:DB_SIZE])
        return Db(pad, flags, depth, entries, root)


class _Pages:
    """The file's pages, read as they are asked for; each branch or leaf page once."""

    def __init__(self, fh: BinaryIO, size: int, page_size: int, budget: int) -> None:
        self.fh = fh
        self.size = size
        self.page_size = page_size
        self.count = size // page_size
        self.seen: set[int] = set()
        self.budget = budget

    def page(self, number: int) -> bytes:
        """Page ``number`` (:class:`LmdbError` where the file does not hold it)."""
        if not 2 <= number < self.count:
            raise LmdbError(f"page {number} lies outside the file")
        self.fh.seek(number * self.page_size)
        return self.fh.read(self.page_size)

    def overflow(self, number: int, length: int) -> bytes:
        """A value of ``length`` bytes on the overflow pages from page ``number``."""
        if not 2 <= number < self.count:
            raise LmdbError(f"overflow page {number} lies outside the file")
        start = number * self.page_size + PAGE_HEADER
        if length > self.size - start or length > self.budget:
            raise LmdbError(f"value on overflow page {number} longer than the bytes left")
        self.fh.seek(number * self.page_size)
        head = self.fh.read(PAGE_HEADER)
        flags = struct.unpack_from("<H", head, 10)[0]
        if not flags & P_OVERFLOW:
            raise LmdbError(f"page {number} is no overflow page")
        self.budget -= length
        return self.fh.read(length)


def nodes(page: bytes, number: int) -> Iterator[tuple[int, int, int, bytes, int]]:
    """The nodes of a branch or leaf page (or a sub-page): for each its flags, its low
    and high size or page number parts, its key and where its data starts."""
    lower = struct.unpack_from("<H", page, 12)[0]
    if lower < PAGE_HEADER or lower > len(page) or (lower - PAGE_HEADER) % 2:
        raise LmdbError(f"page {number} has a bad node count")
    for i in range((lower - PAGE_HEADER) // 2):
        at = struct.unpack_from("<H", page, PAGE_HEADER + 2 * i)[0]
        if at < lower or at + NODE_HEADER > len(page):
            raise LmdbError(f"page {number} has a node outside it")
        lo, hi, flags, ksize = struct.unpack_from("<HHHH", page, at)
        start = at + NODE_HEADER
        if start + ksize > len(page):
            raise LmdbError(f"page {number} has a key past its end")
        yield flags, lo | hi << 16, ksize, page[start : start + ksize], start + ksize


def leaf2_keys(page: bytes, size: int, number: int) -> Iterator[bytes]:
    """The keys of a page of fixed-size keys (``P_LEAF2``): ``size`` bytes each."""
    lower = struct.unpack_from("<H", page, 12)[0]
    count = (lower - PAGE_HEADER) // 2
    if size <= 0 or PAGE_HEADER + count * size > len(page):
        raise LmdbError(f"page {number} of fixed-size keys runs past its end")
    for i in range(count):
        yield page[PAGE_HEADER + i * size : PAGE_HEADER + (i + 1) * size]


def walk(pages: _Pages, db: Db) -> Iterator[tuple[bytes, bytes, int]]:
    """The leaf entries of a tree in key order: key, value (or a sub-database's record,
    or a sub-page) and the node's flags."""
    if db.root == 0xFFFFFFFFFFFFFFFF or not db.entries:
        return
    yield from _walk(pages, db, db.root, 0)


def _walk(pages: _Pages, db: Db, number: int, depth: int) -> Iterator[tuple[bytes, bytes, int]]:
    if depth > MAX_DEPTH:
        raise LmdbError(f"tree deeper than {MAX_DEPTH} levels at page {number}")
    if number in pages.seen:
        raise LmdbError(f"page {number} is reached twice")
    pages.seen.add(number)
    page = pages.page(number)
    flags = struct.unpack_from("<H", page, 10)[0]
    if flags & P_BRANCH:
        children = [(lo | (fl << 32)) for fl, lo, _k, _key, _s in nodes(page, number)]
        for child in children:
            yield from _walk(pages, db, child, depth + 1)
    elif flags & P_LEAF2:
        for key in leaf2_keys(page, db.pad, number):
            yield key, b"", 0
    elif flags & P_LEAF:
        for fl, size, _k, key, start in nodes(page, number):
            if fl & F_BIGDATA:
                if start + 8 > len(page):
                    raise LmdbError(f"page {number} has an overflow link past its end")
                link = struct.unpack_from("<Q", page, start)[0]
                yield key, pages.overflow(link, size), fl
            else:
                if start + size > len(page):
                    raise LmdbError(f"page {number} has a value past its end")
                yield key, page[start : start + size], fl
    else:
        raise LmdbError(f"page {number} is neither a branch nor a leaf page")


def values(pages: _Pages, value: bytes, flags: int) -> Iterator[bytes]:
    """A leaf entry's values: itself, or a key's duplicates (a sub-page's keys, or a
    tree's)."""
    if not flags & F_DUPDATA:
        yield value
        return
    if flags & F_SUBDATA:
        if len(value) < DB_SIZE:
            raise LmdbError("a key's duplicates' database record is cut short")
        for dup, _v, _f in walk(pages, Db.parse(value)):
            yield dup
        return
    if len(value) < PAGE_HEADER:
        raise LmdbError("a key's sub-page is cut short")
    kind, pad = struct.unpack_from("<H", value, 10)[0], struct.unpack_from("<H", value, 8)[0]
    if kind & P_LEAF2:
        yield from leaf2_keys(value, pad, 0)
    else:
        for _f, _s, _k, dup, _start in nodes(value, 0):
            yield dup


def text_of(data: bytes) -> str:
    """A key as its UTF-8 text, else its hex digits."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.hex()


def read_value(data: bytes) -> Any:
    """A value as what it holds: a MessagePack map or array decoded, text (the JSON
    document it holds whole), else its runs of printable characters (None: none)."""
    if data and (0x80 <= data[0] <= 0x9F or 0xDC <= data[0] <= 0xDF):
        try:
            found, end = unpack(data, 0, 0)
        except (MsgpackError, struct.error, UnicodeDecodeError):
            pass
        else:
            if end == len(data):
                return plain(found)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        runs = [r.decode("ascii") for r in _PRINTABLE.findall(data)]
        return " ".join(runs) or None
    inner = embedded(text)
    return text if inner is None else inner


def meta(fh: BinaryIO, size: int) -> tuple[int, Db]:
    """The page size and the main database of the newer of the two meta pages."""
    head = fh.read(PAGE_HEADER + 136)
    if len(head) < PAGE_HEADER + 136 or struct.unpack_from("<I", head, PAGE_HEADER)[0] != MAGIC:
        raise ExtractError("not an LMDB data file (no meta page with magic 0xBEEFC0DE)")
    page_size = struct.unpack_from("<I", head, PAGE_HEADER + 24)[0]
    if page_size not in (512, 1024, 2048, 4096, 8192, 16384, 32768, 65536):
        raise ExtractError(f"LMDB data file with pages of {page_size} bytes")
    if size < 2 * page_size:
        raise ExtractError("LMDB data file cut short in its meta pages")
    best: tuple[int, Db] | None = None
    for number in (0, 1):
        fh.seek(number * page_size)
        page = fh.read(PAGE_HEADER + 136)
        magic, version = struct.unpack_from("<II", page, PAGE_HEADER)
        flags = struct.unpack_from("<H", page, 10)[0]
        if magic != MAGIC or version not in VERSIONS or not flags & P_META:
            continue
        txnid = struct.unpack_from("<Q", page, PAGE_HEADER + 128)[0]
        main = Db.parse(page[PAGE_HEADER + 72 : PAGE_HEADER + 72 + DB_SIZE])
        if best is None or txnid > best[0]:
            best = (txnid, main)
    if best is None:
        raise ExtractError("LMDB data file of an unknown version")
    return page_size, best[1]


class LmdbExtractor(Extractor):
    """An LMDB environment's records, a part per named database."""

    id: ClassVar[str] = "lmdb"
    types: ClassVar[frozenset[str]] = frozenset({"lmdb"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        where = Location(source.path)
        with source.open_sized() as (fh, size):
            page_size, main = meta(fh, size)
            pages = _Pages(fh, size, page_size, config.batch_bytes)
            subs: list[tuple[str, Db]] = []
            chunker = PeopleChunker(where, config.max_table_rows_per_unit)
            row = 0
            try:
                for key, value, flags in walk(pages, main):
                    if flags & F_SUBDATA and not flags & F_DUPDATA and len(value) >= DB_SIZE:
                        subs.append((text_of(key), Db.parse(value)))
                        continue
                    for one in values(pages, value, flags):
                        row += 1
                        record = {"key": text_of(key), "value": read_value(one)}
                        yield from record_rows(chunker, source.path, row, record)
            except LmdbError as exc:
                if not row and not subs:
                    raise ExtractError(f"unreadable LMDB data file ({exc})") from None
                yield Note(
                    where, f"LMDB main database's reading stopped after record {row} ({exc})"
                )
            yield from chunker.flush()
            for name, db in subs:
                yield from self._database(source.path, pages, name, db, config)

    def _database(
        self, path: str, pages: _Pages, name: str, db: Db, config: Config
    ) -> Iterator[Extracted]:
        """A named database's records, in its part."""
        chunker = PeopleChunker(Location(path, name), config.max_table_rows_per_unit)
        row = 0
        try:
            for key, value, flags in walk(pages, db):
                for one in values(pages, value, flags):
                    row += 1
                    record = {"key": text_of(key), "value": read_value(one)}
                    yield from record_rows(chunker, path, row, record)
        except LmdbError as exc:
            where = Location(path, name)
            yield Note(where, f"LMDB database's reading stopped after record {row} ({exc})")
        yield from chunker.flush()
