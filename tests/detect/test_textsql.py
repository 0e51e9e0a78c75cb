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


_FAILING = "2026-03-02 10:14:2{i} CET [4821] DETAIL:  Failing row contains ({values}).\n"
_REFUSED = '2026-03-02 10:14:2{i} CET [4821] ERROR:  null value in column "agb" violates\n'


def test_a_failing_row_is_read_under_its_statements_columns() -> None:
    """PostgreSQL logs the refused row's values, then the statement: its columns name them
    (a statement of another error's row, after the next error, names none of them)."""
    text = (
        _REFUSED.format(i=1)
        + _FAILING.format(i=1, values="7, 205891147, de Wit, Anouk, 1991-07-23, null")
        + "2026-03-02 10:14:21 CET [4821] STATEMENT:  INSERT INTO uitslag (id, bsn, "
        "achternaam, voornaam, geboortedatum, agb) VALUES ($1, $2, $3, $4, $5, $6)\n"
        + _REFUSED.format(i=2)
        + _FAILING.format(i=2, values="8, 123456782, Bakker, Fenna, 1979-05-14, null")
        + _REFUSED.format(i=3)
        + "STATEMENT:  INSERT INTO x (a, b, c, d, e, f) VALUES ($1, $2, $3, $4, $5, $6)\n"
    )
    found = _found(text)
    assert ("bsn", "205891147", "db.log#part=uitslag&row=2&col=bsn") in found
    assert ("date_of_birth", "1991-07-23", "db.log#part=uitslag&row=2&col=geboortedatum") in found
    assert ("name", "de Wit", "db.log#part=uitslag&row=2&col=achternaam") in found
    assert not any("Fenna" in value and "part=x" in loc for _, value, loc in found)
    assert ("name", "Fenna Bakker") in {(c, v) for c, v, _ in found}  # (as text)


def test_failing_rows_without_columns_are_a_table_where_three_share_a_width() -> None:
    """Without a statement, three rows of one width are a table of positional columns,
    read by their values (nine-digit numbers that pass the elfproef beside names)."""
    rows = [
        "48213, 123456782, Bakker, Fenna, 1979-05-14, 3512 JK, null",
        "48214, 010293814, Idrissi, Samira, 1965-11-02, 1068 MP, null",
        "48215, 205891147, Wit, Anouk, 1991-07-23, 2517 KJ, null",
    ]
    text = "".join(_FAILING.format(i=i, values=v) for i, v in enumerate(rows))
    found = _found(text)
    part = "db.log#part=failing row (7)"
    assert ("bsn", "010293814", f"{part}&row=2&col=column2") in found
    assert ("date_of_birth", "1965-11-02", f"{part}&row=2&col=column5") in found
    assert ("address", "2517KJ", f"{part}&row=3&col=column6") in found
    rest, tables = sql_inserts(TextUnit(Location("db.log"), text[: text.index("48215")]))
    assert tables == [] and rest.text == text[: text.index("48215")]  # (two rows: text)


SERVER_LOG = (
    "2024-05-12 00:38:05.61 spid51     Error: 2627, Severity: 14, State: 1.\n"
    "2024-05-12 00:38:05.61 spid51     Violation of UNIQUE KEY constraint 'UQ_patient_bsn'."
    " Cannot insert duplicate key in object 'dbo.patient'. The duplicate key value is"
    " (123456782).\n"
    "2024-05-12 00:39:10.02 spid52     Cannot insert duplicate key row in object"
    " 'dbo.patient' with unique index 'IX_patient_email'. The duplicate key value is"
    " (a.jansen@example.nl).\n"
    "ERROR 1062 (23000) at line 12: Duplicate entry '111222333' for key 'patient.uq_bsn'\n"
    "2024-05-12 01:02:03.04 spid53     String or binary data would be truncated in table"
    " 'lims.dbo.patient', column 'adres'. Truncated value: 'Kerkstraat 12, 3511 AB'.\n"
    "2024-05-12 01:03:00.00 spid54     Violation of PRIMARY KEY constraint 'PK_order'."
    " The duplicate key value is (299307505).\n"
)


def test_a_duplicate_key_or_truncated_value_is_read_under_its_name() -> None:
    """SQL Server's errors 2627, 2601 and 2628 and MySQL's 1062 quote one value with the
    name of its constraint, index or column: read under that name, as a header, its BSN
    is found where the words of the name say BSN, and an order's key is no BSN."""
    found = _found(SERVER_LOG)
    assert ("bsn", "123456782", "db.log#part=key&row=2&col=UQ_patient_bsn") in found
    assert ("bsn", "111222333", "db.log#part=key&row=4&col=patient.uq_bsn") in found
    assert ("email", "a.jansen@example.nl", "db.log#part=key&row=3&col=IX_patient_email") in found
    assert ("address", "3511AB", "db.log#part=key&row=5&col=adres") in found
    assert not [f for f in found if f[1] == "299307505"]  # (PK_order: no BSN's name)
    unit, tables = sql_inserts(TextUnit(Location("db.log"), SERVER_LOG))
    assert len(unit.text) == len(SERVER_LOG) and "123456782" not in unit.text
    assert [t.num_rows for t in tables] == [5]
