"""DuckDB's memory limit, read back to size the chunks of pair scoring."""

from __future__ import annotations


def test_memory_limit_is_read_in_mib() -> None:
    """Scoring is chunked by the connection's memory limit (none in the in-memory path)."""
    import duckdb

    from breachscope.resolve.model import memory_limit_mb

    con = duckdb.connect()
    con.execute("SET memory_limit = '192MB'")
    assert 180 < memory_limit_mb(con) < 193
    con.execute("SET memory_limit = '2GB'")
    assert 1800 < memory_limit_mb(con) < 1910
