"""DuckDB database files (an analyst's ``bvo_analyse.duckdb`` on a data warehouse server):
each table's rows, ``part`` = ``schema.table``, ``row`` = 1-based position in the table's
stored order, columns by name; the views' and macros' definitions as text, part
``definitions``.

A DuckDB file opens only from a path, so the bytes are copied into a private temporary
directory (``tempfile``, mode 0700) that is removed when the reading ends: nothing is
written beside the source, nothing is kept after. The copy is opened read-only, with
access to other files, extension loading and installing switched off, one thread and the
scan's DuckDB memory limit. Nothing the file holds is run: views and macros are read as
their text from the catalogue and never queried, and a generated column (an expression
the file brings) is left out of its table's rows. Values are cast to text by DuckDB
(a date ``1971-03-12``, a list ``[1, 2]``); a BLOB is read as text when it is UTF-8, and
one that holds a file is that file too, a child file named by its table, column and
place (:mod:`.blobfiles`: ``main.scans∕pdf∕row-3.pdf``).

The file header (``DUCK`` at byte 8, then the storage version as a little-endian 64-bit
number) is checked first: a storage version newer than the ``duckdb`` library reads (the
one it writes itself), or older than the oldest it reads (DuckDB 0.8 and before), is an
:class:`ExtractError` that says so; so is DuckDB's own refusal of a version.
"""

from __future__ import annotations

import functools
import os
import shutil
import struct
import tempfile
from collections.abc import Iterator
from typing import Any, ClassVar

import duckdb

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.blobfiles import BlobFiles
from breachscope.extract.chunking import RowChunker, column_names, cut_text
from breachscope.extract.sqlite import quoted, value_text
from breachscope.location import Location

MAGIC = b"DUCK"
"""The magic at byte 8 of a DuckDB file's main header."""
HEADER_BYTES = 20
"""The checksum (8 bytes), the magic (4) and the storage version (8)."""
OLDEST_STORAGE = 64
"""The oldest storage version the ``duckdb`` library reads (DuckDB 0.9)."""
_FETCH = 10_000
_COPY = 1024 * 1024


def storage_version(head: bytes) -> int | None:
    """The storage version of a DuckDB file's header, ``None`` when ``head`` opens none."""
    if len(head) < HEADER_BYTES or head[8:12] != MAGIC:
        return None
    return int(struct.unpack_from("<Q", head, 12)[0])


@functools.cache
def newest_storage() -> int:
    """The newest storage version the installed ``duckdb`` library reads: the one it
    writes, read from the header of an empty database it makes in a temporary folder
    (once per process; 64, DuckDB 1.1's, where that fails)."""
    with tempfile.TemporaryDirectory(prefix="breachscope-duckdb-") as folder:
        path = os.path.join(folder, "probe.duckdb")
        try:
            duckdb.connect(path, config={"threads": 1}).close()
            with open(path, "rb") as fh:
                version = storage_version(fh.read(HEADER_BYTES))
        except (duckdb.Error, OSError):
            version = None
    return version if version is not None else OLDEST_STORAGE


def _why(exc: Exception) -> str:
    """The kind of a DuckDB error, never its message: a message can quote a value."""
    return type(exc).__name__


class DuckdbExtractor(Extractor):
    """DuckDB database files as tables (and their views' definitions as text)."""

    id: ClassVar[str] = "duckdb"
    types: ClassVar[frozenset[str]] = frozenset({"duckdb"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        with source.open() as fh:
            version = storage_version(fh.read(HEADER_BYTES))
        if version is None:
            raise ExtractError("not a DuckDB database (no 'DUCK' in its header)")
        newest = newest_storage()
        if version > newest:
            raise ExtractError(
                f"DuckDB database of storage version {version}, newer than duckdb "
                f"{duckdb.__version__} reads (up to {newest})"
            )
        if version < OLDEST_STORAGE:
            raise ExtractError(
                f"DuckDB database of storage version {version}, older than duckdb "
                f"{duckdb.__version__} reads (DuckDB 0.8 or before)"
            )
        with tempfile.TemporaryDirectory(prefix="breachscope-duckdb-") as folder:
            path = os.path.join(folder, "copy.duckdb")
            with source.open() as fh, open(path, "wb") as out:
                shutil.copyfileobj(fh, out, _COPY)
            con = _connect(path, version, config)
            try:
                yield from _read(con, source.path, config)
            finally:
                con.close()


def _connect(path: str, version: int, config: Config) -> duckdb.DuckDBPyConnection:
    """The copy at ``path``, opened read-only with every reach outside it switched off."""
    settings: dict[str, Any] = {
        "enable_external_access": False,
        "autoload_known_extensions": False,
        "autoinstall_known_extensions": False,
        "allow_community_extensions": False,
        "threads": 1,
        "memory_limit": f"{max(16, config.resolve.duckdb_memory_mb)}MB",
        "lock_configuration": True,
    }
    try:
        con = duckdb.connect(path, read_only=True, config=settings)
    except duckdb.Error as exc:
        if "version" in str(exc).lower():
            raise ExtractError(
                f"DuckDB database of storage version {version}, which duckdb "
                f"{duckdb.__version__} does not read"
            ) from None
        raise ExtractError(f"unreadable DuckDB database ({_why(exc)})") from None
    return con


def _read(con: duckdb.DuckDBPyConnection, path: str, config: Config) -> Iterator[Extracted]:
    """The definitions' text, then each table's rows, in the order of their names."""
    try:
        tables = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() "
            "WHERE NOT internal AND NOT temporary ORDER BY schema_name, table_name"
        ).fetchall()
        definitions = _definitions(con)
    except duckdb.Error as exc:
        raise ExtractError(f"unreadable DuckDB database ({_why(exc)})") from None
    if definitions:
        yield from cut_text(
            Location(path, part="definitions"), definitions, config.max_text_unit_chars
        )
    blobs = BlobFiles(path, config)
    for schema, table in tables:
        yield from _table(con, path, str(schema), str(table), config, blobs)


def _definitions(con: duckdb.DuckDBPyConnection) -> str:
    """The views' ``CREATE VIEW`` statements and the macros' definitions as DuckDB's
    catalogue holds them (text only), a blank line between."""
    parts: list[str] = []
    for schema, name, sql in con.execute(
        "SELECT schema_name, view_name, sql FROM duckdb_views() "
        "WHERE NOT internal AND NOT temporary ORDER BY schema_name, view_name"
    ).fetchall():
        parts.append(str(sql) if sql else f"CREATE VIEW {quoted(schema)}.{quoted(name)};")
    for schema, name, kind, parameters, body in con.execute(
        "SELECT schema_name, function_name, function_type, parameters, macro_definition "
        "FROM duckdb_functions() WHERE NOT internal AND function_type LIKE '%macro' "
        "ORDER BY schema_name, function_name"
    ).fetchall():
        table = " TABLE" if kind == "table_macro" else ""
        args = ", ".join(str(p) for p in parameters or ())
        parts.append(f"CREATE MACRO {quoted(schema)}.{quoted(name)}({args}) AS{table} {body};")
    return "\n\n".join(parts)


def _table(
    con: duckdb.DuckDBPyConnection,
    path: str,
    schema: str,
    table: str,
    config: Config,
    blobs: BlobFiles,
) -> Iterator[Extracted]:
    """One table's rows, its stored columns cast to text (BLOBs fetched as bytes), and the
    files its BLOBs hold."""
    location = Location(path, part=f"{schema}.{table}")
    try:
        columns = con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = ? "
            "AND table_name = ? AND NOT is_generated ORDER BY column_index",
            [schema, table],
        ).fetchall()
    except duckdb.Error as exc:
        yield Note(location, f"table not read ({_why(exc)})")
        return
    if not columns:
        return
    select = ", ".join(
        quoted(str(name)) if str(kind) == "BLOB" else f"CAST({quoted(str(name))} AS VARCHAR)"
        for name, kind in columns
    )
    names = [str(name) for name, _ in columns]
    chunker = RowChunker(location, column_names(names, len(names)), config.max_table_rows_per_unit)
    row = 0
    try:
        cur = con.execute(f"SELECT {select} FROM {quoted(schema)}.{quoted(table)}")
        while batch := cur.fetchmany(_FETCH):
            for values in batch:
                row += 1
                yield from chunker.add(row, [value_text(v) for v in values])
                for name, value in zip(names, values, strict=True):
                    if isinstance(value, bytes):
                        yield from blobs.cell(f"{schema}.{table}", name, f"row-{row}", value)
    except duckdb.Error as exc:
        yield Note(location, f"table read up to row {row} ({_why(exc)})")
    yield from chunker.flush()
