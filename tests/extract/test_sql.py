"""SQL dumps: tokenized (never executed), rows per table, escapes, COPY, streaming."""

from __future__ import annotations

import io
import sqlite3

import pytest

from breachscope.config import Config
from breachscope.extract.base import ExtractError, Note, Source
from breachscope.extract.sql import SqlExtractor, copy_value
from breachscope.extract.units import TableUnit, TextUnit

from .tracedpeak import traced_peak


def _units(text: str, max_rows: int = 100_000) -> list[TableUnit | TextUnit]:
    data = text.encode()
    source = Source("dump.sql", "sql", len(data), lambda: io.BytesIO(data))
    config = Config(max_table_rows_per_unit=max_rows)
    out: list[TableUnit | TextUnit] = []
    for unit in SqlExtractor().extract(source, config):
        assert isinstance(unit, TableUnit | TextUnit)
        out.append(unit)
    return out


def rows(text: str, max_rows: int = 100_000) -> dict[tuple[str, int, str], str | None]:
    out: dict[tuple[str, int, str], str | None] = {}
    for unit in _units(text, max_rows):
        if isinstance(unit, TextUnit):
            assert unit.location.part == "script"
            continue
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
    ],
)
def test_bad_dumps_fail_with_a_reason(dump: str, reason: str) -> None:
    with pytest.raises(ExtractError, match=reason):
        rows(dump)


SAS_PROGRAM = """/* correcties, R. Verstegen */
proc sql;
  create table uit.nonresp as
  select * from bvo.nonresp where achternaam = 'Horst' and gebdat = '12NOV1966'd;
quit;
"""


@pytest.mark.parametrize("text", [SAS_PROGRAM, ";\n;\n-- M. Jansen\n"])
def test_sql_words_without_a_dumps_statement_are_read_as_text(text: str) -> None:
    """A SAS program's ``proc sql`` (a query, no table's rows): read as the text it is,
    with a note of why, not failed (its people were lost with it)."""
    data = text.encode()
    source = Source("correcties.sas", "sql", len(data), lambda: io.BytesIO(data))
    items = list(SqlExtractor().extract(source, Config()))
    assert isinstance(items[0], Note) and "read as text" in items[0].reason
    assert "".join(u.text for u in items if isinstance(u, TextUnit)) == text


SCRIPT = """-- fix_dubbele_patienten.sql (Auteur: R. Verstegen)
BEGIN;
-- dubbel: Annemiek de Vries, laatste uitslag: hrHPV positief, Pap 2
INSERT INTO patient (id, bsn) VALUES (581945, '435785291');
UPDATE patient SET telefoon = '0656514015'
  WHERE bsn = '435785291'; /* gebeld */
-- test row (not a real person)
-- INSERT INTO patient (id, bsn) VALUES (1, '204794687');
COMMIT;
"""


def test_a_scripts_comments_and_statements_are_text_at_their_place() -> None:
    """The comments and the statements other than a table's rows are free text of part
    ``script``, each piece at its offset and line in the file; the rows between them
    are blanks (offsets and lines stay), the rows still a table's."""
    units = _units(SCRIPT)
    (text,) = [u for u in units if isinstance(u, TextUnit)]
    assert text.location.part == "script"
    assert text.first_line == 1
    assert text.base_offset == 0
    for piece in ("R. Verstegen", "Annemiek de Vries", "hrHPV positief", "'0656514015'",
                  "/* gebeld */", "COMMIT"):  # fmt: skip
        at = text.text.index(piece)
        assert SCRIPT[text.base_offset + at :].startswith(piece)
        assert text.text.count("\n", 0, at) == SCRIPT.count("\n", 0, text.base_offset + at)
    assert "581945" not in text.text  # (the row is the table's)
    assert "test row" in text.text
    assert "204794687" not in text.text  # (a statement switched off: code, no data)
    assert rows(SCRIPT)[("patient", 1, "bsn")] == "435785291"


def test_a_dump_tools_own_comments_are_no_script_text() -> None:
    """pg_dump's table of contents and mysqldump's versioned statements name the schema,
    no one: left out of the script's text; a comment a person wrote stays."""
    dump = (
        "-- Name: deelnemer; Type: TABLE; Schema: public; Owner: bvo_archief\n"
        "CREATE TABLE public.deelnemer (bsn text, naam text);\n"
        "-- Data for Name: deelnemer; Type: TABLE DATA; Schema: public; Owner: bvo_archief\n"
        "/*!40000 ALTER TABLE `deelnemer` DISABLE KEYS */;\n"
        "INSERT INTO public.deelnemer VALUES ('123456782', 'Jansen');\n"
        "-- dubbel met mw. R. Verstegen\n"
    )
    (text,) = [u for u in _units(dump) if isinstance(u, TextUnit)]
    assert text.text.strip() == "-- dubbel met mw. R. Verstegen"


def test_a_script_without_tables_is_read_as_text() -> None:
    """A fix script of UPDATEs only is no failed dump: its text is read."""
    (unit,) = _units("UPDATE patient SET bsn = '123456782' WHERE id = 3;\n")
    assert isinstance(unit, TextUnit)
    assert unit.text == "UPDATE patient SET bsn = '123456782' WHERE id = 3;"


def test_a_long_statement_is_script_text_in_pieces_at_their_offsets() -> None:
    """A statement longer than a text unit is read in pieces, each at its offset and
    line (memory stays bounded), and every character of it is in one of them."""
    sets = ",\n".join(f"  notitie_{i} = 'regel {i}'" for i in range(400))
    dump = f"-- lang\nUPDATE patient SET\n{sets}\nWHERE bsn = '123456782';\n"
    data = dump.encode()
    source = Source("dump.sql", "sql", len(data), lambda: io.BytesIO(data))
    units = list(SqlExtractor().extract(source, Config(max_text_unit_chars=2000)))
    assert len(units) > 3
    for unit in units:
        assert isinstance(unit, TextUnit)
        assert dump[unit.base_offset :].startswith(unit.text)
        assert unit.first_line == dump.count("\n", 0, unit.base_offset) + 1
    assert "".join(u.text for u in units) == dump.rstrip("\n")


def test_script_pieces_far_apart_are_units_of_their_own() -> None:
    """Pieces more than ``SCRIPT_GAP`` characters apart (a long INSERT between them) are
    two units, each at its offset and line."""
    values = ",".join(f"({i},'{'x' * 40}')" for i in range(200))
    dump = f"-- begin\nCREATE TABLE t (id int, a text);\nINSERT INTO t VALUES {values};\n-- end\n"
    units = [u for u in _units(dump) if isinstance(u, TextUnit)]
    assert [(u.text, u.base_offset, u.first_line) for u in units] == [
        ("-- begin\n", 0, 1),
        ("-- end\n", dump.index("-- end"), 4),
    ]


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


@pytest.mark.slow
def test_a_huge_statement_is_recorded_in_bounded_memory() -> None:
    """A statement of 4 MB (a generated UPDATE) is script text in pieces of a text
    unit's size, the memory bounded by them, not by the statement."""
    body = "x = 'abcdefghij', " * (4 * 1024**2 // 18)
    data = f"UPDATE t SET {body} y = 1;\n".encode()
    source = Source("dump.sql", "sql", len(data), lambda: io.BytesIO(data))
    config = Config(max_text_unit_chars=256 * 1024)
    with traced_peak() as peak:
        total = sum(len(u.text) for u in SqlExtractor().extract(source, config)
                    if isinstance(u, TextUnit))  # fmt: skip
    assert total == len(data) - 1
    assert peak.bytes < 16 * 1024**2, f"peak {peak.bytes / 1024**2:.0f} MiB"


HSQLDB_SCRIPT = (
    'SET DATABASE COLLATION "Dutch"\n'
    "CREATE SCHEMA PUBLIC AUTHORIZATION DBA\n"
    'CREATE MEMORY TABLE "Patienten"("ID" INTEGER GENERATED BY DEFAULT AS IDENTITY(START WITH 0)'
    ' NOT NULL PRIMARY KEY,"Achternaam" VARCHAR(60),"Geboortedatum" DATE,"BSN" INTEGER,'
    '"Opmerking" VARCHAR(80))\n'
    'CREATE CACHED TABLE "Log"("ID" INTEGER,"Tekst" VARCHAR(80))\n'
    'CREATE USER SA PASSWORD ""\n'
    "SET SCHEMA PUBLIC\n"
    "INSERT INTO \"Patienten\" VALUES(0,'Wi\\u015bniewski','2002-07-25',384641064,'O''Neill; "
    "zie \\\\pad')\n"
    "INSERT INTO \"Patienten\" VALUES(1,'Ko\\u00e7','2000-03-15',NULL,NULL)\n"
    "INSERT INTO \"Log\" VALUES(1,'gebeld')\n"
)


def test_an_hsqldb_script_a_statement_a_line_with_unicode_escapes() -> None:
    """LibreOffice Base keeps its tables as an HSQLDB script: no ``;`` after a statement,
    ``MEMORY``/``CACHED`` tables, characters beyond ASCII written ``\\uXXXX``."""
    got = rows(HSQLDB_SCRIPT)
    assert got[("Patienten", 1, "Achternaam")] == "Wiśniewski"
    assert got[("Patienten", 1, "BSN")] == "384641064"
    assert got[("Patienten", 1, "Opmerking")] == "O'Neill; zie \\\\pad"
    assert got[("Patienten", 2, "Achternaam")] == "Koç"
    assert got[("Patienten", 2, "Geboortedatum")] == "2000-03-15"
    assert got[("Log", 1, "Tekst")] == "gebeld"
