"""Oracle SQL*Loader control files that hold their data (``laad_screenit_20240510.ctl``:
``INFILE *`` and the records after ``BEGINDATA``), read as the table they load.

A control file says how ``sqlldr`` loads records into a table: ``LOAD DATA``, ``INFILE``
(``*``: the records follow in this file, after ``BEGINDATA``), ``INTO TABLE name``, the
fields' ``TERMINATED BY`` (a character, ``X'09'``, ``WHITESPACE``) and ``[OPTIONALLY]
ENCLOSED BY`` (and a closing ``AND`` character), ``TRAILING NULLCOLS``, and the field
list in brackets: each item a column's name and how its field is read, per Oracle's
*Database Utilities*, "SQL*Loader Field List Reference":

* a field of the record: ``name``, a ``POSITION(start:end)`` (``start-end``, ``start``,
  ``*``, ``*+n``) of fixed places, a data type (``DATE "DD-MM-YYYY"``, ``CHAR(400)``,
  ``INTEGER EXTERNAL``), its own ``TERMINATED BY`` or ``ENCLOSED BY``, ``NULLIF``, a SQL
  expression (``"UPPER(:achternaam)"``);
* a ``FILLER`` or ``BOUNDFILLER`` field: read from the record but not loaded; kept here,
  by its name, as it is in the file;
* no field at all: ``CONSTANT``, ``SEQUENCE``, ``RECNUM``, ``SYSDATE``, ``EXPRESSION``
  (values made by the loader, nothing of the record).

The records are a table (part: the table's name, ``LIMS.BVO_TERUGKOPPELING``), a row per
record line (``row`` = the line in the file), its columns the field list's names of the
fields the record holds. A field is read as ``sqlldr`` reads it: from where the last one
ended, up to its terminator, or inside its enclosure (a terminator inside it is part of
the value, a doubled enclosing character one of it); at its fixed positions
(characters, 1-based, both ends included) where it has them; blanks around a value not
enclosed dropped; a field past the record's end no value (``TRAILING NULLCOLS``). Fields a
record holds beyond the list are kept as further columns (``column12``). Only the first
``INTO TABLE`` clause's fields are read (a note says so where there are more); records are
lines (``INFILE * "str ..."``, ``"fix n"`` and ``CONTINUEIF`` are not read as such, and a
note says so).

The control part, up to and with ``BEGINDATA``, is text (its comments may name who ran the
load). A control file without ``BEGINDATA`` (``INFILE 'x.dat'``) is read as text whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.chunking import RowChunker, column_names, cut_text
from breachscope.extract.encoding import detect_stream, text_stream
from breachscope.extract.lines import BoundedLines
from breachscope.ingest.filetype import opens_control
from breachscope.location import Location

BEGINDATA = re.compile(r"[ \t]*BEGINDATA\b[^\r\n]*(?:\r\n|\r|\n)?", re.IGNORECASE)
"""The line that ends the control part and opens the records."""
_TOKEN = re.compile(
    r"""\s*(?:(?P<string>'(?:[^']|'')*'|"(?:[^"]|"")*")|(?P<hex>[xX]'[0-9A-Fa-f]*')"""
    r"""|(?P<punct>[(),:=*+-])|(?P<word>[^\s(),:=*+'"-]+))"""
)
"""A token of the control part: a quoted text, a hexadecimal string, a mark or a word."""
NO_FIELD = frozenset({"CONSTANT", "SEQUENCE", "RECNUM", "SYSDATE", "EXPRESSION"})
"""What after a column's name makes a value of the loader's, not a field of the record."""
CONDITIONS = frozenset({"NULLIF", "DEFAULTIF"})
"""Words that open a condition of the item before them (never a column's name)."""
_BLANK = re.compile(r"[ \t]")
MAX_CONTROL = 1 << 20
"""Most characters of a control part read before its ``BEGINDATA``."""


@dataclass
class Field:
    """A field of the record: its column's name, its fixed positions (1-based, both ends
    included; an end of ``None``: up to the terminator; a start of ``-n``: ``n``
    characters after the last field, ``*+n``) and its own delimiters."""

    name: str
    start: int | None = None
    end: int | None = None
    length: int | None = None
    terminator: str | None = None
    enclosure: tuple[str, str] | None = None
    optional: bool = True


@dataclass
class Layout:
    """What the control part says of the records: the table, the fields, the delimiters."""

    table: str = "records"
    fields: list[Field] = field(default_factory=list)
    terminator: str | None = None
    enclosure: tuple[str, str] | None = None
    optional: bool = False
    notes: list[str] = field(default_factory=list)


def _strip_comments(text: str) -> str:
    """The control part without its ``--`` comments (quoted texts kept whole)."""
    return re.sub(r"""('(?:[^']|'')*'|"(?:[^"]|"")*")|--[^\n]*""", lambda m: m[1] or "", text)


def tokens(text: str) -> list[str]:
    """The control part's tokens (comments dropped; anything else unknown passed over)."""
    out: list[str] = []
    pos = 0
    text = _strip_comments(text)
    while pos < len(text):
        found = _TOKEN.match(text, pos)
        if found is None or found.end() == pos:
            pos += 1
            continue
        out.append(found[found.lastgroup or "word"])
        pos = found.end()
    return out


def _unquote(token: str) -> str:
    """A quoted text's characters (a doubled quote one), a hexadecimal string's; else the
    token itself."""
    if token[:2].upper() == "X'":
        try:
            return bytes.fromhex(token[2:-1]).decode("latin-1")
        except ValueError:
            return ""
    if len(token) >= 2 and token[0] == token[-1] and token[0] in "'\"":
        return token[1:-1].replace(token[0] * 2, token[0])
    return token


def _delimiters(words: list[str], at: int) -> tuple[str | None, tuple[str, str] | None, bool]:
    """The ``TERMINATED BY`` and ``[OPTIONALLY] ENCLOSED BY ... [AND ...]`` in ``words``
    from ``at``: the terminator (``" "`` for ``WHITESPACE``), the enclosure and whether it
    is optional."""
    terminator: str | None = None
    enclosure: tuple[str, str] | None = None
    optional = False
    upper = [w.upper() for w in words]
    for i in range(at, len(words)):
        if upper[i] == "TERMINATED" and i + 2 < len(words) and upper[i + 1] == "BY":
            value = words[i + 2]
            terminator = " " if value.upper() == "WHITESPACE" else _unquote(value) or None
        elif upper[i] == "ENCLOSED" and i + 2 < len(words) and upper[i + 1] == "BY":
            opening = _unquote(words[i + 2])
            closing = opening
            if i + 4 < len(words) and upper[i + 3] == "AND":
                closing = _unquote(words[i + 4])
            if opening and closing:
                enclosure = (opening, closing)
                optional = i > 0 and upper[i - 1] == "OPTIONALLY"
        elif upper[i] == "CSV":
            terminator, enclosure, optional = ",", ('"', '"'), True
    return terminator, enclosure, optional


def _groups(items: list[str]) -> tuple[list[str], list[list[str]]]:
    """The tokens outside brackets and the top-level bracketed groups of ``items``."""
    outside: list[str] = []
    groups: list[list[str]] = []
    depth = 0
    for token in items:
        if token == "(":
            depth += 1
            if depth == 1:
                groups.append([])
                continue
        elif token == ")" and depth:
            depth -= 1
            if depth == 0:
                continue
        if depth:
            groups[-1].append(token)
        else:
            outside.append(token)
    return outside, groups


def _items(group: list[str]) -> list[list[str]]:
    """A field list's items: its tokens apart at its top-level commas."""
    items: list[list[str]] = [[]]
    depth = 0
    for token in group:
        if token == "," and not depth:
            items.append([])
            continue
        depth += token == "("
        depth -= token == ")" and depth > 0
        items[-1].append(token)
    return [item for item in items if item]


def _position(item: list[str], at: int, item_field: Field) -> None:
    """A ``POSITION(...)`` (or a bare ``(start:end)``) at ``at`` in ``item``."""
    inner: list[str] = []
    for token in item[at + 1 :]:
        if token == ")":
            break
        inner.append(token)
    numbers = [int(t) for t in inner if t.isdigit()]
    if inner[:1] == ["*"]:
        item_field.start = -(numbers[0] if "+" in inner and numbers else 0)
        if ":" in inner or "-" in inner:
            item_field.end = None
    elif numbers:
        item_field.start = numbers[0]
        if len(numbers) > 1 and (":" in inner or "-" in inner):
            item_field.end = numbers[1]


def _field(item: list[str]) -> Field | None:
    """An item of the field list as a field of the record (``None``: a value the loader
    makes, or a condition)."""
    name = _unquote(item[0]).strip()
    upper = [t.upper() for t in item]
    if not name or upper[0] in CONDITIONS or item[0] in "(),:=*+-":
        return None
    if len(upper) > 1 and upper[1] in NO_FIELD:
        return None
    result = Field(name)
    for i, word in enumerate(upper):
        if i and word == "POSITION" and i + 1 < len(item) and item[i + 1] == "(":
            _position(item, i + 1, result)
        elif i == 1 and word == "(":
            _position(item, i, result)
        elif word in ("CHAR", "VARCHARC", "RAW") and i + 3 < len(item) and item[i + 1] == "(":
            result.length = int(item[i + 2]) if item[i + 2].isdigit() else None
    terminator, enclosure, optional = _delimiters(item, 1)
    result.terminator, result.enclosure, result.optional = terminator, enclosure, optional
    return result


def parse_control(text: str) -> Layout:
    """What the control part says of its records (the first ``INTO TABLE`` clause)."""
    words = tokens(text)
    upper = [w.upper() for w in words]
    layout = Layout()
    into = [i for i in range(len(words) - 1) if upper[i] == "INTO" and upper[i + 1] == "TABLE"]
    if not into:
        return layout
    if len(into) > 1:
        layout.notes.append(f"{len(into)} INTO TABLE clauses: the first one's fields read")
    if "CONTINUEIF" in upper or "CONCATENATE" in upper:
        layout.notes.append("records continued over lines (CONTINUEIF): each line read alone")
    infile = next((i for i, w in enumerate(upper) if w in ("INFILE", "INDDN")), len(words))
    after = words[infile + 1 : infile + 3]
    if after[:1] == ["*"] and len(after) == 2 and after[1][:1] == '"':
        layout.notes.append("a record format of the INFILE clause not read: lines read")
    start = into[0] + 2
    end = into[1] if len(into) > 1 else len(words)
    clause = words[start:end]
    if clause:
        layout.table = _unquote(clause[0])
    outside, groups = _groups(clause[1:])
    if groups:
        fields = (_field(item) for item in _items(groups[-1]))
        layout.fields = [f for f in fields if f is not None]
    at = next((i for i, w in enumerate(outside) if w.upper() == "FIELDS"), None)
    if at is not None:
        layout.terminator, layout.enclosure, layout.optional = _delimiters(outside, at + 1)
    return layout


def _enclosed(line: str, pos: int, enclosure: tuple[str, str]) -> tuple[str, int] | None:
    """The value enclosed from ``pos`` (a doubled closing character one of it) and where
    it ends; ``None`` where no enclosure opens there or it does not close."""
    opening, closing = enclosure
    if not line.startswith(opening, pos):
        return None
    out: list[str] = []
    at = pos + len(opening)
    while True:
        found = line.find(closing, at)
        if found < 0:
            return None
        out.append(line[at:found])
        at = found + len(closing)
        if opening == closing and line.startswith(closing, at):
            out.append(closing)
            at += len(closing)
            continue
        return "".join(out), at


def _blanks(line: str, pos: int, terminator: str | None) -> int:
    """Where the blanks from ``pos`` end (a blank that terminates a field is none)."""
    while pos < len(line) and line[pos] in " \t" and line[pos] != terminator:
        pos += 1
    return pos


def _delimited(
    line: str, pos: int, terminator: str | None, enclosure: tuple[str, str] | None
) -> tuple[str, int, bool]:
    """A field from ``pos``: inside its enclosure, or up to its terminator (a run of
    blanks for ``WHITESPACE``); where the next field starts, and whether it was
    enclosed."""
    if terminator == " " or enclosure is not None:
        pos = _blanks(line, pos, None if terminator == " " else terminator)
    if enclosure is not None and (inside := _enclosed(line, pos, enclosure)) is not None:
        value, at = inside
        if terminator == " ":
            return value, _blanks(line, at, None), True
        if terminator is not None:
            at = _blanks(line, at, terminator)
            if line.startswith(terminator, at):
                at += len(terminator)
        return value, at, True
    if terminator is None:
        return line[pos:], len(line), False
    if terminator == " ":
        found = _BLANK.search(line, pos)
        end = found.start() if found else len(line)
        return line[pos:end], _blanks(line, end, None), False
    end = line.find(terminator, pos)
    if end < 0:
        return line[pos:], len(line) + 1, False
    return line[pos:end], end + len(terminator), False


def record_fields(line: str, layout: Layout) -> list[str | None]:
    """A record's values in the order of the layout's fields, then any it holds beyond."""
    values: list[str | None] = []
    pos = 0
    for item in layout.fields:
        terminator = item.terminator or layout.terminator
        enclosure = item.enclosure or layout.enclosure
        fixed = item.start is not None and item.start > 0
        if item.start is not None:
            pos = item.start - 1 if fixed else pos - item.start
        if pos > len(line):
            values.append(None)
            continue
        enclosed = False
        if fixed and item.end is not None:
            value, pos = line[pos : item.end], item.end
        elif terminator is None and enclosure is None and item.length is not None:
            value, pos = line[pos : pos + item.length], pos + item.length
        else:
            value, pos, enclosed = _delimited(line, pos, terminator, enclosure)
        values.append((value if enclosed else value.strip()) or None)
    while layout.terminator and pos < len(line) and line[pos:].strip():
        value, pos, enclosed = _delimited(line, pos, layout.terminator, layout.enclosure)
        values.append((value if enclosed else value.strip()) or None)
    return values


class SqlLoaderExtractor(Extractor):
    """A SQL*Loader control file: its records as the table it loads, its control as text."""

    id: ClassVar[str] = "sqlldr"
    types: ClassVar[frozenset[str]] = frozenset({"sqlldr"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        path = source.path
        with source.open() as fh:
            lines = BoundedLines(text_stream(fh, detect_stream(fh)), config.max_text_unit_chars)
            control = self._control(lines)
            text = "".join(control)
            if not text.strip():
                raise SkipFile("empty file")
            if not opens_control(text):
                raise ExtractError("not a SQL*Loader control file (no LOAD DATA at its start)")
            if lines.interrupted:
                limit = config.max_text_unit_chars
                raise ExtractError(f"a control line longer than {limit} characters")
            yield from cut_text(Location(path), text, config.max_text_unit_chars)
            if not BEGINDATA.fullmatch(control[-1]):
                if len(text) > MAX_CONTROL:
                    yield Note(Location(path), f"no BEGINDATA in {MAX_CONTROL} characters")
                return
            layout = parse_control(text)
            if not layout.fields:
                raise ExtractError("no field list in the control part")
            for reason in layout.notes:
                yield Note(Location(path, layout.table), reason)
            yield from self._records(path, lines, layout, config)

    @staticmethod
    def _control(lines: BoundedLines) -> list[str]:
        """The control part's lines, up to and with ``BEGINDATA`` (at most
        :data:`MAX_CONTROL` characters; all of them where it has none)."""
        control: list[str] = []
        size = 0
        for line in lines:
            control.append(line)
            size += len(line)
            if BEGINDATA.fullmatch(line) or size > MAX_CONTROL:
                break
        return control

    @staticmethod
    def _records(
        path: str, lines: BoundedLines, layout: Layout, config: Config
    ) -> Iterator[Extracted]:
        """The records after ``BEGINDATA``, a row each, ``row`` = the line."""
        names = column_names([f.name for f in layout.fields], len(layout.fields))
        chunker = RowChunker(Location(path, layout.table), names, config.max_table_rows_per_unit)
        while True:
            for line in lines:
                body = line.rstrip("\r\n")
                if body.strip():
                    yield from chunker.add(lines.count, record_fields(body, layout))
            yield from lines.skipped_notes(path)
            if not lines.interrupted:
                break
        yield from chunker.flush()
