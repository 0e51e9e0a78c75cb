"""SVG drawings (``.svg``: a chart a dashboard exported, a drawing made in Inkscape or
Illustrator): what a viewer reads in them, not their geometry.

Read as generic XML an SVG is one record of coordinates and styles in which a tooltip's
name, a marker's BSN and a label's text are paths among hundreds, and the markers of
several people merge into one record. Here:

* part ``text``: the drawing's texts in document order, a line each: every ``<title>``
  and ``<desc>`` (a chart's tooltips), every ``<text>`` element whole (its ``<tspan>``
  and ``<textPath>`` pieces joined; a piece placed by its own ``x``, ``y`` or ``dy`` on a
  line of its own), the text of a ``<foreignObject>`` (HTML inside a drawing), a
  ``<script>``'s text (data a chart was drawn from; never run), and ``aria-label`` and
  ``xlink:title`` attributes;
* part ``data``: every element with ``data-*`` attributes (a chart library's markers,
  ``<circle data-bsn=... data-naam=...>``) a record, ``row`` = its 1-based place among
  them, each attribute a field named without ``data-`` (``bsn``, ``geboortedatum``), the
  element's own ``<title>`` and ``<desc>`` fields ``title`` and ``desc``; an element
  that holds one such element (a bar's group and its marker) is one record with it, its
  own fields first, one that holds several a record of its own beside theirs;
* part ``metadata``: the ``<metadata>`` block (RDF: Dublin Core's creator, title,
  description, Creative Commons' work) one record, each value at the path of its local
  names below ``rdf:RDF`` (``Work.creator.Agent.title``; an attribute after ``@``, a
  second value of a path numbered ``(2)``).

Character references (``&#235;``) are decoded by the parser. Parsed with expat, whole, up
to ``Config.batch_bytes``; an entity declaration is refused (a file that declares one,
as Illustrator's do, or an encoding Python does not know, is read as text with a note);
a drawing cut short is read up to where it ends, with a note.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.chunking import RecordChunker, cut_text
from breachscope.extract.safexml import Malformed, Refused, feed
from breachscope.extract.text import TextExtractor
from breachscope.location import Location

_TEXTS = frozenset({"title", "desc", "text", "foreignObject", "script"})
"""Elements whose whole text is a line of part ``text``."""
_PLACED = frozenset({"x", "y", "dy"})
"""A ``<tspan>``'s attributes that put it on a line of its own."""
_LABELS = frozenset({"aria-label", "http://www.w3.org/1999/xlink title"})
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDF_SKIPPED = frozenset({f"{_RDF} about", f"{_RDF} parseType", f"{_RDF} nodeID", f"{_RDF} ID"})
_DATA = "data-"


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


def _squeeze(text: str) -> str:
    """Text with its runs of white space one space (as a viewer shows it)."""
    return " ".join(text.split())


@dataclass
class _Open:
    """An element being read: its local name, the record its ``data-*`` attributes made,
    the path of a metadata property."""

    local: str
    record: dict[str, str | None] | None = None
    path: str | None = None
    inner: list[dict[str, str | None]] = field(default_factory=list)
    """The records of the nearest elements with ``data-*`` attributes inside it."""


@dataclass
class _Drawing:
    """Collects an SVG's texts, ``data-*`` records and metadata from expat events."""

    lines: list[str] = field(default_factory=list)
    records: list[dict[str, str | None]] = field(default_factory=list)
    metadata: dict[str, str | None] = field(default_factory=dict)
    stack: list[_Open] = field(default_factory=list)
    _text: list[str] | None = None
    _text_depth: int = 0
    _meta_depth: int = 0
    seen_svg: bool = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if not self.stack:
            self.seen_svg = local == "svg"
        opened = _Open(local)
        if self._meta_depth:
            opened.path = self._meta_path(local)
            for key, value in attrs.items():
                if key not in _RDF_SKIPPED and value.strip():
                    self._meta_value(f"{opened.path}.@{_local(key)}" if opened.path else key, value)
        elif local == "metadata":
            self._meta_depth = len(self.stack) + 1
            opened.path = ""
        data = {k[len(_DATA) :]: v for k, v in attrs.items() if k.startswith(_DATA)}
        if data:
            opened.record = dict(data)
            self.records.append(opened.record)
        for key, value in attrs.items():
            if key in _LABELS and value.strip():
                self.lines.append(_squeeze(value))
        if self._text is None and local in _TEXTS and not self._meta_depth:
            self._text, self._text_depth = [], len(self.stack)
        elif self._text is not None and _PLACED & attrs.keys() and local == "tspan":
            self._text.append("\n")
        self.stack.append(opened)

    def _meta_path(self, local: str) -> str:
        parent = self.stack[-1].path or ""
        if local == "RDF" and not parent:
            return ""
        return f"{parent}.{local}" if parent else local

    def _meta_value(self, path: str, value: str) -> None:
        key, number = path, 1
        while key in self.metadata:
            number += 1
            key = f"{path} ({number})"
        self.metadata[key] = value.strip()

    def end(self, name: str) -> None:
        if not self.stack:
            return
        opened = self.stack.pop()
        if self._text is not None and len(self.stack) == self._text_depth:
            text = "\n".join(_squeeze(t) for t in "".join(self._text).split("\n"))
            text = "\n".join(t for t in text.split("\n") if t)
            self._text = None
            if text:
                self.lines.append(text)
                parent = self.stack[-1].record if self.stack else None
                if parent is not None and opened.local in ("title", "desc"):
                    parent.setdefault(opened.local, text)
        if self._meta_depth and len(self.stack) < self._meta_depth:
            self._meta_depth = 0
        if opened.record is not None:
            self._close_record(opened)
        elif opened.inner and self.stack:
            self.stack[-1].inner.extend(opened.inner)

    def _close_record(self, opened: _Open) -> None:
        """A record's element closed: one that holds a single record inside it (a bar's
        group and its one marker) is one record with it, the outer's fields first."""
        record = opened.record
        assert record is not None
        if len(opened.inner) == 1:
            inner = opened.inner[0]
            for key, value in inner.items():
                name, number = key, 1
                while name in record:
                    number += 1
                    name = f"{key} ({number})"
                record[name] = value
            self.records = [r for r in self.records if r is not inner]
        if self.stack:
            self.stack[-1].inner.append(record)

    def text(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)
        elif self._meta_depth and self.stack and data.strip():
            path = self.stack[-1].path
            if path:
                self._meta_value(path, data)


class SvgExtractor(Extractor):
    """SVG drawings: their texts, ``data-*`` records and metadata."""

    id: ClassVar[str] = "svg"
    types: ClassVar[frozenset[str]] = frozenset({"svg"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        drawing = _Drawing()
        try:
            with source.open() as fh:
                feed(fh, drawing, config.batch_bytes, what="SVG drawing")
        except (Refused, LookupError) as exc:  # (an entity, or an encoding Python lacks)
            what = "an entity (refused)" if isinstance(exc, Refused) else "an unknown encoding"
            yield Note(Location(source.path), f"SVG declares {what}: read as text")
            yield from TextExtractor().extract(source, config)
            return
        except Malformed as exc:
            if not drawing.seen_svg:
                raise ExtractError(f"not well-formed SVG ({exc.reason})") from None
            yield Note(Location(source.path), f"SVG cut short ({exc.reason})")
        if not drawing.seen_svg:
            raise ExtractError("not an SVG drawing (no svg element)")
        if drawing.lines:
            where = Location(source.path, "text")
            yield from cut_text(where, "\n".join(drawing.lines) + "\n", config.max_text_unit_chars)
        rows = config.max_table_rows_per_unit
        if drawing.records:
            chunker = RecordChunker(Location(source.path, "data"), rows)
            for row, record in enumerate(drawing.records, 1):
                yield from chunker.add(row, record)
            yield from chunker.flush()
        if drawing.metadata:
            meta = RecordChunker(Location(source.path, "metadata"), rows)
            yield from meta.add(1, drawing.metadata)
            yield from meta.flush()
