"""Positional records: a fixed-width export with no separators and no header.

A screening organisation's or a LIMS's export writes one record a line, each field at a
fixed position, padded with spaces and glued to the next where it fills its width
(``REC628194821VRIES-BAKKER        DE      M.J.  19780303V3511AB012 0612345678``): no
tab, no run of spaces, no header tells where one field ends. Read as prose such a line
gives almost nothing: its BSN and its date of birth are glued to letters.

The lines' shapes tell the fields. A run of at least :data:`MIN_RECORDS` lines, one
after another, that open with the same record tag glued to a number of at least six
digits (``REC628194821...``) and are of nearly the same length is a block. Per position,
each line holds a digit, another character (a letter, a name's ``-`` or ``.``) or a
space (also past its end). A field starts where no line's word runs on from the position
before (no two digits, no two other characters side by side across it) and at least half
of the lines hold a character: a padded field's values all start at its first position,
the words inside a field (``VAN DEN`` beside ``DE``) in few lines only. Where one space
stands before it in every line that holds a character there, the field must hold digits,
or the field before it: a filler between two numbers (``012 0612345678``), not the space
between two words of one field. Four digits right before two capitals are joined again:
a Dutch postcode (``3511`` | ``AB``).

Each block's lines become the rows of a table without a header
(:func:`breachscope.detect.texttables.text_tables` reads it on, as the other blocks of
cells: its columns classified by their values, as a CSV's without a header, a column of
elfproef numbers a BSN, of ``yyyymmdd`` dates a date of birth; the claimed cells blanked
in the text).
"""

from __future__ import annotations

import re

Span = tuple[int, int]
Row = tuple[int, list[Span]]
"""A block's line: its index in the text, and its cells' spans (offsets in the text)."""

MIN_RECORDS = 2
"""Fewest lines of a block."""
MIN_LENGTH = 24
"""Shortest record line (a shorter line is a code or a word, no record)."""
MAX_LENGTH = 1000
"""Longest record line read."""
LENGTH_SPREAD = 0.25
"""How much shorter or longer than the block's first line a record line may be (its
trailing spaces trimmed, or an empty last field)."""
SAMPLE_LINES = 200
"""The lines of a block its fields are told from (a fixed-width export's fields stand
where they stand in every line; the rest are cut where these are)."""
_TAGGED = re.compile(r"(?m)^([A-Z]{2,4})[0-9]{6}")
"""A record line's start: its record tag glued to a number (a record's key, a BSN, a
date; not an IBAN's two check digits: ``NL91ABNA...``)."""
_POSTCODE_DIGITS = re.compile(r"[1-9][0-9]{3}")
_POSTCODE_LETTERS = re.compile(r"[A-Z]{2}")


def record_blocks(text: str) -> list[list[Row]]:
    """The blocks of positional records in ``text``, each line's cells (see the
    module)."""
    if _TAGGED.search(text) is None:  # C-speed: most text holds none
        return []
    out: list[list[Row]] = []
    run: list[tuple[int, int, int]] = []  # (line index, start, end) of the current run
    tag = ""
    for index, start, end in _lines(text):
        m = _TAGGED.match(text, start, end)
        line_tag = m.group(1) if m is not None else ""
        fits = (
            m is not None
            and MIN_LENGTH <= end - start <= MAX_LENGTH
            and (not run or (line_tag == tag and _near(end - start, run[0][2] - run[0][1])))
        )
        if fits:
            if not run:
                tag = line_tag
            run.append((index, start, end))
            continue
        _flush(text, run, out)
        opens = m is not None and MIN_LENGTH <= end - start <= MAX_LENGTH
        run = [(index, start, end)] if opens else []
        tag = line_tag
    _flush(text, run, out)
    return out


def _lines(text: str) -> list[tuple[int, int, int]]:
    """``(index, start, end)`` of each line, its end before trailing spaces and ``\\r``."""
    out: list[tuple[int, int, int]] = []
    start = 0
    for index, line in enumerate(text.split("\n")):
        out.append((index, start, start + len(line.rstrip(" \t\r"))))
        start += len(line) + 1
    return out


def _near(length: int, first: int) -> bool:
    return abs(length - first) <= LENGTH_SPREAD * first


def _flush(text: str, run: list[tuple[int, int, int]], out: list[list[Row]]) -> None:
    if len(run) < MIN_RECORDS:
        return
    lines = [text[s:e] for _, s, e in run]
    starts = _field_starts(lines[:SAMPLE_LINES])
    block: list[Row] = []
    for (index, s, _), line in zip(run, lines, strict=True):
        cells: list[Span] = []
        for k, a in enumerate(starts):
            b = starts[k + 1] if k + 1 < len(starts) else len(line)
            lo, hi = min(a, len(line)), min(b, len(line))
            body = line[lo:hi]
            lead = len(body) - len(body.lstrip(" \t\r"))
            cells.append((s + lo + lead, s + lo + max(lead, len(body.rstrip(" \t\r")))))
        block.append((index, cells))
    out.append(block)


def _kind(line: str, p: int) -> str:
    """``d`` (a digit), ``s`` (a space, or past the line's end) or ``a`` (any other)."""
    if p >= len(line) or line[p] in " \t\r":
        return "s"
    return "d" if line[p].isdigit() else "a"


def _field_starts(lines: list[str]) -> list[int]:
    """Where the fields of the lines start (see the module), postcodes joined."""
    width = max(len(line) for line in lines)
    kinds = [[_kind(line, p) for p in range(width)] for line in lines]
    gap = [all(k[p] == "s" for k in kinds) for p in range(width)]
    starts = [0]
    for p in range(1, width):
        if gap[p] or any(k[p - 1] == k[p] != "s" for k in kinds):
            continue  # (a word runs on across it in some line)
        if 2 * sum(k[p] != "s" for k in kinds) < len(kinds):
            continue  # (a word inside a field, in few lines)
        one_space = gap[p - 1] and p >= 2 and all(k[p - 2] != "s" for k in kinds if k[p] != "s")
        if one_space and not (_digits_at(kinds, p) or _digits_at(kinds, p - 2)):
            continue  # (one space between two words of one field)
        starts.append(p)
    return _postcodes_joined(lines, starts)


def _digits_at(kinds: list[list[str]], p: int) -> bool:
    """Every line holding a character at ``p`` holds a digit there, and one does."""
    found = [k[p] for k in kinds if k[p] != "s"]
    return bool(found) and all(c == "d" for c in found)


def _postcodes_joined(lines: list[str], starts: list[int]) -> list[int]:
    """``starts`` without the start of a field of two capitals right after a field of a
    postcode's four digits, in every line holding either."""
    out = list(starts)
    for k in range(1, len(starts) - 1):
        a, b, c = starts[k - 1], starts[k], starts[k + 1]
        pairs = [(line[a:b].strip(), line[b:c].strip()) for line in lines]
        filled = [(x, y) for x, y in pairs if x or y]
        if filled and all(
            _POSTCODE_DIGITS.fullmatch(x) and _POSTCODE_LETTERS.fullmatch(y) for x, y in filled
        ):
            out.remove(b)
    return out
