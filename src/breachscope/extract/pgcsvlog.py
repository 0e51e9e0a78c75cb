"""PostgreSQL's server log in CSV (``log_destination = 'csvlog'``:
``log/postgresql-2024-05-12_000000.csv``), its statements read with the values they ran
with.

The log has no header: each record is a row of fixed columns, quoted as CSV is (a field
in double quotes, a quote doubled, line breaks inside), as PostgreSQL's documentation
("Using CSV-Format Log Output") lists them: ``log_time``, ``user_name``,
``database_name``, ``process_id``, ``connection_from``, ``session_id``,
``session_line_num``, ``command_tag``, ``session_start_time``,
``virtual_transaction_id``, ``transaction_id``, ``error_severity``, ``sql_state_code``,
``message``, ``detail``, ``hint``, ``internal_query``, ``internal_query_pos``,
``context``, ``query``, ``query_pos``, ``location``, ``application_name`` (9.0 on),
``backend_type`` (13 on), ``leader_pid`` and ``query_id`` (14 on): 22, 23, 24 or 26
columns. The records are a table under these names, ``row`` the line its record starts
on.

An application's statements come with placeholders (``execute <unnamed>: SELECT ... WHERE
bsn = $1``), their values apart in the detail (``parameters: $1 = '835908690', $2 =
'1963-11-02'``) or, for a statement that failed, the context (``unnamed portal with
parameters: ...``): a BSN there has no column beside it. Each such statement, its
placeholders replaced by the literals the log gives (a quote in one doubled, as the log
writes it; ``NULL``), is a line of the text of part ``statements``, read as SQL in a text is
(an ``INSERT``'s values under its columns). A record that does not parse ends the reading
with a note, the records before it kept.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import ClassVar, TextIO

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.chunking import RowChunker, cut_text
from breachscope.extract.encoding import detect_stream, text_stream
from breachscope.ingest.filetype import PG_CSVLOG_COLUMNS
from breachscope.location import Location

COLUMNS = PG_CSVLOG_COLUMNS
"""The columns of PostgreSQL 14 on; older versions' logs have the first 22, 23 or 24."""
_STATEMENT = re.compile(
    r"(?:duration: [\d.]+ ms\s+)?(?:execute|bind|parse) [^:\n]*: (.*)", re.DOTALL
)
"""A statement of the extended protocol in a message: ``execute <unnamed>: SELECT ...``."""
_PARAMETERS = re.compile(r"(?:^|portal with parameters: )(?:parameters: )?(\$\d+ = .*)", re.S)
_PARAMETER = re.compile(r"\$(\d+) = (NULL|'(?:[^']|'')*')")
_PLACEHOLDER = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\$(\d+)(?!\d)")
"""A placeholder, outside the literals and quoted names that may hold a ``$``."""
MAX_STATEMENTS_CHARS = 64 * 1024**2
"""Most characters of bound statements kept (then a note)."""


MAX_LINE = 1024**2
"""Longest physical line read (characters); a longer one ends the reading."""


class _LongLine(Exception):
    """A line longer than :data:`MAX_LINE`."""


def _lines(stream: TextIO) -> Iterator[str]:
    """The stream's lines, none longer than :data:`MAX_LINE` (else :class:`_LongLine`)."""
    while line := stream.readline(MAX_LINE):
        if len(line) >= MAX_LINE and not line.endswith("\n"):
            raise _LongLine
        yield line


def parameters(text: str) -> dict[str, str]:
    """The values a detail or context gives the placeholders, as their literals."""
    found = _PARAMETERS.search(text)
    if found is None or not (text.startswith("parameters: ") or "portal with" in text):
        return {}
    return {m[1]: m[2] for m in _PARAMETER.finditer(found[1])}


def bound(statement: str, values: dict[str, str]) -> str:
    """``statement`` with each placeholder that has a value replaced by it."""

    def one(match: re.Match[str]) -> str:
        number = match[1]
        return values.get(number, match[0]) if number else match[0]

    return _PLACEHOLDER.sub(one, statement)


def statement_of(record: list[str]) -> str | None:
    """The statement a record's values belong to: its message's ``execute ...: `` part,
    else its ``query`` column."""
    found = _STATEMENT.match(record[13])
    if found is not None:
        return found[1]
    return record[19] if len(record) > 19 and record[19] else None


class PgCsvlogExtractor(Extractor):
    """PostgreSQL's csvlog: the records as a table, the bound statements as text."""

    id: ClassVar[str] = "pg-csvlog"
    types: ClassVar[frozenset[str]] = frozenset({"pg-csvlog"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        location = Location(source.path)
        statements: list[str] = []
        held = 0
        broke: str | None = None
        rows = 0
        with source.open() as fh:
            enc = detect_stream(fh)
            stream = text_stream(fh, enc, newline="")
            reader = csv.reader(_lines(stream))
            width: int | None = None
            chunker: RowChunker | None = None
            line = 1
            while True:
                try:
                    record = next(reader)
                except StopIteration:
                    break
                except (csv.Error, UnicodeDecodeError, _LongLine) as exc:
                    broke = f"the record at line {line} does not parse ({type(exc).__name__})"
                    break
                start, line = line, reader.line_num + 1
                if not record:
                    continue
                if width is None:
                    if len(record) not in (22, 23, 24, 26):
                        raise ExtractError(f"{len(record)} columns, not a csvlog's")
                    width = len(record)
                    chunker = RowChunker(location, COLUMNS[:width], config.max_table_rows_per_unit)
                if len(record) != width or chunker is None:
                    broke = f"the record at line {start} has {len(record)} columns, not {width}"
                    break
                rows += 1
                yield from chunker.add(start, record)
                values = parameters(record[14]) or parameters(record[18])
                statement = statement_of(record) if values else None
                if statement is not None and held < MAX_STATEMENTS_CHARS:
                    text = bound(statement, values).replace("\r\n", "\n").strip()
                    text += "" if text.endswith(";") else ";"
                    statements.append(text)
                    held += len(text) + 1
            if chunker is not None:
                yield from chunker.flush()
        if not rows:
            raise ExtractError(f"no csvlog record ({broke or 'empty'})")
        if statements:
            part = Location(source.path, part="statements")
            yield from cut_text(part, "\n".join(statements), config.max_text_unit_chars)
        if held >= MAX_STATEMENTS_CHARS:
            yield Note(location, "bound statements past 64 Mi characters left out")
        if broke is not None:
            yield Note(location, f"csvlog reading stopped ({broke})")
