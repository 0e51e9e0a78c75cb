"""Hive's plain text table files (``000000_0`` in a table's folder under the warehouse,
``part-m-00000`` of a Sqoop import with Hive's delimiters: a table's rows on HDFS), read
as headerless tables.

Hive's default text format (``LazySimpleSerDe``) writes a row per line, its fields apart
by ``\\x01``, a collection's items (an array's, a struct's fields) by ``\\x02``, a map's key
from its value by ``\\x03`` (deeper levels by ``\\x04`` to ``\\x08``), and NULL as ``\\N``; no
header, no quoting, no escaping (unless a table asks for it). The file names nothing of
its columns (the table's metastore does), so each row is a row of columns by position,
``column1``, ``column2``... as a ``SELECT ... INTO OUTFILE`` is read, whose values the
detectors read by their shape (:mod:`breachscope.detect.headerless`): a postcode, a birth
date, a name with no header beside them. ``row`` is the line; a blank line is passed over.

A field's collection is read as its items apart by ``, ``, a map's pairs as ``key: value``;
NULL as no value. A SequenceFile's text value of Hive's fields is read the same way
(:func:`hive_fields`, see :mod:`breachscope.extract.seqfile`).

How a file is recognised is :func:`breachscope.ingest.filetype.is_hive_text`; lines end
at ``\\n``, ``\\r`` or ``\\r\\n`` as Hadoop's ``LineReader`` ends them. A line longer than
``Config.max_text_unit_chars`` is passed over with a note.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.chunking import RowChunker
from breachscope.extract.encoding import detect_stream, text_stream
from breachscope.extract.lines import BoundedLines
from breachscope.ingest.filetype import HEAD_BYTES, is_hive_text
from breachscope.location import Location

FIELD = "\x01"
"""Hive's field separator."""
NULL = "\\N"
"""Hive's NULL in a text file (``serialization.null.format``'s default)."""
_NESTED = str.maketrans({"\x02": ", ", "\x03": ": ", **{chr(c): " " for c in range(4, 9)}})
"""A field's inner separators as they are read: a collection's items ``, ``, a map's key
and value ``: ``, deeper levels a space."""


def hive_fields(row: str) -> list[str | None]:
    """A row of Hive's text format as its fields: ``\\x01`` apart, ``\\N`` as ``None``, a
    collection's and a map's separators inside a field read as ``, `` and ``: ``."""
    return [None if field == NULL else field.translate(_NESTED) for field in row.split(FIELD)]


class HiveTextExtractor(Extractor):
    """A Hive text table file: a row per line, its fields as positional columns."""

    id: ClassVar[str] = "hive-text"
    types: ClassVar[frozenset[str]] = frozenset({"hive-text"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        with source.open() as fh:
            head = fh.read(HEAD_BYTES)
        if not is_hive_text(head, len(head) < HEAD_BYTES):
            raise ExtractError("not a Hive text table (no lines of fields apart by \\x01)")
        path = source.path
        chunker = RowChunker(Location(path), (), config.max_table_rows_per_unit)
        with source.open() as fh:
            lines = BoundedLines(text_stream(fh, detect_stream(fh)), config.max_text_unit_chars)
            while True:
                for line in lines:
                    body = line.rstrip("\r\n")
                    if body:
                        yield from chunker.add(lines.count, hive_fields(body))
                yield from lines.skipped_notes(path)
                if not lines.interrupted:
                    break
        yield from chunker.flush()
