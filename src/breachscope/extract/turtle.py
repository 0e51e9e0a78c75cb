"""RDF in Turtle and N-Triples (``.ttl``, ``.nt``, N-Quads' ``.nq`` too: FHIR's RDF
format as a FHIR server writes it, a linked-data export): each subject's triples a record.

The text is parsed by the W3C grammars (Turtle 1.1, of which N-Triples is a subset):
``@prefix``/``PREFIX`` and ``@base``/``BASE`` directives, subjects and objects as IRIs
(``<...>``), prefixed names (``fhir:Patient.name``), blank nodes (``_:b0``, ``[ ... ]``)
and collections (``( ... )``), predicate lists after ``;`` and object lists after ``,``,
``a`` for ``rdf:type``; literals in single or double quotes, short or long (triple
quotes), their escapes (``\\t``, ``\\"``, ``\\u00EB``, ``\\U0001F600``) unescaped, a language
tag or datatype (``"1966-08-27"^^xsd:date``) dropped, numbers and booleans as written; a
graph after an N-Quads triple passed over. Nothing is fetched: an IRI is text.

Each subject that is an IRI (or a blank node no triple points to) is a record in the part
named by its first type's local name (``Patient``, ``Observation``; a subject without a
type in no part), ``row`` = the line of its first triple. Its fields are the local names
of its predicates (after a prefix's ``:``, an IRI's last ``#`` or ``/``: FHIR's
``Patient.birthDate``); a blank node it points to is flattened into it, its predicates'
names after the path (``Patient.name.HumanName.family``), FHIR's and RDF's ``value`` no
step of the path (``[ fhir:value "van Wijk" ]`` is the value itself), FHIR's ``index``
and ``nodeRole`` left out (the order and a tree's root); a second value at one path is
numbered (``Patient.name.HumanName.given (2)``); blank nodes are followed 32 deep, never
round a cycle. The type is field ``type``. The file is read whole up to
``Config.batch_bytes``; a statement that does not parse ends the reading with a note, the
triples before it kept (where none parse, the file is read as text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, Extractor, Note, Source
from breachscope.extract.chunking import RecordChunker
from breachscope.extract.encoding import decode_bytes
from breachscope.extract.text import TextExtractor
from breachscope.location import Location

MAX_NESTING = 32
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_FHIR = "http://hl7.org/fhir/"
_SKIPPED = frozenset({_FHIR + "index", _FHIR + "nodeRole"})
_VALUES = frozenset({_FHIR + "value", _RDF + "value"})

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS = _PN_CHARS_BASE + r"_\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_LOCAL_ESC = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_PNAME = (
    rf"(?:[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)?:"
    rf"(?:(?:[{_PN_CHARS_BASE}_:0-9]|%[0-9A-Fa-f]{{2}}|{_LOCAL_ESC})"
    rf"(?:(?:[{_PN_CHARS}.:]|%[0-9A-Fa-f]{{2}}|{_LOCAL_ESC})*"
    rf"(?:[{_PN_CHARS}:]|%[0-9A-Fa-f]{{2}}|{_LOCAL_ESC}))?)?"
)
_TOKEN = rf"""(?P<ws>[ \t\r\n]+|\#[^\r\n]*)
    |(?P<iri><[^<>"{{}}|^`\\\x00-\x20]*(?:\\u[0-9A-Fa-f]{{4}}[^<>"{{}}|^`\\\x00-\x20]*
        |\\U[0-9A-Fa-f]{{8}}[^<>"{{}}|^`\\\x00-\x20]*)*>)
    |(?P<long>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
    |(?P<string>"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*')
    |(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    |(?P<datatype>\^\^)
    |(?P<blank>_:[{_PN_CHARS}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
    |(?P<number>[+-]?(?:[0-9]+\.[0-9]*[eE][+-]?[0-9]+|\.[0-9]+[eE][+-]?[0-9]+
        |[0-9]+[eE][+-]?[0-9]+|[0-9]*\.[0-9]+|[0-9]+))
    |(?P<pname>{_PNAME})
    |(?P<word>[A-Za-z]+)
    |(?P<punct>[.;,\[\]()])
    """
"""A token of Turtle (verbose pattern), compiled by :func:`_token`."""


@cache
def _token() -> re.Pattern[str]:
    """:data:`_TOKEN` compiled, on first use: its Unicode classes take about 30 ms to
    compile, which every worker paid at its start where no Turtle file is read."""
    return re.compile(_TOKEN, re.VERBOSE)


_ESCAPES = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_SIMPLE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


class TurtleError(ValueError):
    """A statement that does not parse (its line; no value quoted)."""


def unescape(text: str) -> str:
    """A string's escapes (``\\t``, ``\\"``, ``\\uXXXX``, ``\\UXXXXXXXX``; a prefixed
    name's ``\\-``) as their characters; a code point past Unicode's as U+FFFD."""

    def one(found: re.Match[str]) -> str:
        code = found[1] or found[2]
        if code is not None:
            value = int(code, 16)
            return chr(value) if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else "\ufffd"
        return _SIMPLE.get(found[3], found[3])

    return _ESCAPES.sub(one, text) if "\\" in text else text


@dataclass(frozen=True, slots=True)
class Term:
    """A node or a literal: ``kind`` is ``iri``, ``blank`` or ``literal``."""

    kind: str
    value: str


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    line: int


def tokens(text: str) -> Iterator[_Token]:
    """The text's tokens with their lines; a :class:`TurtleError` at one it cannot read."""
    pos, line = 0, 1
    while pos < len(text):
        found = _token().match(text, pos)
        if found is None or found.end() == pos:
            raise TurtleError(f"line {line}: unreadable token")
        kind = found.lastgroup or ""
        if kind != "ws":
            yield _Token(kind, found.group(), line)
        line += found.group().count("\n")
        pos = found.end()


class _Parser:
    """Turtle's grammar over the tokens: triples in order, with the subjects' lines."""

    def __init__(self, text: str) -> None:
        self._tokens = tokens(text)
        self._next: _Token | None = None
        self.prefixes: dict[str, str] = {}
        self.base = ""
        self.triples: list[tuple[Term, str, Term, int]] = []
        self._blanks = 0

    def _peek(self) -> _Token | None:
        if self._next is None:
            self._next = next(self._tokens, None)
        return self._next

    def _take(self) -> _Token:
        token = self._peek()
        if token is None:
            raise TurtleError("end of file inside a statement")
        self._next = None
        return token

    def _expect(self, text: str) -> None:
        token = self._take()
        if token.text != text:
            raise TurtleError(f"line {token.line}: '{text}' expected")

    def statements(self) -> Iterator[int]:
        """Parse statement by statement, yielding the count of triples after each."""
        while (token := self._peek()) is not None:
            if token.kind == "lang" and token.text in ("@prefix", "@base"):
                self._take()
                self._directive(token.text[1:].lower())
                self._expect(".")
            elif token.kind == "word" and token.text.lower() in ("prefix", "base"):
                self._take()
                self._directive(token.text.lower())
            else:
                self._triples()
            yield len(self.triples)

    def _directive(self, kind: str) -> None:
        if kind == "prefix":
            name = self._take()
            if name.kind != "pname" or not name.text.endswith(":"):
                raise TurtleError(f"line {name.line}: a prefix expected")
            self.prefixes[name.text[:-1]] = self._iri_text(self._take())
        else:
            self.base = self._iri_text(self._take())

    def _iri_text(self, token: _Token) -> str:
        if token.kind != "iri":
            raise TurtleError(f"line {token.line}: an IRI expected")
        iri = unescape(token.text[1:-1])
        if self.base and not re.match(r"[A-Za-z][A-Za-z0-9+.\-]*:", iri):
            return self.base + iri  # (a relative IRI, roughly resolved: it is text here)
        return iri

    def _triples(self) -> None:
        token = self._peek()
        assert token is not None
        line = token.line
        if token.text == "[":
            subject = self._blank_list(line)
            if self._peek() is not None and self._peek_text() != ".":
                self._predicates(subject, line)
        else:
            subject = self._subject()
            self._predicates(subject, line)
        self._expect(".")

    def _peek_text(self) -> str:
        token = self._peek()
        return token.text if token is not None else ""

    def _subject(self) -> Term:
        token = self._peek()
        if token is not None and token.text == "(":
            return self._collection(token.line)
        term = self._node(self._take())
        if term is None or term.kind == "literal":
            raise TurtleError(f"line {token.line if token else 0}: a subject expected")
        return term

    def _node(self, token: _Token) -> Term | None:
        if token.kind == "iri":
            return Term("iri", self._iri_text(token))
        if token.kind == "pname":
            return Term("iri", self._expand(token))
        if token.kind == "blank":
            return Term("blank", token.text)
        return None

    def _expand(self, token: _Token) -> str:
        prefix, _, local = token.text.partition(":")
        if prefix not in self.prefixes:
            raise TurtleError(f"line {token.line}: prefix not declared")
        return self.prefixes[prefix] + unescape(local)

    def _predicates(self, subject: Term, line: int) -> None:
        while True:
            token = self._take()
            if token.kind == "word" and token.text == "a":
                predicate = _RDF + "type"
            else:
                node = self._node(token)
                if node is None or node.kind != "iri":
                    raise TurtleError(f"line {token.line}: a predicate expected")
                predicate = node.value
            while True:
                obj = self._object()
                self.triples.append((subject, predicate, obj, line))
                if self._peek_text() != ",":
                    break
                self._take()
            self._graph_follows()
            if self._peek_text() != ";":
                return
            while self._peek_text() == ";":
                self._take()
            if self._peek_text() in (".", "]", ""):
                return

    def _graph_follows(self) -> bool:
        """N-Quads: a graph's IRI or blank node after the object, passed over."""
        token = self._peek()
        if token is not None and token.kind in ("iri", "blank"):
            self._take()
            return True
        return False

    def _object(self) -> Term:
        token = self._peek()
        if token is None:
            raise TurtleError("end of file inside a statement")
        if token.text == "[":
            return self._blank_list(token.line)
        if token.text == "(":
            return self._collection(token.line)
        token = self._take()
        if token.kind in ("string", "long"):
            quote = 3 if token.kind == "long" else 1
            value = unescape(token.text[quote:-quote])
            following = self._peek()
            if following is not None and following.kind == "lang":
                self._take()
            elif following is not None and following.kind == "datatype":
                self._take()
                if self._node(self._take()) is None:
                    raise TurtleError(f"line {token.line}: a datatype expected")
            return Term("literal", value)
        if token.kind == "number" or (token.kind == "word" and token.text in ("true", "false")):
            return Term("literal", token.text)
        node = self._node(token)
        if node is None:
            raise TurtleError(f"line {token.line}: an object expected")
        return node

    def _fresh(self) -> Term:
        self._blanks += 1
        return Term("blank", f"[{self._blanks}]")

    def _blank_list(self, line: int) -> Term:
        self._expect("[")
        node = self._fresh()
        if self._peek_text() != "]":
            self._predicates(node, line)
        self._expect("]")
        return node

    def _collection(self, line: int) -> Term:
        self._expect("(")
        node = self._fresh()
        while self._peek_text() != ")":
            self.triples.append((node, _RDF + "li", self._object(), line))
        self._expect(")")
        return node


def local_name(iri: str) -> str:
    """An IRI's last step: after its last ``#``, else its last ``/``, else itself."""
    for mark in ("#", "/"):
        cut = iri.rfind(mark)
        if 0 <= cut < len(iri) - 1:
            return iri[cut + 1 :]
    return iri


@dataclass
class _Graph:
    """The triples by subject, in the order the subjects first appear."""

    edges: dict[Term, list[tuple[str, Term]]]
    lines: dict[Term, int]
    pointed: set[Term]


def _graph(triples: list[tuple[Term, str, Term, int]]) -> _Graph:
    edges: dict[Term, list[tuple[str, Term]]] = {}
    lines: dict[Term, int] = {}
    pointed: set[Term] = set()
    for subject, predicate, obj, line in triples:
        edges.setdefault(subject, []).append((predicate, obj))
        lines.setdefault(subject, line)
        if obj.kind == "blank":
            pointed.add(obj)
    return _Graph(edges, lines, pointed)


def _put(record: dict[str, str | None], path: str, value: str) -> None:
    key, number = path, 1
    while key in record:
        number += 1
        key = f"{path} ({number})"
    record[key] = value


def _flatten(
    graph: _Graph, node: Term, path: str, record: dict[str, str | None], seen: set[Term]
) -> bool:
    """``node``'s triples into ``record`` below ``path``; whether the nesting limit cut."""
    cut = False
    for predicate, obj in graph.edges.get(node, ()):
        if predicate in _SKIPPED or (not path and predicate == _RDF + "type"):
            continue
        step = "" if predicate in _VALUES else local_name(predicate)
        here = f"{path}.{step}" if path and step else (path or step)
        if obj.kind == "blank" and obj in graph.edges:
            if obj in seen or len(seen) >= MAX_NESTING:
                cut = cut or obj not in seen
                continue
            cut = _flatten(graph, obj, here, record, seen | {obj}) or cut
        else:
            _put(record, here or "value", obj.value)
    return cut


class TurtleExtractor(Extractor):
    """RDF in Turtle or N-Triples: a record per subject, a part per type."""

    id: ClassVar[str] = "turtle"
    types: ClassVar[frozenset[str]] = frozenset({"turtle"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "RDF file")
        parser = _Parser(decode_bytes(data))
        broke: str | None = None
        try:
            for _ in parser.statements():
                pass
        except TurtleError as exc:
            broke = str(exc)
        except RecursionError:
            broke = "nested too deeply"
        if not parser.triples:
            yield Note(Location(source.path), f"no RDF triples ({broke or 'none'}): read as text")
            yield from TextExtractor().extract(source, config)
            return
        graph = _graph(parser.triples)
        chunkers: dict[str | None, RecordChunker] = {}
        cut = 0
        for subject, edges in graph.edges.items():
            if subject.kind == "blank" and subject in graph.pointed:
                continue
            types = [o.value for p, o in edges if p == _RDF + "type"]
            part = local_name(types[0]) if types else None
            record: dict[str, str | None] = {}
            if types:
                record["type"] = ", ".join(local_name(t) for t in types)
            cut += _flatten(graph, subject, "", record, {subject})
            if subject.kind == "iri":
                record.setdefault("subject", subject.value)
            chunker = chunkers.get(part)
            if chunker is None:
                chunker = RecordChunker(Location(source.path, part), config.max_table_rows_per_unit)
                chunkers[part] = chunker
            yield from chunker.add(graph.lines[subject], record)
        for chunker in chunkers.values():
            yield from chunker.flush()
        if cut:
            yield Note(Location(source.path), f"{cut} records nested deeper than {MAX_NESTING}")
        if broke is not None:
            yield Note(Location(source.path), f"RDF reading stopped ({broke})")
