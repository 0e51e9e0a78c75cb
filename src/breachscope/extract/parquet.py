"""Apache Parquet files (a data platform's export, a research extract): the rows of the
file's table, ``row`` = 1-based position, columns by name; a struct's fields are columns
of their own (``naam.achternaam``). The schema's own key-value metadata (a writer's
``author``, ``created_by``) is read as the text part ``info``, ``key: value`` per line,
leaving out Arrow's and pandas' schema blobs.

Values are read as their text: numbers as digits (a BSN stored as int64 loses its leading
zero, as a spreadsheet's does: the detectors know that form), dates as ISO dates,
timestamps as ISO date and time, dictionary-encoded columns decoded; a list or map is
written as JSON; binary values are read as UTF-8 text where they are (a BLOB of bytes is no
value of ours). Rows are read a batch at a time (``Config.max_table_rows_per_unit``), so a
file of any length is read in bounded memory; its metadata is bounded by
``Config.batch_bytes``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import ClassVar

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, SkipFile, Source
from breachscope.extract.chunking import column_names
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.location import Location

MAGIC = b"PAR1"
_SCHEMA_BLOBS = frozenset(
    {b"ARROW:schema", b"pandas", b"org.apache.spark.sql.parquet.row.metadata"}
)
"""Metadata keys that hold a writer's own schema, no one's data."""


def strings(column: pa.ChunkedArray | pa.Array) -> pa.Array:
    """A column's values as strings (None stays None)."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    kind = array.type
    if pa.types.is_string(kind):
        return array
    if pa.types.is_large_string(kind):
        return array.cast(pa.string())
    if pa.types.is_binary(kind) or pa.types.is_large_binary(kind):
        return pa.array([_utf8(v) for v in array.to_pylist()], pa.string())
    if pa.types.is_date(kind):
        return pc.strftime(array, format="%Y-%m-%d")
    if pa.types.is_timestamp(kind):
        seconds = array.cast(pa.timestamp("s", kind.tz), safe=False)  # (no fraction)
        return pc.strftime(seconds, format="%Y-%m-%dT%H:%M:%S")
    if pa.types.is_nested(kind):
        return pa.array(
            [
                None if v is None else json.dumps(v, default=str, ensure_ascii=False)
                for v in array.to_pylist()
            ],
            pa.string(),
        )
    try:
        return array.cast(pa.string())
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid):
        return pa.array([None if v is None else str(v) for v in array.to_pylist()], pa.string())


def _utf8(value: bytes | None) -> str | None:
    if value is None:
        return None
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return None


def flat(batch: pa.RecordBatch) -> pa.Table:
    """The batch with every struct's fields as columns of their own (``a.b``)."""
    table = pa.Table.from_batches([batch])
    while any(pa.types.is_struct(f.type) for f in table.schema):
        table = table.flatten()
    return table


def info_text(metadata: dict[bytes, bytes] | None) -> str:
    """The schema's key-value metadata as ``key: value`` lines."""
    lines = []
    for key, value in (metadata or {}).items():
        if key in _SCHEMA_BLOBS:
            continue
        text = _utf8(key), _utf8(value)
        if text[0] is not None and text[1] is not None:
            lines.append(f"{text[0]}: {text[1]}")
    return "\n".join(lines)


def table_units(location: Location, batches: Iterable[pa.RecordBatch]) -> Iterator[TableUnit]:
    """A unit per record batch (each at most ``Config.max_table_rows_per_unit`` rows, as
    the caller cuts them), its values as text (:func:`strings`), ``row`` = the 1-based
    place in the file."""
    row = 0
    for batch in batches:
        table = flat(batch)
        names = column_names(table.column_names, table.num_columns)
        cols = {f"c{i}": strings(table.column(i)) for i in range(table.num_columns)}
        cols["__row__"] = pa.array(range(row + 1, row + 1 + table.num_rows), pa.int64())
        row += table.num_rows
        if table.num_rows:
            yield TableUnit(location, tuple(names), pa.table(cols))


class ParquetExtractor(Extractor):
    """Apache Parquet files as one table."""

    id: ClassVar[str] = "parquet"
    types: ClassVar[frozenset[str]] = frozenset({"parquet"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        location = Location(source.path)
        with source.open() as fh:
            if fh.read(4) != MAGIC:
                raise ExtractError("not a Parquet file (no 'PAR1' header)")
            fh.seek(0)
            try:
                parquet = pq.ParquetFile(fh)
                if parquet.metadata.serialized_size > config.batch_bytes:
                    raise ExtractError(f"Parquet metadata larger than {config.batch_bytes} bytes")
                info = info_text(parquet.schema_arrow.metadata)
                if info:
                    yield TextUnit(Location(source.path, part="info"), info)
                size = max(1, config.max_table_rows_per_unit)
                yield from table_units(location, parquet.iter_batches(batch_size=size))
            except (pa.ArrowException, OSError, ValueError) as exc:
                raise ExtractError(f"unreadable Parquet file ({type(exc).__name__})") from None
