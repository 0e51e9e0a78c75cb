"""Tables inside free text, read as tables.

A Word, OpenDocument, RTF or HTML table comes out of its extractor as lines of
tab-separated cells, and so does a block of cells copied from a spreadsheet into an
e-mail. Read as prose, such a results table loses most of what it holds: a BSN or a date
of birth in a row under the table's header has no label beside it. Here the columns of
such a block that a detector claims (from the header and the values, as any table's
columns are classified) become a :class:`~breachscope.extract.units.TableUnit` of the
text's part, each row the mention of one person, its rows named by their line in the
part (``brief.docx#part=body&row=7&col=BSN``). Their cells are then blanked in the text
(spaces; offsets and lines stay), so the free-text pass reads everything else - the
prose around the table and the cells of the columns no detector claims, with the labels
beside them (a form laid out as ``Naam<TAB>Jansen<TAB>Geboren<TAB>03-03-1978``) - and
never a cell twice.

A block is a run of at least two lines, blank lines aside, that split into the same
number of cells, at least :data:`MIN_CELLS`; its first line is its header when it reads as one
(:func:`breachscope.extract.header.header_row`: words, no data), else the table has none
(its columns named ``column1``, ...), which only values that validate can claim.
Two-cell lines (``Naam<TAB>Jansen``) are label-value pairs that free text reads with
their labels, and stay text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from breachscope.detect.othercolumns import select_columns
from breachscope.extract.chunking import column_names
from breachscope.extract.header import header_row
from breachscope.extract.units import TableUnit, TextUnit

MIN_CELLS = 3
"""Fewest cells on each line of a table block."""

Claims = Callable[[TableUnit], Sequence[int]]
"""The indices of a table's columns that a detector claims."""

_Line = tuple[int, int, str]
"""A line's index and offset in the text, and the line (without its line break)."""


def text_tables(unit: TextUnit, claims: Claims) -> tuple[TextUnit, list[TableUnit]]:
    """``unit`` with the claimed cells of its table blocks blanked, and a table of those
    columns per block that has any (in text order)."""
    text = unit.text
    if "\t" not in text:  # C-speed: most text holds no tab at all
        return unit, []
    tables: list[TableUnit] = []
    blanks: list[tuple[int, int]] = []
    for lines in _blocks(text):
        rows = [line.rstrip("\r").split("\t") for _, _, line in lines]
        width = len(rows[0])
        head = header_row(rows, width)
        if head not in (0, None):
            continue  # title lines over a header: no plain table
        skip = 1 if head == 0 else 0
        table = TableUnit.build(
            unit.location,
            column_names(rows[0] if skip else [], width),
            [list(r) for r in rows[skip:]],
            [unit.first_line + index for index, _, _ in lines[skip:]],
        )
        columns = list(claims(table))
        if not columns:
            continue
        tables.append(select_columns(table, columns, unit.location))
        for _, offset, line in lines:
            blanks.extend(_cells(offset, line, columns))
    if not tables:
        return unit, []
    return _blank(unit, blanks), tables


def _blocks(text: str) -> list[list[_Line]]:
    """The lines of each run of at least two lines with the same number of tabs, at
    least ``MIN_CELLS - 1``, with nothing but blank lines between them (an HTML table's
    rows come out with a blank line between each two)."""
    out: list[list[_Line]] = []
    run: list[_Line] = []
    tabs = -1
    pos = 0
    for index, line in enumerate(text.split("\n")):
        n = line.count("\t")
        if n >= MIN_CELLS - 1 and n == tabs:
            run.append((index, pos, line))
        elif n or line.strip():
            if len(run) >= 2:
                out.append(run)
            run, tabs = [(index, pos, line)], n
        pos += len(line) + 1
    if len(run) >= 2:
        out.append(run)
    return out


def _cells(offset: int, line: str, columns: Sequence[int]) -> list[tuple[int, int]]:
    """``(start, end)`` in the text of the cells of ``columns`` on a block's line."""
    spans: list[tuple[int, int]] = []
    start = offset
    wanted = set(columns)
    for k, cell in enumerate(line.split("\t")):
        if k in wanted:
            spans.append((start, start + len(cell)))
        start += len(cell) + 1
    return spans


def _blank(unit: TextUnit, spans: list[tuple[int, int]]) -> TextUnit:
    """``unit`` with ``text[start:end]`` of each span (in text order, none a line break)
    turned to spaces: offsets and lines stay as they were."""
    text = unit.text
    pieces: list[str] = []
    pos = 0
    for start, end in spans:
        pieces.append(text[pos:start])
        pieces.append(" " * (end - start))
        pos = end
    pieces.append(text[pos:])
    return TextUnit(unit.location, "".join(pieces), unit.base_offset, unit.first_line)
