"""CSV and TSV: encoding, dialect and header detection; rows keep their physical lines.

Well-formed UTF-8/cp1252 files go through pyarrow (:mod:`.csvfast`); anything it cannot
read exactly continues on the stdlib ``csv`` module from the first row not yet produced.
Lines longer than ``Config.max_text_unit_chars`` are skipped with a :class:`Note`, so one
enormous line never has to fit in memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import ClassVar

import pyarrow as pa

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.chunking import RowChunker, column_names
from breachscope.extract.csvfast import Bounded, data_end, line_spans, read_batches
from breachscope.extract.csvsniff import HEAD_BYTES, Layout, sniff
from breachscope.extract.encoding import Encoding, detect_stream, text_stream
from breachscope.extract.units import TableUnit
from breachscope.location import Location


class CsvExtractor(Extractor):
    """Delimited text tables (``;`` ``,`` tab ``|``), one unit per block of rows."""

    id: ClassVar[str] = "csv"
    types: ClassVar[frozenset[str]] = frozenset({"csv", "tsv"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        with source.open() as fh:
            enc = detect_stream(fh)
            head = fh.read(HEAD_BYTES)
            if not head.strip(b"\x00\r\n\t "):
                raise SkipFile("empty file")
            layout = sniff(head, len(head) < HEAD_BYTES, enc, source.detected_type)
        location = Location(source.path)
        header = layout.header or ()
        done_line = layout.header_end_line
        if layout.header and len(layout.header) > 1 and layout.data_offset >= 0:
            fast = _FastReader(source, config, layout, enc, location)
            yield from fast.units()
            if fast.finished:
                return
            done_line = fast.done_line
        yield from _slow_units(source, config, layout, enc, location, header, done_line)


class _FastReader:
    """Runs the pyarrow path and remembers how far it got."""

    def __init__(
        self, source: Source, config: Config, layout: Layout, enc: Encoding, location: Location
    ) -> None:
        self.source, self.config, self.layout, self.enc = source, config, layout, enc
        self.location = location
        self.done_line = layout.header_end_line
        """Last physical line whose record has been produced."""
        self.finished = False

    def units(self) -> Iterator[TableUnit]:
        header = self.layout.header or ()
        width = len(header)
        max_rows = max(1, self.config.max_table_rows_per_unit)
        pending: list[pa.RecordBatch] = []
        pending_rows = 0
        next_line = self.layout.header_end_line + 1
        with self.source.open() as fh:
            end = data_end(fh, self.source.size)
            fh.seek(self.layout.data_offset)
            stream = Bounded(fh, end)
            batches = read_batches(stream, width, self.layout.delimiter, self.enc.codec)
            while True:
                try:
                    batch = next(batches)
                except StopIteration:
                    self.finished = True
                    break
                except (pa.ArrowException, UnicodeError, OSError):
                    break
                if batch.num_rows == 0:
                    continue
                spans = line_spans(batch)
                starts = next_line + spans.cumsum() - spans
                rows = batch.append_column("__row__", pa.array(starts, type=pa.int64()))
                pending.append(rows)
                pending_rows += batch.num_rows
                self.done_line = int(starts[-1])
                next_line = int(starts[-1] + spans[-1])
                while pending_rows >= max_rows:
                    table = pa.Table.from_batches(pending)
                    yield self._unit(table.slice(0, max_rows), header)
                    rest = table.slice(max_rows)
                    pending = rest.to_batches()
                    pending_rows = rest.num_rows
        if pending_rows:
            yield self._unit(pa.Table.from_batches(pending), header)

    def _unit(self, table: pa.Table, header: tuple[str, ...]) -> TableUnit:
        return TableUnit(self.location, header, table)


class _Lines:
    """Physical lines of a text stream, each at most ``limit`` characters; longer lines
    are consumed piecewise, counted, and reported in ``overlong``."""

    def __init__(self, text: io.TextIOBase, limit: int) -> None:
        self._text = text
        self._limit = max(16, limit)
        self.count = 0
        self.overlong: list[int] = []
        self.interrupted = False

    def __iter__(self) -> Iterator[str]:
        self.interrupted = False
        while True:
            line = self._text.readline(self._limit)
            if not line:
                return
            self.count += 1
            if len(line) >= self._limit and not line.endswith(("\n", "\r")):
                while line and not line.endswith(("\n", "\r")):
                    line = self._text.readline(self._limit)
                self.overlong.append(self.count)
                self.interrupted = True
                return
            yield line


def _slow_units(
    source: Source,
    config: Config,
    layout: Layout,
    enc: Encoding,
    location: Location,
    header: tuple[str, ...],
    done_line: int,
) -> Iterator[Extracted]:
    """Every record starting after ``done_line``, read with the stdlib csv module."""
    chunker = RowChunker(
        location, column_names(header, len(header)), config.max_table_rows_per_unit
    )
    with source.open() as fh:
        fh.seek(enc.bom_len)
        lines = _Lines(text_stream(fh, enc), config.max_text_unit_chars)
        reported = 0
        while True:
            reader = csv.reader(lines, delimiter=layout.delimiter, quotechar='"', strict=False)
            before = lines.count
            try:
                for row in reader:
                    start = before + 1
                    before = lines.count
                    if row and start > done_line:
                        yield from chunker.add(start, row)
            except csv.Error as exc:
                reason = f"unreadable CSV near line {lines.count}: {_reason(exc)}"
                raise ExtractError(reason) from None
            for line_number in lines.overlong[reported:]:
                yield Note(
                    Location(location.path, row=line_number),
                    f"line longer than {config.max_text_unit_chars} characters skipped",
                )
            reported = len(lines.overlong)
            if not lines.interrupted:
                break
    yield from chunker.flush()


def _reason(exc: csv.Error) -> str:
    text = str(exc)
    return "field larger than field limit" if "field limit" in text else "malformed record"
