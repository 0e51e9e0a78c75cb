"""Right-aligned tables a program printed: a pandas DataFrame or an R data frame in a log.

An ETL job logs the rows it could not match (``logger.warning("...\\n%s", df.head())``)
and the log holds the frame as pandas prints it: every column's name and cells set
flush right to one edge, a single space before a name as wide as its column
(``achternaam voorvoegsel voorletters``), the index left-aligned under a blank head::

             bsn   achternaam voorvoegsel voorletters  ...     uitslag_hpv
    0  695523454         Veen     van der          T.  ...             NaN
    2   62249812       Sabajo                      S.  ...  hrHPV positief

Runs of two spaces (:func:`breachscope.detect.texttables.text_tables`' aligned tables)
split its rows but not its header, and a cell of two words (``van der``, ``hrHPV
positief``) or an empty one (a name with no prefix) splits them wrongly: the rows were
read headerless, their BSN without a leading zero and their birth dates lost.

The header's words split it. A header is a line of at least :data:`MIN_CELLS` words,
none of them a number, over a line as long as it (trailing spaces aside; pandas pads
every line to the last column's edge) with a run of two spaces. Each of its words'
ends is a column's edge where no row's character stands right after it (else the word
and the next are one column's name, ``Datum afname``), and every row's cell between
two edges is empty or ends right at its edge (flush right: a left-aligned table's cells
end where their words do, and this reading fails). Its rows are the lines below it up
to the first that is not as long as the header (a blank line: ``[5 rows x 13 columns]``
stands after one) or fits no edge. A left-aligned index (``0``, ``1``...; every row opens
with it, the header blank above it and the space after it) is a column with no name;
the column of ``...`` where pandas left columns out is none.
"""

from __future__ import annotations

import itertools
import re

from breachscope.extract.header import MIN_TABLE_CELLS

Span = tuple[int, int]
Row = tuple[int, list[Span]]
"""A block's line: its index in the text, and its cells' spans (offsets in the text)."""

MIN_CELLS = MIN_TABLE_CELLS
"""Fewest columns of a block (the index's included)."""
MAX_LINE = 1000
"""Longest line read as a header."""

_WORD = re.compile(r"\S+")
_NUMBER = re.compile(r"[-+]?\d[\d.,]*")


def right_aligned_blocks(text: str) -> list[list[Row]]:
    """The right-aligned tables of ``text``, each its header line and rows (cells cut at
    the header words' edges, trimmed; empty cells as empty spans), in text order."""
    out: list[list[Row]] = []
    seen = -1  # the end of the last row line looked at
    pos = text.find("  ")
    while pos >= 0:
        start = text.rfind("\n", 0, pos) + 1
        if start > seen and start >= 2:
            head_start = text.rfind("\n", 0, start - 1) + 1
            block = _block(text, head_start, start)
            if block is not None:
                out.append(block)
                seen = block[-1][1][-1][1]
        newline = text.find("\n", pos)
        if newline < 0:
            break
        seen = max(seen, newline)
        pos = text.find("  ", newline)
    return out


def _block(text: str, head_start: int, start: int) -> list[Row] | None:
    """The table whose header is the line at ``head_start`` and whose first row is the
    line at ``start``, if they read as one (see the module's text)."""
    head = text[head_start : start - 1].rstrip(" \r")
    if "\t" in head or not head or len(head) > MAX_LINE:
        return None
    first = _line(text, start)
    if len(first.rstrip(" \r")) != len(head):
        return None  # (the cheap test that prose fails)
    words = [(m.start(), m.end()) for m in _WORD.finditer(head)]
    if len(words) < MIN_CELLS - 1 or any(_NUMBER.fullmatch(head[a:b]) for a, b in words):
        return None
    rows: list[tuple[int, str]] = []
    pos = start
    while pos <= len(text):
        line = _line(text, pos).rstrip(" \r")
        if len(line) != len(head) or "\t" in line:
            break  # (pandas pads every line to its last column's edge)
        rows.append((pos, line))
        pos += len(_line(text, pos)) + 1
    index = _index_width(head, [line for _, line in rows])
    edges = [b for _, b in words if all(b >= len(line) or line[b] == " " for _, line in rows)]
    if index:
        edges = [index, *(e for e in edges if e > index)]
    fitted = _flush_right(rows, edges, index)
    if len(edges) < MIN_CELLS or len(fitted) < 2:
        return None
    line_no = text.count("\n", 0, head_start)
    bounds = [0, *edges]
    keep = [k for k, (a, b) in enumerate(itertools.pairwise(bounds)) if head[a:b].strip() != "..."]
    return [
        (line_no + k, [cells[i] for i in keep])
        for k, cells in enumerate(
            [_cut(head_start, head, bounds)] + [_cut(at, line, bounds) for at, line in fitted]
        )
    ]


def _line(text: str, pos: int) -> str:
    newline = text.find("\n", pos)
    return text[pos:] if newline < 0 else text[pos:newline]


def _index_width(head: str, lines: list[str]) -> int:
    """The width of a left-aligned index (every line opens with a word under a blank head,
    a space after the widest), else 0."""
    if not lines or head[:1] != " " or any(line[:1] in ("", " ") for line in lines):
        return 0
    width = max(len(line.split(" ", 1)[0]) for line in lines)
    if width >= len(head) or head[: width + 1].strip():
        return 0
    return width if all(line[width : width + 1] in ("", " ") for line in lines) else 0


def _flush_right(
    rows: list[tuple[int, str]], edges: list[int], index: int
) -> list[tuple[int, str]]:
    """The rows up to the first whose cell between two ``edges`` is neither empty nor ends
    at its edge (the index's, left-aligned, aside)."""
    out: list[tuple[int, str]] = []
    for at, line in rows:
        prev = 0
        for edge in edges:
            if edge != index and line[prev:edge].strip() and line[edge - 1 : edge] in ("", " "):
                return out
            prev = edge
        out.append((at, line))
    return out


def _cut(offset: int, line: str, bounds: list[int]) -> list[Span]:
    """The trimmed spans (at ``offset``) of ``line``'s cells between ``bounds``."""
    spans: list[Span] = []
    for a, b in itertools.pairwise(bounds):
        cell = line[a:b]
        body = cell.strip()
        lead = a + len(cell) - len(cell.lstrip()) if body else a
        spans.append((offset + lead, offset + lead + len(body)))
    return spans
