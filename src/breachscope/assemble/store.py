"""Reading findings from and writing mentions to the case database."""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb
import pyarrow as pa

from breachscope.detect.finding import FINDINGS_SCHEMA

if TYPE_CHECKING:
    from breachscope.assemble.run import AssembleResult


def query_arrow(con: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
    """Run a query and return an Arrow table (duckdb 1.x and 2.x)."""
    rel = con.sql(sql)
    to_table = getattr(rel, "to_arrow_table", None) or rel.arrow
    table: pa.Table = to_table()
    return table


def read_findings(con: duckdb.DuckDBPyConnection) -> pa.Table:
    cols = ", ".join(FINDINGS_SCHEMA.names)
    return query_arrow(
        con, f"SELECT {cols} FROM findings ORDER BY path, location, kind, detector, value"
    )


def replace_table(con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> None:
    """Replace the rows of an existing table (created by a migration) with ``table``."""
    view = f"__breachscope_new_{name}"
    con.register(view, table)
    try:
        cols = ", ".join(f'"{c}"' for c in table.column_names)
        con.execute("BEGIN TRANSACTION")
        con.execute(f"DELETE FROM {name}")
        con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM {view}")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    finally:
        con.unregister(view)


def write_assembled(con: duckdb.DuckDBPyConnection, result: AssembleResult) -> None:
    replace_table(con, "mentions", result.mentions)
    replace_table(con, "unattributed_evidence", result.unattributed)
