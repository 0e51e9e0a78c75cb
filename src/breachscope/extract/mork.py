"""Mork databases (Thunderbird's and old Mozilla's address books, ``abook.mab`` and
``history.mab``; a mail folder's summary, ``.msf``): each row a record, its columns by
name, a table per Mork table.

Mork 1.4 (Mozilla's ``morkParser``; described by the mork-converter project's notes and
its lexer, and Mozilla's "Mork Structure") is text after its magic comment ``// <!--
<mdb:mork:z v="1.4"/> -->``. Its items: dictionaries ``< <(a=c)> (80=FirstName)... >``
that give hexadecimal ids to column names (scope ``c``, in the meta-dictionary) or to
values (scope ``a``, the default); tables ``{1:^80 {(k^BF:c)(s=9)} [1(^80=Jan)(^81^8A)]
... }`` (an id and a scope, a meta-table, then rows, or row ids naming rows seen before);
rows ``[id(column=value)(^col^value)...]`` inside or outside a table; and groups, ``@$${n{@
... @$$}n}@`` (a transaction: its items count) or ``@$$}~abort~n}@`` (they do not). A
cell's column and value are text or ``^`` and an id in a dictionary. A value escapes
``)``, ``\\`` and ``$`` with a backslash, continues over a line end after a backslash, and
writes a byte that is no printable ASCII as ``$`` and two hex digits (UTF-8, Thunderbird's;
cp1252 where that fails). Comments (``//`` to the line's end, ``/* */``) are skipped.

A row seen again replaces the cells it names (``[-1...]``: all of them); ``{-1...}`` empties
its table first, ``-`` before a row or a row id takes it out of the table. Rows are read
into memory (updates may come at the end), at most :data:`MAX_ROWS`; then each table's
rows are records in the part named by its id and scope (``1:ns:addrbk:db:row:scope:card:all``),
``row`` = the row's 1-based place in its table, and rows no table holds in part ``rows``.
The file is read whole, up to ``Config.batch_bytes``; what does not parse ends the
reading with a note, the rows read before it kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.otherpeople import PeopleChunker
from breachscope.location import Location

MAGIC = re.compile(r"//\s*<!--\s*<mdb:mork:z\s+v=\"(\d+\.\d+)\"\s*/>\s*-->")
"""The magic comment that opens a Mork file, and its version."""
MAX_ROWS = 1_000_000
"""Most rows held in memory (a file of more is read up to them, with a note)."""
ORPHANS = "rows"
"""The part of the rows no table holds."""
_HEX = re.compile(r"[0-9A-Fa-f]{1,16}")
_PLAIN = re.compile(r"[^)\\$]+")
"""A run of a value's characters that are no escape and no end."""
_NAME = re.compile(r"[^\s()=^:\[\]{}<>]+")
_SPACE = re.compile(r"(?:\s+|//[^\r\n]*|/\*.*?\*/|\\\r?\n)+", re.S)
_SPACE_STARTS = frozenset(" \t\r\n\f\v/\\")
_GROUP = re.compile(r"@\$\$\{([0-9A-Fa-f]{1,16})\{@")
_GROUP_END = re.compile(r"@\$\$\}(~abort~)?([0-9A-Fa-f]{1,16})\}@")


class MorkError(ValueError):
    """What does not parse, and where (the message names a place, never a value)."""


@dataclass
class Row:
    """A row: its cells by column name, in the order they came."""

    cells: dict[str, str] = field(default_factory=dict)


@dataclass
class Table:
    """A table: the keys of its rows, in their order."""

    name: str
    rows: dict[tuple[str, str], None] = field(default_factory=dict)


class Parser:
    """One Mork file's text (its bytes as Latin-1, one character a byte)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.dicts: dict[str, dict[str, str]] = {"a": {}, "c": {}}
        self.rows: dict[tuple[str, str], Row] = {}
        self.tables: dict[tuple[str, str], Table] = {}

    # -- reading --------------------------------------------------------------

    def fail(self, what: str) -> MorkError:
        return MorkError(f"{what} at byte {self.pos}")

    def skip(self) -> None:
        """White space, comments and line continuations."""
        if self.text[self.pos : self.pos + 1] not in _SPACE_STARTS:
            return  # (the usual case: the next item's character)
        found = _SPACE.match(self.text, self.pos)
        if found:
            self.pos = found.end()

    def peek(self) -> str:
        self.skip()
        return self.text[self.pos : self.pos + 1]

    def take(self, char: str) -> None:
        if self.peek() != char:
            raise self.fail(f"'{char}' expected")
        self.pos += 1

    def hex_id(self) -> str:
        self.skip()
        found = _HEX.match(self.text, self.pos)
        if not found:
            raise self.fail("an id expected")
        self.pos = found.end()
        return found[0].upper()

    def name(self, scope: str) -> str:
        """A column or scope: ``^`` and an id in dictionary ``scope``, or its text."""
        if self.peek() == "^":
            self.pos += 1
            key = self.hex_id()
            if self.text.startswith(":", self.pos):  # (an explicit scope, the usual one)
                self.pos += 1
                self.name("c")
            return self.dicts.get(scope, {}).get(key, f"^{key}")
        found = _NAME.match(self.text, self.pos)
        if not found:
            raise self.fail("a name expected")
        self.pos = found.end()
        return found[0]

    def oid(self, default: str) -> tuple[str, str]:
        """An object's id and scope (``1:^80``; its table's scope where it names none)."""
        key = self.hex_id()
        if self.text.startswith(":", self.pos):
            self.pos += 1
            return self.name("c"), key
        return default, key

    def literal(self) -> str:
        """A value after ``=``, to its unescaped ``)`` (taken): escapes undone, ``$XX``
        bytes read as UTF-8 (else cp1252)."""
        out = bytearray()
        text, pos, end = self.text, self.pos, len(self.text)
        while pos < end:
            run = _PLAIN.match(text, pos)
            if run:
                out += run[0].encode("latin-1")
                pos = run.end()
                continue
            char = text[pos]
            if char == ")":
                self.pos = pos + 1
                return _decoded(bytes(out))
            if char == "\\" and pos + 1 < end:
                following = text[pos + 1]
                if following in "\r\n":
                    pos += 3 if text.startswith("\r\n", pos + 1) else 2
                    continue
                out += following.encode("latin-1")
                pos += 2
                continue
            if char == "$" and _HEX.fullmatch(text, pos + 1, pos + 3):
                out.append(int(text[pos + 1 : pos + 3], 16))
                pos += 3
                continue
            out += char.encode("latin-1")
            pos += 1
        self.pos = end
        raise self.fail("a value not closed")

    def cell(self) -> tuple[str, str | None]:
        """``(column=value)`` or ``(column^id)`` (None: an id no dictionary holds); ``(``
        taken."""
        column = self.name("c")
        if self.peek() == "=":
            self.pos += 1
            return column, self.literal()
        if self.peek() != "^":
            raise self.fail("'=' or '^' expected in a cell")
        self.pos += 1
        key = self.hex_id()
        scope = "a"
        if self.text.startswith(":", self.pos):
            self.pos += 1
            scope = self.name("c")
        value = self.dicts.get(scope, {}).get(key)
        self.take(")")
        return column, value

    # -- items ----------------------------------------------------------------

    def parse(self) -> None:
        """Every item to the file's end (a :class:`MorkError` at one that does not parse)."""
        while True:
            char = self.peek()
            if not char:
                return
            self.pos += 1
            if char == "<":
                self.dictionary()
            elif char == "{":
                self.table()
            elif char == "[":
                self.row(None, "")
            elif char == "@":
                self.group()
            else:
                self.pos -= 1
                raise self.fail("an item expected")

    def group(self) -> None:
        """A group's start (an aborted group passed over whole) or its end; ``@`` taken."""
        start = self.pos - 1
        opened = _GROUP.match(self.text, start)
        if opened:
            self.pos = opened.end()
            close = _GROUP_END.search(self.text, self.pos)
            if close and close[1]:
                self.pos = close.end()  # (aborted: its items do not count)
            return
        closed = _GROUP_END.match(self.text, start)
        if not closed:
            raise self.fail("a group marker expected")
        self.pos = closed.end()

    def dictionary(self) -> None:
        """``<`` taken: an optional meta-dictionary, then ``(id=value)`` aliases."""
        scope = "a"
        if self.peek() == "<":
            self.pos += 1
            while self.peek() == "(":
                self.pos += 1
                column, value = self.cell()
                if column == "a" and value is not None:
                    scope = value
            self.take(">")
        aliases = self.dicts.setdefault(scope, {})
        while self.peek() == "(":
            self.pos += 1
            key = self.hex_id()
            self.take("=")
            aliases[key] = self.literal()
        self.take(">")

    def table(self) -> None:
        """``{`` taken: its id, an optional meta-table, its rows and row ids."""
        cut = self.peek() == "-"
        if cut:
            self.pos += 1
        scope, key = self.oid("")
        table = self.tables.get((scope, key))
        if table is None:
            table = self.tables[(scope, key)] = Table(f"{key}:{scope}" if scope else key)
        if cut:
            table.rows.clear()
        while True:
            char = self.peek()
            if char == "}":
                self.pos += 1
                return
            if char == "{":
                self.pos += 1
                self.meta("}")
            elif char == "[":
                self.pos += 1
                table.rows[self.row(table, scope)] = None
            elif char == "-":
                self.pos += 1
                if self.peek() == "[":
                    self.pos += 1
                    gone = self.row(None, scope)
                else:
                    gone = self.oid(scope)
                table.rows.pop(gone, None)
            elif char == "@":
                self.pos += 1
                self.group()
            elif _HEX.match(char or " "):
                found = self.oid(scope)
                self.rows.setdefault(found, Row())
                table.rows[found] = None
            else:
                raise self.fail("a row expected in a table")

    def meta(self, close: str) -> None:
        """A meta-table's or a meta-row's cells (read and let go); its opening taken."""
        while self.peek() == "(":
            self.pos += 1
            self.cell()
        self.take(close)

    def row(self, table: Table | None, scope: str) -> tuple[str, str]:
        """``[`` taken: a row's id and cells, read into the row it names (``[-``: its
        cells replaced); its key."""
        cut = self.peek() == "-"
        if cut:
            self.pos += 1
        key = self.oid(scope)
        if table is None and not scope and key not in self.rows:
            key = next((k for k in self.rows if k[1] == key[1]), key)  # (an update)
        row = self.rows.get(key)
        if row is None:
            if len(self.rows) >= MAX_ROWS:
                raise self.fail(f"more than {MAX_ROWS} rows")
            row = self.rows[key] = Row()
        if cut:
            row.cells.clear()
        while True:
            char = self.peek()
            if char == "]":
                self.pos += 1
                return key
            if char == "(":
                self.pos += 1
                column, value = self.cell()
                row.cells.pop(column, None)
                if value is not None:
                    row.cells[column] = value
            elif char == "[":
                self.pos += 1
                self.meta("]")
            else:
                raise self.fail("a cell expected in a row")


def _decoded(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


class MorkExtractor(Extractor):
    """Mork address books and summary files as tables of records."""

    id: ClassVar[str] = "mork"
    types: ClassVar[frozenset[str]] = frozenset({"mork"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        data = source.read_document(config.batch_bytes, "Mork file")
        text = data.decode("latin-1")
        magic = MAGIC.match(text.lstrip("\ufeff\xef\xbb\xbf \t\r\n"))
        if not magic:
            raise ExtractError("not a Mork file (no '<mdb:mork:z' magic comment)")
        parser = Parser(text)
        parser.pos = text.index("-->") + 3
        try:
            parser.parse()
        except MorkError as exc:
            if not any(row.cells for row in parser.rows.values()):
                raise ExtractError(f"unreadable Mork file ({exc})") from None
            yield Note(Location(source.path), f"Mork file read up to an error ({exc})")
        yield from _units(source.path, parser, config)


def _units(path: str, parser: Parser, config: Config) -> Iterator[Extracted]:
    """Each table's rows in its part, then the rows no table holds."""
    held: set[tuple[str, str]] = set()
    limit = config.max_table_rows_per_unit
    for table in parser.tables.values():
        chunker = PeopleChunker(Location(path, table.name), limit)
        for place, key in enumerate(table.rows, 1):
            held.add(key)
            row = parser.rows.get(key)
            if row is not None:
                yield from chunker.add(place, dict(row.cells))
        yield from chunker.flush()
    chunker = PeopleChunker(Location(path, ORPHANS), limit)
    place = 0
    for key, row in parser.rows.items():
        if key not in held:
            place += 1
            yield from chunker.add(place, dict(row.cells))
    yield from chunker.flush()
