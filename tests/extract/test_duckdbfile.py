"""DuckDB database files: tables by schema and name, views and macros as text only, the
storage version checked, nothing left behind."""

from __future__ import annotations

import os
import struct
import tempfile
from pathlib import Path

import pytest

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, SkipFile
from breachscope.extract.duckdbfile import DuckdbExtractor, newest_storage
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .rows import table_records
from .samples import BSN, DUCKDB_VIEW, Sample, duckdb_sample

pytestmark = pytest.mark.timeout(60)


def _read(data: bytes, config: Config | None = None) -> list[Extracted]:
    sample = Sample(data, "duckdb", "dwh/x.duckdb")
    return list(DuckdbExtractor().extract(sample.source(), config or Config()))


def test_tables_by_schema_values_as_text_and_generated_column_left_out() -> None:
    items = _read(duckdb_sample().data)
    rows = table_records(items, "main.patienten")
    assert [r["bsn"] for r in rows] == list(BSN)
    assert rows[0]["geboortedatum"] == "1978-03-04"
    assert rows[0]["foto"] is None  # bytes that are not UTF-8
    assert rows[1]["foto"] == "Dorpsstraat 12A"
    assert rows[1]["telefoon"] is None
    assert "dubbel" not in rows[0]
    assert table_records(items, "lab.adres") == [{"postcode": "1234 AB", "huisnummer": "12"}]
    tables = [u for u in items if isinstance(u, TableUnit)]
    assert {u.location.part for u in tables} == {"main.patienten", "lab.adres"}
    patients = next(u for u in tables if u.location.part == "main.patienten")
    assert patients.cell(2, 2) == patients.location.__class__(
        "dwh/x.duckdb", "main.patienten", 2, "bsn"
    )


def test_views_and_macros_are_text_and_never_queried() -> None:
    items = _read(duckdb_sample().data)
    text = "".join(u.text for u in items if isinstance(u, TextUnit))
    assert DUCKDB_VIEW in text
    assert 'CREATE MACRO "lab"."leeftijd"(d) AS date_diff' in text
    assert {u.location.part for u in items if isinstance(u, TextUnit)} == {"definitions"}


def test_rows_in_chunks() -> None:
    items = _read(duckdb_sample().data, Config(max_table_rows_per_unit=2))
    units = [u for u in items if isinstance(u, TableUnit) and u.location.part == "main.patienten"]
    assert [u.data.column("__row__").to_pylist() for u in units] == [[1, 2], [3]]


def test_nothing_is_left_in_the_temporary_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = duckdb_sample().data
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    _read(data)
    with pytest.raises(ExtractError):
        _read(data[: len(data) // 3])
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(("version", "word"), [(newest_storage() + 1, "newer"), (39, "older")])
def test_storage_version_out_of_reach_says_so(version: int, word: str) -> None:
    data = bytearray(duckdb_sample().data)
    struct.pack_into("<Q", data, 12, version)
    with pytest.raises(ExtractError, match=f"storage version {version}, {word}"):
        _read(bytes(data))


def test_damaged_header_and_other_bytes_fail() -> None:
    data = bytearray(duckdb_sample().data)
    data[40:60] = b"\xff" * 20  # the header's checksum no longer holds
    with pytest.raises(ExtractError, match="unreadable DuckDB"):
        _read(bytes(data))
    with pytest.raises(ExtractError, match="not a DuckDB"):
        _read(os.urandom(8192))
    with pytest.raises(SkipFile):
        _read(b"")


def test_sniffed_by_its_header() -> None:
    data = duckdb_sample().data
    assert sniff_bytes(data, "x.db") is FileType.DUCKDB
    assert sniff_bytes(b"rubber  DUCK and more text\n" * 200, "a.txt") is not FileType.DUCKDB
