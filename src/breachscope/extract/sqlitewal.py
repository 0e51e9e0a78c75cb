"""SQLite write-ahead logs found without their database (``ontvangst.db-wal`` on a desk's
laptop): the rows in the page images the log holds, every version of them.

A WAL (https://sqlite.org/fileformat2.html, "The Write-Ahead Log") is a 32-byte header
(magic ``0x377f0682`` or ``0x377f0683``, format 3007000, page size, checkpoint number,
two salts, a checksum) and frames: a 24-byte frame header (page number, the database's
size in pages on a commit frame, the salts, a cumulative checksum) and the page's image.
Each page image that is a table b-tree leaf (type ``0x0D``) is read cell by cell: the
payload's size and the rowid as varints, then the record (a header of serial types, then
NULL, integers of 1 to 8 bytes, IEEE floats, text in the database's encoding and BLOBs);
a payload larger than the page continues on overflow pages, followed where the WAL holds
them (the newest version up to the end of the frame's commit). Interior, index and free
pages are not read.

A WAL holds no schema, but where a frame holds page 1 (``sqlite_master``), the tables'
names and columns are taken from their ``CREATE TABLE`` statements (only parsed for
names, never run), and a leaf page is named by its table where it is the table's root
page or an interior page in the WAL leads to it from one; an ``INTEGER PRIMARY KEY``
column shows the rowid. Other leaves are ``part`` ``tree-N`` (those under the topmost
interior page ``N`` the WAL holds) or ``page-N``, with columns ``c0``... Every
frame's rows are kept: a row deleted or changed later survives in its older frame. Each
row says where it came from: ``wal_frame`` (1-based), ``wal_commit`` (the 1-based
transaction it belongs to) and ``wal_state``: ``committed``; ``uncommitted`` (after the
last commit frame); ``stale`` (a frame whose salts or checksum do not follow on: an
earlier generation of the log that a checkpoint restarted over, or damage). ``row`` is
the 1-based place of the row among its part's rows, in frame order and each page's cell
order. Text that is not valid in its encoding is read as cp1252; a BLOB is read as text
when it is UTF-8, and one that holds a file is that file too, a child file named by its
part, column, frame and rowid (:mod:`.blobfiles`: ``patient∕foto∕frame-4-rowid-1.jpg``;
an Apple Notes body the text of its note).
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.blobfiles import BlobFiles
from breachscope.extract.chunking import RowChunker
from breachscope.location import Location

MAGICS = (0x377F0682, 0x377F0683)
"""The WAL magic; its last bit says the checksums' byte order (1: big-endian)."""
VERSION = 3007000
HEADER = 32
FRAME_HEADER = 24
LEAF_TABLE = 0x0D
INTERIOR_TABLE = 0x05
META = ("wal_frame", "wal_commit", "wal_state", "rowid")
"""The columns that say where a row came from, before its values."""
MAX_RECORD_COLUMNS = 2000
"""SQLite's default limit on a table's columns; a record header saying more is damaged."""


class Damaged(Exception):
    """A cell or record that does not fit its page: the cell is left, the page read on."""


@dataclass(frozen=True, slots=True)
class Frame:
    """One frame of the log: its 1-based number, page, place and what it belongs to."""

    number: int
    page: int
    offset: int
    commit: int | None
    state: str


@dataclass(slots=True)
class Table:
    """A table as ``sqlite_master`` names it: its name, columns and rowid column."""

    name: str
    columns: list[str]
    rowid_column: int | None


def is_sqlite_wal(head: bytes) -> bool:
    """Whether ``head`` opens a SQLite WAL: the magic, format 3007000 and a page size that
    is a power of two from 512 to 65536."""
    if len(head) < HEADER:
        return False
    magic, version, page_size = struct.unpack_from(">III", head)
    return magic in MAGICS and version == VERSION and _page_size(page_size) is not None


def _page_size(value: int) -> int | None:
    if value == 1:
        return 65536
    if 512 <= value <= 65536 and value & (value - 1) == 0:
        return value
    return None


def _checksum(data: bytes, big: bool, s0: int, s1: int) -> tuple[int, int]:
    """SQLite's WAL checksum of ``data`` (a multiple of 8 bytes) continuing ``s0, s1``."""
    words = struct.unpack(f"{'>' if big else '<'}{len(data) // 4}I", data)
    mask = 0xFFFFFFFF
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & mask
        s1 = (s1 + words[i + 1] + s0) & mask
    return s0, s1


def varint(data: bytes, pos: int, end: int) -> tuple[int, int]:
    """A SQLite varint at ``pos`` (1 to 9 bytes, big-endian, the ninth byte whole) and the
    position after it; :class:`Damaged` when it runs past ``end``."""
    value = 0
    for i in range(9):
        if pos + i >= end:
            raise Damaged("varint past its page")
        byte = data[pos + i]
        if i == 8:
            return (value << 8) | byte, pos + 9
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, pos + i + 1
    raise Damaged("varint")  # pragma: no cover (the loop always returns)


class SqliteWalExtractor(Extractor):
    """SQLite write-ahead logs: the rows of their table leaf pages, every frame's."""

    id: ClassVar[str] = "sqlite-wal"
    types: ClassVar[frozenset[str]] = frozenset({"sqlite-wal"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        with source.open() as fh:
            yield from _read(fh, source.path, source.size, config)


def _read(fh: BinaryIO, path: str, size: int, config: Config) -> Iterator[Extracted]:
    head = fh.read(HEADER)
    if not is_sqlite_wal(head):
        raise ExtractError("not a SQLite WAL (no WAL magic, format 3007000 and page size)")
    page_size = _page_size(struct.unpack_from(">I", head, 8)[0]) or 0
    frames, cut = _frames(fh, head, page_size, size)
    if not frames:
        raise SkipFile("SQLite WAL without frames")
    log = _Log(fh, page_size, frames)
    yield from log.rows(path, config)
    if cut:
        yield Note(Location(path), f"frame {len(frames) + 1} cut short (the file ends)")


def _frames(fh: BinaryIO, head: bytes, page_size: int, size: int) -> tuple[list[Frame], bool]:
    """Every whole frame, each with its transaction and state, and whether a last one is
    cut short; the checksums are followed frame by frame."""
    magic, _, _, _, salt1, salt2, c0, c1 = struct.unpack(">8I", head)
    big = bool(magic & 1)
    s0, s1 = _checksum(head[:24], big, 0, 0)
    chain = (s0, s1) == (c0, c1)
    step = FRAME_HEADER + page_size
    count, rest = divmod(size - HEADER, step)
    raw: list[tuple[int, int, int, str]] = []  # page, offset, database size, state
    for number in range(count):
        offset = HEADER + number * step
        fh.seek(offset)
        frame = fh.read(step)
        if len(frame) < step:
            return _commits(raw), True
        page, dbsize, f1, f2, k0, k1 = struct.unpack_from(">6I", frame)
        if chain and (f1, f2) == (salt1, salt2):
            s0, s1 = _checksum(frame[:8], big, s0, s1)
            s0, s1 = _checksum(frame[FRAME_HEADER:], big, s0, s1)
            chain = (s0, s1) == (k0, k1)
        else:
            chain = False
        raw.append((page, offset + FRAME_HEADER, dbsize, "valid" if chain else "stale"))
    return _commits(raw), rest > 0


def _commits(raw: list[tuple[int, int, int, str]]) -> list[Frame]:
    """The frames with their transactions: a valid run's frames up to and including a
    commit frame are one commit; valid frames after the last commit are uncommitted."""
    frames: list[Frame] = []
    pending: list[tuple[int, int, int]] = []
    commit = 0
    for number, (page, offset, dbsize, state) in enumerate(raw, 1):
        if state == "stale":
            frames.extend(Frame(n, p, o, None, "uncommitted") for n, p, o in pending)
            pending = []
            frames.append(Frame(number, page, offset, None, "stale"))
            continue
        pending.append((number, page, offset))
        if dbsize:
            commit += 1
            frames.extend(Frame(n, p, o, commit, "committed") for n, p, o in pending)
            pending = []
    frames.extend(Frame(n, p, o, None, "uncommitted") for n, p, o in pending)
    return sorted(frames, key=lambda f: f.number)


class _Log:
    """The frames of one WAL, read page by page (one page image in memory at a time, and
    the overflow pages of the cell being read)."""

    def __init__(self, fh: BinaryIO, page_size: int, frames: list[Frame]) -> None:
        self.fh = fh
        self.page_size = page_size
        self.usable = page_size
        self.encoding = "utf-8"
        self.frames = frames
        self.by_page: dict[int, list[Frame]] = {}
        for frame in frames:
            self.by_page.setdefault(frame.page, []).append(frame)
        self.tables: dict[int, Table] = {}
        self.parent: dict[int, int] = {}
        self.commit_end: dict[int, int] = {}
        """The last frame of each commit."""
        for frame in frames:
            if frame.commit is not None:
                self.commit_end[frame.commit] = frame.number

    def image(self, frame: Frame) -> bytes:
        self.fh.seek(frame.offset)
        return self.fh.read(self.page_size)

    def rows(self, path: str, config: Config) -> Iterator[Extracted]:
        self._schema()
        chunkers: dict[str, RowChunker] = {}
        counts: dict[str, int] = {}
        blobs = BlobFiles(path, config)
        held = 0
        for frame in self.frames:
            data = self.image(frame)
            start = 100 if frame.page == 1 else 0
            if len(data) < self.page_size or data[start] != LEAF_TABLE:
                continue
            part, table = self._part(frame.page)
            location = Location(path, part=part)
            chunker = chunkers.get(part)
            if chunker is None:
                header = [*META, *(table.columns if table else [])]
                chunker = RowChunker(location, header, config.max_table_rows_per_unit)
                chunkers[part] = chunker
            meta = [str(frame.number), _str(frame.commit), frame.state]
            try:
                for cell in self._cells(data, start, frame):
                    if isinstance(cell, Damaged):
                        yield Note(location, f"frame {frame.number} (page {frame.page}): {cell}")
                        continue
                    rowid, values, blob_cells = cell
                    place = table.rowid_column if table else None
                    if place is not None and place < len(values) and values[place] is None:
                        values[place] = str(rowid)
                    if not table:
                        _widen(chunker, len(values))
                    counts[part] = counts.get(part, 0) + 1
                    held += 1
                    yield from chunker.add(counts[part], [*meta, str(rowid), *values])
                    for index, data in blob_cells:
                        names = chunker.header[len(META) :]
                        column = names[index] if index < len(names) else f"c{index}"
                        where = f"frame-{frame.number}-rowid-{rowid}"
                        yield from blobs.cell(part, column, where, data)
                    if held >= config.max_table_rows_per_unit:  # memory: all parts' rows
                        held = 0
                        for each in chunkers.values():
                            yield from each.flush()
            except Damaged as exc:
                yield Note(location, f"frame {frame.number} (page {frame.page}) not read ({exc})")
        for chunker in chunkers.values():
            yield from chunker.flush()

    def _part(self, page: int) -> tuple[str, Table | None]:
        """The table a leaf page belongs to (its root, or an interior page's child, as far
        up as the WAL's interior pages lead); else ``tree-N`` for the leaves under the
        same topmost interior page ``N`` the WAL holds, else ``page-N``."""
        seen = {page}
        root = page
        while root not in self.tables and root in self.parent and len(seen) < 64:
            root = self.parent[root]
            if root in seen:
                break
            seen.add(root)
        table = self.tables.get(root)
        if table is None:
            return (f"page-{page}" if root == page else f"tree-{root}"), None
        return table.name, table

    def _schema(self) -> None:
        """The tables named in every version of page 1 (``sqlite_master``), the page's
        encoding and reserved bytes, and the interior table pages' children."""
        for frame in self.by_page.get(1, []):
            data = self.image(frame)
            if len(data) < 100 or not data.startswith(b"SQLite format 3\x00"):
                continue
            reserved = data[20]
            if self.page_size - reserved >= 480:
                self.usable = self.page_size - reserved
            encoding = struct.unpack_from(">I", data, 56)[0]
            self.encoding = {2: "utf-16-le", 3: "utf-16-be"}.get(encoding, "utf-8")
        self.tables[1] = Table(
            "sqlite_master", ["type", "name", "tbl_name", "rootpage", "sql"], None
        )
        for frame in self.frames:
            data = self.image(frame)
            start = 100 if frame.page == 1 else 0
            if len(data) < self.page_size:
                continue
            if data[start] == INTERIOR_TABLE:
                self._children(data, start, frame.page)
            if frame.page == 1 and data[start] == LEAF_TABLE:
                try:
                    for cell in self._cells(data, start, frame):
                        if not isinstance(cell, Damaged):
                            _master(cell[1], self.tables)
                except Damaged:
                    continue

    def _children(self, data: bytes, start: int, page: int) -> None:
        cells = struct.unpack_from(">H", data, start + 3)[0]
        right = struct.unpack_from(">I", data, start + 8)[0]
        self.parent.setdefault(right, page)
        base = start + 12
        for i in range(min(cells, (self.page_size - base) // 2)):
            at = struct.unpack_from(">H", data, base + 2 * i)[0]
            if at + 4 <= self.page_size:
                self.parent.setdefault(struct.unpack_from(">I", data, at)[0], page)

    def _cells(
        self, data: bytes, start: int, frame: Frame
    ) -> Iterator[tuple[int, list[str | None], list[tuple[int, bytes]]] | Damaged]:
        """Each cell of a table leaf page: its rowid, its record's values as text and its
        BLOBs (:meth:`_record`), or
        what is wrong with it (a cell that does not fit is left and the page read on; cell
        pointers that do not fit end the page)."""
        cells = struct.unpack_from(">H", data, start + 3)[0]
        base = start + 8
        if base + 2 * cells > self.usable:
            raise Damaged("too many cell pointers")
        for i in range(cells):
            at = struct.unpack_from(">H", data, base + 2 * i)[0]
            if not base + 2 * cells <= at < self.usable:
                yield Damaged(f"cell {i + 1} left (outside its page)")
                continue
            try:
                size, pos = varint(data, at, self.usable)
                rowid, pos = varint(data, pos, self.usable)
                payload = self._payload(data, pos, size, frame)
                values, held = self._record(payload)
            except Damaged as exc:
                yield Damaged(f"cell {i + 1} left ({exc})")
                continue
            yield rowid - (1 << 64) if rowid >= 1 << 63 else rowid, values, held

    def _payload(self, data: bytes, pos: int, size: int, frame: Frame) -> bytes:
        """A cell's payload: its bytes on the page and on its overflow pages."""
        usable = self.usable
        most = usable - 35
        if size <= most:
            if pos + size > usable:
                raise Damaged("past its page")
            return data[pos : pos + size]
        least = (usable - 12) * 32 // 255 - 23
        local = least + (size - least) % (usable - 4)
        if local > most:
            local = least
        if pos + local + 4 > usable:
            raise Damaged("past its page")
        if size > max(self.page_size * len(self.frames), 1):
            raise Damaged("longer than the WAL")
        parts = [data[pos : pos + local]]
        left = size - local
        page = struct.unpack_from(">I", data, pos + local)[0]
        seen: set[int] = set()
        while left > 0:
            if page in seen or page not in self.by_page:
                parts.append(b"")  # the rest is on a page the WAL does not hold
                break
            seen.add(page)
            image = self.image(self._version(page, frame))
            take = min(left, usable - 4)
            parts.append(image[4 : 4 + take])
            left -= take
            page = struct.unpack_from(">I", image, 0)[0]
        return b"".join(parts)

    def _version(self, page: int, frame: Frame) -> Frame:
        """The version of ``page`` that goes with ``frame``: the newest up to the end of
        its commit (its own frame where uncommitted or stale), else the first after."""
        versions = self.by_page[page]
        limit = frame.number if frame.commit is None else self.commit_end[frame.commit]
        chosen = [f for f in versions if f.number <= limit]
        return chosen[-1] if chosen else versions[0]

    def _record(self, payload: bytes) -> tuple[list[str | None], list[tuple[int, bytes]]]:
        """A record's values as text (a cut record's values as far as it goes), and its
        BLOBs' bytes by their place among the values."""
        end = len(payload)
        try:
            length, pos = varint(payload, 0, end)
        except Damaged:
            raise Damaged("its record header") from None
        if length > end:
            raise Damaged("its record header past its payload")
        types: list[int] = []
        while pos < length:
            kind, pos = varint(payload, pos, length)
            types.append(kind)
            if len(types) > MAX_RECORD_COLUMNS:
                raise Damaged("too many columns")
        values: list[str | None] = []
        held: list[tuple[int, bytes]] = []
        at = length
        for kind in types:
            width = _width(kind)
            if at + width > end:
                break
            raw = payload[at : at + width]
            if kind >= 12 and not kind % 2:
                held.append((len(values), raw))
            values.append(self._value(kind, raw))
            at += width
        return values, held

    def _value(self, kind: int, raw: bytes) -> str | None:
        if kind == 0:
            return None
        if 1 <= kind <= 6:
            return str(int.from_bytes(raw, "big", signed=True))
        if kind == 7:
            return str(struct.unpack(">d", raw)[0])
        if kind in (8, 9):
            return str(kind - 8)
        if kind >= 13 and kind % 2:
            return _decoded(raw, self.encoding)
        if kind >= 12:
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                return None
        return None  # 10, 11: reserved


def _width(kind: int) -> int:
    """The bytes a value of serial type ``kind`` takes."""
    if kind >= 12:
        return (kind - 12) // 2
    return (0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0)[kind]


def _decoded(raw: bytes, encoding: str) -> str:
    """TEXT in the database's encoding; cp1252 where it is not valid in it."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _str(value: int | None) -> str | None:
    return None if value is None else str(value)


def _widen(chunker: RowChunker, width: int) -> None:
    """Positional names ``c0``... for a page without schema, as wide as its widest row."""
    have = len(chunker.header) - len(META)
    chunker.header.extend(f"c{i}" for i in range(have, width))


def _master(values: list[str | None], tables: dict[int, Table]) -> None:
    """A ``sqlite_master`` row: a table's root page, name and columns."""
    if len(values) < 5 or values[0] != "table" or not values[3] or not values[4]:
        return
    try:
        root = int(values[3])
    except ValueError:
        return
    columns, rowid_column = table_columns(values[4])
    if root > 1 and values[1]:
        tables[root] = Table(values[1], columns, rowid_column)


_CONSTRAINTS = frozenset({"constraint", "primary", "unique", "check", "foreign"})
_IDENT = re.compile(r'\s*("(?:[^"]|"")*"|\[[^\]]*\]|`(?:[^`]|``)*`|\'(?:[^\']|\'\')*\'|[^\s,()]+)')


def table_columns(sql: str) -> tuple[list[str], int | None]:
    """The column names of a ``CREATE TABLE`` statement (read as text, never run) and the
    place of its ``INTEGER PRIMARY KEY`` column (which holds the rowid), if any."""
    open_at = sql.find("(")
    if open_at < 0:
        return [], None
    body = sql[open_at + 1 :]
    defs: list[str] = []
    depth = 0
    current: list[str] = []
    quote = ""
    for ch in body:
        if quote:
            current.append(ch)
            if ch == quote:
                quote = ""
            continue
        if ch in "\"'`[":
            quote = "]" if ch == "[" else ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                break
            depth -= 1
        elif ch == "," and depth == 0:
            defs.append("".join(current))
            current = []
            continue
        current.append(ch)
    defs.append("".join(current))
    rowless = bool(re.search(r"\)\s*WITHOUT\s+ROWID", sql, re.I))
    columns: list[str] = []
    rowid_column: int | None = None
    for definition in defs:
        match = _IDENT.match(definition)
        if not match or match[1].lower() in _CONSTRAINTS:
            continue
        name = match[1]
        if name[0] in "\"'`[":
            name = name[1:-1].replace(name[0] * 2, name[0]) if name[0] != "[" else name[1:-1]
        rest = definition[match.end() :]
        if (
            not rowless
            and rowid_column is None
            and re.match(
                r"\s*INTEGER\s+(?:CONSTRAINT\s+\S+\s+)?PRIMARY\s+KEY(?!\s+DESC)", rest, re.I
            )
        ):
            rowid_column = len(columns)
        columns.append(name)
    return columns, rowid_column
