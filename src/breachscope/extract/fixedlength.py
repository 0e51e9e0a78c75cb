"""Fixed-length record files: a Dutch health insurer's declaration in the style of
Vektis's standards (every line the same length, 310 characters, its record type in its
first two characters: ``01`` the header with the sender, ``02`` an insured person, ``04``
a service, ``99`` the totals), a bank's or a mainframe's batch file. The fields are glued
by position with no separator and no header: a BSN, a ``YYYYMMDD`` birth date, a family
name, its prefix and the initials, each padded with spaces to its width.

Read as text such a file gave almost nothing: its record types take turns (a person, her
services, the next person), so no run of lines of one shape stood together for
:mod:`breachscope.detect.fixedrecords`, and its BSNs and dates were glued to other
digits. Here its lines are grouped by record type, a table each (``part=record-02``, as
:mod:`.typedrecords` names a delimited file's), ``row`` = the line in the file. A type's
fields are cut where the characters of its first :data:`SAMPLE_LINES` lines say
(:func:`breachscope.detect.fixedrecords.field_starts`: where every line changes from
padding to a character, where digits meet letters alike in every line, a glued BSN that
passes the elfproef in every line and a date of eight digits beside it cut out, a
postcode's digits and letters kept together), the same cuts in every line of the type;
a cell is its field's text without its padding, an empty field no cell. The columns are
positional (``column3``): the detectors read a column with no header by its values
(:mod:`breachscope.detect.headerless`); Vektis's own field names are not given, as a
record's layout differs between its standards and their versions.

How a file is recognised is :func:`breachscope.ingest.filetype.fixed_record_types`
(every line of a type the same length, at least 40 characters, two digits first, most
lines padded; prose and logs are not). A line that does not fit (another length, no
record type, past :data:`MAX_TYPES` types) is a line of the part ``text``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import ClassVar

from stdnum import iban

from breachscope.config import Config
from breachscope.detect.fixedrecords import field_starts
from breachscope.extract.base import Extracted, Extractor, SkipFile, Source
from breachscope.extract.chunking import RowChunker, column_names, cut_text
from breachscope.extract.encoding import detect_stream, text_stream
from breachscope.extract.typedrecords import PART_PREFIX
from breachscope.ingest.filetype import FIXED_MAX_LENGTH, FIXED_MIN_LENGTH, is_record_type
from breachscope.location import Location

SAMPLE_LINES = 200
"""The lines of a type its fields are told from (the rest are cut where these are)."""
MAX_TYPES = 64
"""Most record types given a table each; the lines of further types are text."""


def cut(line: str, starts: list[int]) -> list[str | None]:
    """``line``'s fields at ``starts``, each without its padding (an empty one None)."""
    out: list[str | None] = []
    for k, a in enumerate(starts):
        b = starts[k + 1] if k + 1 < len(starts) else len(line)
        out.append(line[a:b].strip() or None)
    return out


class _Type:
    """The lines of one record type: buffered until its fields are known, then cut."""

    def __init__(self, location: Location, length: int, max_rows: int) -> None:
        self.length = length
        self.location = location
        self.max_rows = max_rows
        self.held: list[tuple[int, str]] = []
        self.starts: list[int] | None = None
        self.chunker: RowChunker | None = None

    def add(self, number: int, line: str) -> Iterator[Extracted]:
        if self.chunker is not None and self.starts is not None:
            yield from self.chunker.add(number, cut(line, self.starts))
            return
        self.held.append((number, line))
        if len(self.held) >= SAMPLE_LINES:
            yield from self.release()

    def release(self) -> Iterator[Extracted]:
        """Cut the held lines where their fields are, and every later line alike."""
        if self.chunker is None:
            lines = [line for _, line in self.held]
            self.starts = fields(lines) if len(lines) > 1 else _runs(lines[0])
            names = column_names((), len(self.starts))
            self.chunker = RowChunker(self.location, names, self.max_rows)
        held, self.held = self.held, []
        assert self.starts is not None
        for number, line in held:
            yield from self.chunker.add(number, cut(line, self.starts))

    def flush(self) -> Iterator[Extracted]:
        if self.held:
            yield from self.release()
        if self.chunker is not None:
            yield from self.chunker.flush()


DATE_DIGITS = 8
_IBAN_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
MAX_IBAN_PIECES = 4
"""Most fields an IBAN's glued letters and digits were cut into (``NL`` ``91`` ``ABNA``
``0417164300``)."""


def fields(lines: list[str]) -> list[int]:
    """Where the fields of a record type's lines start: :func:`field_starts` of the lines
    without their trailing padding, then a date of eight digits inside a field of glued
    digits cut out, and an IBAN's pieces joined again."""
    trimmed = [line.rstrip() for line in lines]
    starts = field_starts(trimmed)[0]
    starts = _dates_cut(trimmed, starts)
    return _ibans_joined(trimmed, starts)


def _is_birth_like(value: str) -> bool:
    """A ``yyyymmdd`` date from 1880 to 2100."""
    if not value.isdigit() or not ("1880" <= value[:4] <= "2100"):
        return False
    try:
        dt.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return False
    return True


def _dates_cut(lines: list[str], starts: list[int]) -> list[int]:
    """``starts`` with a field of glued digits (all of them digits in every line) cut
    around a ``yyyymmdd`` date: the one offset where every line holds a date from 1880
    to 2100, not the same date in all (``3311 000007662942670 19720705 21``: an insurer,
    a member's number, a birth date and two codes)."""
    out = list(starts)
    width = max(len(line) for line in lines)
    for k, a in enumerate(starts):
        b = starts[k + 1] if k + 1 < len(starts) else width
        cells = [line[a:b] for line in lines if line[a:b].strip()]
        if len(cells) < 2 or b - a <= DATE_DIGITS:
            continue
        if not all(len(c) == b - a and c.isascii() and c.isdigit() for c in cells):
            continue
        found = [
            o
            for o in range(b - a - DATE_DIGITS + 1)
            if all(_is_birth_like(c[o : o + DATE_DIGITS]) for c in cells)
            and len({c[o : o + DATE_DIGITS] for c in cells}) > 1
        ]
        if len(found) == 1:
            out += [a + o for o in (found[0], found[0] + DATE_DIGITS) if 0 < o < b - a]
    return sorted(set(out))


def _ibans_joined(lines: list[str], starts: list[int]) -> list[int]:
    """``starts`` without the cuts inside an IBAN: consecutive fields whose glued text is
    a valid IBAN in every line holding any of it are one field."""
    out = list(starts)
    width = max(len(line) for line in lines)
    k = 0
    while k < len(out):
        for j in range(MAX_IBAN_PIECES, 1, -1):
            if k + j > len(out):
                continue
            a, b = out[k], out[k + j] if k + j < len(out) else width
            texts = [line[a:b].strip() for line in lines if line[a:b].strip()]
            if len(texts) >= 2 and all(
                _IBAN_SHAPE.fullmatch(t) and iban.is_valid(t) for t in texts
            ):
                del out[k + 1 : k + j]
                break
        k += 1
    return out


def _runs(line: str) -> list[int]:
    """A lone line's fields: its runs of characters between padding of two spaces or
    more (a header or a trailer record, one a file)."""
    starts = [0]
    for p in range(2, len(line)):
        if line[p] != " " and line[p - 1] == line[p - 2] == " ":
            starts.append(p)
    return starts


class FixedLengthExtractor(Extractor):
    """Fixed-length records of several types: one table per type."""

    id: ClassVar[str] = "fixed-records"
    types: ClassVar[frozenset[str]] = frozenset({"fixed-records"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        path = source.path
        kinds: dict[str, _Type] = {}
        text: list[str] = []
        count = held = offset = before = 0
        with source.open() as fh:
            enc = detect_stream(fh)
            stream = text_stream(fh, enc)
            number = 0
            while True:
                raw = stream.readline(FIXED_MAX_LENGTH + 2)
                if not raw:
                    break
                number += 1
                line = raw.rstrip("\r\n\x1a")
                if not line.strip():
                    continue
                kind = line[:2]
                known = kinds.get(kind)
                fits = (
                    FIXED_MIN_LENGTH <= len(line) <= FIXED_MAX_LENGTH
                    and is_record_type(kind)
                    and (known.length == len(line) if known else len(kinds) < MAX_TYPES)
                )
                if not fits:
                    text.append(raw if raw.endswith(("\n", "\r")) else raw + "\n")
                    held += len(text[-1])
                    if held >= config.max_text_unit_chars:
                        yield from self._text(path, text, (offset, before), config)
                        offset, before = offset + held, before + len(text)
                        text, held = [], 0
                    continue
                if known is None:
                    where = Location(path, PART_PREFIX + kind)
                    known = kinds[kind] = _Type(where, len(line), config.max_table_rows_per_unit)
                count += 1
                yield from known.add(number, line)
        if not count:
            raise SkipFile("no fixed-length records")
        for lines in kinds.values():
            yield from lines.flush()
        yield from self._text(path, text, (offset, before), config)

    @staticmethod
    def _text(
        path: str, lines: list[str], start: tuple[int, int], config: Config
    ) -> Iterator[Extracted]:
        """The lines that are no records, as the part ``text`` (``start``: the offset
        and the count of the lines before them in the part)."""
        offset, before = start
        where = Location(path, "text")
        for unit in cut_text(where, "".join(lines), config.max_text_unit_chars, offset):
            yield replace(unit, first_line=unit.first_line + before)
