"""Two address blocks side by side (a letter's addressee beside its sender's letterhead),
and two columns of prose.

A letter typed or converted to text with its layout sets the patient's address block on
the left and the lab's on the right, on the same lines::

    Mevrouw C. Brouwer                      Laboratorium Cytologie Westland B.V.
    Lindengracht 88                         Treubstraat 17
    1015 KK  Amsterdam                      2288 EH  Rijswijk
                                            T 070 340 11 22

Read line by line, each of her lines is also the lab's: the lab's ``B.V.`` marked her
street as an organisation's (it was lost), the lab's street and phone number were
reported as hers, and a postcode's town ran into the other column. Here such a block is
read as two texts: the text with the right column blanked, and the right column alone
(everything else blanked; :class:`SenderColumn`). Offsets and lines stay as they were,
so each finding keeps its place; each column's lines are read with their own neighbours.

A block is a run of lines that each hold text in the right column, starting at the same
position (give or take :data:`COLUMN_SLACK`), after a gap of at least :data:`MIN_GAP`
spaces or at the line's start, at least :data:`MIN_BOTH` of them with text on both
sides, and nothing but spaces in the gap. Both columns hold a postcode: two address
blocks, not a table (a table's columns are many, and :mod:`breachscope.detect.texttables`
reads them) nor a signature beside a date.

A page set in two columns of prose (an annual report's case studies through ``pdftotext
-layout``) is read the same way, its right column a text of its own (a plain
:class:`~breachscope.extract.units.TextUnit`: its people are patients too), see
:func:`_prose_blocks`: read line by line, each line joined a sentence of one column to
one of the other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from breachscope.detect.texttables import blanked
from breachscope.extract.units import TextUnit

MIN_GAP = 6
"""Fewest spaces between the columns."""
MIN_COLUMN = 24
"""Where the right column starts at the earliest (a letterhead's right half)."""
COLUMN_SLACK = 1
"""How far the right column's start may differ from line to line."""
MIN_BOTH = 2
"""Fewest lines of a block with text in both columns."""
MAX_LINES = 12
"""Most lines of a block (a letter's address blocks)."""
_GAP = re.compile(rf"[^ \n][ ]{{{MIN_GAP},}}(?=[^ \n])")
"""The end of the left column's text, the gap and the right column's first character."""
_POSTCODE = re.compile(r"(?<![\w])[1-9][0-9]{3}[ ]?[A-Z]{2}(?![\w])")

Span = tuple[int, int]


def side_by_side(unit: TextUnit) -> list[TextUnit]:
    """``unit`` as its readings (see the module): itself where it holds no such block,
    else the text with the right columns blanked, the address blocks' right columns
    alone and the prose's right columns alone."""
    text = unit.text
    if "  " not in text:  # C-speed: most text has none
        return [unit]
    rights = []
    if "      " in text and _GAP.search(text) is not None:
        rights = [span for block in _blocks(text) for span in block]
    prose = [span for block in _prose_blocks(text) for span in block] if "\n" in text else []
    if rights and prose:  # (an address block's lines are no prose's)
        lines = {text.rfind("\n", 0, s) for s, _ in rights}
        prose = [(s, e) for s, e in prose if text.rfind("\n", 0, s) not in lines]
    if not rights and not prose:
        return [unit]
    out = [blanked(unit, sorted(rights + prose))]
    if rights:
        right = blanked(unit, _between(rights, len(text)))
        out.append(SenderColumn(right.location, right.text, right.base_offset, right.first_line))
    if prose:
        out.append(blanked(unit, _between(prose, len(text))))
    return out


class SenderColumn(TextUnit):
    """The right column of two address blocks side by side, alone: the sender's
    letterhead. Its text counts only its own patient data for the unit-level rules
    (:func:`breachscope.detect.engine.counts_alone`): the lab's address and phone number
    are no patient's because her data stands in the other column."""

    __slots__ = ()


def _lines(text: str) -> list[Span]:
    out: list[Span] = []
    start = 0
    for line in text.split("\n"):
        out.append((start, start + len(line.rstrip("\r"))))
        start += len(line) + 1
    return out


def _right_start(text: str, start: int, end: int) -> tuple[int, bool] | None:
    """Where the right column of the line ``text[start:end]`` starts, and whether the
    line holds text left of it; None where the line has no such column."""
    line = text[start:end]
    stripped = line.lstrip(" ")
    if not stripped.strip():
        return None
    lead = len(line) - len(stripped)
    if lead >= MIN_COLUMN:
        return lead, False  # (the right column alone: ``T 070 340 11 22``)
    gaps = [m.end() for m in _GAP.finditer(line)]
    if len(gaps) != 1 or gaps[0] < MIN_COLUMN:
        return None
    return gaps[0], True


def _blocks(text: str) -> list[list[Span]]:
    """Per block, the spans of its right column's parts."""
    out: list[list[Span]] = []
    run: list[tuple[int, int, bool]] = []  # (right start offset, line end, both sides)
    column = -1
    for start, end in _lines(text):
        found = _right_start(text, start, end)
        if found is not None and run and abs(found[0] - column) <= COLUMN_SLACK:
            run.append((start + found[0], end, found[1]))  # (too long a run: no block)
            continue
        _close(text, run, out)
        run = [] if found is None else [(start + found[0], end, found[1])]
        column = -1 if found is None else found[0]
    _close(text, run, out)
    return out


def _close(text: str, run: list[tuple[int, int, bool]], out: list[list[Span]]) -> None:
    """Keep ``run`` as a block where it is one (see the module)."""
    if sum(both for _, _, both in run) < MIN_BOTH or len(run) > MAX_LINES:
        return
    right = " ".join(text[s:e] for s, e, _ in run)
    left = " ".join(text[text.rfind("\n", 0, s) + 1 : s] for s, _, both in run if both)
    if _POSTCODE.search(right) and _POSTCODE.search(left):
        out.append([(s, e) for s, e, _ in run])


PROSE_COLUMN = 30
"""Where the right column of a page set in two columns starts at the earliest."""
PROSE_BAND = 20
"""How far apart the right column's starts may lie on a block's lines (a justified
column's words shift it as the layout tool places them)."""
MIN_PROSE_LINES = 3
"""Fewest lines of a block with prose in both columns."""
MIN_LEFT_WORDS = 4
MIN_RIGHT_WORDS = 3
"""Fewest words, on average over a block's lines with both columns, of each column's
part: prose, not a form's label beside its value (``Naam      Jansen``)."""
_PROSE_GAP = re.compile(r"[^ \n][ ]{2,}(?=[^ \r\n])")
_WORD = re.compile(r"[^\W\d_]{2,}")
_LEAD = re.compile(" *")


def _prose_blocks(text: str) -> list[list[Span]]:
    """Per block of a page set in two columns of prose (``pdftotext -layout`` of an
    annual report), the spans of its right column's parts: a run of lines, no blank one
    between, at least :data:`MIN_PROSE_LINES` of them with one gap of two or more spaces
    past :data:`PROSE_COLUMN` and words on both sides (the gaps' ends within
    :data:`PROSE_BAND` of each other), the others with text on one side only (a column
    that ends first). Read line by line, each line joins a sentence of one column to one
    of the other: a patient's pregnancy and her doctor ran into another case's lines."""
    out: list[list[Span]] = []
    gaps: dict[int, list[int]] = {}  # line start -> where its gaps past the column end
    for m in _PROSE_GAP.finditer(text):  # (C-speed: fewer such lines than a block's, none)
        line = text.rfind("\n", 0, m.start()) + 1
        if m.end() - line >= PROSE_COLUMN:
            gaps.setdefault(line, []).append(m.end())
    if len(gaps) < MIN_PROSE_LINES:
        return out
    run: list[tuple[int, int, int | None]] = []  # (line start, end, right start or None)
    for start, end in _lines(text):
        if not text[start:end].strip():
            _close_prose(text, run, out)
            run = []
            continue
        run.append((start, end, _prose_split(text, start, gaps.get(start, ()))))
    _close_prose(text, run, out)
    return out


def _prose_split(text: str, start: int, gaps: Sequence[int]) -> int | None:
    """Where the right column starts on the line at ``start`` (an offset), or None: its
    one gap of two or more spaces past :data:`PROSE_COLUMN` (``gaps``: where they end; a
    line of one column only: None); a line indented past it holds the right column alone
    (its start)."""
    spaces = _LEAD.match(text, start)
    lead = 0 if spaces is None else spaces.end() - start
    if lead >= PROSE_COLUMN:
        return start + lead
    return gaps[0] if len(gaps) == 1 else None


def _close_prose(text: str, run: list[tuple[int, int, int | None]], out: list[list[Span]]) -> None:
    """Keep ``run``'s right column where it is a page's second column (see
    :func:`_prose_blocks`)."""
    both = [(s, e, r) for s, e, r in run if r is not None and r - s < len(text[s:e].lstrip())]
    both = [(s, e, r) for s, e, r in both if text[s:r].strip()]
    if len(both) < MIN_PROSE_LINES:
        return
    columns = [r - s for s, _, r in both]
    if max(columns) - min(columns) > PROSE_BAND:
        return
    left = sum(len(_WORD.findall(text, s, r)) for s, _, r in both) / len(both)
    right = sum(len(_WORD.findall(text, r, e)) for _, e, r in both) / len(both)
    if left < MIN_LEFT_WORDS or right < MIN_RIGHT_WORDS:
        return
    edge = min(columns)
    spans = []
    for s, e, r in run:
        if r is not None:
            spans.append((r, e))
        elif len(text[s:e]) - len(text[s:e].lstrip(" ")) >= edge:
            spans.append((s, e))  # (a line of the right column alone)
    out.append(spans)


def _between(spans: list[Span], length: int) -> list[Span]:
    """The stretches of ``[0, length)`` outside ``spans`` (sorted, not overlapping)."""
    out: list[Span] = []
    pos = 0
    for s, e in spans:
        if s > pos:
            out.append((pos, s))
        pos = max(pos, e)
    if pos < length:
        out.append((pos, length))
    return out
