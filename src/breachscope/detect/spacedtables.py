"""Tables whose cells only single spaces set apart, split by their header.

A results list copied out of a PDF viewer into an e-mail, or a text layer that lost its
gaps, sets a table's cells apart with one space, the same space that stands between the
words of a cell: ``Naam Geboortedatum BSN Postcode`` over ``Jansen, P. 03-03-1978
506332433 3722 GT``. No separator splits such a line, and read as prose its rows lose
what the header says of them: a BSN or date of birth with no label beside it.

Its header splits it. A line is a header when its words, taken in groups of up to three
(shorter groups first), are each a field a detector claims from its header words alone
(``Geb. datum``, ``Naam patiënt``), at least :data:`MIN_FIELDS`, at least one of them a
field of a shape (:data:`SHAPES`: a date, a BSN, a postcode, a house number, a phone
number, an e-mail address, an IBAN, an AGB code, initials; a row's number, a sex or an
age, :data:`OTHER_FIELDS`, fields of no detector, have one too); fields without one side
by side (``Woonplaats Uitslag``: where one ends is anyone's guess) are one cell that no
header names, left to free text. Of the ways to read a header so, the first that splits
the line under it is taken. The lines under it, blank lines aside, are its rows as long
as each is matched whole by the fields in order: each field of a shape by its shape,
each other field by the shortest run of words that lets the rest match (:func:`_split`,
no backtracking regex: its steps are bounded by the row's words). Those rows and the
header are a block of cells, read as :mod:`~breachscope.detect.texttables` reads the
other blocks (their claimed columns a table of the text's part, each row a record named
by its line, their cells blanked in the text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain, islice
from typing import Protocol

MIN_FIELDS = 3
"""Fewest fields of a header (two are a label and its value)."""
MAX_LINE = 200
"""Longest line read as a header."""
MAX_WORDS = 40
"""Most words of a row (the split's work grows with their square)."""
SHAPE_WORDS = 9
"""Most words of a cell of a shape (an IBAN in groups of four)."""
MAX_GROUP = 3
"""Most words of one header field (``Datum van geboorte``)."""
MAX_READINGS = 64
"""Most readings of a header's words as fields tried against its rows."""

_DATE = (
    r"\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})|\d{4}-\d{2}-\d{2}"
    r"|\d{1,2} [A-Za-z]{3,9}\.? \d{4}"
)
SHAPES: dict[str, str] = {
    "date_of_birth": _DATE,
    "date": _DATE,
    "bsn": r"\d{8,9}|\d{4}\.\d{2}\.\d{3}|\d{3}\.\d{3}\.\d{3}",
    "postcode": r"[1-9]\d{3} ?[A-Za-z]{2}",
    "house_number": r"[1-9]\d{0,4}(?:-?[A-Za-z0-9]{1,4})?",
    "phone": r"(?:\+|0)[\d\-()]{8,15}\d|0\d{1,3}[ \-]\d{6,8}|06 \d{4} ?\d{4}",
    "email": r"[^\s@]+@[^\s@]+\.[A-Za-z]{2,}",
    "iban": r"[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?",
    "provider_agb": r"\d{8}",
    "initials": r"(?:[A-Z][a-z]?\.){1,6}|[A-Z]{1,4}",
    "row_number": r"\d{1,5}\.?",
    "sex": r"[MVXOmvxoFf]|[Mm]an|[Vv]rouw|[Mm]ale|[Ff]emale",
    "age": r"\d{1,3}",
}
"""The shape of a cell of each kind of field (what a detector's column claim calls
it); a field of another kind (a name, a street, a town, a result) is a run of words."""


OTHER_FIELDS: dict[str, str] = {
    **dict.fromkeys(("nr", "nr.", "no", "no.", "#", "volgnr", "volgnr."), "row_number"),
    **dict.fromkeys(("geslacht", "sekse", "gender", "sex", "m/v"), "sex"),
    **dict.fromkeys(("leeftijd", "lft", "lft.", "age"), "age"),
}
"""Fields of a list that no detector claims, each with a shape: the rows' numbers
(``Nr Naam Geboortedatum BSN`` over ``1 Jansen ...``), a sex (``V``, ``vrouw``), an age
(``47``). Their cells stay text."""


_DATE_FIELD = re.compile(r"(?i)datum\b|\bdate\b")
"""A header of a date no detector claims (``Afnamedatum``, ``Sample date``)."""


class HeaderFields(Protocol):
    """What a header's words name (the detector set answers)."""

    def field_kind(self, text: str) -> str | None:
        """The kind of field ``text`` names (a detector's column claim from the header
        alone), or None."""

    def header_word(self, word: str) -> bool:
        """Whether ``word`` may be (part of) a field's name: a cheap test first."""


Span = tuple[int, int]
Row = tuple[int, list[Span]]
"""A line's index in the text and its cells' spans (offsets in the text)."""

PART_KINDS = frozenset({("date", "date_of_birth"), ("address", "email")})
"""(kind a word names alone, kind of a field it may be part of): ``Geb. datum``,
``E-mail adres``."""

_HEADER_LINE = r"[^\W\d_][^\d\n\r\t:;|=<>\[\]{}]{7,199}+(?=\r?\n(?:[ \t]*\r?\n)?[^\n\d]*+\d)"
_FIRST_LINE = re.compile(_HEADER_LINE)
_CANDIDATE = re.compile(rf"\n({_HEADER_LINE})")
"""A line that may be a header (after its line break: a literal first, so the search
skips from line to line): a letter first, no digits, tabs or separators of other tables
and forms (a colon ends a label), and a digit on the next line (or the one after a
blank line); possessive, so a line that fails costs one pass. :data:`_FIRST_LINE` is
the same for a text's first line."""
_TOKEN = re.compile(r"[^ \t\r]+")


def spaced_blocks(text: str, fields: HeaderFields, taken: set[int]) -> list[list[Row]]:
    """The blocks of ``text`` (a header, then at least one row) of tables whose cells
    only single spaces set apart, on lines not in ``taken`` (whose lines they join)."""
    out: list[list[Row]] = []
    known: dict[tuple[str, ...], list[re.Pattern[str] | None] | None] = {}
    line_no = 0
    last = 0
    first = _FIRST_LINE.match(text)
    found = _CANDIDATE.finditer(text)
    for m in chain((first,) if first else (), found):
        line, start = m.group(m.lastindex or 0), m.start(m.lastindex or 0)
        if "  " in line or line.count(" ") < MIN_FIELDS - 1:
            continue
        words = _header_words(start, line, fields)
        if words is None:
            continue
        after = text.index("\n", start + len(line)) + 1
        line_no += text.count("\n", last, start)
        last = start
        if line_no in taken:
            continue
        for reading in islice(_readings(line, start, words, fields), MAX_READINGS):
            named = _merged(reading)
            kinds = tuple(kind for kind, _ in named)
            if kinds not in known:
                known[kinds] = _row_shapes(kinds)
            shapes = known[kinds]
            rows = [] if shapes is None else _rows(text, after, line_no, shapes)
            if rows:
                block = [(line_no, [span for _, span in named]), *rows]
                lines = {index for index, _ in block}
                if lines.isdisjoint(taken):
                    taken |= lines
                    out.append(block)
                break
    return out


def _header_words(offset: int, line: str, fields: HeaderFields) -> list[Span] | None:
    """The spans of a header line's words (at ``offset``), or None where one may name no
    field (:meth:`HeaderFields.header_word`: most lines of prose and of forms, ``Naam
    Bakker, A.C.``, end here)."""
    words: list[Span] = []
    pos = 0
    for word in line.split(" "):
        if not word or not (_other_field(word) or fields.header_word(word)):
            return None
        words.append((offset + pos, offset + pos + len(word)))
        pos += len(word) + 1
    return words


def _readings(
    line: str, offset: int, words: list[Span], fields: HeaderFields
) -> Iterator[list[tuple[str, Span]]]:
    """The ways to read a header's words as fields, each ``(kind, span)``, in groups of
    up to :data:`MAX_GROUP` words that a detector claims, shorter groups first: a
    detector claims a group for any word in it (``Naam Geboortedatum`` is a date's), so
    the caller takes the first reading its rows split by (``Geb. datum`` read as two
    fields needs two dates in every row; ``Achternaam Voorletters`` as one, no
    initials)."""

    def read(i: int) -> Iterator[list[tuple[str, Span]]]:
        if i == len(words):
            yield []
            return
        for size in range(1, min(MAX_GROUP, len(words) - i) + 1):
            a, b = words[i][0], words[i + size - 1][1]
            name = line[a - offset : b - offset]
            kind = _kind(name, fields)
            if kind is None or (size > 1 and not _one_field(line, offset, words[i : i + size],
                                                           kind, fields)):  # fmt: skip
                continue
            for rest in read(i + size):
                yield [(kind, (a, b)), *rest]

    return (reading for reading in read(0) if len(reading) >= MIN_FIELDS)


def _kind(name: str, fields: HeaderFields) -> str | None:
    """The kind of field a header's words name: one of :data:`OTHER_FIELDS`, a
    detector's, or ``date`` (a date no detector claims: ``Afnamedatum``)."""
    low = name.lower()
    if low in OTHER_FIELDS:
        return OTHER_FIELDS[low]
    return fields.field_kind(name) or ("date" if _DATE_FIELD.search(name) else None)


def _other_field(name: str) -> str | None:
    """The kind of a field of no detector that ``name`` names, or None."""
    return OTHER_FIELDS.get(name.lower()) or ("date" if _DATE_FIELD.search(name) else None)


def _one_field(line: str, offset: int, words: list[Span], kind: str, fields: HeaderFields) -> bool:
    """Whether words a detector claims together as a field of ``kind`` name one field:
    each alone names none, or that kind, or a kind that a word of it may name
    (:data:`PART_KINDS`: ``datum`` of ``Geb. datum``); ``Woonplaats Uitslag`` and ``Naam
    Adres`` are two fields."""
    for a, b in words:
        alone = _kind(line[a - offset : b - offset], fields)
        if alone is not None and alone != kind and (alone, kind) not in PART_KINDS:
            return False
    return True


def _merged(fields: list[tuple[str, Span]]) -> list[tuple[str, Span]]:
    """``fields`` with each run of fields without a shape side by side made one field: of
    their kind where they have one (``Naam patiënt``), else of no kind and no header (an
    empty span where the run starts): where one of them ends in a row is anyone's guess
    (``Woonplaats Uitslag`` over ``Den Haag hrHPV positief``), so their cells stay one,
    which no header names."""
    out: list[tuple[str, Span]] = []
    for kind, span in fields:
        if out and kind not in SHAPES and out[-1][0] not in SHAPES:
            before, (start, end) = out[-1]
            if before == kind and end > start:  # (one field: ``Naam patiënt``)
                out[-1] = (kind, (start, span[1]))
            else:
                out[-1] = ("", (start, start))
        else:
            out.append((kind, span))
    return out


def _row_shapes(kinds: tuple[str, ...]) -> list[re.Pattern[str] | None] | None:
    """The shape of each field of a header with fields of ``kinds`` (None for a run of
    words), or None where no field has a shape, or fewer than two fields remain."""
    shaped = [SHAPES.get(kind) for kind in kinds]
    if len(shaped) < 2 or all(s is None for s in shaped):
        return None
    return [None if s is None else re.compile(s) for s in shaped]


def _rows(text: str, pos: int, line_no: int, shapes: list[re.Pattern[str] | None]) -> list[Row]:
    """The rows from ``pos`` (the line after the header, ``line_no``): each line that
    :func:`_split` splits into the fields, blank lines skipped (an HTML table's rows come
    out with one between each two), up to the first other line."""
    rows: list[Row] = []
    n = len(text)
    while pos < n:
        newline = text.find("\n", pos)
        end = n if newline < 0 else newline
        line_no += 1
        words = [m.span() for m in _TOKEN.finditer(text, pos, end)]
        if words:
            cells = _split(text, words, shapes) if len(words) <= MAX_WORDS else None
            if cells is None:
                break
            rows.append((line_no, cells))
        pos = end + 1
    return rows


def _split(text: str, words: list[Span], shapes: list[re.Pattern[str] | None]) -> list[Span] | None:
    """The cells of a row of ``words``, one per field in order: a field of a shape takes
    the fewest words its shape matches whole (at most :data:`SHAPE_WORDS`), another field
    the fewest words that let the fields after it split the rest; None where the row
    splits no way. Each (field, word) pair is tried once: at most ``fields * words *
    words`` steps, whatever the line holds."""
    n, fields = len(words), len(shapes)
    memo: dict[tuple[int, int], list[Span] | None] = {}

    def cells(k: int, i: int) -> list[Span] | None:
        if k == fields:
            return [] if i == n else None
        if (k, i) in memo:
            return memo[k, i]
        shape = shapes[k]
        found = None
        last = n - (fields - k - 1)  # (a word at least for each field after it)
        stop = last if shape is None else min(last, i + SHAPE_WORDS)
        for j in range(i + 1, stop + 1):
            span = (words[i][0], words[j - 1][1])
            if shape is not None and not shape.fullmatch(text, *span):
                continue
            rest = cells(k + 1, j)
            if rest is not None:
                found = [span, *rest]
                break
        memo[k, i] = found
        return found

    return cells(0, 0)
