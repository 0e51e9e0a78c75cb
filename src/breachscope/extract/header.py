"""Finding the header row of a table that may start with title lines.

Shared by the CSV and spreadsheet extractors: both hand over their first rows as strings.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import islice

SCAN_ROWS = 30
"""How many leading rows may hold titles before the header."""

MIN_TABLE_CELLS = 3
"""Fewest cells on each line of a table set inside text (a line of two is a label and
its value): the lines a PDF page's text gives a table's cells apart on, and the blocks
free text is read as tables from (:mod:`breachscope.detect.texttables`)."""

MAX_HEADER_CHARS = 64
_DATA_LIKE = re.compile(r"^[\d\s.,:;/+\-()]+$|@")
_GENERIC = re.compile(r"(?i)(?:column|kolom|col|field|veld|unnamed:?)[ _]?\d{1,3}|F\d{1,3}")
"""A column name a tool made up where the file had none: Power Query's and Excel's
``Column1``, a Dutch Excel's ``Kolom1``, pandas' ``Unnamed: 0``, Access's ``F1``. A row
of only such names is a header only where the row after it is no header: a query that
never promoted the file's own header writes its generic names above it."""


def typical_width(rows: Sequence[Sequence[str]]) -> int:
    """The most common number of non-trailing-empty cells among ``rows`` (0 if none)."""
    return most_common_width(value_widths(rows))


def value_widths(rows: Sequence[Sequence[str]]) -> Counter[int]:
    """``{non-trailing-empty cells: rows}`` of the rows that hold a value."""
    if not all(rows):
        return Counter(w for w in map(_width, rows) if w > 0)
    widths: Counter[int] = Counter()
    for row in rows:
        if row[-1].strip():  # a row ending in a value: its length
            widths[len(row)] += 1
        elif (w := _width(row)) > 0:
            widths[w] += 1
    return widths


def most_common_width(widths: Mapping[int, int]) -> int:
    """The width shared by the most rows (the larger on a tie) of ``{width: rows}``; 0 if
    there is none."""
    if not widths:
        return 0
    return max(widths.items(), key=lambda kv: (kv[1], kv[0]))[0]


def find_header(rows: Sequence[Sequence[str]]) -> int | None:
    """Index of the header row among the first rows, or ``None`` when the table has none.

    The header is the first row that fills at least half of the typical width; it is only
    taken as a header if none of its cells looks like data (numbers, dates, e-mail). A row
    that names a column twice (``naam;naam;bsn``: the patient's and the GP's) is one only
    when the next such row holds data: alone, repeated words are as likely a first record
    (``ja;ja;nee``). A row of generic names (``Column1;Column2``, :data:`_GENERIC`) gives
    way to a header right below it.
    """
    return header_row(rows, typical_width(rows))


def header_row(head: Iterable[Sequence[str]], width: int) -> int | None:
    """:func:`find_header` given the rows (only the first ``SCAN_ROWS`` are looked at, up
    to the header, and the row after it) and the typical width of all."""
    if width == 0:
        return None
    need = _need(width)
    found: int | None = None
    generic: int | None = None
    rows = list(islice(head, SCAN_ROWS + 2))
    for i, row in enumerate(rows):
        cells = [c.strip() for c in row if c and c.strip()]
        if len(cells) < need:
            continue
        data_like = any(map(is_data, cells))
        if generic is not None:  # the row after generic names: the real header, or data
            named = not data_like and any(map(_has_letter, cells)) and len(set(cells)) == len(cells)
            return i if named and not all(map(_GENERIC.fullmatch, cells)) else generic
        if found is not None:  # the row after a header naming a column twice
            return found if data_like else None
        if i >= SCAN_ROWS or data_like or not any(_has_letter(c) for c in cells):
            return None
        if len(set(cells)) == len(cells):
            if not all(map(_GENERIC.fullmatch, cells)):
                below = rows[i + 1 : i + 3]
                return i + 1 if _groups_over(cells, below) else i
            generic = i
            continue
        found = i
    return generic


GROUP_SPREAD = 2
"""How many more names a header has than a row of groups above it (``Patiënt`` over
``Naam | Geb.datum | BSN``) at least."""


def _groups_over(cells: Sequence[str], below: Sequence[Sequence[str]]) -> bool:
    """Whether a row naming ``cells`` is a row of groups over a header, given the two
    rows ``below`` it: a header that names :data:`GROUP_SPREAD` more columns, once each,
    none of them data, over a row that holds data (``Patiënt | | | Uitslag`` over ``Naam
    | Geb.datum | BSN | HPV`` over ``S. Meijer | 09-09-1959 | 594260930 | neg``: the
    columns under an empty group cell had no header, and their BSNs and birth dates were
    lost). A first record of words alone under a header with a blank column is no
    header: the row under it holds no data to tell."""
    if len(below) < 2:
        return False
    names = [c.strip() for c in below[0] if c and c.strip()]
    return (
        len(names) >= len(cells) + GROUP_SPREAD
        and len(set(names)) == len(names)
        and not any(map(is_data, names))
        and all(map(_has_letter, names))
        and any(is_data(c.strip()) for c in below[1] if c and c.strip())
    )


def title_rows(head: Iterable[Sequence[str]], width: int) -> int:
    """How many of the first rows of a table with no header are its title lines
    (``Patiëntenlijst`` above rows of data): the rows before the first that fills half
    of the typical ``width``, as a header must, among the first :data:`SCAN_ROWS`; 0
    where there is no such row."""
    need = _need(width)
    for i, row in enumerate(islice(head, SCAN_ROWS)):
        if sum(1 for c in row if c and c.strip()) >= need:
            return i
    return 0


def _need(width: int) -> int:
    """Cells a header (or a table's first row) fills of the typical ``width``."""
    return max(1, min(2, width), math.ceil(width / 2))


def is_data(cell: str) -> bool:
    """Whether a (stripped) cell is data, never a header's: a number, a date, an e-mail
    address, or longer than a header's name."""
    return _DATA_LIKE.search(cell) is not None or len(cell) > MAX_HEADER_CHARS


def _width(row: Sequence[str]) -> int:
    n = len(row)
    while n and not (row[n - 1] and row[n - 1].strip()):
        n -= 1
    return n


def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)
