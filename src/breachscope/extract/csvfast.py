"""The fast path for well-formed CSV: pyarrow's parser, with physical line numbers.

pyarrow does not report line numbers, so they are recomputed: a record spans one line plus
the line breaks inside its quoted values, and blank lines (kept, as rows of empty cells)
span one. Records with the wrong number of cells are handed to an ``invalid_row_handler``
that gets their record number and text; they are re-read with the csv module and slotted
back in at their place. Anything else pyarrow cannot read (invalid UTF-8, a record larger
than a block) stops this path; the caller continues on the exact (slow) path from the
first row not yet produced.
"""

from __future__ import annotations

import csv
import io
from collections import deque
from collections.abc import Iterator
from typing import Any, BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from breachscope.extract.chunking import RowChunker, column_names
from breachscope.extract.csvsniff import is_text_line, rejoined
from breachscope.extract.units import TableUnit
from breachscope.location import Location

BLOCK_BYTES = 1 << 20


class Bounded:
    """A read-only view of a stream for pyarrow that hands out whole lines only.

    A read ends at a line break; the rest is held back for the next read. When a whole
    block holds no line break (a line longer than a block), the view ends early and sets
    ``cut``: pyarrow would otherwise buffer the line whole, so the slow path, which skips
    over-long lines in bounded memory, reads on from there.
    """

    def __init__(self, fh: BinaryIO, end: int) -> None:
        self._fh = fh
        self._left = max(0, end - fh.tell())
        self._tail = b""
        self.cut = False
        self.closed = False
        self.quoted = False
        """Whether a quote has been read yet (none: no value read so far holds a line
        break, so each record read so far is one line)."""

    def readable(self) -> bool:
        return True

    def read_whole(self) -> bytes | None:
        """All that is left, when it is at most one block and the file holds all of it:
        what the first :meth:`read` would return, before the end of the stream. Else
        ``None``, and the stream is left as it was."""
        if self.cut or self._tail or self._left > BLOCK_BYTES:
            return None
        here = self._fh.tell()
        data = self._fh.read(self._left)
        if len(data) < self._left:  # the file ends early: let reads go the usual way
            self._fh.seek(here)
            return None
        self._left = 0
        self._note_quotes(data)
        return data

    def _note_quotes(self, data: bytes) -> None:
        if not self.quoted and b'"' in data:
            self.quoted = True

    def close(self) -> None:
        self.closed = True

    def read(self, size: int = -1) -> bytes:
        size = BLOCK_BYTES if size is None or size <= 0 else size
        if self.cut:
            return b""
        want = min(max(size - len(self._tail), 0), self._left)
        fresh = self._fh.read(want) if want else b""
        self._left -= len(fresh)
        self._note_quotes(fresh)
        data = self._tail + fresh if self._tail else fresh
        if not self._left or not fresh:
            self._tail = b""
            return data
        end = max(data.rfind(b"\n"), data.rfind(b"\r"))
        if end < 0:
            self.cut = True
            return b""
        if end == len(data) - 1 and data[end:] == b"\r":
            end -= 1  # keep a final "\r" with a "\n" that may follow
            end = max(data.rfind(b"\n", 0, end + 1), data.rfind(b"\r", 0, end + 1))
            if end < 0:
                self.cut = True
                return b""
        self._tail = data[end + 1 :]
        return data[: end + 1]


def count_breaks(text: str) -> int:
    """Line breaks in ``text``: ``\\n``, ``\\r`` and ``\\r\\n`` count once each."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


class FastReader:
    """Reads the data records after the header with pyarrow; see the module docstring."""

    def __init__(
        self,
        stream: Bounded,
        location: Location,
        header: list[str],
        delimiter: str,
        codec: str,
        max_rows: int,
        first_line: int,
        header_row: int | None = None,
    ) -> None:
        self.location = location
        self.header = header
        self.delimiter = delimiter
        self.max_rows = max(1, max_rows)
        self.next_line = first_line
        self.done_line = first_line - 1
        self.header_row = header_row
        """Source row of the header until a unit has carried it."""
        """Start line of the last record produced."""
        self.finished = False
        self._records = 0
        self._invalid: deque[tuple[int, str]] = deque()
        self._ragged = RowChunker(location, header, max_rows)
        self._texts = RowChunker(location, column_names((), 1), max_rows)
        """Records that are lines of text (:func:`~breachscope.extract.csvsniff.is_text_line`)."""
        self._ragged_rows: list[tuple[int, list[str]]] = []
        self._names = [f"c{i}" for i in range(len(header))]
        self._stream = stream
        self._codec = codec

    def _open(self) -> pacsv.CSVStreamingReader:
        source, encoding = self._source()
        return pacsv.open_csv(
            source,
            read_options=pacsv.ReadOptions(
                column_names=self._names,
                block_size=BLOCK_BYTES,
                use_threads=False,
                encoding=encoding,
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=self.delimiter,
                quote_char='"',
                double_quote=True,
                escape_char=False,
                newlines_in_values=True,
                ignore_empty_lines=False,
                invalid_row_handler=self._on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(self._names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )

    def _source(self) -> tuple[Bounded | pa.BufferReader, str]:
        """The input for pyarrow and its encoding.

        When the rest of the file is a single block (a small file), it is read here and
        handed over as a buffer, transcoded to UTF-8 as pyarrow would (strict decoding):
        pyarrow then parses the same block, without the cost of calling back into Python
        for reads and transcoding. A decoding error is raised here instead of by pyarrow.
        """
        data = self._stream.read_whole()
        if data is None:
            return self._stream, "utf8" if self._codec == "utf-8" else self._codec
        if self._codec != "utf-8":
            data = data.decode(self._codec).encode("utf-8")
        return pa.BufferReader(data), "utf8"

    def _on_invalid(self, row: Any) -> str:
        self._invalid.append((int(row.number or 0), str(row.text or "")))
        return "skip"

    def units(self) -> Iterator[TableUnit]:
        pending: list[pa.RecordBatch] = []
        held = 0
        try:
            reader = self._open()
        except (pa.ArrowException, UnicodeError, OSError):
            return
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                self.finished = True
                break
            except (pa.ArrowException, UnicodeError, OSError):
                break
            starts = self._starts(batch)
            yield from self._drain_ragged(final=False)
            if batch.num_rows:
                rows = batch.append_column("__row__", pa.array(starts, type=pa.int64()))
                mask = _has_value(batch)
                if isinstance(mask, np.ndarray):
                    if not mask.all():
                        rows = rows.filter(pa.array(mask))
                elif not pc.all(mask).as_py():
                    rows = rows.filter(mask)
                self.done_line = max(self.done_line, int(starts[-1]))
                if rows.num_rows:
                    pending.append(rows)
                    held += rows.num_rows
            while held >= self.max_rows:
                table = pa.Table.from_batches(pending)
                yield self._unit(table.slice(0, self.max_rows))
                rest = table.slice(self.max_rows)
                pending, held = rest.to_batches(), rest.num_rows
        if self.finished:
            yield from self._drain_ragged(final=True)
        if held:
            yield self._unit(pa.Table.from_batches(pending))
        yield from self._ragged.flush()
        yield from self._texts.flush()

    def _unit(self, data: pa.Table) -> TableUnit:
        header_row, self.header_row = self.header_row, None
        return TableUnit(self.location, tuple(self.header), data, header_row)

    def _starts(self, batch: pa.RecordBatch) -> np.ndarray[Any, np.dtype[np.int64]]:
        """Start lines of the batch's records, slotting invalid records in between."""
        n = batch.num_rows
        plain = not self._stream.quoted  # (no quote in the bytes read so far, those of
        # this batch among them: each of its records is one line)
        if plain and (not self._invalid or self._invalid[0][0] > self._records + n):
            starts: np.ndarray[Any, np.dtype[np.int64]] = np.arange(
                self.next_line, self.next_line + n, dtype=np.int64
            )  # one line each
            self.next_line += n
            self._records += n
            return starts
        spans = np.ones(n, dtype=np.int64) if plain else line_spans(batch)
        if not self._invalid or self._invalid[0][0] > self._records + n:
            starts = self.next_line + np.cumsum(spans) - spans
            if n:
                self.next_line = int(starts[-1] + spans[-1])
            self._records += n
            return starts
        starts = np.empty(n, dtype=np.int64)
        i = 0
        while i < n:
            if self._invalid and self._invalid[0][0] == self._records + 1:
                self._slot_invalid()
                continue
            starts[i] = self.next_line
            self.next_line += int(spans[i])
            self._records += 1
            i += 1
        return starts

    def _slot_invalid(self) -> None:
        _, text = self._invalid.popleft()
        cells = next(csv.reader(io.StringIO(text, newline=""), delimiter=self.delimiter), [])
        cells = rejoined(cells, len(self.header), self.delimiter)
        self._records += 1
        if any(cells):
            self._ragged_rows.append((self.next_line, cells))
        self.next_line += 1 + count_breaks(text)

    def _drain_ragged(self, final: bool) -> Iterator[TableUnit]:
        """Slot in invalid records that directly follow the last record (at the end: all)."""
        while self._invalid and (final or self._invalid[0][0] == self._records + 1):
            self._slot_invalid()
        rows, self._ragged_rows = self._ragged_rows, []
        for line, cells in rows:
            self.done_line = max(self.done_line, line)
            if is_text_line(cells, len(self.header)):
                yield from self._texts.add(line, cells)
            else:
                yield from self._ragged.add(line, cells)


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
    raw = data.to_pybytes()  # a memcpy; the searches below are memchr
    return b"\n" in raw or b"\r" in raw


def _has_value(batch: pa.RecordBatch) -> np.ndarray[Any, np.dtype[np.bool_]] | pa.Array:
    """Mask of the records with at least one non-empty cell.

    Read from the value offsets of the (null-free) string columns; for any other column
    the mask is computed with pyarrow (a pyarrow array, which may hold nulls).
    """
    string = pa.string()
    mask = np.zeros(batch.num_rows, dtype=np.bool_)
    for i in range(batch.num_columns):
        column = batch.column(i)
        if column.null_count or column.type != string:
            return _has_value_arrow(batch)
        ends = np.frombuffer(
            column.buffers()[1], dtype=np.int32, count=len(column) + 1, offset=4 * column.offset
        )
        mask |= ends[1:] > ends[:-1]
        if mask.all():
            break  # every record has a value already (usually after the first column)
    return mask


def _has_value_arrow(batch: pa.RecordBatch) -> pa.Array:
    mask = None
    for column in batch.columns:
        filled = pc.greater(pc.binary_length(column), 0)
        mask = filled if mask is None else pc.or_(mask, filled)
        if pc.all(mask).as_py():
            break
    return mask
