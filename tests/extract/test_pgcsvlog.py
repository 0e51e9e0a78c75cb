"""PostgreSQL csvlog: records as written by ``write_csvlog``'s layout (texts quoted)."""

from __future__ import annotations

import io
import random

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Note, Source
from breachscope.extract.pgcsvlog import PgCsvlogExtractor, bound, parameters
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.ingest.filetype import PG_CSVLOG_COLUMNS, FileType, sniff_bytes

from .samples import PG_LOG_COMMON, pg_csvlog_line, pg_csvlog_sample


def _read(data: bytes) -> list[Extracted]:
    source = Source("log/postgresql.csv", "pg-csvlog", len(data), lambda: io.BytesIO(data))
    return list(PgCsvlogExtractor().extract(source, Config()))


def _statements(items: list[Extracted]) -> str:
    return "".join(u.text for u in items if isinstance(u, TextUnit))


def test_records_under_the_documented_columns_and_bound_statements() -> None:
    sample = pg_csvlog_sample()
    assert sniff_bytes(sample.data, "postgresql.csv") is FileType.PG_CSVLOG
    items = _read(sample.data)
    table = next(u for u in items if isinstance(u, TableUnit))
    assert table.columns == PG_CSVLOG_COLUMNS
    assert table.data.column("__row__").to_pylist() == [1, 2, 4]  # (record 2 takes 2 lines)
    assert _statements(items) == (
        "SELECT id FROM patient WHERE bsn = '123456782' AND geboortedatum = '1978-03-04';\n"
        "INSERT INTO patient (bsn, achternaam, adres, postcode, telefoon)\n"
        "VALUES ('111222333', 'Jansen-de Vries', 'Dorpsstraat 12A', '1234 AB', '0612345678');"
    )
    assert all(u.location.part == "statements" for u in items if isinstance(u, TextUnit))


def test_parameters_and_binding() -> None:
    values = parameters("parameters: $1 = 'O''Neil', $2 = NULL, $10 = '1,2'")
    assert values == {"1": "'O''Neil'", "2": "NULL", "10": "'1,2'"}
    assert bound("a = $1 AND b = $10 AND c = '$1' AND \"$2\" = $2", values) == (
        "a = 'O''Neil' AND b = '1,2' AND c = '$1' AND \"$2\" = NULL"
    )
    assert parameters("Key (bsn)=(111222333) already exists.") == {}
    context = "unnamed portal with parameters: $1 = '123456782'"
    assert parameters(context) == {"1": "'123456782'"}


def test_a_failed_statement_with_its_portals_parameters_in_the_context() -> None:
    data = pg_csvlog_line(
        log_time="2024-05-12 08:04:08.779 UTC", error_severity="ERROR", sql_state_code="22001",
        message="value too long for type character varying(9)",
        context="unnamed portal with parameters: $1 = '1112223334', $2 = 'Jansen'",
        query="INSERT INTO patient (bsn, achternaam) VALUES ($1, $2)", **PG_LOG_COMMON,
    ).encode()  # fmt: skip
    assert "VALUES ('1112223334', 'Jansen');" in _statements(_read(data))


@pytest.mark.parametrize("width", [22, 23, 24])
def test_older_versions_fewer_columns(width: int) -> None:
    line = pg_csvlog_line(
        log_time="2012-05-12 08:00:00 CEST", error_severity="LOG", sql_state_code="00000",
        message="statement: SELECT 1", **PG_LOG_COMMON,
    )  # fmt: skip
    fields = line.rstrip("\n").split(",")[:width]
    data = (",".join(fields) + "\n").encode()
    assert sniff_bytes(data) is FileType.PG_CSVLOG
    table = next(u for u in _read(data) if isinstance(u, TableUnit))
    assert table.columns == PG_CSVLOG_COLUMNS[:width]


def test_a_damaged_record_ends_the_reading_with_a_note() -> None:
    good = pg_csvlog_sample().data
    items = _read(good + b'2024-05-12 09:00:00 UTC,"x",y\n' + good)
    assert any(isinstance(n, Note) and "columns" in n.reason for n in items)
    rows = sum(u.num_rows for u in items if isinstance(u, TableUnit))
    assert rows == 3


def test_not_a_csvlog() -> None:
    with pytest.raises(ExtractError):
        _read(b"BSN;Naam\n111222333;Jansen\n")
    with pytest.raises(ExtractError):
        _read(random.Random(2).randbytes(4096))
    assert sniff_bytes(b"2024-05-12 08:00:00 UTC,a,b\n2024-05-12 08:00:00 UTC,a,b\n") is not (
        FileType.PG_CSVLOG
    )


def test_an_endless_line_ends_the_reading() -> None:
    data = pg_csvlog_sample().data + b'2024-05-12 09:00:00 UTC,"' + b"a" * (2 * 1024**2)
    items = _read(data)
    assert any(isinstance(n, Note) and "does not parse" in n.reason for n in items)
