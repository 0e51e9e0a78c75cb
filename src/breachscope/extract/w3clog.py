"""W3C extended log files (IIS's ``u_ex241012.log`` under ``W3SVC1``, and other servers
that write the format): a web server's requests, a row each, under the fields its
``#Fields:`` directive names.

The format (W3C Working Draft WD-logfile-960323) opens with directives, lines that start
with ``#`` (``#Software:``, ``#Version: 1.0``, ``#Date:``, ``#Fields:``), then an entry a
line, its fields apart by single spaces in the order ``#Fields:`` names them (``date time
s-ip cs-method cs-uri-stem cs-uri-query ... cs(User-Agent) ...``); a field that is
missing is ``-``, and a space inside a value is written ``+`` (IIS) or the value quoted.
A portal that searches by GET has its patients in ``cs-uri-query``
(``achternaam=de+Boer&gebdat=05-09-1967&bsn=...``): that cell is read at its fields by
the detection stage (:mod:`breachscope.detect.jsoncells`), ``cs-uri-query.bsn``.

Each entry is a row under the last ``#Fields:`` before it (``row`` is its line); a server
that restarts writes its directives again, and a changed field list starts a table of
its own (part ``fields-2``, ``fields-3``...: the first has none). A ``-`` is no value. A
line with more fields than the list is read with the extra ones joined to the last. The
directives' own text names no one and is passed over. Lines longer than
``Config.max_text_unit_chars`` are passed over with a note.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.chunking import RowChunker
from breachscope.extract.encoding import detect_stream, text_stream
from breachscope.extract.lines import BoundedLines
from breachscope.ingest.filetype import HEAD_BYTES, is_w3c_log
from breachscope.location import Location

FIELDS = "#Fields:"
MISSING = "-"


def entry_cells(line: str, width: int) -> list[str | None]:
    """An entry's fields, ``-`` as none, extra fields joined to the last (a value with
    an unencoded space)."""
    cells = line.split(" ")
    if len(cells) > width > 0:
        cells[width - 1 :] = [" ".join(cells[width - 1 :])]
    return [None if c in ("", MISSING) else c for c in cells]


class W3cLogExtractor(Extractor):
    """A W3C extended log: a table of its entries under their ``#Fields:``."""

    id: ClassVar[str] = "w3c-log"
    types: ClassVar[frozenset[str]] = frozenset({"w3c-log"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        with source.open() as fh:
            head = fh.read(HEAD_BYTES)
        if not is_w3c_log(head.decode("latin-1")):
            raise ExtractError("not a W3C extended log (no #Fields: directive)")
        path = source.path
        fields: tuple[str, ...] = ()
        lists: list[tuple[str, ...]] = []
        chunker: RowChunker | None = None
        with source.open() as fh:
            lines = BoundedLines(text_stream(fh, detect_stream(fh)), config.max_text_unit_chars)
            while True:
                for line in lines:
                    body = line.rstrip("\r\n")
                    if body.startswith(FIELDS):
                        named = tuple(body[len(FIELDS) :].split())
                        if named and named != fields:
                            if chunker is not None:
                                yield from chunker.flush()
                            fields = named
                            if fields not in lists:
                                lists.append(fields)
                            number = lists.index(fields) + 1
                            part = None if number == 1 else f"fields-{number}"
                            chunker = RowChunker(
                                Location(path, part), fields, config.max_table_rows_per_unit
                            )
                        continue
                    if not body or body.startswith("#") or chunker is None:
                        continue
                    yield from chunker.add(lines.count, entry_cells(body, len(fields)))
                yield from lines.skipped_notes(path)
                if not lines.interrupted:
                    break
        if chunker is not None:
            yield from chunker.flush()
