"""Numbered records written as keys and values, read as table rows.

A Java ``.properties`` file of test patients, a Spring configuration or an ``.ini``
dump writes each person as keys that share a prefix and a number
(``testpatient.1.bsn=648623221``, ``testpatient.1.naam=L. Bos-Hoekstra``,
``patient[2].geboortedatum: 19851224``). Read as prose, each value stands beside its key
alone: a bare BSN or a date whose key is no label a detector knows, and the record's
number is what ties the name to the BSN. Here each line ``<prefix>.<n>.<field> = value``
(or ``<prefix>[<n>].<field>``, ``=`` or ``:``) is a cell of the row ``n`` of the table
``<prefix>`` (``<part>/testpatient``), under the column ``<field>``, so that its
columns are classified as any table's are; the row is named by the line of its first
key. A record needs :data:`MIN_FIELDS` fields. The lines are then blanked (spaces;
offsets and lines stay) and the rest read as free text.

The records of a database client's vertical display are read so too, a record a row:
``psql``'s expanded display (``\\x``: a ``-[ RECORD 4 ]---`` line, then ``naam | Bruijn,
M. de`` lines; table ``record``) and MySQL's ``\\G`` (``*** 1. row ***``, then ``naam:
Bruijn, M. de``; table ``row``), as a support ticket pastes a query's output.

Values are read as ``java.util.Properties`` reads them: a line that ends in an odd
number of backslashes goes on on the next (its leading white space dropped), and
``\\uXXXX``, ``\\t``, ``\\n`` and an escaped character (``\\:``, ``\\=``) are unescaped.
Nothing is run.
"""

from __future__ import annotations

import re

from breachscope.detect.textmessages import breaks
from breachscope.detect.textsql import table_location
from breachscope.detect.texttables import blanked
from breachscope.extract.chunking import RecordChunker
from breachscope.extract.units import TableUnit, TextUnit

MIN_FIELDS = 3
"""Fewest fields of a record (one field a number shares is a list's item, no record)."""
MAX_ROWS = 4096
"""Rows per table unit."""
_KEY = re.compile(
    r"^[ \t]*(?P<prefix>[A-Za-z_][\w\-]{0,64}(?:\.[A-Za-z_][\w\-]{0,64}){0,4})"
    r"(?:\.(?P<n>\d{1,6})|\[(?P<m>\d{1,6})\])\.(?P<field>[A-Za-z_][\w\-.\[\]]{0,128}?)"
    r"[ \t]*[=:][ \t]*",
    re.MULTILINE,
)
"""A numbered record's key, up to its value (``testpatient.1.bsn=``)."""
_DOTTED_NUMBER = re.compile(r"\.\d{1,6}\.[A-Za-z_]")
_BRACKETED_NUMBER = re.compile(r"\[\d{1,6}\]\.")
"""What every numbered key holds (``.1.bsn``, ``[2].naam``): searched first, each led by
its literal (a few ms per MB; the key's own pattern, tried at every line, costs four
times as much on text that holds none)."""
_PSQL_RECORD = re.compile(r"^-\[ RECORD (\d{1,9}) \]-*\+?-*\r?$", re.MULTILINE)
_PSQL_FIELD = re.compile(r"(?P<key>[^\s|][^|\n]{0,63}?)[ ]*\| ?(?P<value>[^\r\n]*)")
_MYSQL_ROW = re.compile(r"^\*{3,} (\d{1,9})\. row \*{3,}\r?$", re.MULTILINE)
_MYSQL_FIELD = re.compile(r"[ ]*(?P<key>[^\s:][^:\n]{0,63}?): (?P<value>[^\r\n]*)")
_ESCAPE = re.compile(r"\\(?:u(?P<hex>[0-9a-fA-F]{4})|(?P<c>.))", re.DOTALL)
_CONTROL = {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}


def _unescape(m: re.Match[str]) -> str:
    if m["hex"] is not None:
        return chr(int(m["hex"], 16))
    return _CONTROL.get(m["c"], m["c"])


def _value(text: str, start: int) -> tuple[str, int]:
    """The value from ``start`` to its logical line's end (continuations joined,
    unescaped), and where that line ends."""
    pieces: list[str] = []
    pos = start
    while True:
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end].rstrip("\r")
        slashes = len(line) - len(line.rstrip("\\"))
        if slashes % 2 == 1 and end < len(text):
            pieces.append(line[:-1])
            pos = end + 1
            while pos < len(text) and text[pos] in " \t\f":
                pos += 1
            continue
        pieces.append(line)
        value = _ESCAPE.sub(_unescape, "".join(pieces)).strip()
        return value, end


Fields = dict[str, tuple[str, int, int]]
"""A record's fields: ``{field: (value, start, end)}``, the span its line's."""


def _vertical(
    text: str, header: re.Pattern[str], field: re.Pattern[str], table: str
) -> dict[tuple[str, str], Fields]:
    """A client's vertical display's records (see the module), keyed by the table and
    the header's place; each field a line after its header, up to the first line that
    is none."""
    records: dict[tuple[str, str], Fields] = {}
    for h in header.finditer(text):
        record: Fields = {}
        pos = h.end() + 1
        while pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            m = field.fullmatch(text, pos, end)
            if m is None or _PSQL_RECORD.match(text, pos) or _MYSQL_ROW.match(text, pos):
                break
            key = m["key"].strip()
            if key not in record:
                record[key] = (m["value"].strip(), pos, end)
            pos = end + 1
        records[(table, str(h.start()))] = record
    return records


def key_records(unit: TextUnit) -> tuple[TextUnit, list[TableUnit]]:
    """``unit`` with its numbered records' lines blanked, and those records as tables."""
    text = unit.text
    if "=" not in text and ":" not in text and "RECORD" not in text:
        return unit, []  # (C-speed: no key's value can start)
    records: dict[tuple[str, str], Fields] = {}
    numbered = _DOTTED_NUMBER.search(text) is not None or (
        "]." in text and _BRACKETED_NUMBER.search(text) is not None
    )
    for m in _KEY.finditer(text) if numbered else ():
        value, end = _value(text, m.end())
        record = records.setdefault((m["prefix"], m["n"] or m["m"]), {})
        if m["field"] not in record:
            record[m["field"]] = (value, m.start(), end)
    if "-[ RECORD " in text:
        records.update(_vertical(text, _PSQL_RECORD, _PSQL_FIELD, "record"))
    if ". row ***" in text:
        records.update(_vertical(text, _MYSQL_ROW, _MYSQL_FIELD, "row"))
    rows = [(key, r) for key, r in records.items() if len(r) >= MIN_FIELDS]
    if not rows:
        return unit, []
    chunkers: dict[str, RecordChunker] = {}
    tables: list[TableUnit] = []
    spans: list[tuple[int, int]] = []
    line, counted = unit.first_line, 0
    for (prefix, _), record in sorted(rows, key=lambda r: min(v[1] for v in r[1].values())):
        first = min(start for _, start, _ in record.values())
        line += breaks(text, counted, first)  # (counted on from the record before)
        counted = first
        chunker = chunkers.get(prefix)
        if chunker is None:
            chunker = chunkers[prefix] = RecordChunker(table_location(unit, prefix), MAX_ROWS)
        tables.extend(chunker.add(line, {f: v[0] or None for f, v in record.items()}))
        spans.extend((start, end) for _, start, end in record.values())
    for chunker in chunkers.values():
        tables.extend(chunker.flush())
    return blanked(unit, sorted(spans)), tables
