"""The fast path for well-formed CSV: pyarrow's parser, with physical line numbers.

pyarrow does not report line numbers, so they are recomputed: a record spans one line plus
the line breaks inside its quoted values. That holds while the file has no blank lines
(pyarrow drops them silently); :class:`LineWatch` watches the raw bytes for the first blank
line, and rows from there on are left to the exact (slow) path. Any parse error (ragged
rows, invalid UTF-8, a record larger than a block) also hands over to the slow path.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

BLOCK_BYTES = 1 << 20
_BLANK = (b"\n\n", b"\n\r", b"\r\r")


def count_breaks(data: bytes) -> int:
    """Line breaks in ``data``: ``\\n``, ``\\r`` and ``\\r\\n`` count once each."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


class LineWatch:
    """Reads a byte stream for pyarrow and notes the physical line of the first blank line."""

    def __init__(self, fh: BinaryIO, first_line: int) -> None:
        self._fh = fh
        self._line = first_line
        self._last = b""
        self.closed = False
        self.first_blank: int | None = None
        """Physical line number of the first blank line seen so far."""

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.closed = True

    def read(self, size: int = -1) -> bytes:
        data = self._fh.read(size)
        if data and self.first_blank is None:
            joined = self._last + data
            hits = [p for p in (joined.find(b) for b in _BLANK) if p >= 0]
            if hits:
                # the blank line is the one ending at joined[hit + 1]
                self.first_blank = self._line + _breaks_before(joined, min(hits) + 1, self._last)
            self._line += count_breaks(joined) - count_breaks(self._last)
            self._last = data[-1:]
        return data


def _breaks_before(joined: bytes, pos: int, last: bytes) -> int:
    """Line breaks in ``joined[:pos]`` not already counted in the previous block ``last``."""
    return count_breaks(joined[:pos]) - count_breaks(last)


def read_batches(
    watch: LineWatch, width: int, delimiter: str, codec: str
) -> Iterator[pa.RecordBatch]:
    """pyarrow record batches of ``width`` string columns ``c0..``."""
    names = [f"c{i}" for i in range(width)]
    reader = pacsv.open_csv(
        watch,
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
            ignore_empty_lines=True,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    yield from reader


def line_spans(batch: pa.RecordBatch) -> pa.Array:
    """Physical lines each record of ``batch`` spans (1 + line breaks in its values)."""
    total = pa.array([1] * batch.num_rows, type=pa.int64())
    for column in batch.columns:
        if not _may_break(column):
            continue
        breaks = pc.subtract(
            pc.add(pc.count_substring(column, "\n"), pc.count_substring(column, "\r")),
            pc.count_substring(column, "\r\n"),
        )
        total = pc.add(total, pc.cast(breaks, pa.int64()))
    return total


def _may_break(column: pa.Array) -> bool:
    """Whether any value of a string column might hold a line break (cheap byte search)."""
    data = column.buffers()[2]
    if data is None:
        return False
    raw = data.to_pybytes()
    return b"\n" in raw or b"\r" in raw
