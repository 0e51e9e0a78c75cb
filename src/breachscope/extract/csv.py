"""CSV and TSV: encoding, dialect and header detection; rows keep their physical lines.

Well-formed UTF-8/cp1252 files go through pyarrow (:mod:`.csvfast`); anything it cannot
read exactly continues on the stdlib ``csv`` module from the first row not yet produced.
Lines longer than ``Config.max_text_unit_chars`` are skipped with a :class:`Note`, so one
enormous line never has to fit in memory; a cell may be as long (the csv module's own
limit, 128 KiB, would fail a whole file over one long note or an embedded document).
Given a :class:`~.base.Span` (a part of a large file, see :mod:`breachscope.engine.split`),
it reads the header and dialect from the start of the file and then only the records of
that part, with their lines in the whole file. Title lines above the header (an export's
``# LIMS export ...``, ``Uitslagen van mevrouw ...``) are free text, read as the file's
first lines.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, ClassVar, cast

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, SkipFile, Source
from breachscope.extract.chunking import RowChunker, column_names
from breachscope.extract.csvfast import Bounded, FastReader
from breachscope.extract.csvsniff import (
    HEAD_BYTES,
    Layout,
    is_text_line,
    physical_lines,
    rejoined,
    sniff,
    split_quoted_row,
    text_lines,
)
from breachscope.extract.encoding import Encoding, detect_stream, text_stream
from breachscope.extract.lines import BoundedLines
from breachscope.extract.units import TextUnit
from breachscope.location import Location


class CsvExtractor(Extractor):
    """Delimited text tables (``;`` ``,`` tab ``|``), one unit per block of rows."""

    id: ClassVar[str] = "csv"
    types: ClassVar[frozenset[str]] = frozenset({"csv", "tsv"})
    structured: ClassVar[bool] = True
    reads_spans: ClassVar[bool] = True

    def __init__(self, fast: bool = True) -> None:
        self.fast = fast
        """Use the pyarrow path where it applies (``False``: only the exact csv-module path)."""

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        csv.field_size_limit(config.max_text_unit_chars)  # (sniffing reads with it too)
        with source.open() as fh:
            enc = detect_stream(fh)
            head = fh.read(HEAD_BYTES)
            if not head.strip(b"\x00\r\n\t "):
                raise SkipFile("empty file")
            layout = sniff(head, len(head) < HEAD_BYTES, enc, source.detected_type)
        location = Location(source.path)
        if layout.header_line > 1 and (source.span is None or source.span.index == 0):
            title = title_text(head, layout.header_line - 1, enc, len(head) < HEAD_BYTES)
            if title.strip():
                yield TextUnit(location, title)
        header = column_names(layout.header or (), layout.width)
        part = _Part.of(source, layout, enc)
        done_line = part.first_line - 1
        header_row = (
            layout.header_line
            if layout.header is not None and (source.span is None or source.span.index == 0)
            else None
        )
        if self.fast and layout.width > 1 and layout.data_offset >= 0 and not layout.quoted_rows:
            with source.open() as fh:
                fh.seek(part.data_start)
                stream = Bounded(fh, part.end)
                fast = FastReader(
                    stream,
                    location,
                    header,
                    layout.delimiter,
                    enc.codec,
                    config.max_table_rows_per_unit,
                    part.first_line,
                    header_row,
                )
                yield from fast.units()
            if fast.finished and not stream.cut:
                return
            done_line = fast.done_line
            header_row = fast.header_row
        yield from _slow_units(
            source, config, layout, enc, (location, header, header_row), done_line, part
        )


@dataclass(frozen=True, slots=True)
class _Part:
    """Where the records to read lie: all of the file, or one :class:`Span` of it."""

    start: int
    """Byte offset the exact path reads from (it skips records before ``first_line``)."""
    line: int
    """Physical line number of the line at ``start``."""
    data_start: int
    """Byte offset of the first data record (after the header) for the fast path."""
    first_line: int
    """Physical line on which that record starts."""
    end: int

    @classmethod
    def of(cls, source: Source, layout: Layout, enc: Encoding) -> _Part:
        span = source.span
        if span is not None and span.index > 0:
            return cls(span.start, span.line, span.start, span.line, span.end)
        end = span.end if span is not None else source.size
        return cls(enc.bom_len, 1, layout.data_offset, layout.header_end_line + 1, end)


def title_text(head: bytes, lines: int, enc: Encoding, complete: bool) -> str:
    """The first ``lines`` physical lines of a file (``head``: its first bytes, after
    the BOM) as text: the title lines above a table's header (``# LIMS export ...``,
    ``Uitslagen van mevrouw ...``), which free text reads; its offsets are those of
    the file's text."""
    if enc.ascii_compatible:
        return b"".join(physical_lines(head, complete)[:lines]).decode(enc.codec, "replace")
    text = codecs.getincrementaldecoder(enc.codec)("replace").decode(head, final=complete)
    return "".join(text_lines(text, complete)[:lines])


class _Window(io.RawIOBase):
    """The bytes of ``fh`` from where it stands up to ``end``."""

    def __init__(self, fh: BinaryIO, end: int) -> None:
        self._fh = fh
        self._left = max(0, end - fh.tell())

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._fh.read(min(len(buffer), self._left))
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)


def _slow_units(
    source: Source,
    config: Config,
    layout: Layout,
    enc: Encoding,
    table: tuple[Location, list[str], int | None],
    done_line: int,
    part: _Part,
) -> Iterator[Extracted]:
    """Every record of ``part`` starting after ``done_line``, read with the stdlib csv
    module; ``table``: the units' location, header and the header's row where no unit
    has carried it yet."""
    location, header, header_row = table
    chunker = RowChunker(location, header, config.max_table_rows_per_unit, header_row)
    texts = RowChunker(location, column_names((), 1), config.max_table_rows_per_unit)
    with source.open() as fh:
        fh.seek(part.start)
        window = cast(BinaryIO, _Window(fh, part.end))
        lines = BoundedLines(text_stream(window, enc), config.max_text_unit_chars)
        first = part.line - 1
        while True:
            reader = csv.reader(lines, delimiter=layout.delimiter, quotechar='"', strict=False)
            before = lines.count
            try:
                for row in reader:
                    start = first + before + 1
                    before = lines.count
                    if layout.quoted_rows:
                        row = split_quoted_row(row, layout.delimiter)
                    if len(row) > layout.width:
                        row = rejoined(row, layout.width, layout.delimiter)
                    if start <= done_line or not any(row):
                        continue
                    if is_text_line(row, layout.width):
                        yield from texts.add(start, row)
                    elif chunker.append(start, row):
                        yield from chunker.flush()
            except csv.Error as exc:
                reason = f"unreadable CSV near line {first + lines.count}: {_reason(exc)}"
                raise ExtractError(reason) from None
            yield from lines.skipped_notes(location.path, first)
            if not lines.interrupted:
                break
    yield from chunker.flush()
    yield from texts.flush()


def _reason(exc: csv.Error) -> str:
    text = str(exc)
    return "field larger than field limit" if "field limit" in text else "malformed record"
