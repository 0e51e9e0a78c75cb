"""MySQL and MariaDB slow query logs (``mysql-slow.log``): the statements a database ran
slowly, as the client sent them.

A slow log is the server's start banner (``/usr/sbin/mysqld, Version: ... started with:``,
``Tcp port: ...``, ``Time Id Command Argument``), then an entry per query: header comment
lines (``# Time:``, ``# User@Host:``, ``# Query_time: ... Rows_examined: ...``, MariaDB's
``# Thread_id:``...) and the statements (``use lims;``, ``SET timestamp=...;`` and the
query verbatim, over several lines as sent). Read as a SQL dump it is a script of
``SELECT`` s and ``UPDATE`` s whose values stand in conditions, ``p.achternaam LIKE
'Wolbers-van Wijk%'``, that the free text does not read as fields.

Here the file's text is part of no name (offsets and lines as in the file: an ``INSERT``
in it is read as rows by the detectors, its comments as text), and each statement's
conditions and assignments, a column (with or without its table's alias) compared with
``=``, ``<>``, ``!=`` or ``LIKE`` to a literal or set to one (``SET telefoon = '...'``),
are a record in the part of the statement's first table (``FROM``, ``UPDATE``, ``INTO``,
``DELETE FROM``), ``row`` = the line its entry's statements start on, each value under its
column's name (a second one ``bsn (2)``): a string unescaped as MySQL writes it (``\\'``,
``''``, ``\\\\``, ``\\n``), a ``LIKE`` pattern without the ``%`` at its ends, a number as
written. Those literals are then blanked in the text (spaces: offsets stay), so a value
is read once. Nothing is run. The file is read whole up to ``Config.batch_bytes``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.chunking import RecordChunker, cut_text
from breachscope.extract.encoding import decode_bytes
from breachscope.extract.sqllex import unquote
from breachscope.location import Location

_ENTRY = re.compile(r"^# (?:Time|User@Host):", re.MULTILINE)
"""The first header line of an entry (MySQL 8 writes ``# Time:`` first; an older server
leaves it out for queries of the same second)."""
_HEADER_LINE = re.compile(r"# [^\n]*\n?")
_SKIPPED = re.compile(
    r"'(?:[^'\\]|\\.|'')*'|\"(?:[^\"\\]|\\.|\"\")*\"|`(?:[^`]|``)*`|/\*.*?\*/|(?:--[ \t]|#)[^\n]*",
    re.DOTALL,
)
"""What a condition is never looked for inside: strings, quoted names and comments."""
_NAME = r"(?:`(?:[^`]|``)+`|\"(?:[^\"]|\"\")+\"|[A-Za-z_][\w$]*)"
_PAIR = re.compile(
    rf"(?P<column>(?:{_NAME}\s*\.\s*)?{_NAME})\s*(?P<op>=|<>|!=|(?i:NOT\s+LIKE|LIKE)\b)\s*"
    r"(?P<value>'(?:[^'\\]|\\.|'')*'|\"(?:[^\"\\]|\\.|\"\")*\"|-?\d+(?:\.\d+)?(?![\w.]))",
    re.DOTALL,
)
_TABLE = re.compile(
    rf"\b(?i:from|update|into|join)\s+(?P<table>{_NAME}(?:\s*\.\s*{_NAME})?)", re.DOTALL
)
_ESCAPES = {"0": "\0", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a"}
_KEYWORDS = frozenset({"SET", "WHERE", "AND", "OR", "ON", "NOT", "WHEN", "THEN", "ELSE"})
_BANNER = re.compile(
    r"^\S*mysqld(?:\.exe)?, Version: [^\n]*started with:\n(?:Tcp port:[^\n]*\n)?"
    r"(?:Time\s+Id\s+Command\s+Argument[^\n]*\n)?",
    re.MULTILINE,
)


def mysql_string(literal: str) -> str:
    """A quoted string's value as MySQL reads it: a doubled quote one, a backslash's
    escapes (``\\n``, ``\\0``, ``\\Z``), any other escaped character itself."""
    quote, body = literal[0], literal[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
        elif ch == quote and body[i + 1 : i + 2] == quote:
            out.append(quote)
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


@dataclass
class Statements:
    """One entry's statements: where they start (offset, line) and their text."""

    start: int
    line: int
    text: str


def entries(text: str) -> Iterator[Statements]:
    """Each entry's statements (after its header lines), up to the next entry."""
    starts = [m.start() for m in _ENTRY.finditer(text)]
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        pos = start
        while (header := _HEADER_LINE.match(text, pos, end)) is not None:
            pos = header.end()
        banner = _BANNER.search(text, pos, end)
        stop = banner.start() if banner is not None else end
        if text[pos:stop].strip():
            yield Statements(pos, text.count("\n", 0, pos) + 1, text[pos:stop])


_SESSION = re.compile(r"^SET (?:timestamp|insert_id|last_insert_id)=\d+;", re.MULTILINE)
"""The session's settings the server writes before a statement (no one's values)."""


def _free(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that are strings, quoted names, comments or the server's
    session settings."""
    spans = [(m.start(), m.end()) for m in _SKIPPED.finditer(text)]
    spans.extend((m.start() - 1, m.end()) for m in _SESSION.finditer(text))
    return spans


def conditions(statements: str) -> tuple[str | None, dict[str, str | None], list[tuple[int, int]]]:
    """The first table, the columns' literal values and the literals' spans in
    ``statements``."""
    spans = _free(statements)
    starts = {s for s, _ in spans}
    inside = [False] * (len(statements) + 1)
    for start, end in spans:
        for k in range(max(start + 1, 0), end):
            inside[k] = True
    record: dict[str, str | None] = {}
    used: list[tuple[int, int]] = []
    table: str | None = None
    for found in _TABLE.finditer(statements):
        if not inside[found.start()] and found.start() not in starts:
            table = ".".join(unquote(p.strip()) for p in found["table"].split("."))
            break
    for found in _PAIR.finditer(statements):
        at = found.start()
        if inside[at] or (at in starts and statements[at] != "`"):
            continue
        column = unquote(re.split(r"\s*\.\s*", found["column"])[-1])
        if column.upper() in _KEYWORDS:
            continue
        raw = found["value"]
        value = mysql_string(raw) if raw[0] in "'\"" else raw
        if "LIKE" in found["op"].upper():
            value = value.strip("%")
        name, number = column, 1
        while name in record:
            number += 1
            name = f"{column} ({number})"
        record[name] = value
        used.append((found.start("value"), found.end("value")))
    return table, record, used


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the characters of ``spans`` but line breaks made spaces."""
    chars = list(text)
    for start, end in spans:
        for k in range(start, end):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


class SlowLogExtractor(Extractor):
    """MySQL's slow query log: its text, and its statements' conditions as records."""

    id: ClassVar[str] = "mysql-slow-log"
    types: ClassVar[frozenset[str]] = frozenset({"mysql-slow-log"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "slow query log")
        text = decode_bytes(data)
        found = list(entries(text))
        if not found:
            raise ExtractError("no slow query log entries")
        yield from statement_units(source.path, text, found, config)


def statement_units(
    path: str, text: str, found: list[Statements], config: Config
) -> Iterator[Extracted]:
    """The conditions of each of ``found`` (statements of ``text``) as a record in the
    part of its first table, then ``text`` with those literals blanked (shared with the
    client histories, :mod:`breachscope.extract.edithistory`)."""
    chunkers: dict[str | None, RecordChunker] = {}
    blanks: list[tuple[int, int]] = []
    for entry in found:
        table, record, used = conditions(entry.text)
        blanks.extend((entry.start + s, entry.start + e) for s, e in used)
        if not record:
            continue
        chunker = chunkers.get(table)
        if chunker is None:
            chunker = chunkers[table] = RecordChunker(
                Location(path, table), config.max_table_rows_per_unit
            )
        yield from chunker.add(entry.line, record)
    for chunker in chunkers.values():
        yield from chunker.flush()
    yield from cut_text(Location(path), _blank(text, blanks), config.max_text_unit_chars)


def split_statements(text: str) -> Iterator[Statements]:
    """The statements of a script, apart at each ``;`` outside strings, quoted names and
    comments (the last may lack its ``;``)."""
    free = [(m.start(), m.end()) for m in _SKIPPED.finditer(text)]
    cuts: list[int] = []
    at, k = 0, 0
    while (semi := text.find(";", at)) >= 0:
        while k < len(free) and free[k][1] <= semi:
            k += 1
        if not (k < len(free) and free[k][0] < semi < free[k][1]):
            cuts.append(semi + 1)
        at = semi + 1
    start = 0
    for end in [*cuts, len(text)]:
        body = text[start:end]
        if body.strip():
            lead = len(body) - len(body.lstrip())
            yield Statements(start + lead, text.count("\n", 0, start + lead) + 1, body[lead:])
        start = end
