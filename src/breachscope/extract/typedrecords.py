"""Delimited files whose records are of several types, each its own width: a
declaration in the style of Vektis's standards written with ``;`` (``01`` a header
record with the sender, ``02`` a patient, ``04`` a service, ``99`` the totals), a bank's
or an insurer's batch file. The first field names a record's type.

A table per record type (``part=record-02``), its columns by position (``column3``: the
file has no header line, and the detectors read a column of positional name by its
values, see :mod:`breachscope.detect.headerless`), ``row`` = the record's physical line.
Read as one table, such a file's widths disagree, and it was read as text: its patients'
BSNs, names and birth dates, with no label beside them, were lost.

How a file is recognised is :func:`breachscope.ingest.filetype.typed_records_delimiter`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, SkipFile, Source
from breachscope.extract.chunking import RowChunker, column_names
from breachscope.extract.csvsniff import HEAD_BYTES
from breachscope.extract.encoding import detect_stream, text_stream
from breachscope.extract.lines import BoundedLines
from breachscope.ingest.filetype import record_type, typed_records_delimiter
from breachscope.location import Location

PART_PREFIX = "record-"
"""A record type's table is the part ``record-`` + its type (``record-02``)."""
MAX_TYPES = 64
"""Most record types given a table each; the records of further types share one table,
the part ``record-other``."""


class TypedRecordsExtractor(Extractor):
    """Delimited records of several types: one table per type."""

    id: ClassVar[str] = "typed-records"
    types: ClassVar[frozenset[str]] = frozenset({"typed-records"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        csv.field_size_limit(config.max_text_unit_chars)
        with source.open() as fh:
            enc = detect_stream(fh)
            head = fh.read(HEAD_BYTES)
        sample = head.decode(enc.codec, "replace")
        delimiter = typed_records_delimiter(sample, complete=len(head) < HEAD_BYTES)
        if delimiter is None:
            raise SkipFile("no longer records of several types")  # (sniffed on other bytes)
        path = source.path
        chunkers: dict[str, RowChunker] = {}
        texts = RowChunker(Location(path), column_names((), 1), config.max_table_rows_per_unit)
        with source.open() as fh:
            fh.seek(enc.bom_len)
            lines = BoundedLines(text_stream(fh, enc), config.max_text_unit_chars)
            while True:
                reader = csv.reader(lines, delimiter=delimiter, quotechar='"', strict=False)
                before = lines.count
                try:
                    for row in reader:
                        start = before + 1
                        before = lines.count
                        if not any(cell.strip() for cell in row):
                            continue
                        kind = record_type(row[0]) if len(row) > 1 else None
                        if kind is None:
                            yield from texts.add(start, row)  # (a line of text among them)
                            continue
                        if kind not in chunkers and len(chunkers) >= MAX_TYPES:
                            kind = "other"
                        chunker = chunkers.get(kind)
                        if chunker is None:
                            part = PART_PREFIX + kind
                            chunker = RowChunker(
                                Location(path, part),
                                column_names((), len(row)),
                                config.max_table_rows_per_unit,
                            )
                            chunkers[kind] = chunker
                        yield from chunker.add(start, row)
                except csv.Error:
                    raise ExtractError(f"unreadable record near line {lines.count}") from None
                yield from lines.skipped_notes(path)
                if not lines.interrupted:
                    break
        for chunker in chunkers.values():
            yield from chunker.flush()
        yield from texts.flush()
