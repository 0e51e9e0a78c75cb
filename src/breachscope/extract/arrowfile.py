"""Apache Arrow IPC files (Feather v2, ``.arrow``: a dashboard's cache, a data team's
hand-over) and Apache ORC files (a Hive table's ``000000_0``), read with pyarrow as a
Parquet file is (:mod:`breachscope.extract.parquet`): the rows of the file's table,
``row`` = 1-based position, columns by name, a struct's fields as columns of their own
(``adres.postcode``), values as their text (a number as its digits, a date as its ISO
date, a dictionary-encoded column decoded, a list as JSON). The schema's key-value
metadata (what a writer attached: ``bron``, a query) is the text part ``info``, ``key:
value`` per line. Rows are read a batch (an ORC stripe, an IPC record batch) at a time,
each cut to at most ``Config.max_table_rows_per_unit`` rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO, ClassVar

import pyarrow as pa

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, SkipFile, Source
from breachscope.extract.parquet import info_text, table_units
from breachscope.extract.units import TextUnit
from breachscope.location import Location

ARROW_MAGIC = b"ARROW1"
ORC_MAGIC = b"ORC"


def _cut(batch: pa.RecordBatch, size: int) -> Iterator[pa.RecordBatch]:
    """A record batch in slices of at most ``size`` rows."""
    for start in range(0, batch.num_rows, size):
        yield batch.slice(start, size)


def _arrow(fh: BinaryIO, size: int) -> tuple[Any, Iterator[pa.RecordBatch]]:
    """An Arrow IPC file's schema metadata and record batches (read one at a time)."""
    reader = pa.ipc.open_file(fh)

    def batches() -> Iterator[pa.RecordBatch]:
        for i in range(reader.num_record_batches):
            yield from _cut(reader.get_batch(i), size)

    return reader.schema.metadata, batches()


def _orc(fh: BinaryIO, size: int) -> tuple[Any, Iterator[pa.RecordBatch]]:
    """An ORC file's user metadata and stripes (read one at a time)."""
    from pyarrow import orc

    reader = orc.ORCFile(fh)

    def batches() -> Iterator[pa.RecordBatch]:
        for i in range(reader.nstripes):
            yield from _cut(reader.read_stripe(i), size)

    return reader.metadata, batches()


class ArrowFileExtractor(Extractor):
    """An Arrow IPC (Feather) or ORC file as one table."""

    id: ClassVar[str] = "arrow-file"
    types: ClassVar[frozenset[str]] = frozenset({"arrow", "orc"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        what = "Arrow IPC" if source.detected_type == "arrow" else "ORC"
        size = max(1, config.max_table_rows_per_unit)
        with source.open() as fh:
            try:
                opened = _arrow(fh, size) if source.detected_type == "arrow" else _orc(fh, size)
                metadata, batches = opened
                info = info_text(dict(metadata) if metadata else None)
                if len(info) > config.batch_bytes:
                    raise ExtractError(f"{what} metadata larger than {config.batch_bytes} bytes")
                if info:
                    yield TextUnit(Location(source.path, part="info"), info)
                yield from table_units(Location(source.path), batches)
            except (pa.ArrowException, OSError, ValueError) as exc:
                raise ExtractError(f"unreadable {what} file ({type(exc).__name__})") from None
