"""Reading findings from and writing mentions to the case database."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from breachscope.assemble.schema import MENTIONS_SCHEMA, UNATTRIBUTED_SCHEMA
from breachscope.case.folder import SPILL_DIR

_log = logging.getLogger(__name__)

TEMP_DIR = SPILL_DIR
"""Where DuckDB spills inside the case folder (case data never leaves the folder)."""


def query_arrow(con: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
    """Run a query on a cursor of ``con`` and return an Arrow table (duckdb 1.x and 2.x).

    A cursor keeps an unfinished result of another caller on ``con`` from blocking us."""
    cur = con.cursor()
    try:
        rel = cur.sql(sql)
        to_table = getattr(rel, "to_arrow_table", None) or rel.arrow
        table: pa.Table = to_table()
    finally:
        cur.close()
    return table


def replace_table(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> None:
    """Replace the rows of an existing table (created by a migration) with ``table``."""
    view = f"__breachscope_new_{name}"
    cur = con.cursor()
    cur.register(view, table)
    try:
        cols = ", ".join(f'"{c}"' for c in table.column_names)
        cur.execute("BEGIN TRANSACTION")
        cur.execute(f"DELETE FROM {name}")
        cur.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM {view}")
        cur.execute("COMMIT")
    except Exception:
        cur.execute("ROLLBACK")
        raise
    finally:
        cur.unregister(view)
        cur.close()


def bound_memory(con: duckdb.DuckDBPyConnection, tmp: Path, limit_mb: int) -> None:
    """Cap DuckDB's memory at ``limit_mb``; larger sorts, joins and tables spill to the
    folder ``tmp`` (inside the case folder: case data never leaves it)."""
    Path(tmp).mkdir(parents=True, exist_ok=True)
    set_memory(con, limit_mb)
    current = con.sql("SELECT current_setting('temp_directory')").fetchall()[0][0]
    if current != str(tmp):  # it cannot change once used (assemble, then resolve)
        con.execute("SET temp_directory = ?", [str(tmp)])


def release_arrow_memory() -> None:
    """Hand the memory Arrow's pool keeps after use back to the system (mimalloc and
    jemalloc otherwise hold on to it for the life of the process)."""
    pa.default_memory_pool().release_unused()


def set_memory(con: duckdb.DuckDBPyConnection, limit_mb: int) -> None:
    """Change DuckDB's memory limit (lowering it evicts cached blocks)."""
    con.execute(f"SET memory_limit = '{int(limit_mb)}MB'")


_NO_BLOCK = "could not allocate block"
"""DuckDB's words when a block does not fit the memory limit: an insert's commit says so
in a ``TransactionException`` (``Failed to commit: could not allocate block of size 256.0
KiB (91.5 MiB/91.5 MiB used)``), not an ``OutOfMemoryException``."""


def _out_of_memory(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, duckdb.OutOfMemoryException):
            return True
        if isinstance(exc, duckdb.Error) and _NO_BLOCK in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


T = TypeVar("T")
OOM_RETRIES = 4
"""Times a step is retried with twice the memory when DuckDB runs out (Splink's blocking
joins need more than their share on some data)."""


def retry_out_of_memory(con: duckdb.DuckDBPyConnection, limit_mb: int, step: Callable[[], T]) -> T:
    """Run ``step``; if DuckDB runs out of memory, double the limit and run it again."""
    for attempt in range(OOM_RETRIES + 1):
        try:
            return step()
        except Exception as exc:
            if attempt == OOM_RETRIES or not _out_of_memory(exc):
                raise
            _log.warning("DuckDB ran out of memory at %d MB; retrying with %d MB",
                         limit_mb, limit_mb * 2)  # fmt: skip
            limit_mb *= 2
            set_memory(con, limit_mb)
    raise AssertionError("unreachable")


BATCH_ROWS = 10_000
"""Rows per Arrow batch when rows move between databases."""


def copy_rows(
    src: duckdb.DuckDBPyConnection,
    sql: str,
    dst: duckdb.DuckDBPyConnection,
    table: str,
    *,
    create: bool = False,
) -> None:
    """Insert the rows of query ``sql`` on ``src`` into ``table`` of ``dst`` (columns by
    name), or ``create`` it from them, in Arrow batches of :data:`BATCH_ROWS`."""
    cur = src.cursor()
    view = "__breachscope_rows"
    try:
        rel = cur.sql(sql)
        reader = (getattr(rel, "to_arrow_reader", None) or rel.fetch_record_batch)(BATCH_ROWS)
        cols = ", ".join(f'"{c}"' for c in reader.schema.names)
        dst.register(view, reader)
        try:
            if create:
                dst.execute(f"CREATE TABLE {table} AS SELECT * FROM {view}")
            else:
                dst.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {view}")
        finally:
            dst.unregister(view)
    finally:
        cur.close()


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def key_ranges(
    con: duckdb.DuckDBPyConnection, table: str, key: str, expr: str, rows: int = 20_000
) -> list[str]:
    """Conditions on ``expr`` that cut ``table`` into runs of about ``rows`` rows of its
    (non-null, text) column ``key``, in key order: a large table is written sorted one
    range at a time, so no sort holds more than ``rows`` rows (with their lists)."""
    bounds = [
        str(r[0])
        for r in con.sql(
            f"SELECT {key} FROM (SELECT {key}, row_number() OVER (ORDER BY {key}) AS rn "
            f"FROM {table}) WHERE rn % {int(rows)} = 1 ORDER BY {key}"
        ).fetchall()
    ]
    out = []
    for i, lo in enumerate(bounds):
        cond = f"{expr} >= {_literal(lo)}"
        if i + 1 < len(bounds):
            cond += f" AND {expr} < {_literal(bounds[i + 1])}"
        out.append(cond)
    return out


def _ddl(con: duckdb.DuckDBPyConnection, table: str, as_name: str) -> str:
    """The ``CREATE TABLE`` statement of ``table`` (main schema), for a table ``as_name``."""
    rows = con.execute(
        "SELECT sql FROM duckdb_tables() WHERE table_name = ? AND schema_name = 'main' "
        "AND database_name = current_database()",
        [table],
    ).fetchall()
    prefix = f"CREATE TABLE {table}("
    if len(rows) != 1 or not str(rows[0][0]).startswith(prefix):
        raise RuntimeError(f"cannot read the definition of table {table!r}")
    return f"CREATE TABLE {as_name}(" + str(rows[0][0])[len(prefix) :]


class AssembledWriter:
    """Replaces ``mentions`` and ``unattributed_evidence``, in the order the batches come
    (assemble sends them sorted). Batches go to staging tables in the case database, each
    in its own transaction (DuckDB keeps the Arrow data of a transaction's inserts alive
    until it ends); the staging tables are made with the tables' own definitions (their
    ``NOT NULL`` constraints too), and one transaction then drops the old tables and
    renames the staged ones in their place."""

    _TABLES = ("mentions", "unattributed_evidence")

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.cur = con.cursor()
        for name in self._TABLES:
            self.cur.execute(f"DROP TABLE IF EXISTS __staged_{name}")
            self.cur.execute(_ddl(self.cur, name, f"__staged_{name}"))

    def _insert(self, name: str, table: pa.Table) -> None:
        view = "__breachscope_assembled"
        cols = ", ".join(f'"{c}"' for c in table.column_names)
        self.cur.register(view, table)
        try:
            self.cur.execute(f"INSERT INTO __staged_{name} ({cols}) SELECT {cols} FROM {view}")
        finally:
            self.cur.unregister(view)

    def add(self, mentions: list[dict[str, Any]], unattributed: list[dict[str, Any]]) -> None:
        if mentions:
            self._insert("mentions", pa.Table.from_pylist(mentions, schema=MENTIONS_SCHEMA))
        if unattributed:
            table = pa.Table.from_pylist(unattributed, schema=UNATTRIBUTED_SCHEMA)
            self._insert("unattributed_evidence", table)
        release_arrow_memory()

    def __enter__(self) -> AssembledWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        cur = self.cur
        try:
            if exc_type is None:
                cur.execute("BEGIN TRANSACTION")
                try:
                    for name in self._TABLES:  # renamed, not copied: the rows stay put
                        cur.execute(f"DROP TABLE {name}")
                        cur.execute(f"ALTER TABLE __staged_{name} RENAME TO {name}")
                    cur.execute("COMMIT")
                except Exception:
                    cur.execute("ROLLBACK")
                    raise
        finally:
            for name in self._TABLES:
                cur.execute(f"DROP TABLE IF EXISTS __staged_{name}")
            cur.close()
