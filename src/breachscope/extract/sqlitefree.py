"""Deleted rows of a SQLite database, read from the space SQLite freed but did not wipe
(``secure_delete`` is off by default): the parts ``deleted/<table>`` (or ``deleted``
where the table is not known), read beside the live tables by
:mod:`breachscope.extract.sqlite`.

A table b-tree leaf page (SQLite's file format, 1.6) holds its rows as cells from its
end; a ``DELETE`` takes a cell's pointer away and frees its bytes: they join the page's
chain of freeblocks (a freeblock's first 4 bytes, its next freeblock's offset and its
size, overwrite the cell's first 4: its payload size, its rowid and the start of its
record header), or, where the cell lay at the start of the content area, the page's
unallocated space (left whole). A ``DROP TABLE`` puts the table's pages on the freelist
(a trunk page's first 8 bytes, and 4 a leaf it lists, overwritten; a leaf page left
whole) and frees its row in ``sqlite_master`` on page 1 as above.

Read here, bounded by the pages the file holds (never a page twice):

* the freeblocks and unallocated space of every live table leaf page (the page's table
  found by walking each table's b-tree from its root page), and of page 1;
* every freelist page: a leaf page's cells by its cell pointers, then its free space
  as above; a trunk page's cells (their pointers overwritten by its list) searched for
  after its list, byte by byte.

A cell whose first 4 bytes are overwritten is recovered as forensic carvers do
(FQLite, Bring2lite): the payload size and rowid take 2 to 4 bytes, the record header's
length 1; where the first serial type is lost too it is taken as the table's rowid
column's NULL (its ``INTEGER PRIMARY KEY``), else as the text or integer of the width
that makes the cell end where the free space does; the serial types read then must give
values that fit and decode as text, some text among them, and with a table of unknown
width the cell must end exactly there. Of the hypotheses that hold, the one whose
header length is there to check, whose cell ends where the free space does (or where
another cell starts) is taken. A
whole cell is read as it stands (payload size, rowid, record), checked the same way.
What needs no value decoded is checked first (serial types not reserved, their widths
against the payload or the free space, some text), and a carved cell's serial types are
read once for all the column counts tried: most places searched fail before a value is
decoded, and a database with nothing deleted costs a walk over its pages' headers.
A dropped table is named, and its columns, by its ``CREATE TABLE`` in a freed
``sqlite_master`` row whose root page is the free page's root. Values as
:mod:`breachscope.extract.sqlitewal` reads them; overflow pages are not followed (a
long value is cut where its page ends). Columns ``page``, ``rowid`` (empty where it was
overwritten), then the table's columns (``c0``... where not known).
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from breachscope.extract.base import Note
from breachscope.extract.chunking import RowChunker
from breachscope.extract.sqlitewal import Damaged, table_columns, varint
from breachscope.extract.typedstream import message_text
from breachscope.extract.units import TableUnit
from breachscope.location import Location

LEAF_TABLE = 0x0D
INTERIOR_TABLE = 0x05
MAX_COLUMNS = 64
"""Most columns a record of a table of unknown width is tried with."""
MAX_DEPTH = 32
MAX_TRIES = 2_000_000
"""Most places in free space a cell is tried at (unallocated space is searched byte by
byte)."""
_INT_TYPES = {1: 1, 2: 2, 3: 3, 4: 4, 6: 5, 8: 6}
"""A width in bytes and the integer serial type of that width."""
_NONZERO = re.compile(rb"[^\x00]")
_WIDTHS = (0, 1, 2, 3, 4, 6, 8, 8, 0, 0, -1, -1)
"""The bytes a value of each serial type below 12 takes (-1: reserved)."""


@dataclass(slots=True)
class Table:
    """A table's name, columns and the place of its rowid column (None: none)."""

    name: str
    columns: list[str]
    rowid_column: int | None


@dataclass(slots=True)
class Found:
    """A deleted row: its page, rowid (None where overwritten) and values."""

    page: int
    rowid: int | None
    values: list[str | None]


@dataclass(slots=True)
class Database:
    """A database file's bytes and its header's settings."""

    data: bytes
    page_size: int
    usable: int
    encoding: str
    pages: int
    tables: dict[int, Table] = field(default_factory=dict)
    """Live and dropped tables by root page."""
    owner: dict[int, int] = field(default_factory=dict)
    """The root page of each table page found."""
    budget: int = MAX_TRIES
    """Places left to try a cell at."""
    dropped: list[Table] = field(default_factory=list)
    """The dropped tables whose ``CREATE TABLE`` was found."""


def open_database(data: bytes) -> Database:
    """The header's page size, usable size and text encoding."""
    size = struct.unpack_from(">H", data, 16)[0]
    size = 65536 if size == 1 else size
    if size < 512 or size & (size - 1):
        raise Damaged("bad page size")
    usable = size - data[20]
    encoding = {2: "utf-16-le", 3: "utf-16-be"}.get(struct.unpack_from(">I", data, 56)[0], "utf-8")
    return Database(data, size, usable, encoding, len(data) // size)


def width(kind: int) -> int:
    """The bytes a value of serial type ``kind`` takes (-1: a reserved type)."""
    if kind >= 12:
        return (kind - 12) // 2
    return _WIDTHS[kind]


def value_text(kind: int, raw: bytes, encoding: str) -> str | None:
    """A value as text; :class:`Damaged` where a TEXT does not decode as text (so a
    guess that reads bytes as the wrong columns fails)."""
    if kind == 0:
        return None
    if 1 <= kind <= 6:
        return str(int.from_bytes(raw, "big", signed=True))
    if kind == 7:
        number = struct.unpack(">d", raw)[0]
        if number != number or abs(number) > 1e300:
            raise Damaged("not a number")
        return str(number)
    if kind in (8, 9):
        return str(kind - 8)
    if kind % 2:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            raise Damaged("text that does not decode") from None
        if not text.isprintable() and any(not c.isprintable() and c not in "\t\r\n" for c in text):
            raise Damaged("text with control characters")
        return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return message_text(raw)


def values_of(
    data: bytes, types: list[int], at: int, end: int, encoding: str
) -> tuple[list[str | None], int]:
    """The values of ``types`` from ``at``, and where they end (past ``end``: Damaged)."""
    values: list[str | None] = []
    for kind in types:
        size = (kind - 12) >> 1 if kind >= 12 else _WIDTHS[kind]
        if size < 0:
            raise Damaged("a reserved serial type")
        if at + size > end:
            raise Damaged("values past the free space")
        values.append(value_text(kind, data[at : at + size], encoding))
        at += size
    return values, at


def whole_cell(db: Database, pos: int, end: int) -> tuple[int, list[str | None], int]:
    """A cell as it stands at ``pos``: its rowid, values and end (a payload that spills
    to overflow pages read as far as its page holds it). The checks that need no value
    decoded (the header's serial types, their widths against the payload, something
    besides NULLs) come first: most places unallocated space is searched at fail them."""
    data = db.data
    if pos + 1 < end and data[pos] < 0x80 and data[pos + 1] < 0x80:  # (most places)
        size, rowid, at = data[pos], data[pos + 1], pos + 2
    else:
        size, at = varint(data, pos, end)
        rowid, at = varint(data, at, end)
    most = db.usable - 35
    local = size
    if size > most:
        least = (db.usable - 12) * 32 // 255 - 23
        local = least + (size - least) % (db.usable - 4)
        local = least if local > most else local
    if size < 2 or at + local > end:
        raise Damaged("payload past the free space")
    if at < end and data[at] < 0x80:
        length, head = data[at], at + 1
    else:
        length, head = varint(data, at, end)
    if not 1 < length <= size or length > MAX_COLUMNS * 9 + 9:
        raise Damaged("record header")
    header_end = at + length
    room = local - length if size == local else -1  # (the values' bytes, all on the page)
    types = []
    total = 0
    while head < header_end:
        kind = data[head]
        if kind < 0x80:
            head += 1
        else:
            kind, head = varint(data, head, header_end)
        size_of = (kind - 12) >> 1 if kind >= 12 else _WIDTHS[kind]
        if room >= 0:  # (a cut payload's types are read as far as its page holds them)
            if size_of < 0:
                raise Damaged("a reserved serial type")
            total += size_of
            if total > room:
                raise Damaged("values past the payload")
        types.append(kind)
    if head != header_end or not types or total < room:
        raise Damaged("record header")
    _plausible(types)
    limit = at + local
    if room >= 0:
        values, _ = values_of(data, types, header_end, limit, db.encoding)
    else:
        values = _cut_values(db, types, header_end, limit)
        limit += 4
    return (rowid - (1 << 64) if rowid >= 1 << 63 else rowid), values, limit


def _cut_values(db: Database, types: list[int], at: int, end: int) -> list[str | None]:
    """The values that fit before ``end`` (a payload whose rest is on overflow pages);
    the one cut there its part on the page."""
    values: list[str | None] = []
    for kind in types:
        size = width(kind)
        if size < 0:
            raise Damaged("a reserved serial type")
        raw = db.data[at : min(at + size, end)]
        if len(raw) < size and kind < 12:
            break
        if len(raw) < size:
            values.append(raw.decode(db.encoding, errors="ignore") if kind % 2 else None)
            break
        values.append(value_text(kind, raw, db.encoding))
        at += size
    return values


def _plausible(types: list[int]) -> None:
    """A record that holds something: not only NULLs and small integers."""
    if not any(kind >= 12 or 1 <= kind <= 7 for kind in types):
        raise Damaged("an empty record")


def carved_cell(
    db: Database, pos: int, end: int, table: Table | None
) -> tuple[list[str | None], int]:
    """A cell at ``pos`` whose first 4 bytes a freeblock overwrote: its values and end
    (the hypotheses in the module's docstring, the first that holds)."""
    best: tuple[int, list[str | None], int] | None = None
    for start in (2, 3, 4):  # the bytes of its payload size and rowid
        try:
            values, stop = _carve(db, pos, end, table, start)
        except Damaged:
            continue
        score = 4 if start == 4 else 0  # (its header's length checked)
        if end - stop <= 3:
            score += 4
        elif _parses(db, stop, end, table):
            score += 2
        if any(v and v[:1] in ("\r", "\n", "\t") for v in values):
            score -= 1  # (a text that opens with a line break: a byte of the header)
        if best is None or score > best[0]:
            best = (score, values, stop)
    if best is None:
        raise Damaged("no record found")
    return best[1], best[2]


def _parses(db: Database, pos: int, end: int, table: Table | None) -> bool:
    """Whether a cell, whole or carved, parses at ``pos`` (a carved cell's end is
    another's start)."""
    try:
        whole_cell(db, pos, end)
        return True
    except Damaged:
        pass
    for start in (2, 3, 4):
        try:
            _carve(db, pos, end, table, start)
            return True
        except Damaged:
            continue
    return False


def _carve(
    db: Database, pos: int, end: int, table: Table | None, start: int
) -> tuple[list[str | None], int]:
    """:func:`carved_cell` with the record header at ``pos + start``: each column count
    tried (a table's, else 2 to :data:`MAX_COLUMNS`) reads the serial types the one
    before it read and one more, read once; a count whose types cannot fill the free space
    the way :func:`_carve_at` needs is left before any value is decoded."""
    data = db.data
    first = pos + start + 1  # the first serial type, after the header's length
    lost = first < pos + 4
    widths = [len(table.columns)] if table else range(2, MAX_COLUMNS + 1)
    head = pos + 4 if lost else first
    types: list[int] = []
    total = 0  # the bytes the values of ``types`` take
    text_at = -1  # the place of the first text among ``types`` (-1: none)
    for count in widths:
        while len(types) < count - lost:
            if head < end and data[head] < 0x80:
                kind = data[head]
                head += 1
            else:
                try:
                    kind, head = varint(data, head, end)
                except Damaged:
                    raise Damaged("no record found") from None  # (nor with more columns)
            size = (kind - 12) >> 1 if kind >= 12 else _WIDTHS[kind]
            if size < 0:
                raise Damaged("no record found")  # a reserved serial type (in every count)
            if text_at < 0 and kind >= 15 and kind % 2:
                text_at = len(types)
            types.append(kind)
            total += size
        left = end - head - total
        if left < 0:
            break  # past the free space (and more columns take more)
        if start == 4 and data[pos + start] != head - (pos + start):
            continue  # the header's length (the one hypothesis where it is whole)
        found = _carve_at(db, types, head, end, left, table, text_at >= 0, lost)
        if found is not None:
            return found
    raise Damaged("no record found")


def _carve_at(
    db: Database,
    types: list[int],
    head: int,
    end: int,
    left: int,
    table: Table | None,
    has_text: bool,
    lost: bool,
) -> tuple[list[str | None], int] | None:
    """The record of serial types ``types`` (after the lost first one's guesses) whose
    values start at ``head``, ``left`` bytes before ``end`` unclaimed: it must hold some
    text, fill the space where the table is not known, and decode (None: it does not)."""
    for guess in _first_types(table, left) if lost else [None]:
        kinds = types if guess is None else [guess, *types]
        if not has_text and not (guess is not None and guess >= 15 and guess % 2):
            continue  # a carved record must hold some text
        stop = end - left + (0 if guess is None else width(guess))
        if table is None and end - stop > 3:
            continue  # an unknown width must fill its space
        try:
            values, _ = values_of(db.data, kinds, head, end, db.encoding)
        except Damaged:
            continue
        return values, stop
    return None


def _first_types(table: Table | None, left: int) -> list[int]:
    """The overwritten first serial type's candidates: the rowid column's NULL; else a
    text, or the integer, of the width that makes the cell end where the free space
    does (NULL where nothing is left)."""
    if (table is not None and table.rowid_column == 0) or left == 0:
        return [0]
    kinds = [13 + 2 * left]
    if left in _INT_TYPES:
        kinds.append(_INT_TYPES[left])
    return [*kinds, 0]


def free_space(db: Database, page: int, start: int) -> Iterator[tuple[int, int, bool]]:
    """The free ranges of a table leaf page (``start`` its header's place): each
    freeblock (``damaged``: its first cell's head overwritten) and the unallocated
    space between the cell pointers and the cell content."""
    data, base = db.data, (page - 1) * db.page_size
    cells, content = struct.unpack_from(">HH", data, base + start + 3)
    content = 65536 if content == 0 else content
    pointers_end = start + 8 + 2 * cells
    if pointers_end < content <= db.usable:
        yield base + pointers_end, base + content, False
    block = struct.unpack_from(">H", data, base + start + 1)[0]
    seen: set[int] = set()
    while block and block not in seen and pointers_end <= block <= db.usable - 4:
        seen.add(block)
        following, size = struct.unpack_from(">HH", data, base + block)
        if size >= 4 and block + size <= db.usable:
            yield base + block, base + block + size, True
        block = following


def read_range(
    db: Database, page: int, pos: int, end: int, damaged: bool, table: Table | None
) -> Iterator[Found]:
    """The cells in a free range: a freeblock's (``damaged``) one after another, the
    first carved, each after it whole, else carved, up to one that is neither; in
    unallocated space, :func:`_search`."""
    if not damaged:
        yield from _search(db, page, pos, end, table)
        return
    while pos + 4 < end and db.budget > 0:
        db.budget -= 1
        found, stop = _cell_at(db, page, pos, end, damaged, True, table)
        if found is None:
            return
        damaged = False
        yield found
        pos = max(stop, pos + 1)


def _search(db: Database, page: int, pos: int, end: int, table: Table | None) -> list[Found]:
    """The cells of unallocated space (or of a trunk page, its pointers overwritten):
    every place a whole cell, or a freeblock's carved cells, parse at (within
    :attr:`Database.budget` tries), kept where they run on to the end of the space one
    after another (cells lie end to end up to the content area, a few bytes of a
    fragment between two allowed); a parse that starts inside another's bytes, or that
    leads nowhere, is left."""
    ends: dict[int, tuple[int, list[Found]]] = {}
    at = pos
    while at + 4 < end and db.budget > 0:
        db.budget -= 1
        found, stop = _cell_at(db, page, at, end, False, False, table)
        if found is not None:
            ends.setdefault(stop, (at, [found]))
        else:
            block = _stale_block(db, page, at, end)
            carved = [] if block is None else list(read_range(db, page, at, block, True, table))
            if block is not None and carved:  # a freeblock the content area has passed
                ends.setdefault(block, (at, carved))
        m = _NONZERO.search(db.data, at + 1, end)
        if m is None:
            break
        at = max(at + 1, m.start() - 3)  # (a freeblock's header may open with zeros)
    chain: list[Found] = []
    cursor = end
    while True:
        link = next((ends[cursor - k] for k in range(4) if cursor - k in ends), None)
        if link is None or link[0] >= cursor:
            break
        chain[:0] = link[1]
        cursor = link[0]
    return chain


def _stale_block(db: Database, page: int, pos: int, end: int) -> int | None:
    """Where a freeblock at ``pos`` in unallocated space ends, where its header (the
    next freeblock's offset, 0 or further on the page; its size, at least 4, within the
    space) says it is one; else None."""
    following, size = struct.unpack_from(">HH", db.data, pos)
    place = pos - (page - 1) * db.page_size
    if not 4 <= size <= end - pos or (following and not place < following <= db.usable - 4):
        return None
    return pos + int(size)


def _cell_at(
    db: Database, page: int, pos: int, end: int, damaged: bool, in_block: bool, table: Table | None
) -> tuple[Found | None, int]:
    """The cell at ``pos`` (None: none is), and where it ends."""
    if not damaged:
        try:
            rowid, values, stop = whole_cell(db, pos, end)
            return _with_rowid(Found(page, rowid, values), table), stop
        except Damaged:
            if not in_block:
                return None, pos
    try:
        values, stop = carved_cell(db, pos, end, table)
    except Damaged:
        return None, pos
    return Found(page, None, values), stop


def _with_rowid(found: Found, table: Table | None) -> Found:
    """The row with its rowid in the table's ``INTEGER PRIMARY KEY`` column (stored as
    NULL: the rowid is its value)."""
    place = table.rowid_column if table is not None else None
    if place is not None and found.rowid is not None and place < len(found.values):
        found.values[place] = found.values[place] or str(found.rowid)
    return found


def freelist(db: Database) -> dict[int, int]:
    """The freelist's pages: a trunk page's count of listed leaves, a leaf's -1."""
    pages: dict[int, int] = {}
    trunk = struct.unpack_from(">I", db.data, 32)[0]
    while 1 < trunk <= db.pages and trunk not in pages:
        base = (trunk - 1) * db.page_size
        following, count = struct.unpack_from(">II", db.data, base)
        count = min(count, (db.usable - 8) // 4)
        pages[trunk] = count
        for i in range(count):
            leaf = struct.unpack_from(">I", db.data, base + 8 + 4 * i)[0]
            if 1 < leaf <= db.pages:
                pages.setdefault(leaf, -1)
        trunk = following
    return pages


def map_tables(db: Database, roots: dict[int, Table], tree: int | None = None) -> None:
    """Each live table's pages (its b-tree walked from its root) and the tables; with
    ``tree``, the pages under that free interior page (a dropped table's)."""
    db.tables.update(roots)
    for root in roots if tree is None else [tree]:
        todo = [(root, 0)]
        while todo:
            page, depth = todo.pop()
            if not 1 <= page <= db.pages or page in db.owner or depth > MAX_DEPTH:
                continue
            db.owner[page] = root
            base = (page - 1) * db.page_size
            start = base + (100 if page == 1 else 0)
            if db.data[start] != INTERIOR_TABLE:
                continue
            cells = struct.unpack_from(">H", db.data, start + 3)[0]
            todo.append((struct.unpack_from(">I", db.data, start + 8)[0], depth + 1))
            for i in range(min(cells, (db.page_size - 12) // 2)):
                at = struct.unpack_from(">H", db.data, start + 12 + 2 * i)[0]
                if at + 4 <= db.page_size:
                    todo.append((struct.unpack_from(">I", db.data, base + at)[0], depth + 1))


MASTER = Table("sqlite_master", ["type", "name", "tbl_name", "rootpage", "sql"], None)


def deleted_rows(db: Database) -> Iterator[tuple[Table | None, Found]]:
    """Every deleted row found, with its table where known: page 1's and the live
    tables' free space first (a dropped table's ``CREATE TABLE`` is among them), then
    the freelist's pages."""
    free = freelist(db)
    for page in range(1, db.pages + 1):
        if page in free:
            continue
        start = 100 if page == 1 else 0
        if db.data[(page - 1) * db.page_size + start] != LEAF_TABLE:
            continue
        table = MASTER if page == 1 else db.tables.get(db.owner.get(page, -1))
        for pos, end, damaged in free_space(db, page, start):
            for found in read_range(db, page, pos, end, damaged, table):
                if table is MASTER:
                    _dropped(db, found.values, free)
                yield table, found
    for page in sorted(free):
        if free[page] < 0 and db.data[(page - 1) * db.page_size] == INTERIOR_TABLE:
            map_tables(db, {page: db.tables[page]} if page in db.tables else {}, page)
    for page in sorted(free):
        for table, found in _free_page(db, page, free):
            yield table or _by_width(db, found), found


def _by_width(db: Database, found: Found) -> Table | None:
    """The one dropped table as wide as a row of a free page not known to be its (its
    root page's header overwritten by the freelist), if there is one."""
    tables = [t for t in db.dropped if len(t.columns) == len(found.values)]
    if len(tables) != 1:
        return None
    _with_rowid(found, tables[0])
    return tables[0]


def _dropped(db: Database, values: list[str | None], free: dict[int, int]) -> None:
    """A freed ``sqlite_master`` row of a table whose root page is now free: its name and
    columns for that page."""
    if len(values) < 5 or values[0] != "table" or not values[1] or not values[4]:
        return
    try:
        root = int(values[3] or "")
    except ValueError:
        return
    if root in free and root not in db.tables:
        columns, rowid_column = table_columns(values[4])
        if columns:
            db.tables[root] = Table(values[1], columns, rowid_column)
            db.dropped.append(db.tables[root])


def _free_page(
    db: Database, page: int, free: dict[int, int]
) -> Iterator[tuple[Table | None, Found]]:
    """A freelist page's cells: by its cell pointers (a trunk's after its list), then,
    where its header is whole, its free space."""
    base = (page - 1) * db.page_size
    data = db.data
    table = db.tables.get(db.owner.get(page, page))
    listed = free[page]
    if listed >= 0:  # a trunk: its cell pointers overwritten, its cells searched for
        pos = base + 8 + 4 * listed
        for found in read_range(db, page, pos, base + db.usable, False, table):
            yield table, found
        return
    if data[base] != LEAF_TABLE:
        return
    cells = struct.unpack_from(">H", data, base + 3)[0]
    for at in range(base + 8, min(base + 8 + 2 * cells, base + db.usable), 2):
        cell = struct.unpack_from(">H", data, at)[0]
        if not at - base + 2 <= cell < db.usable:
            break
        try:
            rowid, values, _ = whole_cell(db, base + cell, base + db.usable)
        except Damaged:
            break
        yield table, _with_rowid(Found(page, rowid, values), table)
    for pos, end, damaged in free_space(db, page, 0):
        for found in read_range(db, page, pos, end, damaged, table):
            yield table, found


def deleted_units(
    data: bytes, schema: Iterable[tuple[str, int, str]], path: str, rows_per_unit: int
) -> Iterator[TableUnit | Note]:
    """The deleted rows of the database ``data`` whose live tables ``schema`` lists
    (``name, rootpage, sql``), a part ``deleted/<table>`` per table (``deleted`` where
    not known), columns ``page``, ``rowid`` and the table's; :class:`Damaged` where the
    header is not a database's."""
    db = open_database(data)
    roots: dict[int, Table] = {}
    for name, root, sql in schema:
        columns, rowid_column = table_columns(sql or "")
        if isinstance(root, int) and root > 1 and columns:
            roots[root] = Table(name, columns, rowid_column)
    map_tables(db, roots)
    chunkers: dict[str, RowChunker] = {}
    counts: dict[str, int] = {}
    for table, found in deleted_rows(db):
        part = f"deleted/{table.name}" if table else "deleted"
        chunker = chunkers.get(part)
        if chunker is None:
            header = ["page", "rowid", *(table.columns if table else [])]
            chunker = chunkers[part] = RowChunker(Location(path, part=part), header, rows_per_unit)
        if table is None and len(chunker.header) < 2 + len(found.values):
            chunker.header.extend(
                f"c{i}" for i in range(len(chunker.header) - 2, len(found.values))
            )
        counts[part] = counts.get(part, 0) + 1
        rowid = None if found.rowid is None else str(found.rowid)
        yield from chunker.add(counts[part], [str(found.page), rowid, *found.values])
    for chunker in chunkers.values():
        yield from chunker.flush()
    if db.budget <= 0:
        yield Note(
            Location(path, part="deleted"), f"free space searched at {MAX_TRIES} places only"
        )
