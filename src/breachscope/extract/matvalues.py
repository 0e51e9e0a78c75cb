"""MATLAB's values as both readers of ``.mat`` files give them (level 5:
:mod:`breachscope.extract.mat5`; level 7.3: :mod:`breachscope.extract.matfile`), and how
they are written as units (see :mod:`breachscope.extract.matfile` for what each becomes).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from breachscope.config import Config
from breachscope.extract.base import Extracted, Note
from breachscope.extract.chunking import RowChunker
from breachscope.extract.hdf5 import is_header, number_text
from breachscope.extract.units import TextUnit
from breachscope.location import Location

MAX_DEPTH = 32
MAX_CELLS = 10_000_000
"""Most values (cells, elements, numbers) read from one file."""


@dataclass
class Chars:
    """A char array: its rows (trailing blanks cut)."""

    rows: list[str]


@dataclass
class Numbers:
    """A numeric or logical array as MATLAB shapes it (rows by columns)."""

    array: np.ndarray[Any, Any]


@dataclass
class Cells:
    """A cell array: its values, a list per row."""

    rows: list[list[Any]]


@dataclass
class Struct:
    """A struct array: its fields and, per element, their values."""

    fields: list[str]
    elements: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Opaque:
    """A value not read (a MATLAB object, a function handle)."""

    kind: str


Value = Chars | Numbers | Cells | Struct | Opaque


def two_d(array: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """An array as rows by columns (a scalar one by one, more dimensions after the
    second folded into the columns, as MATLAB's ``reshape(a, size(a, 1), [])``)."""
    if array.ndim == 0:
        return array.reshape(1, 1)
    if array.ndim == 1:
        return array.reshape(1, -1)
    if array.ndim > 2:
        return array.reshape(array.shape[0], -1, order="F")
    return array


def plain_text(value: Value) -> str | None:
    """A value that fits in one cell as its text; ``...`` marks one that does not (see
    :func:`cell_text`)."""
    if isinstance(value, Chars):
        return "\n".join(value.rows) if value.rows else None
    if isinstance(value, Numbers):
        if value.array.size == 0:
            return None
        if value.array.size == 1:
            return number_text(value.array.reshape(-1)[0].item())
    if isinstance(value, Cells):
        items = [v for row in value.rows for v in row]
        if not items:
            return None
        if len(items) == 1 and not isinstance(items[0], Cells):
            return plain_text(items[0])  # (a text in a cell: the text)
    return "..."


_DATED = re.compile(r"(?i)dat|date|geb|dob|birth|born|overl|death")
"""A column name that says it holds dates (``gebdatum``, ``afnamedatum``, ``dob``)."""
DATENUM_RANGE = (600_000.0, 800_000.0)
"""MATLAB's date numbers (days from the year 0) of the years 1642 to 2190."""


def datenum_text(text: str) -> str | None:
    """A MATLAB date number (``datenum``: 1 is 1 January of the year 0) as its ISO date,
    or date and time where it has a part of a day; None where it is none."""
    try:
        number = float(text)
    except ValueError:
        return None
    if not DATENUM_RANGE[0] <= number < DATENUM_RANGE[1]:
        return None
    days = math.floor(number)
    day = dt.date.fromordinal(days - 366)
    seconds = round((number - days) * 86400)
    if not seconds or seconds >= 86400:
        return day.isoformat()
    return (dt.datetime.combine(day, dt.time(0)) + dt.timedelta(seconds=seconds)).isoformat()


def dated_columns(header: list[str], rows: list[list[str | None]]) -> list[list[str | None]]:
    """``rows`` with the columns whose name says they hold dates and whose every value is
    a MATLAB date number written as their ISO dates (a number there is a date to MATLAB's
    ``datestr``; to a reader of digits, none)."""
    for i, name in enumerate(header):
        if not _DATED.search(name.rsplit(".", 1)[-1]):
            continue
        values = [r[i] for r in rows if i < len(r) and r[i] is not None]
        dates = [datenum_text(v) for v in values if v is not None]
        if not dates or None in dates:
            continue
        for row in rows:
            if i < len(row) and row[i] is not None:
                row[i] = datenum_text(row[i] or "")
    return rows


def _is_plain(value: Value) -> bool:
    return plain_text(value) != "..."


def cell_text(value: Value, depth: int = 0) -> str | None:
    """Any value as the text of one cell: a plain one as itself, numbers as MATLAB prints
    a matrix (``[1 2; 3 4]``), a cell array as ``{a, b; c, d}``."""
    text = plain_text(value)
    if text != "..." or depth > MAX_DEPTH:
        return text
    if isinstance(value, Numbers):
        rows = two_d(value.array)
        return (
            "[" + "; ".join(" ".join(number_text(v.item()) or "NaN" for v in r) for r in rows) + "]"
        )
    if isinstance(value, Cells):
        return (
            "{"
            + "; ".join(", ".join(cell_text(v, depth + 1) or "" for v in r) for r in value.rows)
            + "}"
        )
    if isinstance(value, Struct):
        parts = [
            f"{k}: {cell_text(e[k], depth + 1) or ''}" for e in value.elements for k in value.fields
        ]
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, Opaque):
        return f"({value.kind})"
    return None


def _column(value: Value) -> list[Value] | None:
    """A value as a column of plain values (a vector of numbers, a char array's rows, a
    vector of plain cells), or None where it is none."""
    if isinstance(value, Numbers) and value.array.ndim <= 2 and 1 in two_d(value.array).shape:
        return [Numbers(np.asarray(v)) for v in value.array.reshape(-1)]
    if isinstance(value, Chars):
        return [Chars([r]) for r in value.rows]
    if isinstance(value, Cells) and (len(value.rows) == 1 or all(len(r) == 1 for r in value.rows)):
        cells = [v for r in value.rows for v in r]
        return cells if all(_is_plain(v) for v in cells) else None
    return None


def _flat(prefix: str, value: Value, out: dict[str, str | None], depth: int) -> None:
    """A struct element's value as cells at dotted column names."""
    if isinstance(value, Struct) and len(value.elements) == 1 and depth < MAX_DEPTH:
        for name in value.fields:
            _flat(f"{prefix}.{name}", value.elements[0][name], out, depth + 1)
    else:
        out[prefix] = cell_text(value)


class Emitter:
    """Writes the variables of a MATLAB file as units (see the module's text)."""

    def __init__(self, path: str, config: Config) -> None:
        self.path = path
        self.config = config
        self.info: list[str] = []
        self.max_rows = max(1, config.max_table_rows_per_unit)

    def finish(self) -> Iterator[Extracted]:
        if self.info:
            yield TextUnit(Location(self.path, part="info"), "\n".join(self.info))

    def table(
        self,
        part: str,
        header: list[str],
        rows: list[list[str | None]],
        first: int = 1,
        header_row: int | None = None,
    ) -> Iterator[Extracted]:
        rows = dated_columns(header, rows)
        chunker = RowChunker(Location(self.path, part=part), header, self.max_rows, header_row)
        for i, row in enumerate(rows):
            yield from chunker.add(first + i, row)
        yield from chunker.flush()

    def value(self, name: str, value: Value, depth: int = 0) -> Iterator[Extracted]:
        """One variable (or a nested value at its path ``name``)."""
        if depth > MAX_DEPTH:
            yield Note(Location(self.path, part=name), f"nested deeper than {MAX_DEPTH} not read")
        elif isinstance(value, Opaque):
            yield Note(Location(self.path, part=name), f"MATLAB {value.kind} not read")
        elif isinstance(value, Chars):
            text = "\n".join(value.rows)
            if text.strip():
                yield TextUnit(Location(self.path, part=name), text)
        elif isinstance(value, Numbers):
            yield from self.numbers(name, value)
        elif isinstance(value, Cells):
            yield from self.cells(name, value, depth)
        else:
            yield from self.struct(name, value, depth)

    def numbers(self, name: str, value: Numbers) -> Iterator[Extracted]:
        array = value.array
        if array.size == 0:
            return
        if array.size == 1:
            text = number_text(array.reshape(-1)[0].item())
            if text is not None:
                self.info.append(f"{name}: {text}")
            return
        grid = two_d(array)
        if 1 in grid.shape:
            yield from self.table(name, [name], [[number_text(v.item())] for v in grid.reshape(-1)])
        else:
            yield from self.table(name, [], [[number_text(v.item()) for v in r] for r in grid])

    def cells(self, name: str, value: Cells, depth: int) -> Iterator[Extracted]:
        rows = value.rows
        if not all(_is_plain(v) for r in rows for v in r):
            for r, row in enumerate(rows, 1):
                for c, cell in enumerate(row, 1):
                    where = (
                        f"{name}{{{c if len(rows) == 1 else r}}}"
                        if 1 in (len(rows), len(row))
                        else f"{name}{{{r},{c}}}"
                    )
                    if _is_plain(cell):
                        text = plain_text(cell)
                        if text is not None:
                            self.info.append(f"{where}: {text}")
                    else:
                        yield from self.value(where, cell, depth + 1)
            return
        texts = [[plain_text(v) for v in r] for r in rows]
        if len(texts) == 1 and len(texts[0]) > 1:
            texts = [[t] for t in texts[0]]  # (a row of cells: a column)
        if texts and len(texts[0]) == 1:
            yield from self.table(name, [name], texts)
        elif texts and is_header(texts[0], texts[1:]):
            yield from self.table(name, [t or "" for t in texts[0]], texts[1:], 2, 1)
        elif texts:
            yield from self.table(name, [], texts)

    def struct(self, name: str, value: Struct, depth: int) -> Iterator[Extracted]:
        if len(value.elements) != 1:
            rows: list[dict[str, str | None]] = []
            for element in value.elements:
                flat: dict[str, str | None] = {}
                for f in value.fields:
                    _flat(f, element[f], flat, depth)
                rows.append(flat)
            header = list(dict.fromkeys(k for r in rows for k in r))
            yield from self.table(name, header, [[r.get(k) for k in header] for r in rows])
            return
        element = value.elements[0]
        columns = {f: _column(element[f]) for f in value.fields}
        lengths = {len(c) for c in columns.values() if c is not None}
        if value.fields and None not in columns.values() and len(lengths) == 1 and lengths != {1}:
            (length,) = lengths
            cols = [columns[f] or [] for f in value.fields]
            yield from self.table(
                name, list(value.fields), [[plain_text(c[i]) for c in cols] for i in range(length)]
            )
            return
        plain: dict[str, str | None] = {}
        for f in value.fields:
            v = element[f]
            if _is_plain(v) or (
                isinstance(v, Struct)
                and len(v.elements) == 1
                and all(_is_plain(x) for x in v.elements[0].values())
            ):
                _flat(f, v, plain, depth)
            else:
                yield from self.value(f"{name}.{f}", v, depth + 1)
        if any(v is not None for v in plain.values()):
            yield from self.table(name, list(plain), [list(plain.values())])
