"""SQL ``INSERT`` statements inside free text, read as table rows (and the rows a
PostgreSQL log quotes in a constraint's error, ``Key (bsn)=(204580663) already exists``
and ``Failing row contains (...)``; the value SQL Server and MySQL quote from a duplicate
key or a truncated column, :func:`_quoted_values`).

A database's or an application's error log copies the statement that failed
(``STATEMENT:  INSERT INTO patient (bsn, achternaam, geboortedatum) VALUES ('123456782',
'Jansen', '1978-03-03');``), and so does an e-mail to the IT desk. Read as prose, its values
stand far from the column names that say what they are: the BSN has no label beside it.
Here each statement with a column list becomes rows of a
:class:`~breachscope.extract.units.TableUnit` of the text's part and the table as written
(``<part>/patient``, or ``patient``), its columns named as the statement names them, so
they are classified as any table's are. A tuple of values is a row when it holds as many
values as there are columns (quoted strings, numbers, ``NULL``, ``TRUE``/``FALSE``: a
function call ends the statement's rows); its row is the 1-based line of the part on which
it starts, and a tuple on the line of the one before it stays text (a row is one person's).
The statement, from ``INSERT`` up to its last row, is then blanked (spaces; offsets and lines
stay) and the rest read as free text. Nothing is executed: the values are read with the SQL
extractor's patterns (:class:`~breachscope.extract.sqllex.Dialect`).

A statement whose values are placeholders (``values (?, ?, ?)``), as Hibernate logs it, is
a row of the values its trace binds to them on the lines after it (``binding parameter
[1] as [VARCHAR] - [Jansen]``; Hibernate 6: ``binding parameter (1:VARCHAR) <- [Jansen]``),
where all are bound within :data:`BIND_LINES` lines; the row is the statement's line, and
the statement and the bound values are blanked.
"""

from __future__ import annotations

import re

from breachscope.detect.textmessages import breaks
from breachscope.detect.texttables import blanked
from breachscope.extract.chunking import RecordChunker
from breachscope.extract.sqllex import Dialect, unquote
from breachscope.extract.units import TableUnit, TextUnit
from breachscope.location import Location

MAX_ROWS = 4096
"""Rows per table unit."""
_INSERT = re.compile(
    r"\b(?i:insert)[ \t]+(?:(?i:ignore)[ \t]+)?(?i:into)[ \t]+"
    r"(?P<table>[\w$.\"`\[\]]{1,128})\s*\((?P<columns>[^();]{1,4096})\)\s*(?i:values?)\s*"
)
_NEXT = re.compile(r"\s*,\s*")
_PLACEHOLDERS = re.compile(r"\(\s*\?(?:\s*,\s*\?)*\s*\)")
_BIND = re.compile(
    r"binding parameter (?:\[(?P<i>\d{1,4})\] as \[\w{1,32}\] - |\((?P<j>\d{1,4}):\w{1,32}\) <- )"
    r"\[(?P<v>[^\r\n]{0,4096})\]"
)
"""A value Hibernate's trace binds to a statement's placeholder (1-based)."""
BIND_LINES = 8
"""Lines after a statement with placeholders, beyond one per placeholder, searched for
the values bound to them."""
_DIALECT = Dialect(backslash=True)
"""Strings as MySQL writes them (``\\'`` and ``''`` both escape a quote)."""


def sql_inserts(unit: TextUnit) -> tuple[TextUnit, list[TableUnit]]:
    """``unit`` with its ``INSERT`` statements blanked, and their rows as tables."""
    text = unit.text
    if (
        "nsert" not in text
        and "NSERT" not in text
        and "Key (" not in text
        and "Failing row" not in text
        and "uplicate" not in text
        and "runcated value" not in text
    ):
        return unit, []  # (C-speed: most text holds none)
    chunkers: dict[str, RecordChunker] = {}
    tables: list[TableUnit] = []
    spans: list[tuple[int, int]] = []
    if "Key (" in text:
        _key_rows(unit, chunkers, tables, spans)
    if "Failing row" in text:
        _failing_rows(unit, chunkers, tables, spans)
    if "uplicate" in text or "runcated value" in text:
        _quoted_values(unit, chunkers, tables, spans)
    line, counted = unit.first_line, 0
    for m in _INSERT.finditer(text):
        columns = [unquote(c.strip()) for c in m["columns"].split(",")]
        if not all(columns):
            continue
        table = ".".join(unquote(p) for p in m["table"].split("."))
        pos, end, last = m.end(), -1, 0
        placeholders = _PLACEHOLDERS.match(text, pos)
        if placeholders is not None and placeholders.group().count("?") == len(columns):
            bound = _bound(text, placeholders.end(), len(columns))
            if bound is not None:
                line += breaks(text, counted, placeholders.start())
                counted = placeholders.start()
                chunker = _chunker(chunkers, unit, table)
                tables.extend(chunker.add(line, dict(zip(columns, bound[0], strict=True))))
                spans.append((m.start(), placeholders.end()))
                spans.extend(bound[1])
            continue
        while (row := _DIALECT.row.match(text, pos)) is not None:
            values = _DIALECT.values(row.group())
            if len(values) != len(columns):
                break
            line += breaks(text, counted, row.start())
            counted = row.start()
            if line == last:  # (a second person on one line: left to free text)
                break
            last, end = line, row.end()
            chunker = _chunker(chunkers, unit, table)
            tables.extend(chunker.add(line, dict(zip(columns, values, strict=True))))
            comma = _NEXT.match(text, end)
            if comma is None or not comma.group().strip():
                break
            pos = comma.end()
        if end >= 0:
            spans.append((m.start(), end))
    for chunker in chunkers.values():
        tables.extend(chunker.flush())
    if not spans:
        return unit, []
    return blanked(unit, sorted(spans)), tables


_PG_KEY = re.compile(
    r"\bKey \((?P<columns>[^()\n]{1,512})\)=\((?P<values>[^\n]{0,2048}?)\)"
    r"(?= already exists| is not present| is still referenced| conflicts)"
)
"""The row PostgreSQL quotes in a constraint's error (``DETAIL:  Key (achternaam, voornaam,
geboortedatum)=(Koç, Büşra, 1995-04-19) already exists.``): its columns and values."""


def _key_rows(
    unit: TextUnit,
    chunkers: dict[str, RecordChunker],
    tables: list[TableUnit],
    spans: list[tuple[int, int]],
) -> None:
    """PostgreSQL's quoted keys (:data:`_PG_KEY`) as rows of the table ``key``, where
    its values split into as many as its columns (the log writes them unquoted, apart by
    ``, ``); the row is the line of the part on which the key stands."""
    text = unit.text
    line, counted = unit.first_line, 0
    for m in _PG_KEY.finditer(text):
        columns = [c.strip().strip('"') for c in m["columns"].split(",")]
        values = [v.strip() for v in m["values"].split(", ")]
        if len(values) != len(columns) or not all(columns):
            continue
        line += breaks(text, counted, m.start())  # (counted on from the key before)
        counted = m.start()
        row = dict(zip(columns, _nulls(values), strict=True))
        tables.extend(_chunker(chunkers, unit, "key").add(line, row))
        spans.append(m.span("values"))


_QUOTED_VALUE = re.compile(
    r"(?:(?:constraint|index) '(?P<key>[^'\n]{1,128})'[^\n]{0,200}?"
    r"[Tt]he duplicate key value is \((?P<value>[^,\n]{1,512})\)(?=\.?[ \t\r]*$)"
    r"|Duplicate entry '(?P<entry>[^'\n]{1,512})' for key '(?P<mkey>[^'\n]{1,128})'"
    r"|, column '(?P<column>[^'\n]{1,128})'\. Truncated value: '(?P<cut>[^'\n]{1,512})')",
    re.MULTILINE,
)
"""A value quoted by a database's error with the name of what holds it: SQL Server's
duplicate key (errors 2627 and 2601: ``Violation of UNIQUE KEY constraint
'UQ_patient_bsn'. ... The duplicate key value is (129237577).``, a key of one column)
and truncated value (2628: ``..., column 'adres'. Truncated value: 'Sonsbeeksingel 9'.``),
and MySQL's duplicate entry (``Duplicate entry '123456782' for key 'patient.uq_bsn'``)."""


def _quoted_values(
    unit: TextUnit,
    chunkers: dict[str, RecordChunker],
    tables: list[TableUnit],
    spans: list[tuple[int, int]],
) -> None:
    """The values of :data:`_QUOTED_VALUE` as rows of the table ``key``, each under the
    name of its constraint, index or column (``UQ_patient_bsn``: the name's words say
    what the value is, as a header's do); the row is the line of the part it stands on."""
    text = unit.text
    line, counted = unit.first_line, 0
    for m in _QUOTED_VALUE.finditer(text):
        group = "value" if m["value"] else "entry" if m["entry"] else "cut"
        name = m["key"] or m["mkey"] or m["column"]
        line += breaks(text, counted, m.start())
        counted = m.start()
        tables.extend(_chunker(chunkers, unit, "key").add(line, {name: m[group].strip()}))
        spans.append(m.span(group))


_PG_FAILING = re.compile(
    r"\bFailing row contains \((?P<values>[^\n]{1,4096})\)\.?[ \t\r]*$", re.MULTILINE
)
"""The row PostgreSQL quotes when it refuses a new row (``DETAIL:  Failing row contains
(48213, 123456782, Bakker, Fenna, 1979-05-14, null).``): its values, no column names."""
_PG_STATEMENT = re.compile(
    r"\bSTATEMENT:[ \t]+(?i:insert)[ \t]+(?i:into)[ \t]+(?P<table>[\w$.\"`]{1,128})[ \t]*"
    r"\((?P<columns>[^();\n]{1,4096})\)"
)
"""The statement PostgreSQL logs after the error (``log_min_error_statement``), its
values often placeholders (``VALUES ($1, $2, ...)``): its table and column names."""
STATEMENT_LINES = 3
"""Lines after a failing row searched for its statement (up to the next error)."""
MIN_UNNAMED = 3
"""Failing rows of one width, without a statement that names their columns, read as a
table (as many as :data:`~breachscope.detect.headerless.MIN_BSNS`)."""


def _failing_rows(
    unit: TextUnit,
    chunkers: dict[str, RecordChunker],
    tables: list[TableUnit],
    spans: list[tuple[int, int]],
) -> None:
    """PostgreSQL's failing rows (:data:`_PG_FAILING`) as rows. Where the statement logged
    within :data:`STATEMENT_LINES` lines after one names as many columns as it has values,
    the row is the statement's table's, under those names. Else its columns are positions
    (``column3``, read by :mod:`~breachscope.detect.headerless` by their values), in a table
    of the rows of its width (``failing row (9)``), read so where :data:`MIN_UNNAMED` rows
    or more share it (a column of fewer values seldom tells what it holds; they stay
    text, where a name is read whole)."""
    text = unit.text
    unnamed: dict[str, list[tuple[int, list[str], tuple[int, int]]]] = {}
    line, counted = unit.first_line, 0
    for m in _PG_FAILING.finditer(text):
        values = m["values"].split(", ")
        line += breaks(text, counted, m.start())  # (counted on from the row before)
        counted = m.start()
        after = _lines(text, m.end(), STATEMENT_LINES)
        error = text.find("ERROR:", m.end(), after)
        after = after if error < 0 else error
        statement = _PG_STATEMENT.search(text, m.end(), after)
        if statement is not None:
            columns = [unquote(c.strip()) for c in statement["columns"].split(",")]
            if len(columns) == len(values) and all(columns):
                table = ".".join(unquote(p) for p in statement["table"].split("."))
                row = dict(zip(columns, _nulls(values), strict=True))
                tables.extend(_chunker(chunkers, unit, table).add(line, row))
                spans.append(m.span("values"))
                continue
        table = f"failing row ({len(values)})"
        unnamed.setdefault(table, []).append((line, values, m.span("values")))
    for table, rows in unnamed.items():
        if len(rows) < MIN_UNNAMED:
            continue
        for line, values, span in rows:
            names = [f"column{i + 1}" for i in range(len(values))]
            row = dict(zip(names, _nulls(values), strict=True))
            tables.extend(_chunker(chunkers, unit, table).add(line, row))
            spans.append(span)


def _lines(text: str, pos: int, count: int) -> int:
    """The end of the ``count`` lines that follow the line of ``pos``."""
    for _ in range(count + 1):
        nl = text.find("\n", pos)
        if nl < 0:
            return len(text)
        pos = nl + 1
    return pos


def _nulls(values: list[str]) -> list[str | None]:
    """PostgreSQL's ``null`` as None."""
    return [None if v == "null" else v for v in values]


def _bound(
    text: str, pos: int, count: int
) -> tuple[list[str | None], list[tuple[int, int]]] | None:
    """The values bound to ``count`` placeholders on the lines from ``pos`` (see the
    module; ``null`` as None), and their spans; None where not all are bound there."""
    values: dict[int, str | None] = {}
    spans: list[tuple[int, int]] = []
    for _ in range(count + BIND_LINES):
        stop = text.find("\n", pos)
        stop = len(text) if stop < 0 else stop
        m = _BIND.search(text, pos, stop)
        if m is not None:
            k = int(m["i"] or m["j"])
            if 1 <= k <= count and k not in values:
                values[k] = None if m["v"] in ("null", "<null>") else m["v"]
                spans.append(m.span("v"))
                if len(values) == count:
                    return [values[k] for k in range(1, count + 1)], spans
        elif _INSERT.search(text, pos, stop):
            return None  # (the next statement: these were never bound)
        if stop >= len(text):
            return None
        pos = stop + 1
    return None


def _chunker(chunkers: dict[str, RecordChunker], unit: TextUnit, table: str) -> RecordChunker:
    """The rows of ``table`` read so far in ``unit`` (a new one for its first row)."""
    chunker = chunkers.get(table)
    if chunker is None:
        chunker = chunkers[table] = RecordChunker(table_location(unit, table), MAX_ROWS)
    return chunker


def table_location(unit: TextUnit, table: str) -> Location:
    """Where a table found in ``unit``'s text lies: its part, ``<part>/<table>``."""
    loc = unit.location
    return Location(loc.path, f"{loc.part}/{table}" if loc.part else table)
