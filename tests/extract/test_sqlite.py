"""SQLite: tables read from an in-memory copy; damaged databases fail with a reason."""

from __future__ import annotations

import io

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.sqlite import SqliteExtractor
from breachscope.extract.units import TableUnit

from .samples import sqlite_sample


def extract(data: bytes, config: Config | None = None) -> list[Extracted]:
    source = Source("p.db", "sqlite", len(data), lambda: io.BytesIO(data))
    return list(SqliteExtractor().extract(source, config or Config()))


def test_tables_and_not_views() -> None:
    items = extract(sqlite_sample().data)
    parts = [u.location.part for u in items if isinstance(u, TableUnit)]
    assert parts == ["kv", "patienten"]  # the view "alle" is SQL the file brings: not run
    assert not [n for n in items if isinstance(n, Note)]


def test_a_large_table_is_cut_into_units() -> None:
    items = extract(sqlite_sample().data, Config(max_table_rows_per_unit=2))
    rows = [u.data.column("__row__").to_pylist() for u in items if isinstance(u, TableUnit)]
    assert rows == [[1], [1, 2], [3]]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"SQLite format 3\x00" + b"\xff" * 200, "unreadable SQLite database"),
        (b"not a database at all", "not a SQLite database"),
    ],
)
def test_damaged_databases_fail_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ExtractError, match=reason):
        extract(data)


def test_text_that_is_not_utf8_is_read_as_cp1252() -> None:
    """A legacy client wrote Latin-1 into TEXT columns: every row is still read."""
    import sqlite3

    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE p (naam TEXT)")
    con.execute("INSERT INTO p VALUES (CAST(X'4DFC6C6C6572' AS TEXT))")  # Müller, Latin-1
    con.execute("INSERT INTO p VALUES ('Jansen')")
    con.commit()
    data = con.serialize()
    items = extract(data)
    values = [v for u in items if isinstance(u, TableUnit) for v in u.data.column("c0").to_pylist()]
    assert values == ["Müller", "Jansen"]
