"""Reading findings from and writing mentions to the case database."""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from breachscope.detect.finding import FINDINGS_SCHEMA

if TYPE_CHECKING:
    from breachscope.assemble.run import AssembleResult


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


def read_findings(con: duckdb.DuckDBPyConnection) -> pa.Table:
    cols = ", ".join(FINDINGS_SCHEMA.names)
    return query_arrow(
        con, f"SELECT {cols} FROM findings ORDER BY path, location, kind, detector, value"
    )


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


def write_assembled(con: duckdb.DuckDBPyConnection, result: AssembleResult) -> None:
    replace_table(con, "mentions", result.mentions)
    replace_table(con, "unattributed_evidence", result.unattributed)
