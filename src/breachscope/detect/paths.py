"""Personal data in the dump's own paths: folder and file names.

A scanning room names its files after the patient (``scans/Jansen, Petra/aanvraag.pdf``,
``uitslag mw. P. Bakker-de Graaf.msg``, ``export/BSN_111222333.pdf``). Such a name leaks
even when the file cannot be read, and it would leak a second time wherever a path is
printed. This module finds it and hides it again:

* :func:`path_units` reads the paths as free text (one unit per path, in part
  :data:`PATH_PART`, spans in characters of the whole path): each folder once, at the first
  path below it, each file name once; ``/`` ends a line and ``_`` reads as a space
  (:func:`path_text`). The scan stores what the detectors find there as findings of the
  path's file (``scans/Jansen, Petra/aanvraag.pdf#part=(path)&start=6&end=19``).
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
from breachscope.detect.engine import detect_units
from breachscope.detect.finding import Finding, findings_to_arrow
from breachscope.detect.namegrammar import WORD_SURNAMES
from breachscope.detect.names import (
    GIVEN_NAMES,
    PREFIX_RE,
    SURNAMES,
    name_kind,
    normalise_name,
)
from breachscope.extract.units import TextUnit
from breachscope.location import PATH_PART, Location

PATH_LOCATION_LIKE = f"%#part={PATH_PART}&%"
"""SQL ``LIKE`` pattern of the location of a finding in a path."""
PathReader = Callable[[Sequence[TextUnit]], pa.Table]
"""The detection of the units :func:`path_units` makes (findings as a table)."""

_READ_AS = str.maketrans({"/": "\n", "_": " ", "+": " "})


def path_text(path: str) -> str:
    """``path`` as detection reads it, of the same length: each folder's name a line of
    its own, ``_`` and ``+`` spaces (``BSN_111222333.pdf`` reads ``BSN 111222333.pdf``)."""
    return path.translate(_READ_AS)


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


_FAMILY_INITIALS = re.compile(
    rf"(?<![\w.'-])(?P<family>(?:(?:{PREFIX_RE}) )?"
    rf"(?:[A-Z][a-z'][a-z']+(?:-(?:(?:{PREFIX_RE}) )?[A-Z][a-z']+)*"
    r"|[A-Z]{2}[A-Z']+(?:-[A-Z]{2}[A-Z']+)*))"
    r" (?P<given>[A-Z]{1,3}|(?:[A-Z]\.){1,4}|[A-Z][a-z]+)(?=[ .(\n]|$)"
)
"""A family name and its initials or given name after it, without the comma free text
needs (``JANSEN P 19780312``, ``Jansen PJ``, ``de Vries Marieke``): the way scans and
folders are named, read in paths only (:func:`path_names`)."""


_NOT_INITIALS = frozenset(
    ("BV", "NV", "CV", "MT", "HR", "PDF", "ICT", "VOF", "DEF", "OK", "NL", "EN", "IN", "OP",
     "DE", "TE", "EU", "BE", "JAN", "FEB", "MRT", "APR", "MEI", "JUN", "JUL", "AUG", "SEP",
     "OKT", "NOV", "DEC")
)  # fmt: skip
"""Capitals after a family name that are no initials (``Bakker BV``, ``Jansen MRT``)."""


def path_names(units: Sequence[TextUnit], register: frozenset[str] = frozenset()) -> pa.Table:
    """:func:`path_names_in` with the words of ``register`` (the name register)."""
    return path_names_in(units, frozenset(w.lower() for w in register))


def path_names_in(units: Sequence[TextUnit], known: frozenset[str]) -> pa.Table:
    """Names that only a path writes so (:data:`_FAMILY_INITIALS`), in ``units`` of
    :func:`path_units`: the family name a listed surname, one that is an everyday word too
    (``Bakker J``) or one of ``known`` (lower case; its last part in a double name), the
    name after it initials or a listed given name."""
    found: list[Finding] = []
    for unit in units:
        for m in _FAMILY_INITIALS.finditer(unit.text):
            family, given = m["family"], m["given"]
            core = family.split()[-1].split("-")[-1]
            word = core[:1] + core[1:].lower()
            low = word.lower()
            if word not in SURNAMES and low not in known and low not in WORD_SURNAMES:
                continue
            if (given[1:].islower() and given not in GIVEN_NAMES) or given in _NOT_INITIALS:
                continue
            value = normalise_name(f"{family}, {given}")
            if value is None:
                continue
            found.append(
                Finding(
                    "name", name_kind(value), "name", value, unit.span(m.start(), m.end()), 0.8,
                    "name shape path: family name, then initials or given name",
                )
            )  # fmt: skip
    return findings_to_arrow(found)


def with_path_names(detect: PathReader, register: frozenset[str] = frozenset()) -> PathReader:
    """``detect``, and :func:`path_names` where it found no name, or only a part of the
    path's name: a register surname read alone in ``Tjoelker P`` gives way to the path's
    ``P. Tjoelker``, initials and all."""
    known = frozenset(w.lower() for w in register)

    def both(units: Sequence[TextUnit]) -> pa.Table:
        table = detect(units)
        names = path_names_in(units, known)
        if not names.num_rows:
            return table
        taken: dict[str, list[tuple[int, int, int]]] = {}
        for row, (path, location, data_class) in enumerate(
            zip(*(table.column(c).to_pylist() for c in _COLUMNS), strict=True)
        ):
            loc = Location.parse(location)
            if data_class == "name" and loc.start is not None and loc.end is not None:
                taken.setdefault(path, []).append((loc.start, loc.end, row))
        keep: list[bool] = []
        replaced: set[int] = set()
        for path, location in zip(
            names.column("path").to_pylist(), names.column("location").to_pylist(), strict=True
        ):
            s, e = _span(location)
            hits = [(s2, e2, row) for s2, e2, row in taken.get(path, ()) if s < e2 and s2 < e]
            wider = all(s <= s2 and e2 <= e and e2 - s2 < e - s for s2, e2, _ in hits)
            keep.append(wider)
            if hits and wider:
                replaced.update(row for *_, row in hits)
        if replaced:
            table = table.filter(pa.array([r not in replaced for r in range(table.num_rows)]))
        return pa.concat_tables([table, names.filter(pa.array(keep))])

    return both


def path_reader(config: Config, register: frozenset[str] = frozenset()) -> PathReader:
    """How paths are read in this process (``breachscope detect FILE``, a scan's progress
    log): the detectors with the name ``register``, then :func:`path_names`."""
    return with_path_names(partial(detect_units, config=config, register=register), register)


def _span(location: str) -> tuple[int, int]:
    loc = Location.parse(location)
    return loc.start or 0, loc.end or 0


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
