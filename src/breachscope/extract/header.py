"""Finding the header row of a table that may start with title lines.

Shared by the CSV and spreadsheet extractors: both hand over their first rows as strings.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

SCAN_ROWS = 30
"""How many leading rows may hold titles before the header."""

MAX_HEADER_CHARS = 64
_DATA_LIKE = re.compile(r"^[\d\s.,:;/+\-()]+$|@")


def typical_width(rows: Sequence[Sequence[str]]) -> int:
    """The most common number of non-trailing-empty cells among ``rows`` (0 if none)."""
    widths = Counter(_width(r) for r in rows if _width(r) > 0)
    if not widths:
        return 0
    return max(widths.items(), key=lambda kv: (kv[1], kv[0]))[0]


def find_header(rows: Sequence[Sequence[str]]) -> int | None:
    """Index of the header row among the first rows, or ``None`` when the table has none.

    The header is the first row that fills at least half of the typical width; it is only
    taken as a header if none of its cells looks like data (numbers, dates, e-mail).
    """
    head = rows[:SCAN_ROWS]
    width = typical_width(rows)
    if width == 0:
        return None
    need = max(1, min(2, width), math.ceil(width / 2))
    for i, row in enumerate(head):
        cells = [c.strip() for c in row if c and c.strip()]
        if len(cells) < need:
            continue
        data_like = any(_DATA_LIKE.search(c) or len(c) > MAX_HEADER_CHARS for c in cells)
        if data_like or len(set(cells)) < len(cells) or not any(_has_letter(c) for c in cells):
            return None
        return i
    return None


def _width(row: Sequence[str]) -> int:
    n = len(row)
    while n and not (row[n - 1] and row[n - 1].strip()):
        n -= 1
    return n


def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)
