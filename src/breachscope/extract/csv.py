"""CSV and TSV: encoding, dialect and header detection; rows keep their physical lines.

Well-formed UTF-8/cp1252 files go through pyarrow (:mod:`.csvfast`); anything it cannot
read exactly continues on the stdlib ``csv`` module from the first row not yet produced.
Lines longer than ``Config.max_text_unit_chars`` are skipped with a :class:`Note`, so one
enormous line never has to fit in memory.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.chunking import RowChunker, column_names
from breachscope.extract.csvfast import Bounded, FastReader
from breachscope.extract.csvsniff import HEAD_BYTES, Layout, sniff
from breachscope.extract.encoding import Encoding, detect_stream, text_stream
from breachscope.extract.lines import BoundedLines
from breachscope.location import Location


class CsvExtractor(Extractor):
    """Delimited text tables (``;`` ``,`` tab ``|``), one unit per block of rows."""

    id: ClassVar[str] = "csv"
    types: ClassVar[frozenset[str]] = frozenset({"csv", "tsv"})

    def __init__(self, fast: bool = True) -> None:
        self.fast = fast
        """Use the pyarrow path where it applies (``False``: only the exact csv-module path)."""

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        with source.open() as fh:
            enc = detect_stream(fh)
            head = fh.read(HEAD_BYTES)
            if not head.strip(b"\x00\r\n\t "):
                raise SkipFile("empty file")
            layout = sniff(head, len(head) < HEAD_BYTES, enc, source.detected_type)
        location = Location(source.path)
        header = column_names(layout.header or (), layout.width)
        done_line = layout.header_end_line
        if self.fast and layout.width > 1 and layout.data_offset >= 0:
            with source.open() as fh:
                fh.seek(layout.data_offset)
                stream = Bounded(fh, source.size)
                fast = FastReader(
                    stream,
                    location,
                    header,
                    layout.delimiter,
                    enc.codec,
                    config.max_table_rows_per_unit,
                    layout.header_end_line + 1,
                )
                yield from fast.units()
            if fast.finished and not stream.cut:
                return
            done_line = fast.done_line
        yield from _slow_units(source, config, layout, enc, location, header, done_line)


def _slow_units(
    source: Source,
    config: Config,
    layout: Layout,
    enc: Encoding,
    location: Location,
    header: list[str],
    done_line: int,
) -> Iterator[Extracted]:
    """Every record starting after ``done_line``, read with the stdlib csv module."""
    chunker = RowChunker(location, header, config.max_table_rows_per_unit)
    with source.open() as fh:
        fh.seek(enc.bom_len)
        lines = BoundedLines(text_stream(fh, enc), config.max_text_unit_chars)
        reported = 0
        while True:
            reader = csv.reader(lines, delimiter=layout.delimiter, quotechar='"', strict=False)
            before = lines.count
            try:
                for row in reader:
                    start = before + 1
                    before = lines.count
                    if start > done_line and any(row) and chunker.append(start, row):
                        yield from chunker.flush()
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
