"""PostgreSQL binary COPY files (``breachscope.extract.pgcopy``): tuples of length-prefixed
fields read as what their bytes can be, named by the SQL beside the file."""

from __future__ import annotations

import datetime as dt
import io
import struct

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.pgcopy import PgCopyExtractor, as_numeric, infer_decoder
from breachscope.extract.units import TableUnit
from breachscope.ingest.filetype import sniff_bytes

from .samples import pg_copy, pg_field, pg_numeric


def _source(
    data: bytes, path: str = "db/export/patient.copy", beside: dict[str, bytes] | None = None
) -> Source:
    files = beside or {}

    def names(suffixes: tuple[str, ...]) -> list[str]:
        return sorted(n for n in files if n.lower().endswith(suffixes))

    return Source(path, "pg-copy", len(data), lambda: io.BytesIO(data), None, files.get, names)


def _read(source: Source) -> tuple[list[TableUnit], list[Note]]:
    items: list[Extracted] = list(PgCopyExtractor().extract(source, Config()))
    return (
        [u for u in items if isinstance(u, TableUnit)],
        [n for n in items if isinstance(n, Note)],
    )


def _rows(unit: TableUnit) -> list[dict[str, str | None]]:
    return [
        {name: row[f"c{i}"] for i, name in enumerate(unit.columns)} for row in unit.data.to_pylist()
    ]


def _raw(value: object, kind: str) -> bytes:
    return pg_field(value, kind)[4:]


@pytest.mark.parametrize(
    ("values", "kind", "expected"),
    [
        ([233140104, 266525763], "int8", ["233140104", "266525763"]),
        ([31612345678, 656704361], "int8", ["31612345678", "656704361"]),
        (
            [dt.date(1957, 6, 4), dt.date(2003, 1, 2)],
            "date",
            ["1957-06-04", "2003-01-02"],
        ),
        ([1000, 1001, 1002], "int4", ["1000", "1001", "1002"]),
        ([dt.date(2024, 9, 12)], "date", ["9021"]),  # (all after 2000: kept as days)
        ([-5, 7], "int2", ["-5", "7"]),
        (
            [dt.datetime(2024, 10, 12, 9, 14, 2), dt.datetime(1969, 3, 6, 0, 0)],
            "timestamp",
            ["2024-10-12T09:14:02", "1969-03-06T00:00:00"],
        ),
        ([21.5, 0.125], "float8", ["21.5", "0.125"]),
        (["12.50", "-0.75", "1000", "0.0001"], "numeric", ["12.50", "-0.75", "1000", "0.0001"]),
        ([True, False], "bool", ["true", "false"]),
        (
            ["0b7e2f7a-6a43-4f4e-9f25-3e1f0c9d8a10"],
            "uuid",
            ["0b7e2f7a-6a43-4f4e-9f25-3e1f0c9d8a10"],
        ),
        (["Renate", "van der Berg", "Ömer"], "text", ["Renate", "van der Berg", "Ömer"]),
    ],
)
def test_a_column_is_read_as_what_its_bytes_can_be(
    values: list[object], kind: str, expected: list[str]
) -> None:
    raws = [_raw(v, kind) for v in values]
    decoder = infer_decoder(raws)
    assert [decoder(r) for r in raws] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0", "0"), ("123456789.123", "123456789.123"), ("-20000.5", "-20000.5"), ("7.00", "7.00")],
)
def test_numeric_format(text: str, expected: str) -> None:
    assert as_numeric(pg_numeric(text)) == expected


def test_a_dump_without_sql_reads_positional_columns() -> None:
    """No SQL beside it: positional names, a BSN kept as bigint, a birth date as days
    since 2000, a NULL as no cell, a tuple's number as its row."""
    data = pg_copy(
        [
            [1000, 233140104, "Renate", None, dt.date(1957, 6, 4)],
            [1001, 266525763, "Roos", "de", dt.date(1967, 9, 3)],
        ],
        ["int4", "int8", "text", "text", "date"],
    )
    assert sniff_bytes(data, "patient_20241012.copy") == "pg-copy"
    tables, notes = _read(_source(data))
    assert not notes
    assert tables[0].columns == ("column1", "column2", "column3", "column4", "column5")
    assert _rows(tables[0]) == [
        {"column1": "1000", "column2": "233140104", "column3": "Renate", "column4": None,
         "column5": "1957-06-04"},
        {"column1": "1001", "column2": "266525763", "column3": "Roos", "column4": "de",
         "column5": "1967-09-03"},
    ]  # fmt: skip
    assert tables[0].data.column("__row__").to_pylist() == [1, 2]


def test_the_copy_statement_beside_it_names_the_columns() -> None:
    """A ``.sql`` file beside it whose ``\\copy`` writes this file gives its column list
    and, from the ``CREATE TABLE``, the types: dates all after 2000 read as dates."""
    data = pg_copy([[233140104, dt.date(2004, 2, 29)]], ["int8", "date"])
    sql = (
        b'CREATE TABLE kind ("BSN" bigint, geboren date, naam text);\n'
        b"\\copy kind (\"BSN\", geboren) to '/tmp/kind_2024.copy' with (format binary)\n"
    )
    tables, _ = _read(_source(data, "export/kind_2024.copy", {"migratie.sql": sql}))
    assert _rows(tables[0]) == [{"BSN": "233140104", "geboren": "2004-02-29"}]


@pytest.mark.parametrize(
    ("path", "beside"),
    [
        ("db/patient.copy", {"patient.sql": b"create table x.patient (bsn int8, gebdat DATE);"}),
        (
            "db/patient_20241012.copy",
            {"schema.sql": b"CREATE TABLE IF NOT EXISTS patient (bsn bigint, gebdat date)"},
        ),
    ],
)
def test_a_create_table_of_the_files_name(path: str, beside: dict[str, bytes]) -> None:
    data = pg_copy([[233140104, dt.date(2012, 5, 1)]], ["int8", "date"])
    tables, _ = _read(_source(data, path, beside))
    assert _rows(tables[0]) == [{"bsn": "233140104", "gebdat": "2012-05-01"}]


def test_names_of_another_count_are_not_used() -> None:
    data = pg_copy([[233140104, "Jansen"]], ["int8", "text"])
    sql = b"CREATE TABLE patient (id int, bsn bigint, naam text);"
    tables, notes = _read(_source(data, "db/patient.copy", {"patient.sql": sql}))
    assert tables[0].columns == ("column1", "column2")
    assert "names 3 columns, the tuples hold 2 fields" in notes[0].reason


def test_oids_are_a_column_first() -> None:
    data = pg_copy([["Jansen"]], ["text"], oids=True)
    tables, _ = _read(_source(data))
    assert _rows(tables[0]) == [{"column1": "16385", "column2": "Jansen"}]


def test_a_cut_file_keeps_the_tuples_before() -> None:
    data = pg_copy([["Jansen", 1], ["de Vries", 2]], ["text", "int4"])[:-12]
    tables, notes = _read(_source(data))
    assert _rows(tables[0]) == [{"column1": "Jansen", "column2": "1"}]
    assert notes[0].location.row == 2 and "the reading ends here" in notes[0].reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 1, 0) + b"\xff\xff", "critical flags"),
        (b"PGCOPY\n\xff\r\n\x00\x00", "cut inside its header"),
        (b"PGDMP\x01\x0e\x00" + bytes(20), "no PGCOPY signature"),
    ],
)
def test_unreadable_headers(data: bytes, reason: str) -> None:
    with pytest.raises(ExtractError, match=reason):
        _read(_source(data))
