"""Mainframe data sets in EBCDIC (an insurer's or a screening organisation's batch
exchange: ``BVO.UITSLAG.D240513.T0615.DAT``), read as text, a line per record, ``line``
= the record's 1-based place in the file, offsets characters of that text.

Such a file has no line ends. Its records are found so:

* **variable length** (``RECFM=VB``): each record behind a record descriptor word, two
  bytes of big-endian length and two zero bytes (IBM counts the word in the length; a
  transfer that counts only the data is read too). The chain of words must hold from the
  first byte for :data:`CHAIN_RECORDS` records or to the end of the sniffed head; a word
  that breaks it later ends the reading with a note.
* **lines** (a text data set, a report, sent as stored): each ended by EBCDIC's new line
  ``0x15`` or line feed ``0x25``, where the lines before the head's last hold no other
  control byte (a packed number's bytes would).
* **fixed length** (``RECFM=FB``): the length at which the file's bytes best repeat their
  kind (space, letter, digit, punctuation, other), compared byte for byte a record apart
  over the sniffed head, in at least three records (two spaces, padding, are not
  counted: records mostly of spaces agree at any length). The columns of fixed records
  line up, so the share of agreeing bytes peaks at the record length and its multiples,
  well above the median of the lengths tried (:data:`ALIGNED`); of the lengths that come
  close to the best (:data:`CLOSE_SCORE`: the record length's multiples), the shortest.
  A file in which no length stands out is read as one record where it is no longer than
  a record can be, else as records of :data:`FALLBACK_LRECL` bytes, with a note. A last
  record cut short is read as far as it goes, with a note.

A record's bytes are decoded in the file's code page, guessed from the national
characters it holds (:func:`code_page`): 1141 (273, German, with the euro) where the
bytes of the German umlauts sit between letters, 1148 (500, international, with the
euro) where square brackets pair as 500 writes them, else 1140 (037 with the euro: the
Dutch mainframes' own). Python has no 1141 or 1148: their tables are 273's and 500's with
the euro at ``0x9F``, where the euro pages put it. Letters, digits and the space sit at
the same bytes in all of them.

Numbers: a zoned decimal (``PIC 9(9)``, one EBCDIC digit a byte) reads as its digits; a
signed one's last digit carries its sign in its zone, and without a copybook reads as the
letter those bytes make (``1234E`` for +12345; a postcode ``1234AB`` looks the same). A
packed decimal (``COMP-3``: two digits a byte, the last byte's low half the sign, ``C``
positive, ``D`` negative, ``F`` unsigned) decodes as junk, and is shown as its digits
(after a ``-`` where negative), two spaces either side (a cell of its own where the
detectors read the lines as a fixed-width table), where :func:`packed_spans` finds
one: a run of 2 to :data:`MAX_PACKED` bytes whose halves are all digits but the last
one's low half, a sign, holding at least one byte that no text holds (a control, below
``0x40``), its leading EBCDIC spaces left to the text before it. In fixed records the
packed fields found in half the first :data:`SAMPLE_RECORDS` records or more are read in
every record that holds a packed number there (a value that happens to hold no control
byte is read too), beside those found in the record itself. A field's
leading zero (the pad of an even count of digits) is dropped where the digits left are a
date (``PIC 9(8) COMP-3``: ``19800101``), kept otherwise (a BSN's leading zero). Other
bytes no text holds (binary fields, low and high values) read as spaces.

A COBOL copybook (``.cpy``) that names the fields is often delivered beside the data set,
in the same folder or archive. It is read as the data set's companion
(:attr:`~breachscope.extract.base.Source.companion`): a ``.cpy``, ``.cbl`` or ``.copy``
file beside it (also ``.CPY``...), those named as the data set (``BVO.UITSLAG.cpy`` for
``BVO.UITSLAG.D240513.T0615.DAT``, its name's leading qualifiers, longest first) before
the others (``BVOUITS.cpy``), at most :data:`MAX_COPYBOOKS` of them tried; the first that
parses and whose record fits the data set (descriptor words chain its records, or its
length divides the file's) is taken. A copybook kept in EBCDIC is decoded in its code
page (cut into 80-byte cards where it has no line ends). One that does not fit is named
in a note, and the records are read as text. The copybook is still read as a file of
its own. Where the copybook's text comes before the records in the same file (a
transfer that joined them), it is read from there. Either way (:mod:`.copybook`; its
text, a layout, is no unit: its pictures read as names), the records are rows under its
fields' names (``row`` = the record's place; fixed records of the copybook's length, or
variable ones where descriptor words chain them), numbers by their pictures.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import BinaryIO, ClassVar

import numpy as np

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.chunking import RowChunker, column_names, cut_point
from breachscope.extract.copybook import Field, field_value, parse_copybook
from breachscope.extract.units import TextUnit
from breachscope.ingest.filetype import HEAD_BYTES, copybook_data_start, is_ebcdic
from breachscope.location import Location

MAX_LRECL = 32760
"""Longest record a data set holds (z/OS's limit for fixed and variable records)."""
CHAIN_RECORDS = 4
"""Records behind sound descriptor words that make a file of variable records even where a
later word is broken (EBCDIC text holds no NUL bytes where a word holds two)."""
MIN_LRECL = 8
"""Shortest fixed record length looked for."""
SCAN_LRECL = 4096
"""Longest fixed length tried that does not divide the file's size (a longer one must)."""
ALIGNED = 0.3
"""The least share of the bytes that disagree a median length apart that must agree a
record apart."""
CLOSE_SCORE = 0.9
"""The share of the best length's lead over the median that a shorter length (the best's
divisor) must have to be taken instead."""
FALLBACK_LRECL = 80
"""Record length read where none stands out (a card image's)."""
MAX_PACKED = 16
"""Most bytes of a packed decimal (31 digits and the sign)."""
SAMPLE_RECORDS = 2000
"""Records of a fixed-length file in which its packed fields are looked for."""
WINDOW = 1 << 20
"""Bytes read at a time."""
EURO = 0x9F
"""Where the euro pages (1140, 1141, 1148) put the euro: 037's, 273's and 500's ``¤``."""


def _table(codec: str) -> str:
    """The code page's 256 characters: Python's ``codec`` with the euro at ``0x9F``, and
    a space for every control (below ``0x40``) and for ``0xFF``."""
    chars = list(bytes(range(256)).decode(codec))
    chars[EURO] = "\u20ac"
    for byte in [*range(0x40), 0xFF]:
        chars[byte] = " "
    return "".join(chars)


CODE_PAGES = {"cp1140": _table("cp037"), "cp1148": _table("cp500"), "cp1141": _table("cp273")}
"""Decoding tables of the code pages told apart, by the euro page's name."""
_LETTER = rb"[\x81-\x89\x91-\x99\xa2-\xa9\xc1-\xc9\xd1-\xd9\xe2-\xe9]"
_UMLAUT = re.compile(_LETTER + rb"[\x4a\x5a\x6a\xc0\xd0\xe0\xa1]" + _LETTER)
"""273's ``Ä Ü ö ä ü Ö ß`` between two letters (037 and 500 have punctuation there)."""
_BRACKETS_500 = re.compile(rb"\x4a[^\x4a\x5a\xba\xbb]{0,40}\x5a")
_BRACKETS_037 = re.compile(rb"\xba[^\x4a\x5a\xba\xbb]{0,40}\xbb")


def code_page(sample: bytes) -> str:
    """The code page of ``sample`` (a name of :data:`CODE_PAGES`)."""
    if len(_UMLAUT.findall(sample)) >= 2:
        return "cp1141"
    if len(_BRACKETS_500.findall(sample)) > len(_BRACKETS_037.findall(sample)):
        return "cp1148"
    return "cp1140"


def _kinds() -> bytes:
    """A byte's kind for lining records up: space, capital, small letter, digit,
    punctuation, other."""
    table = bytearray(b"o" * 256)
    for lo, hi, kind in (
        (0x81, 0x89, b"A"), (0x91, 0x99, b"A"), (0xA2, 0xA9, b"A"),
        (0xC1, 0xC9, b"A"), (0xD1, 0xD9, b"A"), (0xE2, 0xE9, b"A"),
        (0xF0, 0xF9, b"9"), (0x4B, 0x50, b"."), (0x5A, 0x61, b"."), (0x6B, 0x6F, b"."),
        (0x7A, 0x7F, b"."),
    ):  # fmt: skip
        table[lo : hi + 1] = kind * (hi - lo + 1)
    table[0x40] = ord(" ")
    return bytes(table)


KINDS = _kinds()


@dataclass(frozen=True, slots=True)
class Layout:
    """How a data set's records lie: behind descriptor words (``variable``; ``counted``
    how many bytes of a record's length its word counts: 4, itself, or 0), ended by an
    EBCDIC line end (``separator``), or of ``lrecl`` bytes each (``found``: whether that
    length was found, not assumed)."""

    variable: bool
    lrecl: int = 0
    counted: int = 4
    found: bool = True
    separator: int | None = None


def rdw_chain(head: bytes, complete: bool, counted: int) -> bool:
    """Whether ``head`` (the whole file when ``complete``) opens a chain of records behind
    descriptor words whose length counts ``counted`` bytes of the word: at least
    :data:`CHAIN_RECORDS` of them, or at least two that end at the head's end (beyond it
    where the head is cut). A word that breaks a chain after that is the reading's to
    note."""
    pos = count = 0
    while pos + 4 <= len(head):
        length = int.from_bytes(head[pos : pos + 2], "big")
        if head[pos + 2 : pos + 4] != b"\0\0" or length - counted < 1:
            return count >= CHAIN_RECORDS
        pos += 4 + length - counted
        count += 1
    return count >= 2 and (pos == len(head) or (not complete and pos > len(head)))


def fixed_length(sample: bytes, size: int) -> int | None:
    """The record length at which ``sample`` best lines up (see the module's account),
    or None where none does."""
    kinds = np.frombuffer(sample.translate(KINDS), dtype=np.uint8)
    spaces = kinds == ord(" ")
    n = len(kinds)
    top = min(MAX_LRECL, n // 3)
    lengths = [k for k in range(MIN_LRECL, top + 1) if k <= SCAN_LRECL or size % k == 0]
    if len(lengths) < 2:
        return None
    scores: dict[int, float] = {}
    for k in lengths:
        counted = ~(spaces[: n - k] & spaces[k:])  # (not two spaces of padding)
        agree = np.count_nonzero((kinds[: n - k] == kinds[k:]) & counted)
        scores[k] = float(agree) / max(1, int(np.count_nonzero(counted)))
    base = float(np.median(list(scores.values())))
    best = max(scores.values())
    if best - base < ALIGNED * (1 - base):
        return None
    return min(k for k, s in scores.items() if s - base >= (best - base) * CLOSE_SCORE)


def layout(head: bytes, size: int) -> Layout:
    """How the records of a data set of ``size`` bytes that opens with ``head`` lie."""
    complete = len(head) >= size
    for counted in (4, 0):
        if rdw_chain(head, complete, counted):
            return Layout(True, counted=counted)
    separator = line_end(head)
    if separator is not None:
        return Layout(True, separator=separator)
    lrecl = fixed_length(head, size)
    if lrecl is not None:
        return Layout(False, lrecl)
    if size <= MAX_LRECL and complete:
        return Layout(False, size)  # (one record)
    return Layout(False, FALLBACK_LRECL, found=False)


LINE_ENDS = (0x15, 0x25)
"""EBCDIC's new line (NL) and line feed (LF): a text data set sent as it is stored on the
mainframe (``RECFM=V`` text, a report) ends its lines with one of them."""
_CONTROLS = re.compile(rb"[\x00-\x0c\x0e-\x3f]")
"""Bytes that are no text in a line (its carriage return aside)."""


def line_end(head: bytes) -> int | None:
    """The EBCDIC line end that ends the lines of ``head``: at least two of them, and no
    other control byte in the lines before the last (a packed number's byte may be one,
    among others: fixed records are not cut at it)."""
    for end in LINE_ENDS:
        lines = head.split(bytes([end]))
        if len(lines) >= 3 and max(map(len, lines[:-1])) <= MAX_LRECL:
            others = [b for b in LINE_ENDS if b != end]
            if not any(
                _CONTROLS.search(line.translate(None, bytes(others))) for line in lines[:-1]
            ):
                return end
    return None


_DIGITS = bytes(1 if b >> 4 <= 9 and b & 15 <= 9 else 0 for b in range(256))
"""Whether a byte holds two decimal digits."""
_SIGNED = bytes(1 if b >> 4 <= 9 and b & 15 in (0xC, 0xD, 0xF) else 0 for b in range(256))
"""Whether a byte holds a digit and a sign (``C``, ``D``, ``F``)."""


def packed_spans(record: bytes) -> list[tuple[int, int]]:
    """The packed decimals in ``record``, as ``[start, end)`` (see the module's account)."""
    spans: list[tuple[int, int]] = []
    floor = 0
    for end in range(1, len(record)):
        if not _SIGNED[record[end]]:
            continue
        start = end
        while start > floor and end - start < MAX_PACKED - 1 and _DIGITS[record[start - 1]]:
            start -= 1
        while start < end and record[start] == 0x40:
            start += 1
        if start < end and any(b < 0x40 for b in record[start : end + 1]):
            spans.append((start, end + 1))
            floor = end + 1
    return spans


def is_packed(field: bytes) -> bool:
    """Whether ``field`` is a packed decimal: digits in every half, a sign in the last."""
    return len(field) >= 2 and _SIGNED[field[-1]] == 1 and all(_DIGITS[b] for b in field[:-1])


def packed_text(field: bytes) -> str:
    """A packed decimal's digits (a ``-`` before a negative one's), its pad zero dropped
    where the digits left are a date."""
    digits = field.hex()[:-1]
    if digits[0] == "0" and len(digits) == 9 and _date(digits[1:]):
        digits = digits[1:]
    return ("-" if field[-1] & 15 == 0xD else "") + digits


def _date(digits: str) -> bool:
    """Whether eight digits are a date, ``YYYYMMDD`` or ``DDMMYYYY``."""

    def ymd(year: int, month: int, day: int) -> bool:
        return 1800 <= year <= 2199 and 1 <= month <= 12 and 1 <= day <= 31

    return ymd(int(digits[:4]), int(digits[4:6]), int(digits[6:])) or ymd(
        int(digits[4:]), int(digits[2:4]), int(digits[:2])
    )


def common_fields(records: list[bytes]) -> list[tuple[int, int]]:
    """The packed fields of fixed records: each end that at least half the records'
    packed numbers share, with the start most of them have."""
    starts: dict[int, Counter[int]] = {}
    for record in records:
        for start, end in packed_spans(record):
            starts.setdefault(end, Counter())[start] += 1
    fields: list[tuple[int, int]] = []
    for end in sorted(starts):
        if starts[end].total() * 2 >= len(records):
            start = starts[end].most_common(1)[0][0]
            if not fields or start >= fields[-1][1]:
                fields.append((start, end))
    return fields


def record_text(record: bytes, table: str, fields: list[tuple[int, int]] | None) -> str:
    """A record as a line: its text decoded with ``table``, its packed numbers as digits:
    at ``fields`` (the file's, where given) where they hold one, and where
    :func:`packed_spans` finds one that overlaps none of them."""
    spans = [(s, e) for s, e in fields or () if e <= len(record) and is_packed(record[s:e])]
    spans += [(s, e) for s, e in packed_spans(record) if all(e <= a or s >= b for a, b in spans)]
    pieces: list[str] = []
    pos = 0
    for start, end in sorted(spans):
        pieces.append(_decode(record[pos:start], table))
        pieces.append(f"  {packed_text(record[start:end])}  ")
        pos = end
    pieces.append(_decode(record[pos:], table))
    return "".join(pieces).rstrip()


def _decode(data: bytes, table: str) -> str:
    """``data`` decoded with a code page's table."""
    return codecs.charmap_decode(data, "strict", table)[0]


def fixed_records(fh: BinaryIO, lrecl: int) -> Iterator[tuple[bytes, str | None]]:
    """The file's fixed records, each with why it is cut short (None: it is whole)."""
    per = max(1, WINDOW // lrecl)
    while True:
        window = fh.read(lrecl * per)
        if not window:
            return
        for pos in range(0, len(window), lrecl):
            record = window[pos : pos + lrecl]
            if len(record) == lrecl:
                yield record, None
            else:
                yield record, f"last record cut short: {len(record)} of {lrecl} bytes"


def variable_records(fh: BinaryIO, counted: int) -> Iterator[tuple[bytes, str | None]]:
    """The file's records behind descriptor words; the last with why the reading stops
    there, where a word is broken or a record cut short."""
    at = 0
    while True:
        word = fh.read(4)
        if not word:
            return
        length = int.from_bytes(word[:2], "big") - counted
        if len(word) < 4 or word[2:] != b"\0\0" or length < 1:
            yield b"", f"record descriptor word at byte {at} broken: the rest not read"
            return
        record = fh.read(length)
        if len(record) < length:
            yield record, f"last record cut short: {len(record)} of {length} bytes"
            return
        yield record, None
        at += 4 + length


def separated_records(fh: BinaryIO, end: int) -> Iterator[tuple[bytes, str | None]]:
    """The file's lines, each without its line end (and a carriage return before it); a
    line longer than :data:`MAX_LRECL` bytes is cut there, with a note."""
    pending = b""
    while True:
        window = fh.read(WINDOW)
        if not window:
            if pending:
                yield from _cut_line(pending)
            return
        lines = (pending + window).split(bytes([end]))
        pending = lines.pop()
        for line in lines:
            yield from _cut_line(line)
        while len(pending) > MAX_LRECL:
            yield pending[:MAX_LRECL], f"line longer than {MAX_LRECL} bytes cut"
            pending = pending[MAX_LRECL:]


def _cut_line(line: bytes) -> Iterator[tuple[bytes, str | None]]:
    """A line without its carriage return, in pieces of :data:`MAX_LRECL` bytes."""
    while len(line) > MAX_LRECL:
        yield line[:MAX_LRECL], f"line longer than {MAX_LRECL} bytes cut"
        line = line[MAX_LRECL:]
    yield line.removesuffix(b"\x0d"), None


class EbcdicExtractor(Extractor):
    """A mainframe data set in EBCDIC: a line of text per record, or a row per record
    where its copybook comes before it in the file."""

    id: ClassVar[str] = "ebcdic"
    types: ClassVar[frozenset[str]] = frozenset({"ebcdic"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        with source.open() as fh:
            head = fh.read(HEAD_BYTES)
        if not head:
            raise SkipFile("empty file")
        start = 0 if is_ebcdic(head) else copybook_data_start(head)
        if start is None:
            raise ExtractError("no EBCDIC records")
        fields: tuple[list[Field], int] | None = None
        if start:
            try:
                fields = parse_copybook(head[:start].decode("utf-8", "replace"))
            except ExtractError as exc:
                yield Note(Location(source.path), f"copybook not read ({exc}): records as text")
        data = head[start:]
        table = CODE_PAGES[code_page(data)]
        if fields is None and start == 0:
            fields = yield from _sibling_copybook(source, data)
        if fields is not None:
            yield from _table_units(source, start, data, fields, table, config)
            return
        how = layout(data, source.size - start)
        location = Location(source.path)
        if not how.found:
            yield Note(location, f"record length not found: read as {how.lrecl}-byte records")
        with source.open() as fh:
            fh.seek(start)
            if how.separator is not None:
                records = separated_records(fh, how.separator)
                packed_fields = None
            elif how.variable:
                records = variable_records(fh, how.counted)
                packed_fields = None
            else:
                packed_fields = common_fields(_sample(data, how.lrecl))
                records = fixed_records(fh, how.lrecl)
            yield from _units(location, records, table, packed_fields, config)


COPYBOOK_SUFFIXES = (".cpy", ".cbl", ".copy")
MAX_COPYBOOKS = 8
"""Most copybooks beside a data set that are read to find its own."""


def copybook_names(path: str) -> list[str]:
    """The names a data set's own copybook may have, most likely first: its name, then
    its leading qualifiers, longest first, each with a copybook's suffix."""
    name = path.rpartition("!/")[2].rpartition("/")[2]
    parts = name.split(".")
    stems = [".".join(parts[:k]) for k in range(len(parts), 0, -1)]
    return [s + suffix for s in stems if s for suffix in COPYBOOK_SUFFIXES]


def _copybook_text(data: bytes) -> str:
    """A copybook's text: in EBCDIC (80-byte cards where it has no line ends) or not."""
    if is_ebcdic(data[:HEAD_BYTES]):
        table = CODE_PAGES[code_page(data)]
        if b"\x15" in data or b"\x25" in data:
            lines = re.split(rb"\x0d?[\x15\x25]", data)
        else:
            lines = [data[i : i + 80] for i in range(0, len(data), 80)]
        return "\n".join(_decode(line, table) for line in lines)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _fits(lrecl: int, data: bytes, size: int) -> bool:
    """Whether records of ``lrecl`` bytes make the data set (or descriptor words do)."""
    complete = len(data) >= size
    if any(rdw_chain(data, complete, c) for c in (4, 0)):
        return True
    return size % lrecl == 0


def _sibling_copybook(
    source: Source, data: bytes
) -> Generator[Note, None, tuple[list[Field], int] | None]:
    """The layout of the copybook beside the data set (see the module), with a note
    where one is found that does not fit."""
    listed = source.companions_ending(*COPYBOOK_SUFFIXES)
    if not listed:
        return None
    wanted = {n.lower(): i for i, n in enumerate(copybook_names(source.path))}
    order = sorted(listed, key=lambda n: (wanted.get(n.lower(), len(wanted)), n))
    misfits: list[str] = []
    for name in order[:MAX_COPYBOOKS]:
        raw = source.read_companion(name)
        if raw is None:
            continue
        try:
            layout_ = parse_copybook(_copybook_text(raw))
        except ExtractError:
            continue
        if _fits(layout_[1], data, source.size):
            return layout_
        misfits.append(f"{name} ({layout_[1]}-byte records)")
    if misfits:
        yield Note(
            Location(source.path),
            f"copybook {', '.join(misfits[:3])} beside it does not fit the data set: "
            "records as text",
        )
    return None


def _table_units(
    source: Source,
    start: int,
    data: bytes,
    layout_: tuple[list[Field], int],
    table: str,
    config: Config,
) -> Iterator[Extracted]:
    """The records after the copybook at ``start``, a row each under its fields' names
    (a ``FILLER`` left out): fixed records of the copybook's length, or variable ones
    where descriptor words chain them."""
    fields, lrecl = layout_
    named = [f for f in fields if f.name.upper() != "FILLER"]
    location = Location(source.path)
    chunker = RowChunker(
        location, column_names([f.name for f in named], len(named)), config.max_table_rows_per_unit
    )
    complete = len(data) >= source.size - start
    counted = next((c for c in (4, 0) if rdw_chain(data, complete, c)), None)
    notes: list[Note] = []
    with source.open() as fh:
        fh.seek(start)
        records = fixed_records(fh, lrecl) if counted is None else variable_records(fh, counted)
        for number, (record, problem) in enumerate(records, 1):
            if record:
                yield from chunker.add(number, [field_value(record, f, table) for f in named])
            if problem is not None:
                notes.append(Note(Location(source.path, row=number), problem))
    yield from chunker.flush()
    yield from notes


def _sample(head: bytes, lrecl: int) -> list[bytes]:
    """The whole fixed records in ``head``, at most :data:`SAMPLE_RECORDS`."""
    count = min(SAMPLE_RECORDS, max(1, len(head) // lrecl))
    return [head[i * lrecl : (i + 1) * lrecl] for i in range(count)]


def _units(
    location: Location,
    records: Iterator[tuple[bytes, str | None]],
    table: str,
    fields: list[tuple[int, int]] | None,
    config: Config,
) -> Iterator[Extracted]:
    """The records as text units of at most ``Config.max_text_unit_chars`` characters,
    a line per record, and a note where a record is cut short or the reading stops."""
    limit = max(1, config.max_text_unit_chars)
    lines: list[str] = []
    held = base = 0
    line = number = 1
    notes: list[Note] = []
    for number, (record, problem) in enumerate(records, 1):
        if record or problem is None:  # (an empty line is a line)
            text = record_text(record, table, fields)
            lines.append(text + "\n")
            held += len(text) + 1
        if problem is not None:
            notes.append(Note(Location(location.path, row=number), problem))
        if held <= limit:
            continue
        buf = "".join(lines)
        while len(buf) > limit:
            cut = cut_point(buf, limit)
            yield TextUnit(location, buf[:cut], base_offset=base, first_line=line)
            line += buf.count("\n", 0, cut)
            base += cut
            buf = buf[cut:]
        lines, held = [buf], len(buf)
    rest = "".join(lines)
    if rest:
        yield TextUnit(location, rest, base_offset=base, first_line=line)
    yield from notes
