"""Neo4j Cypher exports (``.cypher``: ``apoc.export.cypher.all`` in its ``cypher-shell``,
``plain`` or ``neo4j-shell`` format, a graph's scripted load): each node's properties a
record, a part per label.

The script is read as Cypher's tokens (strings in single or double quotes with their
backslash escapes, ``\\uXXXX`` too; names in backticks; ``//`` and ``/* */`` comments;
cypher-shell's ``:begin``/``:commit`` lines) and cut into statements at ``;``. Nothing is
run. What a statement holds:

* ``UNWIND [{_id:0, properties:{naam:"...", geboortedatum:date('1987-11-01')}}, ...] AS
  row CREATE ... SET n:Patient``: each map of the list a record, its ``properties`` at
  their keys, ``_id`` beside them (relationships name their nodes by it), in the part of
  the labels the statement gives (``SET n:Patient``, ``CREATE (n:Patient ...)``; APOC's
  ``UNIQUE IMPORT LABEL`` is none); a list of relationships (``{start: {_id:0}, end:
  {_id:200}, properties:{...}}``) a record each where it has properties, in the part
  ``[:TYPE]`` of its type (``start._id``, ``end._id``, its properties);
* node and relationship patterns with a map, in any clause (``CREATE (:Patient
  {naam: "...", `UNIQUE IMPORT ID`: 0})``, ``MERGE (p:Patient {bsn: "..."})``, ``MATCH``):
  the map a record in the part of its labels (``[:TYPE]`` for a relationship's), APOC's
  ``UNIQUE IMPORT ID`` as ``_id``, a map of nothing else passed over; ``SET p.naam =
  "..."`` and ``SET p += {...}`` add to the record of ``p``'s pattern in that statement.

Values: strings unescaped, numbers and booleans as written, ``null`` empty, a temporal
function of a string (``date('1987-11-01')``, ``datetime(...)``) that string, of a map
(``date({year: 1987, month: 11, day: 1})``) that map (a year, month and day its ISO
date), lists and maps at dotted paths (:func:`breachscope.extract.json.flatten`); an
expression (``row._id``, ``$param``) is no value. ``row`` = the record's 1-based place in
its part. The file is read whole up to ``Config.batch_bytes``; a statement that does not
tokenise ends the reading with a note, one whose values do not parse is passed over and
counted in a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.encoding import decode_bytes
from breachscope.extract.json import record_rows
from breachscope.extract.otherpeople import PeopleChunker
from breachscope.extract.turtle import unescape
from breachscope.location import Location

MAX_DEPTH = 32
"""Deepest nesting of maps and lists read in a value."""
IMPORT_LABEL = "UNIQUE IMPORT LABEL"
IMPORT_ID = "UNIQUE IMPORT ID"
_TOKEN = re.compile(
    r"""(?P<ws>\s+|//[^\n]*|/\*.*?\*/)
    |(?P<command>(?<![^\n]):[A-Za-z][^\n]*)
    |(?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
    |(?P<quoted>`(?:[^`]|``)*`)
    |(?P<number>0x[0-9A-Fa-f]+|(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?)
    |(?P<name>[A-Za-z_$][\w$]*)
    |(?P<param>\$\w+)
    |(?P<punct>->|<-|\+=|<>|<=|>=|\.\.|[{}()\[\]:,.;=+\-*/<>|!%^])
    """,
    re.VERBOSE | re.DOTALL,
)
_TEMPORAL = frozenset(
    {"date", "datetime", "localdatetime", "time", "localtime", "duration", "point"}
)


class CypherError(ValueError):
    """A value or statement that does not parse (no value quoted)."""


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str


_END = _Token("end", "")


class _Expression:
    """A value that is an expression (``row._id``, ``$param``): no value of the file's."""


_EXPR = _Expression()


def statements(text: str) -> Iterator[list[_Token]]:
    """The script's statements as tokens (cut at ``;`` and at cypher-shell's commands); a
    :class:`CypherError` at a character no token starts with."""
    current: list[_Token] = []
    pos = 0
    while pos < len(text):
        found = _TOKEN.match(text, pos)
        if found is None:
            line = text.count("\n", 0, pos) + 1
            raise CypherError(f"line {line}: unreadable character")
        pos = found.end()
        kind = found.lastgroup or ""
        if kind == "ws":
            continue
        if kind == "command" or found.group() == ";":
            if current:
                yield current
            current = []
            continue
        current.append(_Token(kind, found.group()))
    if current:
        yield current


def _name(token: _Token) -> str | None:
    """A name's text (a backticked one without its quotes), else None."""
    if token.kind == "name":
        return token.text
    if token.kind == "quoted":
        return token.text[1:-1].replace("``", "`")
    return None


class _Values:
    """Cypher's literal values from a statement's tokens, from a place on."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self, ahead: int = 0) -> _Token:
        i = self.at + ahead
        return self.tokens[i] if i < len(self.tokens) else _END

    def take(self) -> _Token:
        token = self.peek()
        self.at += 1
        return token

    def expect(self, text: str) -> None:
        if self.take().text != text:
            raise CypherError(f"'{text}' expected")

    def value(self, depth: int = 0) -> Any:
        """The value at the current token: a map, list, string, number, truth, null,
        temporal function's argument, or :data:`_EXPR`."""
        if depth > MAX_DEPTH:
            raise CypherError("nested too deeply")
        token = self.take()
        if token.text == "{":
            return self._map(depth)
        if token.text == "[":
            return self._list(depth)
        if token.kind == "string":
            return unescape(token.text[1:-1])
        if token.kind == "number":
            return token.text
        if token.text == "-" and self.peek().kind == "number":
            return "-" + self.take().text
        if token.kind == "param":
            return _EXPR
        if token.kind in ("name", "quoted"):
            return self._named(token, depth)
        raise CypherError("a value expected")

    def _named(self, token: _Token, depth: int) -> Any:
        low = token.text.lower()
        if token.kind == "name" and low in ("true", "false"):
            return low
        if token.kind == "name" and low == "null":
            return None
        if self.peek().text == "(":
            self.take()
            args: list[Any] = []
            while self.peek().text != ")":
                args.append(self.value(depth + 1))
                if self.peek().text == ",":
                    self.take()
                elif self.peek().text != ")":
                    raise CypherError("')' expected")
            self.take()
            if low in _TEMPORAL and len(args) == 1:
                return args[0]
            return _EXPR
        while self.peek().text == "." and self.peek(1).kind in ("name", "quoted"):
            self.at += 2
        return _EXPR

    def _map(self, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        while self.peek().text != "}":
            key_token = self.take()
            key = _name(key_token)
            if key is None:
                if key_token.kind != "string":
                    raise CypherError("a key expected")
                key = unescape(key_token.text[1:-1])
            self.expect(":")
            out[key] = self.value(depth + 1)
            if self.peek().text == ",":
                self.take()
            elif self.peek().text != "}":
                raise CypherError("'}' expected")
        self.take()
        return out

    def _list(self, depth: int) -> list[Any]:
        out: list[Any] = []
        while self.peek().text != "]":
            out.append(self.value(depth + 1))
            if self.peek().text == ",":
                self.take()
            elif self.peek().text != "]":
                raise CypherError("']' expected")
        self.take()
        return out


def _literal(value: Any) -> Any:
    """``value`` without its expressions (a map's keys whose values are, a list's items)."""
    if isinstance(value, dict):
        return {k: _literal(v) for k, v in value.items() if v is not _EXPR}
    if isinstance(value, list):
        return [_literal(v) for v in value if v is not _EXPR]
    return value


@dataclass
class _Found:
    """A statement's records, each with its part."""

    records: list[tuple[str | None, dict[str, Any]]] = field(default_factory=list)


def _labels(tokens: list[_Token], start: int) -> tuple[list[str], str | None]:
    """The node labels (outside maps and relationship brackets) and the first
    relationship type (inside brackets) named in ``tokens[start:]``, APOC's import
    label left out."""
    labels: list[str] = []
    kind: str | None = None
    braces = brackets = 0
    for i in range(start, len(tokens) - 1):
        text = tokens[i].text
        if text == "{":
            braces += 1
        elif text == "}":
            braces -= 1
        elif text == "[":
            brackets += 1
        elif text == "]":
            brackets -= 1
        elif text == ":" and braces == 0:
            name = _name(tokens[i + 1])
            if name is None or name == IMPORT_LABEL:
                continue
            if brackets:
                kind = kind or name
            elif name not in labels:
                labels.append(name)
    return labels, kind


def _unwind(tokens: list[_Token]) -> _Found:
    """``UNWIND [...] AS row ...``: a record per map of the list."""
    values = _Values(tokens)
    values.at = 1
    items = values.value()
    if not isinstance(items, list):
        raise CypherError("a list expected")
    labels, kind = _labels(tokens, values.at)
    found = _Found()
    node_part = ":".join(labels) or None
    for item in items:
        if not isinstance(item, dict):
            continue
        item = _literal(item)
        properties = item.pop("properties", None)
        record: dict[str, Any] = dict(item)
        if isinstance(properties, dict):
            record.update(properties)
        is_relationship = "start" in item and "end" in item
        if is_relationship and not properties:
            continue
        part = f"[:{kind}]" if is_relationship and kind else node_part
        found.records.append((part, record))
    return found


def _patterns(tokens: list[_Token]) -> _Found:
    """Node and relationship patterns with maps, and ``SET`` on their variables."""
    found = _Found()
    by_variable: dict[str, dict[str, Any]] = {}
    values = _Values(tokens)
    while values.at < len(tokens):
        token = values.take()
        if token.text in ("(", "[") and _pattern_follows(values):
            _pattern(values, token.text, found, by_variable)
        elif token.kind == "name" and token.text.upper() == "SET":
            _set(values, by_variable)
    return found


def _pattern_follows(values: _Values) -> bool:
    """Whether a ``(`` or ``[`` opens a pattern: a variable, a label or a map after it."""
    first = values.peek()
    if first.text in (":", "{"):
        return True
    return _name(first) is not None and values.peek(1).text in (":", "{", ")", "]")


def _pattern(
    values: _Values, opening: str, found: _Found, by_variable: dict[str, dict[str, Any]]
) -> None:
    variable = _name(values.peek()) if values.peek().text not in (":", "{") else None
    if variable is not None:
        values.take()
    names: list[str] = []
    while values.peek().text == ":" and (name := _name(values.peek(1))) is not None:
        values.at += 2
        if name != IMPORT_LABEL:
            names.append(name)
    if values.peek().text != "{":
        return
    values.take()
    record = _literal(values._map(0))
    if IMPORT_ID in record:
        record = {"_id": record.pop(IMPORT_ID), **record}
    if variable is not None:
        by_variable[variable] = record
    if not set(record) - {"_id"}:
        return
    if opening == "[":
        part: str | None = f"[:{names[0]}]" if names else None
    else:
        part = ":".join(names) or None
    found.records.append((part, record))


def _set(values: _Values, by_variable: dict[str, dict[str, Any]]) -> None:
    """``SET v.key = value, v += {map}, v:Label``: values added to ``v``'s record."""
    while True:
        variable = _name(values.peek())
        if variable is None:
            return
        following = values.peek(1).text
        if following == "." and _name(values.peek(2)) is not None and values.peek(3).text == "=":
            key = _name(values.peek(2)) or ""
            values.at += 4
            value = _literal(values.value())
            if variable in by_variable and value is not _EXPR:
                by_variable[variable][key] = value
        elif following in ("+=", "=") and values.peek(2).text == "{":
            values.at += 3
            value = _literal(values._map(0))
            if variable in by_variable:
                by_variable[variable].update(value)
        elif following == ":":
            values.at += 3
        else:
            return
        if values.peek().text != ",":
            return
        values.take()


class CypherExtractor(Extractor):
    """Neo4j Cypher exports: a record per node, a part per label."""

    id: ClassVar[str] = "cypher"
    types: ClassVar[frozenset[str]] = frozenset({"cypher"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "Cypher script")
        chunkers: dict[str | None, PeopleChunker] = {}
        rows: dict[str | None, int] = {}
        passed = 0
        broke: str | None = None
        try:
            for tokens in statements(decode_bytes(data)):
                try:
                    if tokens[0].text.upper() == "UNWIND" and tokens[1:2] and tokens[1].text == "[":
                        found = _unwind(tokens)
                    else:
                        found = _patterns(tokens)
                except (CypherError, RecursionError):
                    passed += 1
                    continue
                for part, record in found.records:
                    chunker = chunkers.get(part)
                    if chunker is None:
                        chunker = PeopleChunker(
                            Location(source.path, part), config.max_table_rows_per_unit
                        )
                        chunkers[part] = chunker
                    rows[part] = rows.get(part, 0) + 1
                    yield from record_rows(chunker, source.path, rows[part], record)
        except CypherError as exc:
            broke = str(exc)
        if not rows:
            raise ExtractError(f"no Cypher records read ({broke or 'no node with properties'})")
        for chunker in chunkers.values():
            yield from chunker.flush()
        if passed:
            yield Note(Location(source.path), f"{passed} statements whose values did not parse")
        if broke is not None:
            yield Note(Location(source.path), f"Cypher reading stopped ({broke})")
