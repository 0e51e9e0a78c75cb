"""A form's labels and its values extracted as two blocks of lines.

A PDF form that sets its labels in one column and its values in another often comes out
of its text layer a column at a time: the labels a line each (``Naam:``,
``Geboortedatum:``, ``BSN:``), then the values in the same order (``Mevr. H.J.
Brouwer``, ``17-06-1975``, ``220269634``), or the values first where the PDF drew them
first. Read as prose no label stands beside a value, and the BSN and the date of birth
are lost. Here a run of at least :data:`MIN_LABELS` lines that each hold a label and
nothing else (a field a detector's header words name, no data, at most
:data:`MAX_LABEL_CHARS` characters, distinct, each ending in a colon or none a word
of its own: :func:`_kind`), right after or right before (blank lines
aside) a run of as many lines none of which is a label, is read as a form of pairs: the
i-th label names the i-th value. Its fields are a record of one row, the part
(:class:`~breachscope.detect.sideways.SideTable`, each value at its own line under its
label: ``uitslag.pdf#part=page1&row=7&col=BSN``), and where detectors claim at least
:data:`MIN_CLAIMED` of them, those fields' labels and values are blanked in the text,
which free text reads (the others stay text).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence

from breachscope.detect.sideways import SideTable
from breachscope.detect.texttables import blanked
from breachscope.extract.header import is_data
from breachscope.extract.units import TableUnit, TextUnit

IN_BLOCKS = "form's labels and values in blocks of lines"
"""Added to the explanation of each finding of such a form."""
LABELS_LAST = "form's values left of their labels"
"""Added to the explanation of each finding of a form whose lines hold a value and then
its label (:func:`_labels_last`)."""
MIN_LABELS = 3
"""Fewest labels a line each that make a block of them."""
MIN_CLAIMED = 2
"""Fewest of a block's fields that detectors must claim for it to be read as a form."""
MAX_LABEL_CHARS = 40
"""Longest label."""
MAX_LABEL_WORDS = 3
"""Most words of a label that ends in a colon."""
MAX_LABELS = 32
"""Most labels of one block."""

_COLON_RUN = re.compile(
    rf":[ \t\r]*\n(?:[ \t]*[^\d\s:][^\d\n:]{{0,{MAX_LABEL_CHARS}}}:[ \t\r]*\n){{{MIN_LABELS - 1},}}"
)
"""The end of the first of a run of short lines without digits that end in a colon, and
the rest of the run (from a colon: C speed, as most text has few)."""
_WORD_RUN = re.compile(rf"\n(?:[ \t]*[^\d\s]{{1,{MAX_LABEL_CHARS}}}[ \t\r]*\n){{{MIN_LABELS},}}")
"""A run of lines of one word without digits."""
_LINE = re.compile(r"[^\n]*\n?")
_NO_WORD_END = frozenset("0123456789 \t\r\n:")
"""What does not end a label's last word before its colon."""
_LINE_COLON = re.compile(r":[ \t\r]*(?:\n|\Z)")
"""A colon that ends a line (a literal first: the search skips to each colon)."""

Claims = Callable[[TableUnit], Sequence[int]]
Span = tuple[int, int]


def label_blocks(
    unit: TextUnit, claims: Claims, names_field: Callable[[str], bool]
) -> tuple[TextUnit, list[TableUnit]]:
    """``unit`` with the claimed fields of its blocks of labels and values blanked, and
    each such block's claimed fields as a table (see the module)."""
    text = unit.text
    if text.count("\n") < MIN_LABELS - 1:
        return unit, []
    padded = f"\n{text}\n"  # (each line between two line breaks; offsets one on)
    runs = sorted(
        (padded.rfind("\n", 0, m.start() + 1), m.end() - 1)
        for rx in (_COLON_RUN, _WORD_RUN)
        for m in rx.finditer(padded)
    )  # (the run's lines in the text, as offsets: from its first line's start)
    tables: list[TableUnit] = []
    blanks: list[Span] = []
    for form, spans in _labels_last(unit, claims, names_field):
        tables.append(form)
        blanks.extend(spans)
    if not runs:
        return (blanked(unit, sorted(blanks)), tables) if tables else (unit, [])
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if m.end() > m.start()]
    starts = [s for s, _ in lines]
    done = 0  # (the lines of blocks read so far)
    for run_start, run_end in runs:
        first = _index(starts, run_start)
        last = _index(starts, min(run_end, len(text)) - 1)
        labels = _labels(text, lines, first, last, names_field)
        for lo, hi in labels:
            if lo < done:
                continue
            found = _form(unit, lines, lo, hi, claims, names_field)
            if found is not None and not _overlaps(found[1], blanks):
                table, spans, done = found
                tables.append(table)
                blanks.extend(spans)
                break
    if not tables:
        return unit, []
    return blanked(unit, sorted(blanks)), tables


def _labels_last(
    unit: TextUnit, claims: Claims, names_field: Callable[[str], bool]
) -> Iterator[tuple[TableUnit, list[Span]]]:
    """The forms whose values stand left of their labels, a field a line (``P. Jansen
    Naam:``, ``17-06-1975 Geboortedatum:``: a PDF that drew its values first): runs of
    at least :data:`MIN_LABELS` lines that end in a colon after a word and hold more
    than it, blank lines aside, each read as a form of pairs where each line reads as a
    value and its label and detectors claim at least :data:`MIN_CLAIMED` of its fields;
    with the spans (whole lines) to blank. Only such runs ask the detectors."""
    text = unit.text
    for run in _colon_runs(text):
        pairs = [_label_last(text, span, names_field) for span in run]
        if any(p is None for p in pairs):
            continue  # (a line of the run is no value and label: no such form)
        names = [p[0] for p in pairs if p is not None][:MAX_LABELS]
        if len({n.casefold() for n in names}) < len(names):
            continue
        cells = [p[1] for p in pairs if p is not None][: len(names)]
        rows = [text.count("\n", 0, a) for a, _ in run[: len(names)]]
        claimed = list(claims(_table(unit, names, cells, rows, LABELS_LAST)))
        if len(claimed) >= MIN_CLAIMED:
            keep = [names[k] for k in claimed]
            form = _table(unit, keep, [cells[k] for k in claimed], [rows[k] for k in claimed],
                          LABELS_LAST)  # fmt: skip
            yield form, [run[k] for k in claimed]


def _colon_runs(text: str) -> list[list[Span]]:
    """The runs of at least :data:`MIN_LABELS` lines (their spans), blank lines aside,
    that end in a colon after a word and hold a space before it (C-speed searches)."""
    out: list[list[Span]] = []
    run: list[Span] = []
    for m in _LINE_COLON.finditer(text):
        colon = m.start()
        start = text.rfind("\n", 0, colon) + 1
        if colon == 0 or text[colon - 1] in _NO_WORD_END or " " not in text[start:colon].strip():
            continue  # (a time, a label alone: the other forms' business)
        if run and text[run[-1][1] : start].strip():
            if len(run) >= MIN_LABELS:
                out.append(run)
            run = []
        run.append((start, colon + 1))
    if len(run) >= MIN_LABELS:
        out.append(run)
    return out


def _label_last(
    text: str, span: Span, names_field: Callable[[str], bool]
) -> tuple[str, str] | None:
    """``(label, value)`` of a line that holds a value and then its label, a colon ending
    it: the longest label of up to :data:`MAX_LABEL_WORDS` words that :func:`_kind`
    takes (``Datum van afname:``; ``Naam:`` of ``P. Jansen Naam:``); None for another
    line."""
    line = text[span[0] : span[1]].strip()
    words = line.split()
    for n in range(min(MAX_LABEL_WORDS, len(words) - 1), 0, -1):
        label = " ".join(words[-n:])
        if _kind(label, (0, len(label)), names_field) is not None:
            return label[:-1].rstrip(), " ".join(words[:-n])
    return None


def _overlaps(spans: list[Span], taken: list[Span]) -> bool:
    """Whether a span of ``spans`` overlaps one of ``taken`` (a form read already)."""
    return any(a < d and c < b for a, b in spans for c, d in taken)


def _index(starts: list[int], pos: int) -> int:
    """The line that holds ``pos``."""
    return bisect_right(starts, pos) - 1


def _label(text: str, span: Span, names_field: Callable[[str], bool]) -> str | None:
    """The label a line holds and nothing else (see :func:`_kind`), or None."""
    found = _kind(text, span, names_field)
    return None if found is None else found[0]


def _kind(text: str, span: Span, names_field: Callable[[str], bool]) -> tuple[str, bool] | None:
    """The label a line holds and nothing else, and whether a colon ends it; None for
    any other line. A label ends in a colon and has at most :data:`MAX_LABEL_WORDS`
    words, no capital opening one after the first but an abbreviation's
    (``Postcode/Plaats:``, ``Datum van afname:``, ``BSN moeder:``; not ``Naam Fatima de
    Hout``), or, without a colon, is one word (``Geboortedatum``; not ``hrHPV
    negatief``); a detector's header words name it, and it holds no data."""
    line = text[span[0] : span[1]].strip()
    colon = line.endswith(":")
    label = line[:-1].rstrip() if colon else line
    if not label or len(label) > MAX_LABEL_CHARS or ":" in label or is_data(label):
        return None
    words = label.split()
    if colon:
        if len(words) > MAX_LABEL_WORDS or any(
            w[:1].isupper() and not w.isupper() for w in words[1:]
        ):
            return None
    elif len(words) > 1:
        return None
    return (label, colon) if names_field(label) else None


def _labels(
    text: str, lines: list[Span], first: int, last: int, names_field: Callable[[str], bool]
) -> list[tuple[int, int]]:
    """The runs ``(first line, last line)`` of at least :data:`MIN_LABELS` label lines
    among lines ``first`` to ``last``."""
    out: list[tuple[int, int]] = []
    lo: int | None = None
    colons = False
    for i in range(first, last + 2):
        kind = _kind(text, lines[i], names_field) if i <= last else None
        if lo is not None and (kind is None or kind[1] != colons):  # (a run's labels agree)
            if i - lo >= MIN_LABELS:
                out.append((lo, i - 1))
            lo = None
        if kind is not None and lo is None:
            lo, colons = i, kind[1]
    return out


def _form(
    unit: TextUnit,
    lines: list[Span],
    lo: int,
    hi: int,
    claims: Claims,
    names_field: Callable[[str], bool],
) -> tuple[TableUnit, list[Span], int] | None:
    """The block of labels on lines ``lo`` to ``hi`` read with the values after it (or
    before it) as a table of its claimed fields, the spans to blank and where it ends;
    None where no such values stand beside it or too few fields are claimed."""
    text = unit.text
    names = [_label(text, lines[i], names_field) or "" for i in range(lo, hi + 1)][:MAX_LABELS]
    if len({n.casefold() for n in names}) < len(names):
        return None
    count = len(names)
    for values in (_filled(text, lines, hi + 1, 1, count), _filled(text, lines, lo - 1, -1, count)):
        if values is None or any(_label(text, lines[i], names_field) for i in values):
            continue
        cells = [text[lines[i][0] : lines[i][1]].strip() for i in values]
        table = _table(unit, names, cells, values)
        claimed = list(claims(table))
        if len(claimed) < MIN_CLAIMED:
            continue
        keep = [names[k] for k in claimed]
        form = _table(unit, keep, [cells[k] for k in claimed], [values[k] for k in claimed])
        spans = [lines[lo + k] for k in claimed] + [lines[values[k]] for k in claimed]
        return form, spans, max(hi, *values) + 1
    return None


def _filled(text: str, lines: list[Span], start: int, step: int, count: int) -> list[int] | None:
    """The first ``count`` lines from ``start`` on (``step`` 1) or back (-1) that hold
    text, blank lines passed over, in the order of the text; None where there are fewer,
    or a blank line stands between two of them (a value block is one run)."""
    found: list[int] = []
    i = start
    while 0 <= i < len(lines) and len(found) < count:
        if text[lines[i][0] : lines[i][1]].strip():
            found.append(i)
        elif found:
            return None
        i += step
    if len(found) < count:
        return None
    return found if step > 0 else found[::-1]


def _table(
    unit: TextUnit, names: list[str], cells: list[str], lines: list[int], how: str = IN_BLOCKS
) -> SideTable:
    """A record of one row: each field's value at its own line under its label."""
    rows = [unit.first_line + i for i in lines]
    return SideTable.record(unit.location, names, cells, rows, names, how)
