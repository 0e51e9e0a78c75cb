"""The pivot caches of an XLSX workbook (``xl/pivotCache/pivotCacheRecords*.xml``): the
rows a pivot table was built from, which Excel keeps in the file whole, whatever the
pivot shows and after its source sheet is deleted (a report's ``Brondata``: every
patient's BSN, birth date and phone behind a table of counts per GP). The cell reader
(python-calamine) does not give them.

Each cache is a table: ``part`` = the records' part name in the package
(``xl/pivotCache/pivotCacheRecords1.xml``, no sheet's name can hold a ``/``), ``row`` = the
record's 1-based number, a column per field of its definition
(``pivotCacheDefinition1.xml``'s ``cacheField name``; a calculated field, which has no
value in the records, left out). A record's value is a string, a number, a date (its day
as ``YYYY-MM-DD`` where its time is midnight) or a truth value written in the record or,
by index (``<x v="2"/>``), among its field's shared items; a missing value or an error
holds nothing. Parsed with expat (entity declarations refused), each part bounded; a
workbook whose caches cannot be read gives none (its cells are still read).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from breachscope.extract.base import ExtractError
from breachscope.extract.safexml import Malformed, Refused, feed
from breachscope.extract.xlsxcomments import MAX_PART, rels

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DEFINITION = re.compile(r"xl/pivotCache/pivotCacheDefinition\d+\.xml")
_VALUES = frozenset(f"{_MAIN} {k}" for k in ("s", "n", "d", "b", "e", "m", "x"))
_MIDNIGHT = "T00:00:00"


def _text(kind: str, attrs: dict[str, str]) -> str | None:
    """A written value's text (``kind``: the element's local name)."""
    if kind in ("m", "e") or "v" not in attrs:
        return None
    text = attrs["v"]
    if kind == "d" and text.endswith(_MIDNIGHT):
        return text[: -len(_MIDNIGHT)]
    if kind == "n" and text.endswith(".0"):
        return text[:-2]
    return text or None


@dataclass
class _Definition:
    """Expat handlers for a cache's definition: each field's name, whether the records
    hold it, and its shared items."""

    names: list[str] = field(default_factory=list)
    in_records: list[bool] = field(default_factory=list)
    shared: list[list[str | None]] = field(default_factory=list)
    _in_items: bool = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == f"{_MAIN} cacheField":
            self.names.append(attrs.get("name", f"veld {len(self.names) + 1}"))
            self.in_records.append(attrs.get("databaseField", "1") not in ("0", "false"))
            self.shared.append([])
        elif name == f"{_MAIN} sharedItems":
            self._in_items = True
        elif self._in_items and name in _VALUES and self.shared:
            self.shared[-1].append(_text(name.rpartition(" ")[2], attrs))

    def end(self, name: str) -> None:
        if name == f"{_MAIN} sharedItems":
            self._in_items = False

    def text(self, data: str) -> None:
        pass


@dataclass
class _Records:
    """Expat handlers for a cache's records: each record's values, shared items looked
    up by their index."""

    shared: list[list[str | None]]
    rows: list[list[str | None]] = field(default_factory=list)
    _row: list[str | None] | None = None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == f"{_MAIN} r":
            self._row = []
            self.rows.append(self._row)
        elif self._row is not None and name in _VALUES:
            kind = name.rpartition(" ")[2]
            at = len(self._row)
            if kind == "x":
                items = self.shared[at] if at < len(self.shared) else []
                index = attrs.get("v", "")
                ok = index.isdigit() and int(index) < len(items)
                self._row.append(items[int(index)] if ok else None)
            else:
                self._row.append(_text(kind, attrs))

    def end(self, name: str) -> None:
        if name == f"{_MAIN} r":
            self._row = None

    def text(self, data: str) -> None:
        pass


def _parse(book: zipfile.ZipFile, part: str, into: _Definition | _Records) -> None:
    with book.open(part) as fh:
        feed(fh, into, MAX_PART, what="workbook part")


def pivot_caches(fh: BinaryIO) -> Iterator[tuple[str, list[str], list[list[str | None]]]]:
    """``(records' part name, field names, records)`` of each pivot cache of an XLSX
    workbook with records (see the module); none where its parts cannot be read."""
    try:
        with zipfile.ZipFile(fh) as book:
            names = set(book.namelist())
            for part in sorted(n for n in names if _DEFINITION.fullmatch(n)):
                targets = [
                    t
                    for kind, t in rels(book, part).values()
                    if kind.endswith("/pivotCacheRecords")
                ]
                records = (
                    targets[0]
                    if targets
                    else posixpath.join(
                        posixpath.dirname(part),
                        posixpath.basename(part).replace("Definition", "Records"),
                    )
                )
                if records not in names:
                    continue  # (a cache saved without its records: nothing but counts)
                definition = _Definition()
                _parse(book, part, definition)
                kept = [i for i, held in enumerate(definition.in_records) if held]
                into = _Records([definition.shared[i] for i in kept])
                _parse(book, records, into)
                header = [definition.names[i] for i in kept]
                if into.rows:
                    yield records, header, into.rows
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, Malformed, Refused, ExtractError):
        return
