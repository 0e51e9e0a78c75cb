"""The fast path for well-formed CSV: pyarrow's parser, with physical line numbers.

pyarrow does not report line numbers, so they are recomputed: a record spans one line plus
the line breaks inside its quoted values. Blank lines would break that count, so pyarrow
is told to keep them; one then fails the column-count check like any ragged row, and the
exact (slow) path takes over from the first row not yet produced. Blank lines at the end of
the file are cut off beforehand (:func:`data_end`), so they cost nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

BLOCK_BYTES = 1 << 20
_TAIL_BYTES = 1 << 16
_SPACE = b" \t\r\n"


def data_end(fh: BinaryIO, size: int) -> int:
    """Byte offset just past the line terminator of the last line with content."""
    start = max(0, size - _TAIL_BYTES)
    fh.seek(start)
    tail = fh.read()
    content = len(tail.rstrip(_SPACE))
    if content == 0:
        return size if start else 0
    rest = tail[content:]
    for eol in (b"\r\n", b"\n", b"\r"):
        at = rest.find(eol)
        if at >= 0 and not rest[:at].strip(b" \t"):
            return start + content + at + len(eol)
    return start + len(tail)


class Bounded:
    """A read-only view of a stream up to a byte offset (for pyarrow)."""

    def __init__(self, fh: BinaryIO, end: int) -> None:
        self._fh = fh
        self._left = max(0, end - fh.tell())
        self.closed = False

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.closed = True

    def read(self, size: int = -1) -> bytes:
        if size < 0 or size > self._left:
            size = self._left
        data = self._fh.read(size)
        self._left -= len(data)
        return data


def read_batches(
    stream: Bounded, width: int, delimiter: str, codec: str
) -> Iterator[pa.RecordBatch]:
    """pyarrow record batches of ``width`` string columns ``c0..``."""
    names = [f"c{i}" for i in range(width)]
    reader = pacsv.open_csv(
        stream,
        read_options=pacsv.ReadOptions(
            column_names=names,
            block_size=BLOCK_BYTES,
            use_threads=False,
            encoding="utf8" if codec == "utf-8" else codec,
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=delimiter,
            quote_char='"',
            double_quote=True,
            escape_char=False,
            newlines_in_values=True,
            ignore_empty_lines=False,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    yield from reader


def line_spans(batch: pa.RecordBatch) -> np.ndarray[Any, np.dtype[np.int64]]:
    """Physical lines each record of ``batch`` spans (1 + line breaks in its values)."""
    total = np.ones(batch.num_rows, dtype=np.int64)
    for column in batch.columns:
        if not _may_break(column):
            continue
        breaks = pc.subtract(
            pc.add(pc.count_substring(column, "\n"), pc.count_substring(column, "\r")),
            pc.count_substring(column, "\r\n"),
        )
        total += breaks.to_numpy(zero_copy_only=False).astype(np.int64)
    return total


def _may_break(column: pa.Array) -> bool:
    """Whether any value of a string column might hold a line break (cheap byte search)."""
    data = column.buffers()[2]
    if data is None:
        return False
    raw = np.frombuffer(data, dtype=np.uint8)
    return bool(((raw == 10) | (raw == 13)).any())
