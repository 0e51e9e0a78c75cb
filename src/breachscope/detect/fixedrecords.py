"""Positional records: a fixed-width export with no separators and no header.

A screening organisation's or a LIMS's export writes one record a line, each field at a
fixed position, padded with spaces and glued to the next where it fills its width
(``REC628194821VRIES-BAKKER        DE      M.J.  19780303V3511AB012 0612345678``): no
tab, no run of spaces, no header tells where one field ends. Read as prose such a line
gives almost nothing: its BSN and its date of birth are glued to letters.

The lines' shapes tell the fields. A run of at least :data:`MIN_RECORDS` lines, one
after another, that open with the same record tag glued to a number of at least six
digits (``REC628194821...``) and are of nearly the same length is a block. A tag is
letters, or a mainframe's two digits (``01``) where the first field holds a glued BSN
(see below; lines that open with a phone number or a date are a list or a log). Per
position, each line holds a digit, another character (a letter, a name's ``-`` or ``.``)
or a space (also past its end). A field starts

* after two columns blank in every line (a field that few lines fill, ``VAN DEN`` beside
  ``DE``, or a right-aligned number's longest value, ``138`` above `` 78``);
* where no line's word runs on from the position before (no two digits, no two other
  characters side by side across it) and at least half of the lines hold a character: a
  padded field's values all start at its first position, the words inside a field in few
  lines only. A few lines whose letters fill the field before may run on into it
  (``VAN DENA.``) where every other line has two blank columns before it. Where one space
  stands before it in every line that holds a character there, the field must hold
  digits, or the field before it: a filler between two numbers (``012 0612345678``), not
  the space between two words of one field. Where it is glued in every line, every line
  changes alike (digits to letters, ``19780303V``), not as a code does (``K2O1E1``).

A field of digits glued in every line (``011657502111900849393``: record type, patient
number and BSN) is cut around the one stretch of nine digits that passes the elfproef in
every line, and at a date of eight digits at an end of what is left. Four digits right
before two capitals are joined again: a Dutch postcode (``3511`` | ``AB``); a house
number after one filler space is cut from its capitals (``3701AB 118``).

Each block's lines become the rows of a table without a header
(:func:`breachscope.detect.texttables.text_tables` reads it on, as the other blocks of
cells: its columns classified by their values, as a CSV's without a header, a column of
elfproef numbers a BSN, of ``yyyymmdd`` dates a date of birth; the claimed cells blanked
in the text).
"""

from __future__ import annotations

import re

from stdnum.nl import bsn

from breachscope.detect.dates import parse_date

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
_TAGGED = re.compile(r"(?m)^([A-Z]{2,4}|[0-9]{2})[0-9]{6}")
"""A record line's start: its record tag (letters, or a mainframe's two digits) glued to
a number (a record's key, a BSN, a date; not an IBAN's two check digits:
``NL91ABNA...``)."""
RUN_ON_SHARE = 0.25
"""How many of the lines holding a field's first character may run on into it from the
field before, letters only (a tussenvoegsel that fills its field: ``VAN DENA.``)."""
BSN_DIGITS = 9
DATE_DIGITS = 8
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
        _flush(text, run, out, numeric=tag.isdigit())
        opens = m is not None and MIN_LENGTH <= end - start <= MAX_LENGTH
        run = [(index, start, end)] if opens else []
        tag = line_tag
    _flush(text, run, out, numeric=tag.isdigit())
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


def _flush(
    text: str, run: list[tuple[int, int, int]], out: list[list[Row]], *, numeric: bool
) -> None:
    """Add ``run``'s block to ``out`` if it is one: at least :data:`MIN_RECORDS` lines,
    and where its tag is a number, a BSN glued in its first field (lines that open with a
    phone number or a date are a list or a log, no export)."""
    if len(run) < MIN_RECORDS:
        return
    lines = [text[s:e] for _, s, e in run]
    starts, glued_bsn = field_starts(lines[:SAMPLE_LINES])
    if numeric and not glued_bsn:
        return
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


def field_starts(lines: list[str]) -> tuple[list[int], bool]:
    """Where the fields of the lines start (see the module), glued numbers cut and
    postcodes joined; and whether a BSN glued in the first field was cut out."""
    width = max(len(line) for line in lines)
    kinds = [[_kind(line, p) for p in range(width)] for line in lines]
    gap = [all(k[p] == "s" for k in kinds) for p in range(width)]
    starts = [0]
    for p in range(1, width):
        if gap[p]:
            continue
        holders = [k for k in kinds if k[p] != "s"]
        edge = p >= 2 and gap[p - 1] and gap[p - 2]
        if edge:  # (two blank columns before it in every line: a sparse or right-aligned
            starts.append(p)  # field's first character, ``VAN DEN`` beside ``DE``, ``138``)
            continue
        if 2 * len(holders) < len(kinds):
            continue  # (a word inside a field, in few lines)
        if not _no_word_runs_on(holders, p):
            continue
        one_space = gap[p - 1] and p >= 2 and all(k[p - 2] != "s" for k in holders)
        if one_space and not (_digits_at(kinds, p) or _digits_at(kinds, p - 2)):
            continue  # (one space between two words of one field)
        if all(k[p - 1] != "s" for k in holders) and not _glued_alike(holders, p):
            continue  # (a code, ``K2O1E1``)
        starts.append(p)
    cut, glued_bsn = _numbers_cut(lines, starts)
    return _postcodes_joined(lines, cut), glued_bsn


def _glued_alike(holders: list[list[str]], p: int) -> bool:
    """Every line changes alike at ``p`` (digits to letters, ``19780303V``), and in none
    is it one character between two others (as in a code whose letters and digits take
    turns, ``K2O1E1``)."""
    if len({(k[p - 1], k[p]) for k in holders}) > 1:
        return False
    return not any(k[p - 2 : p - 1] != [k[p - 1]] and k[p + 1 : p + 2] != [k[p]] for k in holders)


def _no_word_runs_on(holders: list[list[str]], p: int) -> bool:
    """No line's word runs on across ``p`` (no two digits, no two other characters side
    by side), but for a few lines whose letters fill the field before it (``VAN DENA.``)
    where every other line has two blank columns before ``p``."""
    runs = [k for k in holders if k[p - 1] == k[p]]
    if not runs:
        return True
    clear = [k for k in holders if k[p - 1] == k[p - 2] == "s"]
    return (
        all(k[p] == "a" for k in runs)
        and RUN_ON_SHARE * len(holders) >= len(runs)
        and len(clear) + len(runs) == len(holders)
        and len(clear) >= MIN_RECORDS
    )


def _digits_at(kinds: list[list[str]], p: int) -> bool:
    """Every line holding a character at ``p`` holds a digit there, and one does."""
    found = [k[p] for k in kinds if k[p] != "s"]
    return bool(found) and all(c == "d" for c in found)


def _postcodes_joined(lines: list[str], starts: list[int]) -> list[int]:
    """``starts`` without the start of a field of two capitals right after a field of a
    postcode's four digits, in every line holding either; where a space and more follow
    the capitals in the same field (a house number after one filler: ``AB 118``), that
    starts a field."""
    out = list(starts)
    width = max(len(line) for line in lines)
    for k in range(1, len(starts)):
        a, b = starts[k - 1], starts[k]
        c = starts[k + 1] if k + 1 < len(starts) else width
        pairs = [(line[a:b].strip(), line[b : b + 2], line[b + 2 : c]) for line in lines]
        filled = [(x, y, z) for x, y, z in pairs if x or y.strip() or z.strip()]
        if filled and all(
            _POSTCODE_DIGITS.fullmatch(x)
            and _POSTCODE_LETTERS.fullmatch(y)
            and z[:1] in ("", " ", "\t", "\r")
            for x, y, z in filled
        ):
            out.remove(b)
            if b + 2 < c and any(z.strip() for _, _, z in filled):
                out.append(b + 2)
    return sorted(out)


def _numbers_cut(lines: list[str], starts: list[int]) -> tuple[list[int], bool]:
    """``starts`` with each field of glued digits cut where :func:`_glued_cuts` says;
    and whether the first field was."""
    out = list(starts)
    ends = [*starts[1:], max(len(line) for line in lines)]
    first = False
    for a, b in zip(starts, ends, strict=True):
        cells = [c for c in (line[a:b].rstrip(" \t\r") for line in lines) if c]
        if len(cells) >= MIN_RECORDS and all(
            len(c) == b - a and c.isascii() and c.isdigit() for c in cells
        ):
            cuts = _glued_cuts(cells)
            out += [a + cut for cut in cuts]
            first = first or (a == 0 and bool(cuts))
    return sorted(set(out)), first


def _glued_cuts(cells: list[str]) -> list[int]:
    """Where a field of glued digits is cut (offsets in its cells, all of one length):
    around the one stretch of nine digits that passes the elfproef in every line (of
    several, the one not the same in every line) (``01``
    ``1657502111`` ``900849393``: record type, patient number and BSN, no space between),
    and at a date of eight digits in every line at an end of what is left."""
    width = len(cells[0])
    at = [o for o in range(width - BSN_DIGITS + 1) if _bsns([c[o : o + BSN_DIGITS] for c in cells])]
    if len(at) > 1:  # (one stretch the same in every line, a date and a code: no BSNs)
        at = [o for o in at if len({c[o : o + BSN_DIGITS] for c in cells}) > 1]
    if len(at) != 1:
        return []  # (none, or two: no telling which)
    cuts = [at[0], at[0] + BSN_DIGITS]
    for lo, hi in ((0, at[0]), (at[0] + BSN_DIGITS, width)):
        if hi - lo <= DATE_DIGITS:
            continue
        if all(_is_date(c[lo : lo + DATE_DIGITS]) for c in cells):
            cuts.append(lo + DATE_DIGITS)
        elif all(_is_date(c[hi - DATE_DIGITS : hi]) for c in cells):
            cuts.append(hi - DATE_DIGITS)
    return [c for c in cuts if 0 < c < width]


def _bsns(values: list[str]) -> bool:
    """Every value passes the elfproef or is all zeros (no BSN), and one is no zeros."""
    seen = False
    for v in values:
        if v.strip("0") and not bsn.is_valid(v):
            return False
        seen = seen or bool(v.strip("0"))
    return seen


def _is_date(value: str) -> bool:
    """A date of eight digits, ``yyyymmdd`` or ``ddmmyyyy`` (:func:`parse_date`)."""
    return parse_date(value) is not None
