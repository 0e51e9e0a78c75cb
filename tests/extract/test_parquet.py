"""Apache Parquet files: one table, its values as text, struct fields as columns, the
schema's metadata as the part ``info``; rows read a batch at a time."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from breachscope.config import Config
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import findings_from_arrow
from breachscope.extract.base import Extracted, ExtractError, Source
from breachscope.extract.parquet import ParquetExtractor
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.ingest.filetype import FileType, sniff_bytes

from .samples import parquet_sample

pytestmark = pytest.mark.timeout(60)


def _items(data: bytes, config: Config) -> list[Extracted]:
    source = Source("register.parquet", "parquet", len(data), lambda: io.BytesIO(data))
    return list(ParquetExtractor().extract(source, config))


def test_the_type_is_parquet_by_its_magic_at_both_ends() -> None:
    assert sniff_bytes(parquet_sample().data, "register.bin") == FileType.PARQUET
    assert sniff_bytes(b"PAR1 is het eerste woord van deze notitie\n", "a.txt") == FileType.TEXT


def test_rows_are_numbered_across_batches_and_metadata_is_info() -> None:
    items = _items(parquet_sample().data, Config(max_table_rows_per_unit=2))
    tables = [u for u in items if isinstance(u, TableUnit)]
    assert [u.data.column("__row__").to_pylist() for u in tables] == [[1, 2], [3]]
    assert tables[0].columns == (
        "bsn", "geboortedatum", "uitslag", "naam.achternaam", "naam.voorletters", "telefoons",
        "notitie",
    )  # fmt: skip
    assert tables[0].data.column("c1").to_pylist() == ["1978-03-04", "1985-11-30"]
    infos = [u.text for u in items if isinstance(u, TextUnit)]
    assert infos == ["author: 1234 AB"]


def test_a_timestamp_and_a_decimal_are_read_as_text() -> None:
    import datetime as dt
    from decimal import Decimal

    table = pa.table(
        {
            "afname": pa.array([dt.datetime(2024, 6, 12, 9, 30)], pa.timestamp("us")),
            "bedrag": pa.array([Decimal("12.50")], pa.decimal128(6, 2)),
        }
    )
    buf = io.BytesIO()
    pq.write_table(table, buf)
    (unit,) = [u for u in _items(buf.getvalue(), Config()) if isinstance(u, TableUnit)]
    assert unit.data.column("c0").to_pylist() == ["2024-06-12T09:30:00"]
    assert unit.data.column("c1").to_pylist() == ["12.50"]


def test_a_damaged_file_is_an_error_with_a_reason() -> None:
    data = parquet_sample().data
    with pytest.raises(ExtractError, match="unreadable Parquet"):
        _items(data[:4] + b"\0" * 100 + data[-4:], Config())


def test_an_int64_bsn_without_its_leading_zero_is_found() -> None:
    config = Config(workers=1)
    units = [u for u in _items(parquet_sample().data, config) if isinstance(u, TableUnit)]
    found = {(f.data_class, f.value) for f in findings_from_arrow(detect_units(units, config))}
    assert ("bsn", "012345672") in found
    assert ("date_of_birth", "1978-03-04") in found
