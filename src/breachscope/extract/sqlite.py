"""SQLite databases (an application's local store: a portal's, a LIMS client's cache):
each table's rows, ``part`` = table name, ``row`` = 1-based position in rowid order,
columns by name, as a SQL dump's tables are read (:mod:`.sql`).

The file is copied into an in-memory database (``sqlite3`` ``deserialize``, up to
``Config.batch_bytes``) and read only: nothing is written next to it, no extension can be
loaded, and views are not queried (they are SQL the database brings). A table that cannot
be read (a virtual table whose module SQLite lacks, damaged pages) gets a :class:`Note`.
Numbers keep their SQL text, text its characters; a BLOB is read as text when it is UTF-8
(a BLOB of bytes is no value of ours). Rows deleted, and the rows of tables dropped,
that SQLite's free space still holds are read after the live tables, ``part =
deleted/<table>`` (:mod:`.sqlitefree`).
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Iterator
from typing import Any, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.blobfiles import BlobFiles
from breachscope.extract.chunking import RowChunker, column_names
from breachscope.extract.sqlitefree import deleted_units
from breachscope.extract.sqlitewal import Damaged
from breachscope.extract.typedstream import message_text
from breachscope.location import Location

MAGIC = b"SQLite format 3\x00"
_FETCH = 10_000


def value_text(value: Any) -> str | None:
    """A database value as text (bytes that are no UTF-8: nothing, but a macOS Messages
    ``attributedBody``'s message, :func:`~breachscope.extract.typedstream.message_text`);
    shared with DuckDB."""
    if value is None:
        return None
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return message_text(value)
    return str(value)


def _decoded(raw: bytes) -> str:
    """A TEXT value: UTF-8, as SQLite stores it; a legacy client's cp1252 bytes where that
    fails (``Müller`` written as Latin-1)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _why(exc: sqlite3.Error) -> str:
    """SQLite's name for an error (``SQLITE_CORRUPT``), never its message: a message can
    quote the text of a row."""
    return str(getattr(exc, "sqlite_errorname", None) or type(exc).__name__)


def quoted(name: str) -> str:
    """An SQL identifier in double quotes (a quote in it doubled)."""
    return '"' + name.replace('"', '""') + '"'


class SqliteExtractor(Extractor):
    """SQLite database files as tables."""

    id: ClassVar[str] = "sqlite"
    types: ClassVar[frozenset[str]] = frozenset({"sqlite"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        if source.size > config.batch_bytes:
            raise ExtractError(f"SQLite database larger than {config.batch_bytes} bytes")
        data = source.read_bytes(config.batch_bytes + 1)
        if not data.startswith(MAGIC):
            raise ExtractError("not a SQLite database (no 'SQLite format 3' header)")
        con = sqlite3.connect(":memory:")
        con.text_factory = _decoded  # (text that is not UTF-8 would stop a table's rows)
        try:
            try:
                con.deserialize(data)
                tables = [
                    str(r[0])
                    for r in con.execute(
                        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                    )
                ]
            except sqlite3.Error as exc:
                raise ExtractError(f"unreadable SQLite database ({_why(exc)})") from None
            blobs = BlobFiles(source.path, config)
            for table in tables:
                yield from _table(con, source.path, table, config, blobs)
            yield from _deleted(con, data, source.path, config)
        finally:
            con.close()


def _deleted(
    con: sqlite3.Connection, data: bytes, path: str, config: Config
) -> Iterator[Extracted]:
    """The deleted rows its free space holds (a note where that is not read)."""
    where = Location(path, part="deleted")
    try:
        schema = [
            (str(r[0]), r[1], str(r[2] or ""))
            for r in con.execute(
                "SELECT name, rootpage, sql FROM sqlite_master WHERE type = 'table'"
            )
        ]
    except sqlite3.Error as exc:
        yield Note(where, f"deleted rows not read ({_why(exc)})")
        return
    try:
        yield from deleted_units(data, schema, path, config.max_table_rows_per_unit)
    except (Damaged, struct.error, IndexError) as exc:
        yield Note(where, f"deleted rows read in part ({exc})")


def _table(
    con: sqlite3.Connection, path: str, table: str, config: Config, blobs: BlobFiles
) -> Iterator[Extracted]:
    """One table's rows in rowid order (a table WITHOUT ROWID in its own), and the files
    its BLOBs hold."""
    location = Location(path, part=table)
    with_rowid = True
    try:
        cur = con.execute(f"SELECT rowid, * FROM {quoted(table)} ORDER BY rowid")
    except sqlite3.OperationalError:  # a WITHOUT ROWID table: its own order
        with_rowid = False
        try:
            cur = con.execute(f"SELECT * FROM {quoted(table)}")
        except sqlite3.Error as exc:
            yield Note(location, f"table not read ({_why(exc)})")
            return
    except sqlite3.Error as exc:
        yield Note(location, f"table not read ({_why(exc)})")
        return
    skip = 1 if with_rowid else 0
    columns = [d[0] for d in cur.description or ()][skip:]
    chunker = RowChunker(
        location, column_names(columns, len(columns)), config.max_table_rows_per_unit
    )
    row = 0
    try:
        while batch := cur.fetchmany(_FETCH):
            for values in batch:
                row += 1
                cells = values[skip:]
                yield from chunker.add(row, [value_text(v) for v in cells])
                for column, value in zip(columns, cells, strict=True):
                    if isinstance(value, bytes):
                        name = f"rowid-{values[0]}" if with_rowid else f"row-{row}"
                        yield from blobs.cell(table, column, name, value)
    except sqlite3.Error as exc:
        yield Note(location, f"table read up to row {row} ({_why(exc)})")
    yield from chunker.flush()
