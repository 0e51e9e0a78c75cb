"""Rows that a worker hands to the driver as a file rather than through its pipe.

Written as an Arrow IPC stream (a copy of the buffers, no encoding) and streamed back
batch by batch into the case database, so the driver never holds a large batch of
findings in its own memory and DuckDB reads Arrow, not a file format. The stream
format, unlike the IPC file format, takes the per-batch dictionaries of the label
columns as they are. Parquet was used before: encoding and decoding it took longer than
the insert itself (1.19 million findings of a 15.6 MB CSV export: 0.5 s to write and
1.5-1.8 s to insert, against 0.1 s and about 0.8 s now). Reading the stream
memory-mapped was as fast, but its pages count as the driver's memory (about 110 MB
more at the scan's peak on the 8x benchmark corpus).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pyarrow as pa

SUFFIX = ".arrows"
T = TypeVar("T")


def write_rows(table: pa.Table, path: Path) -> None:
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)


def with_rows(path: Path, use: Callable[[pa.RecordBatchReader], T]) -> T:
    """Call ``use`` with a reader of the batches written to ``path``: they are read one at
    a time as ``use`` pulls them (a database insert streams them, in bounded memory)."""
    with pa.OSFile(str(path)) as source:
        return use(pa.ipc.open_stream(source))


def read_rows(path: Path) -> pa.Table:
    """The table written to ``path``, read into memory (small tables, tests)."""
    with pa.OSFile(str(path)) as source:
        return pa.ipc.open_stream(source).read_all()
