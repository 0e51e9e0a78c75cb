"""SQL INSERT statements inside free text (a database's error log, an e-mail to the IT
desk) are read as table rows: their columns named by the statement, a row per tuple,
named by the line the tuple starts on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.detect.textsql import sql_inserts
from breachscope.extract.units import TextUnit
from breachscope.location import Location

LOG = (
    "2024-03-12 14:02:11 CET [4711] ERROR:  duplicate key value violates unique constraint\n"
    "2024-03-12 14:02:11 CET [4711] STATEMENT:  INSERT INTO patient (bsn, achternaam, "
    "geboortedatum) VALUES ('123456782', 'Jansen', '1978-03-03');\n"
    "2024-03-12 14:05:00 CET [4712] LOG:  door mevr. A. Bakker afgemeld\n"
)


def _found(text: str, part: str | None = None) -> list[tuple[str, str, str]]:
    unit = TextUnit(Location("db.log", part), text)
    return [
        (f.data_class, f.value, str(f.location))
        for f in findings_from_arrow(detect_units([unit], Config(workers=1)))
    ]


def test_a_logged_insert_is_read_as_a_table_row() -> None:
    found = _found(LOG)
    assert ("bsn", "123456782", "db.log#part=patient&row=2&col=bsn") in found
    assert ("name", "Jansen", "db.log#part=patient&row=2&col=achternaam") in found
    assert ("date_of_birth", "1978-03-03", "db.log#part=patient&row=2&col=geboortedatum") in found
    start = LOG.index("A. Bakker")  # the log's own lines are free text still
    assert ("name", "A. Bakker", f"db.log#start={start}&end={start + 9}") in found
    assert ("bsn", "123456782", "db.log#part=body/patient&row=2&col=bsn") in _found(LOG, "body")


def test_each_line_of_a_statement_is_a_row_and_quotes_are_read() -> None:
    text = (
        "INSERT INTO `lims`.`patient` (`bsn`, `naam`, `telefoon`) VALUES\n"
        "('123456782', 'O\\'Brien', '0612345678'),\n"
        "('111222333', 'de Vries', NULL);\n"
    )
    found = sorted((c, v, loc) for c, v, loc in _found(text) if c in ("bsn", "name"))
    assert found == [
        ("bsn", "111222333", "db.log#part=lims.patient&row=3&col=bsn"),
        ("bsn", "123456782", "db.log#part=lims.patient&row=2&col=bsn"),
        ("name", "O'Brien", "db.log#part=lims.patient&row=2&col=naam"),
        ("name", "de Vries", "db.log#part=lims.patient&row=3&col=naam"),
    ]


HIBERNATE = (
    "2024-03-11 10:02:11 DEBUG org.hibernate.SQL - insert into patient (achternaam, bsn, "
    "geboortedatum) values (?, ?, ?)\n"
    "2024-03-11 10:02:11 TRACE BasicBinder - binding parameter [2] as [VARCHAR] - [506332433]\n"
    "2024-03-11 10:02:11 INFO  Audit - opgeslagen door mevr. A. Bakker\n"
    "2024-03-11 10:02:11 TRACE BasicBinder - binding parameter [1] as [VARCHAR] - [Jansen]\n"
    "2024-03-11 10:02:11 TRACE BasicBinder - binding parameter [3] as [DATE] - [1978-03-03]\n"
)


@pytest.mark.parametrize(
    "text",
    [
        HIBERNATE,
        HIBERNATE.replace("[2] as [VARCHAR] - ", "(2:VARCHAR) <- ")  # Hibernate 6
        .replace("[1] as [VARCHAR] - ", "(1:VARCHAR) <- ")
        .replace("[3] as [DATE] - ", "(3:DATE) <- "),
    ],
)
def test_values_a_trace_binds_to_placeholders(text: str) -> None:
    found = _found(text)
    assert ("bsn", "506332433", "db.log#part=patient&row=1&col=bsn") in found
    assert ("name", "Jansen", "db.log#part=patient&row=1&col=achternaam") in found
    assert ("date_of_birth", "1978-03-03", "db.log#part=patient&row=1&col=geboortedatum") in found
    start = text.index("A. Bakker")  # a line between the bindings stays text
    assert ("name", "A. Bakker", f"db.log#start={start}&end={start + 9}") in found


def test_placeholders_with_values_not_all_bound_stay_text() -> None:
    text = HIBERNATE.rsplit("\n", 2)[0] + "\n"  # (the third never bound)
    unit = TextUnit(Location("db.log"), text)
    assert sql_inserts(unit) == (unit, [])


def test_what_is_not_read_as_rows() -> None:
    for text in (
        "We insert into the table later, said nobody.",
        "INSERT INTO patient VALUES ('123456782', 'Jansen')",  # no column names
        "INSERT INTO patient (bsn, naam) VALUES ('123456782')",  # fewer values than columns
        "INSERT INTO patient (bsn, naam) VALUES (now(), 'Jansen')",  # a function call
        "INSERT INTO patient (bsn, ) VALUES ('123456782', 'Jansen')",  # an empty name
    ):
        unit = TextUnit(Location("db.log"), text)
        assert sql_inserts(unit) == (unit, [])


def test_two_tuples_on_one_line_leave_the_second_to_free_text() -> None:
    """A row is one person's: a second tuple on the same line stays text."""
    text = "INSERT INTO p (bsn, naam) VALUES ('123456782', 'Jansen'), ('111222333', 'Bakker');"
    unit = TextUnit(Location("db.log"), text)
    rest, tables = sql_inserts(unit)
    assert [t.num_rows for t in tables] == [1]
    assert rest.text.strip().startswith(", ('111222333', 'Bakker')")
    assert len(rest.text) == len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="INSERTOVALUSinsertovalus (),'`;\n0123456789abc", max_size=120))
def test_blanking_keeps_offsets_and_lines(text: str) -> None:
    unit = TextUnit(Location("db.log"), text)
    rest, tables = sql_inserts(unit)
    assert len(rest.text) == len(text)
    assert [i for i, c in enumerate(rest.text) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]
    assert all(t.num_rows for t in tables)


def test_a_postgresql_keys_row_is_a_table_row() -> None:
    """A constraint's error quotes the key's columns and values: a row, its columns named."""
    text = (
        "2024-06-12 02:05:03 CEST [48213] etl@lims ERROR:  duplicate key value\n"
        "2024-06-12 02:05:03 CEST [48213] etl@lims DETAIL:  Key (achternaam, voornaam, "
        "geboortedatum)=(Koç, Büşra, 1995-04-19) already exists.\n"
        "DETAIL:  Key (a, b)=(1, 2, 3) already exists.\n"  # (the values do not split)
    )
    rest, tables = sql_inserts(TextUnit(Location("pg.log"), text))
    ((columns, rows),) = [(t.columns, t.data.to_pylist()) for t in tables]
    assert columns == ("achternaam", "voornaam", "geboortedatum")
    assert rows == [{"c0": "Koç", "c1": "Büşra", "c2": "1995-04-19", "__row__": 2}]
    assert "Büşra" not in rest.text and "(1, 2, 3)" in rest.text
