"""Tables inside free text, read as tables.

A Word, OpenDocument, RTF or HTML table comes out of its extractor as lines of
tab-separated cells, and so does a block of cells copied from a spreadsheet into an
e-mail; a fixed-width report or a table typed in a plain-text e-mail sets its cells
apart with runs of spaces. Read as prose, such a results table loses most of what it
holds: a BSN or a date of birth in a row under the table's header has no label beside
it, and the header's words read as names. Here the columns of such a block that a
detector claims (from the header and the values, as any table's columns are classified)
become a :class:`~breachscope.extract.units.TableUnit` of the text's part, each row the
mention of one person, its rows named by their line in the part
(``brief.docx#part=body&row=7&col=BSN``). Their cells, and the header line, are then
blanked in the text (spaces; offsets and lines stay), so the free-text pass reads
everything else - the prose around the table and the cells of the columns no detector
claims, with the labels beside them (a form laid out as
``Naam<TAB>Jansen<TAB>Geboren<TAB>03-03-1978``) - and never a cell twice, nor a header
as a label and its value (``Woonplaats<TAB>Onderzoek``).

A block is a run of at least two lines, blank lines and rules (``|---|---|``) aside,
that split into the same number of cells, at least :data:`MIN_CELLS`: at tabs, at ``|``
(a Markdown or ASCII table) or at ``;`` (a CSV export pasted into an e-mail), cells
trimmed (a ``|`` box's line that holds more of the row above it, its first cell
empty, joins that row's cells, each a line of its own: :func:`_box_rows`); or, on lines
none of these split, at runs of two or more spaces (no-break ones
too), each cell then standing under the first line's cell of its column (overlapping
it; a row's last cell may be empty), and for up to two lines between two rows whose
fewer cells each stand under a column of their own: a narrow column's cells that
wrapped, which join the cell above them, or a remark between rows, which stays text; a
line right above such a run with as many cells and no digit, its first cell where the
run's is, heads it though its words stand under no value (a header in a proportional
font). Its header is its first line that reads as one
(:func:`breachscope.extract.header.header_row`: words, no data; title lines above it
stay text), else the table has none (its columns named
``column1``, ...), which only values that validate or have a shape of their own can
claim (:mod:`breachscope.detect.headerless`); such a block, once a column is claimed, is
read whole as a table (its other cells as free text in their cells, each row's), as no
label stands beside its cells. A table a program printed flush right (a pandas
DataFrame in a log: its header's names one space apart) is cut at its header words'
edges first (:mod:`~breachscope.detect.rightaligned`).
Two-cell lines (``Naam<TAB>Jansen``, ``Naam: Jansen   Datum: 12-03-2024``) are
label-value pairs that free text reads with their labels, and stay text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from breachscope.detect.fixedrecords import record_blocks
from breachscope.detect.othercolumns import select_columns
from breachscope.detect.rightaligned import right_aligned_blocks
from breachscope.detect.sideways import on_its_side
from breachscope.detect.spacedtables import HeaderFields, spaced_blocks
from breachscope.detect.typeset import AS_PLAIN, has_aligning_space
from breachscope.extract.chunking import column_names
from breachscope.extract.header import MIN_TABLE_CELLS, header_row
from breachscope.extract.units import TableUnit, TextUnit

MIN_CELLS = MIN_TABLE_CELLS
"""Fewest cells on each line of a table block."""

Claims = Callable[[TableUnit], Sequence[int]]
"""The indices of a table's columns that a detector claims."""

Span = tuple[int, int]
_Row = tuple[int, list[Span]]
"""A block's line: its index in the text, and its cells' spans (offsets in the text)."""
_Wrapped = dict[tuple[int, int], list[Span]]
"""(a row's line, column) -> the parts of its cell that wrapped to the lines below it."""

_BLANK = frozenset(" \t\r\n")
_CELL = re.compile(r"[^ \t\r\n]+(?: [^ \t\r\n]+)*")
"""A cell of an aligned line: words with single spaces between them."""


SEPARATORS = ("\t", "|", ";")
"""Cell separators of a table set in text, in the order they are tried: a line that one
of them splits into a table row is not looked at for the later ones."""


def text_tables(
    unit: TextUnit,
    claims: Claims,
    names_field: Callable[[str], bool] | None = None,
    fields: HeaderFields | None = None,
) -> tuple[TextUnit, list[TableUnit]]:
    """``unit`` with the claimed cells of its table blocks blanked, and a table of those
    columns per block that has any (in text order). Typeset characters are read as plain
    ones (one for one: offsets stay) where the text aligns with fixed spaces, so that a
    table aligned with no-break spaces (an HTML e-mail's, a PDF's) is found, and its
    cells' values hold plain spaces. A block is read turned where it lies on its side
    (``names_field``: whether a detector's header words name a text;
    :func:`~breachscope.detect.sideways.on_its_side`: ``Naam  Jansen, P.  de Vries, M.``
    over ``BSN  506332433  220269634``), all its cells then blanked; a form of pairs
    side by side stays text, each value read with its label before it. With ``fields``
    (what a header's words name), a table whose cells only single spaces set apart is
    split by its header (:func:`~breachscope.detect.spacedtables.spaced_blocks`)."""
    text = unit.text
    if has_aligning_space(text):
        text = text.translate(AS_PLAIN)
    blocks: list[list[_Row]] = []
    taken: set[int] = set()  # lines of the blocks found so far
    wrapped: _Wrapped = {}
    broken: set[int] = set()  # rows whose wrapped parts are lines of a box's cells
    for sep in SEPARATORS:
        if sep in text:  # C-speed checks: most text holds none of them
            found = _free_of(_separated_blocks(text, sep), taken)
            if sep == "|":
                found = [_box_rows(text, block, wrapped, broken) for block in found]
            blocks += found
    if fields is not None and "," in text:
        blocks += _free_of(_comma_blocks(text, fields), taken)
    if "--" in text or "==" in text:
        blocks += _free_of(_ruled_blocks(text), taken)
    if "\n" in text:
        blocks += _free_of(record_blocks(text), taken)
    if "  " in text:
        blocks += _free_of(right_aligned_blocks(text), taken)
        aligned = [b for b in _aligned_blocks(text, wrapped) if not _labelled_list(text, b)]
        blocks += _free_of(aligned, taken)
    if fields is not None and "\n" in text:
        blocks += spaced_blocks(text, fields, taken)
    tables: list[TableUnit] = []
    blanks: list[Span] = []
    for block in sorted(blocks, key=lambda b: b[0][0]):
        width = len(block[0][1])
        rows = [
            [
                _cell(text, span, wrapped.get((line, k), ()), "\n" if line in broken else " ")
                for k, span in enumerate(cells)
            ]
            + [""] * (width - len(cells))  # (a row whose last cell is empty)
            for line, cells in block
        ]
        head = header_row(rows, width)  # (title lines above it stay text)
        skip = 0 if head is None else head + 1
        table = TableUnit.build(
            unit.location,
            column_names(
                [" ".join(h.split()) for h in rows[head]] if head is not None else [], width
            ),
            [list[str | None](r) for r in rows[skip:]],
            [unit.first_line + index for index, _ in block[skip:]],
        )
        if not table.num_rows:
            continue
        at = None if head is None else unit.first_line + block[head][0]
        side = None if names_field is None else on_its_side(
            replace(table, header_row=at), names_field, claims
        )  # fmt: skip
        if side is not None and side.field_columns:
            continue  # a form of pairs side by side: text, each value after its label
        if side is not None:
            tables.append(side)
            blanks.extend(span for _, cells in block[head or 0 :] for span in cells)
            blanks.extend(p for (line, _), parts in wrapped.items() for p in parts
                          if block[0][0] <= line <= block[-1][0])  # fmt: skip
            continue
        columns = list(claims(table))
        if not columns:
            continue
        if head is None:  # no labels to read the other cells by: the row holds them all
            columns = list(range(width))
        tables.append(select_columns(table, columns, unit.location))
        if head is not None:  # the header's words label the columns, never the text after
            blanks.extend(block[head][1])
            line = block[head][0]
            blanks.extend(p for k in range(width) for p in wrapped.get((line, k), ()))
        blanks.extend(cells[k] for _, cells in block[skip:] for k in columns if k < len(cells))
        blanks.extend(
            p for line, _ in block[skip:] for k in columns for p in wrapped.get((line, k), ())
        )
    if not tables:
        return unit, []
    return blanked(unit, sorted(blanks)), tables


def _free_of(blocks: list[list[_Row]], taken: set[int]) -> list[list[_Row]]:
    """``blocks`` without those that share a line with one in ``taken`` (whose lines are
    then added to it)."""
    out = []
    for block in blocks:
        lines = {index for index, _ in block}
        if lines.isdisjoint(taken):
            taken |= lines
            out.append(block)
    return out


def _separated_blocks(text: str, sep: str, least: int = MIN_CELLS) -> list[list[_Row]]:
    """Runs of at least two lines with the same number of ``sep``, at least
    ``least - 1`` (cells: :data:`MIN_CELLS` unless told), with nothing but blank lines
    and rules (``|----|----|``,
    ``+----+``) between them (an HTML table's rows come out with a blank line between
    each two). A rule with ``sep`` in it is left out of its run."""
    out: list[list[_Row]] = []
    run: list[_Row] = []
    count = 0
    line_no = 0
    last = 0
    prev_end = -1
    for start, end, n in _lines_with(text, sep, least - 1):
        line_no += text.count("\n", last, start)
        last = start
        line = text[start:end]
        if _RULE.fullmatch(line):
            continue
        joined = bool(run) and n == count and _RULES_ONLY.fullmatch(text, prev_end, start)
        if not joined:
            if len(run) >= 2:
                out.append(run)
            run, count = [], n
        run.append((line_no, _cells(start, line, sep)))
        prev_end = end
    if len(run) >= 2:
        out.append(run)
    return out


MIN_COMMA_CELLS = 5
"""Fewest cells on each line of a comma-separated block (prose has commas too)."""


MIN_COMMA_FIELDS = 2
"""Fewest cells of a comma-separated block's header that name a field a detector claims."""


def _comma_blocks(text: str, fields: HeaderFields) -> list[list[_Row]]:
    """Runs of lines split at commas into as many cells, at least :data:`MIN_COMMA_CELLS`,
    whose first line is a header (:func:`~breachscope.extract.header.header_row`) that
    names fields (:data:`MIN_COMMA_FIELDS`): a CSV file's lines in a text (a patch's hunk
    that adds fixture rows, a CSV pasted into a ticket). Prose splits at its commas too,
    but never under a header of field names."""
    out: list[list[_Row]] = []
    for block in _separated_blocks(text, ",", MIN_COMMA_CELLS):
        width = len(block[0][1])
        rows = [[text[a:b] for a, b in cells] for _, cells in block]
        if header_row(rows, width) != 0:
            continue
        named = sum(fields.field_kind(cell) is not None for cell in rows[0])
        if named >= MIN_COMMA_FIELDS:
            out.append(block)
    return out


_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_RULE = re.compile(r"[ \t\r|+:=\-]*[=\-][ \t\r|+:=\-]*")
"""A line that draws a table's rule (``|----|----|``, ``+====+``, ``---;---``)."""
_RULES_ONLY = re.compile(r"(?:\n(?:[ \t\r|+:=\-]*|[ \t]*;[^\n]*))*\n")
"""What may stand between two rows of one table: blank lines, rules and an INI file's
comments (``fields=id|achternaam|...``, ``; voorbeeldrecords ...``, ``sample1=1042|...``)."""


def _lines_with(text: str, sep: str, least: int) -> list[tuple[int, int, int]]:
    """``(start, end, count)`` of the lines holding ``sep`` at least ``least`` times, in
    text order (found by C-speed searches for ``sep``: most lines hold none)."""
    out: list[tuple[int, int, int]] = []
    n = len(text)
    pos = text.find(sep)
    while pos >= 0:
        start = text.rfind("\n", 0, pos) + 1
        newline = text.find("\n", pos)
        end = n if newline < 0 else newline
        count = text.count(sep, start, end)
        if count >= least:
            out.append((start, end, count))
        pos = text.find(sep, end)
    return out


def _cells(offset: int, line: str, sep: str) -> list[Span]:
    """The spans of the cells of ``line`` (at ``offset``) split at ``sep``, each without
    the white space around it."""
    spans: list[Span] = []
    for cell in line.split(sep):
        lead = len(cell) - len(cell.lstrip(" \r"))
        body = cell.strip(" \r")
        spans.append((offset + lead, offset + lead + len(body)))
        offset += len(cell) + 1
    return spans


def _cell(text: str, span: Span, parts: Sequence[Span], joint: str = " ") -> str:
    """A cell's text: its span's, and the parts of it that wrapped to the lines below (a
    hyphen at the end of a line joins, else ``joint``): ``Van den Berg-`` over
    ``Schouten, A.C.``, a header's ``Geboorte-`` over ``datum``; a box's cell keeps its
    lines (``Kuipers, N.`` over ``Woerden``: a line may hold another field)."""
    value = text[span[0] : span[1]]
    for a, b in parts:
        value += text[a:b] if value.endswith("-") else joint + text[a:b]
    return value


MAX_BOX_LINES = 4
"""Most lines below a row of a box (``| ... |``) that hold more of its cells."""


def _box_rows(text: str, block: list[_Row], wrapped: _Wrapped, broken: set[int]) -> list[_Row]:
    """``block`` (a ``|`` table's lines) with the lines that hold more of the cells of the
    row above them (an OCR'd LIMS screen's two-line rows: ``| O1 | Kuipers, N. | ...``
    over ``|    | Woerden     | ...``) taken out of it and added to ``wrapped`` (their
    rows added to ``broken``): lines whose cell under the row's first filled one is empty,
    with at most half as many filled cells as the row, no rule or blank line between
    them, at most :data:`MAX_BOX_LINES` to a row. A line with most of its cells filled,
    its first empty, is a row of its own (a column often left empty)."""
    out: list[_Row] = []
    parts: _Wrapped = {}
    below = 0  # lines joined to the last row of ``out``
    prev = -1  # the end of the line before
    for line, cells in block:
        row = out[-1] if out else None
        start = cells[0][0]
        if (
            row is not None
            and below < MAX_BOX_LINES
            and _box_line(text, row[1], cells, prev, start)
        ):
            for k, (a, b) in enumerate(cells):
                if a < b:
                    parts.setdefault((row[0], k), []).append((a, b))
            below += 1
        else:
            out.append((line, cells))
            below = 0
        prev = text.find("\n", cells[-1][1])
    if len(out) < 2:
        return block  # (a row and its lines alone: no table of rows, read as it stands)
    wrapped.update(parts)
    broken.update(line for line, _ in parts)
    return out


def _box_line(text: str, row: list[Span], cells: list[Span], prev: int, start: int) -> bool:
    """Whether a ``|`` table's line (``cells``) holds more of the cells of ``row``, the
    row above it (:func:`_box_rows`)."""
    filled = [a < b for a, b in row]
    if True not in filled or len(cells) != len(row):
        return False
    key = filled.index(True)
    more = sum(a < b for a, b in cells)
    if cells[key][0] < cells[key][1] or not 0 < more <= sum(filled) // 2:
        return False
    gap = text[prev : text.rfind("\n", 0, start) + 1] if prev >= 0 else ""
    return gap.count("\n") <= 1


_DASH_RULE = re.compile(r"(?m)^[ \t]*(?:-{2,}|={2,})(?: +(?:-{2,}|={2,}))+[ \t\r]*$")
"""A line of runs of dashes set apart by spaces, one run under each column of the line
above it (a report of SQL*Plus, of a LIMS, typed by hand)."""
_DASHES = re.compile(r"-+|=+")


def _ruled_blocks(text: str) -> list[list[_Row]]:
    """Fixed-width tables whose header a rule of dashes underlines, a run of dashes under
    each column (``Labnr      Naam ...`` over ``---------- -------- ...``): the runs give
    the columns, cells that one space sets apart included (``CY24-01187 GRAAF E DE``),
    and each of the lines below, up to a blank line or one whose characters stand where
    a gap between two runs is, is a row cut at them (a last column's cell runs to the
    end of its line; an empty cell stays empty), past one such line of at most two cells
    between two rows (an agenda's break, ``09:50      *** OVERLEG ... ***``: left to the
    text; a row whose one character crosses a gap ends the block). The header is the
    line right above. Where no row fits the runs, each run is widened to the next one's
    start (:func:`_to_next`: a rule under the header's words only)."""
    out: list[list[_Row]] = []
    line_no = 0
    last = 0
    for rule in _DASH_RULE.finditer(text):
        start, end = rule.span()
        columns = [(g.start() - start, g.end() - start) for g in _DASHES.finditer(text, start, end)]
        if len(columns) < MIN_CELLS or start < 2:
            continue
        line_no += text.count("\n", last, start)
        last = start
        head_start = text.rfind("\n", 0, start - 1) + 1
        header = _cut(text, head_start, start - 1, columns)
        if header is None or not any(a < b for a, b in header):
            continue
        block = _ruled_rows(text, end, line_no, columns, header)
        if len(block) < 2 and (wide := _to_next(columns)) != columns:
            header = _cut(text, head_start, start - 1, wide)
            if header is not None:
                block = _ruled_rows(text, end, line_no, wide, header)
        if len(block) >= 2:
            out.append(block)
    return out


def _to_next(columns: list[Span]) -> list[Span]:
    """Each column of a rule widened up to the space before the next one's run: where a
    rule's dashes underline only its header's word (PowerShell's ``Format-Table``: ``----``
    under ``Naam``, whose cells run on to ``Geboortedatum``)."""
    return [(a, nxt - 1) for (a, _), (nxt, _) in itertools.pairwise(columns)] + columns[-1:]


def _ruled_rows(
    text: str, end: int, line_no: int, columns: list[Span], header: list[Span]
) -> list[_Row]:
    """The header and the rows below a rule that ends at ``end`` (see
    :func:`_ruled_blocks`)."""
    block: list[_Row] = [(line_no - 1, header)]
    pos, row_no, remark = end + 1, line_no + 1, False
    while pos < len(text):
        stop = text.find("\n", pos)
        stop = len(text) if stop < 0 else stop
        cells = None if not text[pos:stop].strip() else _cut(text, pos, stop, columns)
        if cells is None and not remark and len(block) >= 2 and _remark(text[pos:stop]):
            remark = True  # (one line that fits no column: a remark, if a row follows)
            pos, row_no = stop + 1, row_no + 1
            continue
        if cells is None:
            break
        block.append((row_no, cells))
        pos, row_no, remark = stop + 1, row_no + 1, False
    return block


def _remark(line: str) -> bool:
    """Whether a line that fits no column of a ruled table is a remark between its rows:
    at most two cells (an agenda's time and its break), not a row gone astray."""
    return 0 < len(_CELL.findall(line)) <= 2


def _cut(text: str, start: int, stop: int, columns: list[Span]) -> list[Span] | None:
    """The cells of the line ``text[start:stop]`` cut at ``columns`` (offsets in the line)
    each without the white space around it, or None where a character of the line stands
    in a gap between two columns or before the first."""
    stop = start + len(text[start:stop].rstrip(" \r"))
    edges = [0, *(b for _, b in columns[:-1])]
    for edge, (a, _) in zip(edges, columns, strict=True):
        if text[start + edge : min(start + a, stop)].strip(" \t"):
            return None
    cells: list[Span] = []
    for k, (a, b) in enumerate(columns):
        lo = min(start + a, stop)
        hi = stop if k == len(columns) - 1 else min(start + b, stop)
        body = text[lo:hi]
        lead = len(body) - len(body.lstrip(" \t"))
        cells.append((lo + lead, lo + len(body.rstrip(" \t"))))
    return cells


def _aligned_blocks(text: str, wrapped: _Wrapped) -> list[list[_Row]]:
    """Runs of at least two lines (blank lines aside) whose cells, set apart by two or
    more spaces, are as many, at least ``MIN_CELLS``, and stand under the first line's:
    each cell overlaps the first line's cell of its column (a fixed-width report, a
    table typed in a plain-text e-mail); a line whose last cell alone is empty is a row
    too (:func:`_short_row`). A line with another cell empty ends its run, but
    for up to two lines between two of its rows whose fewer cells each stand under one
    column (:func:`_wrap_lines`): a narrow column's cells that wrapped (a PDF's table:
    ``Van den Berg-`` over ``Schouten, A.C.``), added to ``wrapped`` where the cell
    above ends in a hyphen or a comma or the part starts with a small letter, no blank
    line between, and else left to the text (a remark between two rows); and past one
    line that opens under the first column between two rows (:func:`_remark_line`)."""
    out: list[list[_Row]] = []
    run: list[_Row] = []
    head: list[Span] = []
    head_start = 0
    line_no = 0
    last = 0
    prev_end = -1
    for start, end in _gapped_lines(text):
        line_no += text.count("\n", last, start)
        last = start
        line = text[start:end]
        if "\t" in line:
            continue
        cells = [(c.start() + start, c.end() + start) for c in _CELL.finditer(line)]
        between = "" if run and _RULES_ONLY.fullmatch(text, prev_end, start) else "-"
        row = bool(run) and (
            (len(cells) == len(head) and _under(cells, start, head, head_start))
            or _short_row(cells, start, head, head_start)
        )
        if run and not row and (split := _overflowed(text, cells, start, head, head_start)):
            cells, row = split, True
        parts = _wrap_lines(text, prev_end, start, head, head_start) if row and between else []
        remark = bool(row and between and not parts and len(run) >= 2) and _remark_line(
            text, prev_end, start, head, head_start
        )
        if row and (not between or parts or remark):
            above_line, above_cells = run[-1]
            for k, part in parts or ():
                above = wrapped.get((above_line, k), [above_cells[k]])[-1]
                if _BLANK_LINE.search(text, prev_end, part[0]):
                    continue  # (after a blank line: a remark, never a wrapped cell)
                if text[above[1] - 1] in "-," or text[part[0]].islower():
                    wrapped.setdefault((above_line, k), []).append(part)
            run.append((line_no, cells))
        else:
            if len(run) >= 2:
                out.append(run)
            header = _header_above(text, run, cells, prev_end, start)
            run, head, head_start = [*header, (line_no, cells)], cells, start
        prev_end = end
    if len(run) >= 2:
        out.append(run)
    return out


def _labelled_list(text: str, block: list[_Row]) -> bool:
    """Whether an aligned block is a list of labels and their values, each value after
    a colon in a column of its own (a register's extract, ``  01.02.40  Geslachtsnaam
    : Brouwer``, a report's ``Naam          : Jansen``): read as text, where each value
    stands after its label, not as a table whose header no line holds."""
    for k in range(1, len(block[0][1])):
        cells = [cells[k] for _, cells in block if k < len(cells)]
        if len(cells) == len(block) and all(text[a] == ":" for a, _ in cells):
            return True
    return False


def _remark_line(text: str, prev_end: int, start: int, head: list[Span], head_start: int) -> bool:
    """Whether one line alone stands between two rows of a run, opening under its first
    column: an agenda's break (``09:50           *** OVERLEG dr. Nieuwenhuis ***``)
    or a row's remark, left to the text, the table going on after it."""
    between = text[prev_end:start]
    if between.count("\n") != 2 or not between.strip():
        return False
    line = between[1 : between.index("\n", 1)]
    indent = len(line) - len(line.lstrip(" "))
    a, b = head[0]
    return a - head_start <= indent < b - head_start


def _overflowed(
    text: str, cells: list[Span], start: int, head: list[Span], head_start: int
) -> list[Span] | None:
    """A row's cells where one cell overflowed its column (``Van Dijk-Hamers (01034427)
    04-05-1980``: a value wider than its column pushes the rest of its row one space
    apart and to the right), else None: one cell fewer than the run's first line, the
    cells before it under their columns, it starting under its own and reaching past the
    next column's start, a cell after it (a last cell that runs on pushed none); split
    at its last space, the part after it is the next column's (the row was lost, and
    the table's rows after it with it)."""
    n = len(cells)
    if n != len(head) - 1 or n < MIN_CELLS - 1:
        return None
    for i, (a, b) in enumerate(cells):
        if not _under(cells[: i + 1], start, head[: i + 1], head_start):
            return None
        if b - start > head[i + 1][0] - head_start:  # (it reaches into the next column)
            if i == n - 1:
                return None  # (the last cell runs on: no cell after it was pushed)
            cut = text.rfind(" ", a, b)
            if cut <= a:
                return None
            return [*cells[:i], (a, cut), (cut + 1, b), *cells[i + 1 :]]
    return None


def _short_row(cells: list[Span], start: int, head: list[Span], head_start: int) -> bool:
    """Whether a line's ``cells`` are a row whose last cell is empty (an episode list's
    open episode, a medicine not stopped: ``P76  Depressie  11-2019`` under ``ICPC
    Omschrijving  Begin  Eind``): one cell fewer than the run's first line, at least
    :data:`MIN_CELLS`, each under the cell of its column, the last ending before the
    first line's last cell starts."""
    n = len(cells)
    if n != len(head) - 1 or n < MIN_CELLS or cells[-1][1] - start > head[-1][0] - head_start:
        return False
    return _under(cells, start, head[:n], head_start)


def _header_above(
    text: str, run: list[_Row], cells: list[Span], prev_end: int, start: int
) -> list[_Row]:
    """The line right above a new run's first line (``run``, when it is one line alone)
    where it has as many cells and no digit: a header whose words are narrower than the
    values below them and so stand under none (a table aligned with no-break spaces in a
    proportional font: ``Naam    Geb.datum    BSN`` over ``Hoekstra, S.    08-08-1968``),
    its first cell where the line's is; the run's alignment is then the first row's. Over
    rows that open with their index number (a pandas table as a notebook prints it:
    ``   naam  bsn`` over ``0  Jansen  123456782``) the header has no cell for it, and
    gets an empty one."""
    if len(run) != 1 or text[prev_end:start].strip(" \r") != "\n":
        return []
    above = run[0][1]
    if len(above) == len(cells) - 1 and text[cells[0][0] : cells[0][1]].isdigit():
        a, b = above[0][0], above[-1][1]
        line = text.rfind("\n", 0, a) + 1
        if any(c.isdigit() for c in text[a:b]) or a - line <= cells[0][1] - start:
            return []
        return [(run[0][0], [(line, line), *above])]
    if len(above) != len(cells):
        return []
    a, b = run[0][1][0][0], run[0][1][-1][1]
    if a - (text.rfind("\n", 0, a) + 1) != cells[0][0] - start:
        return []  # (the first column's left edges apart: shifted, no header of it)
    return [] if any(c.isdigit() for c in text[a:b]) else run


def _wrap_lines(
    text: str, lo: int, hi: int, head: list[Span], head_start: int
) -> list[tuple[int, Span]] | None:
    """The cells of the lines in ``text[lo:hi]`` (blank lines aside, at most two others)
    as ``(column, span)``, where each line has fewer cells than ``head``, no tab, and
    each cell overlaps exactly one of its columns, a column of its own; else None."""
    out: list[tuple[int, Span]] = []
    lines = 0
    pos = text.find("\n", lo, hi) + 1
    while 0 < pos < hi:
        stop = text.find("\n", pos, hi)
        stop = hi if stop < 0 else stop
        if "\t" in text[pos:stop]:
            return None  # (a line of tabbed cells is another kind of table)
        cells = [c.span() for c in _CELL.finditer(text, pos, stop)]
        if cells:
            lines += 1
            columns = [
                [
                    k
                    for k, (c, d) in enumerate(head)
                    if a - pos < d - head_start and c - head_start < b - pos
                ]
                for a, b in cells
            ]
            if lines > 2 or len(cells) >= len(head) or any(len(ks) != 1 for ks in columns):
                return None
            if len({ks[0] for ks in columns}) < len(cells):
                return None
            out.extend((ks[0], span) for ks, span in zip(columns, cells, strict=True))
        pos = stop + 1
    return out or None


def _gapped_lines(text: str) -> list[Span]:
    """``(start, end)`` of the lines with at least ``MIN_CELLS - 1`` runs of two or more
    spaces between cells, in text order (the runs found by C-speed searches for two
    spaces: most lines have none)."""
    out: list[Span] = []
    line_start = line_end = -1
    gaps = 0
    n = len(text)
    pos = text.find("  ")
    while pos >= 0:
        end = pos + 2
        while end < n and text[end] == " ":
            end += 1
        if pos > 0 and text[pos - 1] not in _BLANK and end < n and text[end] not in _BLANK:
            if pos >= line_end:  # the first run between cells on its line
                if gaps >= MIN_CELLS - 1:
                    out.append((line_start, line_end))
                line_start = text.rfind("\n", 0, pos) + 1
                newline = text.find("\n", pos)
                line_end = n if newline < 0 else newline
                gaps = 0
            gaps += 1
        pos = text.find("  ", end)
    if gaps >= MIN_CELLS - 1:
        out.append((line_start, line_end))
    return out


def _under(cells: list[Span], start: int, head: list[Span], head_start: int) -> bool:
    """Whether each of a line's ``cells`` overlaps, in columns, the cell of its column on
    the run's first line (``start``, ``head_start``: the two lines' offsets)."""
    for (a, b), (c, d) in zip(cells, head, strict=True):
        if a - start >= d - head_start or c - head_start >= b - start:
            return False
    return True


def blanked(unit: TextUnit, spans: list[Span]) -> TextUnit:
    """``unit`` with the characters of each span (in text order; spans may overlap)
    other than line breaks turned to spaces: offsets and lines stay as they were."""
    text = unit.text
    pieces: list[str] = []
    pos = 0
    for start, end in spans:
        start = max(start, pos)  # (spans that overlap: each character blanked once)
        if end <= start:
            continue
        pieces.append(text[pos:start])
        pieces.append(_NOT_BREAK.sub(_spaces, text[start:end]))
        pos = end
    pieces.append(text[pos:])
    return TextUnit(unit.location, "".join(pieces), unit.base_offset, unit.first_line)


_NOT_BREAK = re.compile(r"[^\r\n]+")


def _spaces(m: re.Match[str]) -> str:
    return " " * (m.end() - m.start())
