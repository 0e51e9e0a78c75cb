"""SQL dumps: tokenized (never executed), rows per table, escapes, COPY, streaming."""

from __future__ import annotations

import io
import sqlite3

import pytest

from breachscope.config import Config
from breachscope.extract.base import ExtractError, Source
from breachscope.extract.sql import SqlExtractor, copy_value
from breachscope.extract.units import TableUnit


def rows(text: str, max_rows: int = 100_000) -> dict[tuple[str, int, str], str | None]:
    data = text.encode()
    source = Source("dump.sql", "sql", len(data), lambda: io.BytesIO(data))
    out: dict[tuple[str, int, str], str | None] = {}
    for unit in SqlExtractor().extract(source, Config(max_table_rows_per_unit=max_rows)):
        assert isinstance(unit, TableUnit)
        for record in unit.data.to_pylist():
            for i, name in enumerate(unit.columns):
                key = (str(unit.location.part), record["__row__"], name)
                assert key not in out
                out[key] = record[f"c{i}"]
    return out


STANDARD_DUMP = """
-- PostgreSQL database dump
SET standard_conforming_strings = on;
CREATE TABLE "patienten" ("id" integer PRIMARY KEY, "bsn" text, "naam" text, "notitie" text);
INSERT INTO "patienten" VALUES (1, '123456782', 'O''Brien, K.', 'C:\\pad\\n; (x), "y"');
INSERT INTO "patienten" ("id", "bsn", "naam")
  VALUES (2, NULL, 'de Vries'), (3, '111222333', 'Ömer');
CREATE TABLE monsters (id integer, barcode text);
INSERT INTO monsters VALUES (1, 'BVO0000012345');
INSERT INTO "patienten" VALUES (4, '012345672', 'Bakker', '');
"""


def test_standard_sql_matches_sqlite() -> None:
    got = rows(STANDARD_DUMP)
    db = sqlite3.connect(":memory:")
    db.executescript(STANDARD_DUMP.replace("SET standard_conforming_strings = on;", ""))
    expected: dict[tuple[str, int, str], str | None] = {}
    for table in ("patienten", "monsters"):
        cursor = db.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
        names = [d[0] for d in cursor.description]
        for index, record in enumerate(cursor.fetchall(), start=1):
            for name, value in zip(names, record, strict=True):
                if (table, index, name) in got or value is not None:
                    expected[(table, index, name)] = None if value is None else str(value)
    assert got == expected
    assert got[("patienten", 1, "notitie")] == 'C:\\pad\\n; (x), "y"'


def test_mysql_escapes_backticks_and_create_table_columns() -> None:
    from .samples import sql_sample

    got = rows(sql_sample().data.decode())
    assert got[("patienten", 1, "opmerking")] == "Dorpsstraat 12A\n1234 AB"
    assert got[("patienten", 2, "opmerking")] == 'it\'s; "quoted", (x)'
    assert got[("patienten", 2, "bsn")] is None
    assert got[("patienten", 4, "naam")] == "Ömer"
    assert ("patienten", 1, "PRIMARY") not in got and ("patienten", 1, "KEY") not in got


def test_postgres_copy_and_functions_and_upserts() -> None:
    dump = (
        "COPY public.personen (id, naam, notitie) FROM stdin;\n"
        "1\tJansen\tregel\\tmet tab\\nen regel\n"
        "2\t\\N\tx\n"
        "\\.\n"
        "INSERT INTO t (a, b) VALUES (CONCAT('a', 'b'), _binary 'zz'), (-1.5e3, NULL)"
        " ON DUPLICATE KEY UPDATE a = VALUES(a);\n"
    )
    got = rows(dump)
    assert got[("public.personen", 1, "notitie")] == "regel\tmet tab\nen regel"
    assert got[("public.personen", 2, "naam")] is None
    assert got[("t", 1, "a")] == "CONCAT ( a , b )"
    assert got[("t", 2, "a")] == "-1.5e3"
    assert len([k for k in got if k[0] == "t"]) == 4


def test_a_large_insert_is_streamed_across_chunks() -> None:
    values = ",".join(f"({i},'naam {i}','{'x' * 50}')" for i in range(40_000))
    got = rows(
        f"CREATE TABLE big (id int, naam text, pad text);\nINSERT INTO big VALUES {values};", 5000
    )
    assert got[("big", 40_000, "naam")] == "naam 39999"
    assert len(got) == 120_000


@pytest.mark.parametrize(
    ("dump", "reason"),
    [
        ("INSERT INTO t VALUES ('never closed", "unterminated"),
        ("SELECT 1;\nUPDATE x SET y = 2;", "no CREATE TABLE"),
    ],
)
def test_bad_dumps_fail_with_a_reason(dump: str, reason: str) -> None:
    with pytest.raises(ExtractError, match=reason):
        rows(dump)


@pytest.mark.parametrize(
    ("field", "value"),
    [("\\N", None), ("a\\tb", "a\tb"), ("\\\\", "\\"), ("\\101", "A"), ("\\x41", "A"), ("x", "x")],
)
def test_copy_values(field: str, value: str | None) -> None:
    assert copy_value(field) == value


def test_a_typed_literals_value_is_its_string() -> None:
    """Standard SQL's typed literals (``DATE '1985-09-04'``, as PostgreSQL and Oracle
    scripts write a date) give the string, not the type and the string."""
    got = rows(
        "INSERT INTO patient (id, geboortedatum, gezien, naam) VALUES "
        "(1, DATE '1985-09-04', TIMESTAMP '2024-01-02 10:00:00', N'Jansen');\n"
    )
    assert got[("patient", 1, "geboortedatum")] == "1985-09-04"
    assert got[("patient", 1, "gezien")] == "2024-01-02 10:00:00"
