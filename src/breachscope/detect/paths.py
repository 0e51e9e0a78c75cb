"""Personal data in the dump's own paths: folder and file names.

A scanning room names its files after the patient (``scans/Jansen, Petra/aanvraag.pdf``,
``uitslag mw. P. Bakker-de Graaf.msg``, ``export/BSN_111222333.pdf``). Such a name leaks
even when the file cannot be read, and it would leak a second time wherever a path is
printed. This module finds it and hides it again:

* :func:`path_units` reads the paths as free text (one unit per path, in part
  :data:`PATH_PART`, spans in characters of the whole path): each folder once, at the first
  path below it, each file name once; ``/`` ends a line and ``_`` reads as a space
  (:func:`~breachscope.detect.pathnames.path_text`). The scan stores what the detectors
  find there, read as a path's (:func:`~breachscope.detect.pathnames.read_as_path`), as
  findings of the path's file (``scans/Jansen, Petra/aanvraag.pdf#part=(path)&start=6&end=19``).
* :class:`PathMask` writes a path with what was found in it replaced by its class
  (``scans/[name]/aanvraag.pdf``): for logs, exports and reports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial

import pyarrow as pa
from stdnum.nl import bsn

from breachscope.config import Config
from breachscope.detect.detectorset import Span
from breachscope.detect.engine import detect_units
from breachscope.detect.pathnames import path_name_spans, path_text, read_as_path
from breachscope.detect.rows import FindingsBuilder
from breachscope.extract.units import TextUnit
from breachscope.location import PATH_PART, Location

PATH_LOCATION_LIKE = f"%#part={PATH_PART}&%"
"""SQL ``LIKE`` pattern of the location of a finding in a path."""
PathReader = Callable[[Sequence[TextUnit]], pa.Table]
"""The detection of the units :func:`path_units` makes (findings as a table)."""


def nodes(path: str) -> Iterator[tuple[str, int, int]]:
    """(node, start, end) of each name in ``path``: the node is the path up to and with
    that name, the key of a folder that every path below it shares (an archive's member
    path ``a.zip!/x`` shares ``a.zip`` with the archive); start and end bound the name."""
    start = 0
    while True:
        cut = path.find("/", start)
        end = len(path) if cut < 0 else cut
        node = path[:end]
        yield (node[:-1] if node.endswith("!") else node), start, end
        if cut < 0:
            return
        start = cut + 1


def path_units(paths: Iterable[str], seen: set[str] | None = None) -> list[TextUnit]:
    """A text unit for each path of ``paths`` (in the order given) that holds a name no
    earlier path holds (``seen`` holds the nodes read before, and gains these): its text
    :func:`path_text`, the names read before blanked, so that a folder is read once."""
    seen = set() if seen is None else seen
    units: list[TextUnit] = []
    for path in paths:
        text = path_text(path)
        fresh = False
        for node, start, end in nodes(path):
            if node in seen:
                text = text[:start] + " " * (end - start) + text[end:]
            else:
                seen.add(node)
                fresh = fresh or any(c.isalnum() for c in path[start:end])
        if fresh:
            units.append(TextUnit(Location(path, PATH_PART), text))
    return units


def path_names(units: Sequence[TextUnit], register: frozenset[str] = frozenset()) -> pa.Table:
    """The names only a path writes so in ``units`` of :func:`path_units`
    (:func:`~breachscope.detect.pathnames.path_name_spans`), with the words of ``register``
    (the name register)."""
    known = frozenset(w.lower() for w in register)
    builder = FindingsBuilder()
    for unit in units:
        builder.add_spans(unit.location, path_name_spans(unit.text, known), None, unit.base_offset)
    return builder.table()


def with_path_names(detect: PathReader, register: frozenset[str] = frozenset()) -> PathReader:
    """``detect``, each path's findings then read as a path's
    (:func:`~breachscope.detect.pathnames.read_as_path`): the names only a path writes so,
    where the detectors found no name or only a part of the path's name (a register
    surname read alone in ``Tjoelker P`` gives way to the path's ``P. Tjoelker``), and a
    BSN and a birth date beside a person's name."""
    known = frozenset(w.lower() for w in register)

    def both(units: Sequence[TextUnit]) -> pa.Table:
        table = detect(units)
        spans: dict[str, list[Span]] = {}
        for row in table.to_pylist():
            loc = Location.parse(row["location"])
            if loc.start is None or loc.end is None:
                raise ValueError("a finding in a path without its span")  # (no path: it may name)
            spans.setdefault(row["path"], []).append(
                (row["data_class"], row["kind"], row["detector"], row["value"], loc.start,
                 loc.end, row["confidence"], row["explanation"])
            )  # fmt: skip
        builder = FindingsBuilder()
        for unit in units:
            found = read_as_path(spans.pop(unit.location.path, []), unit.text, known)
            builder.add_spans(unit.location, found, None, unit.base_offset)
        if spans:
            raise ValueError(f"findings of {len(spans)} paths that were not read")  # (no path)
        return builder.table()

    return both


def path_reader(config: Config, register: frozenset[str] = frozenset()) -> PathReader:
    """How paths are read in this process (``breachscope detect FILE``, a scan's progress
    log): the detectors with the name ``register``, then :func:`path_names`."""
    return with_path_names(partial(detect_units, config=config, register=register), register)


_COLUMNS = ("path", "location", "data_class")


def _triples(table: pa.Table) -> Iterator[tuple[str, str, str]]:
    """The (path, location, data class) of each finding of ``table``."""
    return zip(*(table.column(c).to_pylist() for c in _COLUMNS), strict=True)


Spans = list[tuple[int, int, str]]
"""(start, end, data class) of what was found in a path, in characters of the path."""


@dataclass
class PathMask:
    """Writes paths with what was found in them replaced by ``[class]``.

    Built from the findings in the case's paths (:meth:`from_findings`), or reading
    each new path as it comes (:meth:`live`: for the progress log of a scan, before the
    case holds them; with the scan's name register once it is made,
    :meth:`use_register`). A folder's findings are kept by its node (:func:`nodes`), so
    every path below it is masked too."""

    by_node: dict[str, Spans] = field(default_factory=dict)
    read: Callable[[frozenset[str]], PathReader] | None = None
    """Makes the detection of new paths with a name register (live masks only)."""
    detect: PathReader | None = None
    seen: set[str] = field(default_factory=set)

    @classmethod
    def from_findings(cls, findings: Iterable[tuple[str, str, str]]) -> PathMask:
        """From the (path, location, data class) of findings in paths."""
        mask = cls()
        mask.add(findings)
        return mask

    @classmethod
    def from_table(cls, table: pa.Table) -> PathMask:
        """From a findings table of paths (what a :data:`PathReader` gives)."""
        return cls.from_findings(_triples(table))

    @classmethod
    def live(cls, read: Callable[[frozenset[str]], PathReader]) -> PathMask:
        """Reading each path it has not seen before it masks it, with ``read(register)``
        (the detection of :func:`path_units`' units with that name register: at first
        an empty one)."""
        return cls(read=read, detect=read(frozenset()))

    def use_register(self, register: frozenset[str]) -> None:
        """Read the paths still to come with the name register ``register`` too (the
        surnames of the dump's structured files, which no name list may hold: a letter
        saved as ``brieven/Tjoelker P.docx``). A mask built from findings has nothing to
        read, and ignores it."""
        if self.read is not None and register:
            self.detect = self.read(register)

    def add(self, findings: Iterable[tuple[str, str, str]]) -> None:
        """Keep the spans of ``findings`` (path, location, data class) by the node each
        lies in (findings elsewhere than in a path are passed over)."""
        for path, location, data_class in findings:
            loc = Location.parse(location)
            if loc.part != PATH_PART or loc.start is None or loc.end is None:
                continue
            for node, _, end in nodes(path):
                if loc.end <= end:
                    self.by_node.setdefault(node, []).append((loc.start, loc.end, data_class))
                    break

    def __call__(self, path: str) -> str:
        """``path`` with what was found in it replaced by ``[class]``."""
        if self.detect is not None:
            units = path_units([path], self.seen)
            if units:
                table = self.detect(units)
                self.add(_triples(table))
        spans: Spans = []
        near = False  # (a person found in this name or a folder above it)
        for node, start, end in nodes(path):
            found = [s for s in self.by_node.get(node, ()) if s[1] <= len(path)]
            near = near or bool(found)
            spans += found
            spans += _numbers(path, start, end, near_person=near)
        if not spans:
            return path
        spans.sort()
        out: list[str] = []
        pos = 0
        for start, end, data_class in spans:
            if start < pos:  # (overlapping findings: one mask)
                continue
            out.append(path[pos:start])
            out.append(f"[{data_class}]")
            pos = end
        out.append(path[pos:])
        return "".join(out)


_DATE = re.compile(r"(?<!\d)(?:\d{1,2}[-.]\d{1,2}[-.](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2})(?!\d)")
_POSTCODE = re.compile(r"(?<![\dA-Za-z])[1-9]\d{3} ?[A-Z]{2}(?![A-Za-z])")
_DIGITS = re.compile(r"(?<!\d)\d{6,}(?!\d)")


def _numbers(path: str, start: int, end: int, *, near_person: bool) -> Spans:
    """What else a mask hides in the name ``path[start:end]``: a number that passes the
    BSN's elfproef anywhere; and in or below a name where a person was found, every date,
    postcode and number of six digits or more (``Jansen, Petra 12-03-1978``,
    ``Jansen, Petra/12-03-1978.pdf``: her birth date, which detection leaves alone without
    a word that says so)."""
    spans: Spans = []
    for m in _DIGITS.finditer(path, start, end):
        if len(m[0]) == 9 and bsn.is_valid(m[0]):
            spans.append((m.start(), m.end(), "bsn"))
        elif near_person:
            spans.append((m.start(), m.end(), "number"))
    if near_person:
        spans += [(m.start(), m.end(), "date") for m in _DATE.finditer(path, start, end)]
        spans += [(m.start(), m.end(), "postcode") for m in _POSTCODE.finditer(path, start, end)]
    return spans
