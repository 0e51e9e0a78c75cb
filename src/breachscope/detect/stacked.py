"""Tables stacked in one sheet or file: a header of its own below a blank row.

A sheet often holds more than one table: the results, a blank row, then a title and the
GPs who asked for them under a header of their own (``huisarts;agb;praktijk;plaats``);
a CSV file may be two exports put one after the other. Read under the first header, the
second table's cells stood in columns that name something else: the column of birth
dates held AGB codes, its sample no longer passed, and the first table's birth dates and
BSNs were lost with the second's; the title became a name.

:func:`restacked` cuts a table where a header row stands after a blank row (a gap in
the source rows) and at most :data:`TITLE_ROWS` rows of one cell (its titles): a row the
header finder takes for a header (:func:`~breachscope.extract.header.header_row`: no
cell of data, no name twice) of which at least :data:`MIN_NAMED` cells are header words
a detector knows, or one whose rows below hold data under another of its words
(``monster;datum;test;uitslag`` over ``24-1188;2024-03-01;hrHPV;positief``). The rows
below it are a table of that header, its own row the header's
(:attr:`~breachscope.extract.units.TableUnit.header_row`); the titles are a table of
their own with columns named by position (``column1``, read as text in a cell, as a
table with no header is); the header row itself holds labels, no one's data. A table's
first row is such a row where no header stands right above it: a unit that does not
start under its header (the rows of a CSV file's fast path that have more cells than
the header are a unit of their own: a wider table below holds its header there).

A CSV file's line with no delimiter that holds a word (a title of one cell) is read as
text by the extractor on both its paths
(:func:`~breachscope.extract.csvsniff.is_text_line`), so that the table below starts
after a gap in the rows.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from breachscope.extract.chunking import column_names
from breachscope.extract.header import header_row, is_data
from breachscope.extract.units import TableUnit

TITLE_ROWS = 3
"""Most rows of one cell between a blank row and the header below it."""
MIN_NAMED = 2
"""Fewest cells of a header row below a blank row that a detector's header words name;
one does where the rows below it hold data under one of its words (:func:`_data_below`)."""
BELOW = 5
"""Rows below a header row looked at for data under its words."""
MAX_GAPS = 256
"""Most blank rows a table is searched after (a file that doubles every line break has
one before every row, and no table below another)."""
MAX_WIDTH = 256
"""Widest table searched (a header row of a stacked table is read cell by cell)."""


def restacked(unit: TableUnit, names_field: Callable[[str], bool]) -> list[TableUnit]:
    """``unit`` cut into the tables stacked in it (see the module docstring), in order;
    ``[unit]`` where it holds one. ``names_field(text)``: whether a detector's header
    words name ``text``."""
    width = len(unit.columns)
    if unit.num_rows < 2 or not 0 < width <= MAX_WIDTH:
        return [unit]
    rows = unit.data.column("__row__").to_numpy()
    gaps = np.flatnonzero(np.diff(rows) > 1) + 1
    if unit.header_row is None or rows[0] > unit.header_row + 1:
        gaps = np.concatenate([[0], gaps])  # (its first row may be a header of its own)
    if not 0 < len(gaps) <= MAX_GAPS:
        return [unit]
    cuts: list[tuple[int, int, list[str]]] = []  # (first title, header, header cells)
    for g in gaps.tolist():
        at = g
        while at < min(unit.num_rows, g + TITLE_ROWS + 1):
            cells = _cells(unit, at)
            filled = sum(1 for c in cells if c.strip())
            if filled != 1:
                break
            at += 1
        else:
            continue
        if at < unit.num_rows and _header(unit, at, cells, names_field):
            cuts.append((g, at, cells))
    if not cuts:
        return [unit]
    out: list[TableUnit] = []
    start, columns, head = 0, unit.columns, unit.header_row
    for first, at, cells in cuts:
        out.extend(_part(unit, columns, head, start, first))
        out.extend(_part(unit, tuple(column_names([], width)), None, first, at))  # titles
        start, columns, head = at + 1, tuple(column_names(cells, width)), int(rows[at])
    out.extend(_part(unit, columns, head, start, unit.num_rows))
    return out


def _cells(unit: TableUnit, at: int) -> list[str]:
    """The cells of data row ``at`` (an empty cell as ``""``)."""
    row = unit.data.slice(at, 1).to_pylist()[0]
    return [row[f"c{k}"] or "" for k in range(len(unit.columns))]


def _header(unit: TableUnit, at: int, cells: list[str], names_field: Callable[[str], bool]) -> bool:
    """Whether ``cells``, data row ``at`` of ``unit``, are a table's header (see the
    module docstring)."""
    if header_row([cells], len(cells)) != 0:
        return False
    named = sum(1 for c in cells if c.strip() and names_field(c.strip()))
    return named >= MIN_NAMED or (named == 1 and _data_below(unit, at, cells))


def _data_below(unit: TableUnit, at: int, cells: list[str]) -> bool:
    """Whether the rows below row ``at`` (up to :data:`BELOW`) hold data (a number, a
    date) in most cells of a column whose cell in row ``at`` is a word: as under a
    header (``monster`` over ``24-1188``, ``datum`` over ``2024-03-01``)."""
    below = [_cells(unit, k) for k in range(at + 1, min(unit.num_rows, at + 1 + BELOW))]
    if not below:
        return False
    for k, head in enumerate(cells):
        if head.strip() and 2 * sum(1 for r in below if is_data(r[k].strip())) > len(below):
            return True
    return False


def _part(
    unit: TableUnit, columns: tuple[str, ...], head: int | None, start: int, stop: int
) -> list[TableUnit]:
    """Rows ``start:stop`` of ``unit`` under ``columns`` (none where they are none)."""
    if stop <= start:
        return []
    return [TableUnit(unit.location, columns, unit.data.slice(start, stop - start), head)]
