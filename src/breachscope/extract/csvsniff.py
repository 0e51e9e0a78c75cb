"""Dialect and header of a CSV/TSV file, read from its first bytes."""

from __future__ import annotations

import codecs
import csv
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import compress, repeat

from breachscope.extract.encoding import Encoding
from breachscope.extract.header import (
    SCAN_ROWS,
    header_row,
    is_data,
    most_common_width,
    title_rows,
    typical_width,
    value_widths,
)

HEAD_BYTES = 256 * 1024
DELIMITERS = (";", ",", "\t", "|")
SNIFF_RECORDS = 200
_TEXT_BREAK = re.compile(r"\r\n|\r|\n")

_ASCII_SPACE = bytes(c for c in range(128) if chr(c).isspace())
"""The ASCII characters ``str.strip`` removes."""

Record = tuple[int, int, list[str]]
"""First physical line, last physical line and cells of a record."""


@dataclass(frozen=True, slots=True)
class Layout:
    """What the first bytes tell about a delimited file."""

    delimiter: str
    header: tuple[str, ...] | None
    """Header cells as found, or ``None`` for a file without a header row."""
    header_end_line: int
    """Physical line on which the header record ends; without a header, the last title
    line (0 where there is none)."""
    header_line: int
    """Physical line on which the header record starts; without a header, the first
    line of data below title lines (0 where there is none): the lines above it are the
    file's title lines (``# LIMS export ...``, ``Overzicht ...``)."""
    data_offset: int
    """Byte offset where the line after the header (or after the title lines) starts;
    after the BOM if the file has neither."""
    width: int
    """Cells per record: the header's, or the most common record width without one."""
    quoted_rows: bool = False
    """Each record is one quoted cell that holds the row (``"naam;bsn;postcode"``: a tool
    quoted whole lines), split again at ``delimiter`` (:func:`split_quoted_row`)."""


QUOTED_ROWS_MIN_WIDTH = 3
"""Fewest cells a record quoted whole must split into: a one-column file whose quoted
values hold a comma (``"Kerkstraat 1, Utrecht"``) stays one column."""


def split_quoted_row(row: list[str], delimiter: str) -> list[str]:
    """The cells of a record that a tool quoted whole (:attr:`Layout.quoted_rows`); a
    record of several cells, or one whose cell does not split (a line break in a cell
    of it outside quotes), as it is."""
    if len(row) != 1:
        return row
    try:
        return next(csv.reader([row[0]], delimiter=delimiter, quotechar='"'), row)
    except csv.Error:
        return row


def is_text_line(row: list[str], width: int) -> bool:
    """Whether a record is a line of text among a table's records, not one of them: one
    cell (a line with no delimiter) in a table of two columns or more, a word and no data
    (:func:`~breachscope.extract.header.is_data`): a title above a second table in the
    file (``Aanvragers``), a note (``Einde overzicht``). Its cell is read as text, in a
    column named by position (``column1``), not under the first column's header, where
    ``Aanvragers`` was a name."""
    if width < 2 or len(row) != 1:
        return False
    cell = row[0].strip()
    return bool(cell) and not is_data(cell)


def rejoined(row: list[str], width: int, delimiter: str) -> list[str]:
    """A record wider than the header by cells that a delimiter a person typed split off
    (``Jansen, A.`` unquoted in a comma file: ``Jansen`` and `` A.``), with those cells
    joined again: where exactly as many cells as the record has too many start with a
    space after a cell that ends in none, as prose writes a comma and no CSV writer
    does; first, the cells of a bracket a cell opens and a later one closes
    (:func:`_bracketed`). Any other record as it is."""
    extra = len(row) - width
    if extra <= 0 or width < 1:
        return row
    row = _bracketed(row, extra, delimiter)
    extra = len(row) - width
    if extra <= 0:
        return row
    split = [
        i
        for i in range(1, len(row))
        if row[i][:1] == " " and row[i].strip() and row[i - 1].strip() and row[i - 1][-1] != " "
    ]
    if len(split) != extra:
        return row
    out = list(row)
    for i in reversed(split):
        out[i - 1 : i + 1] = [out[i - 1] + delimiter + out[i]]
    return out


def _bracketed(row: list[str], extra: int, delimiter: str) -> list[str]:
    """``row`` with the cells of each bracket that a cell opens and a later cell closes
    joined again: a spreadsheet's formula left in an export
    (``=CONCATENATE(C3;" ";B3)``, whose arguments a ``;`` apart split) or a remark
    (``zie (brief; 3 maart)``). At most ``extra`` joins; a bracket left open stays."""
    out: list[str] = []
    depth = 0
    joins = 0
    for cell in row:
        if depth > 0 and joins < extra:
            out[-1] += delimiter + cell
            joins += 1
        elif depth > 0 and joins:
            return row  # (a bracket never closed: no formula's)
        else:
            out.append(cell)
            depth = 0
        depth += cell.count("(") - cell.count(")")
    return row if depth > 0 and joins else out


def _rows_quoted_whole(recs: list[Record]) -> tuple[str, list[Record]] | None:
    """The delimiter and records inside records quoted whole: at least two records, 90 %
    of them one cell that, split at one delimiter, gives the same width of at least
    :data:`QUOTED_ROWS_MIN_WIDTH` (the delimiter that gives it most often, on a tie the
    first of :data:`DELIMITERS`); None for any other file."""
    if len(recs) < 2 or sum(len(r) == 1 for _, _, r in recs) < 0.9 * len(recs):
        return None
    best: tuple[int, str, list[Record]] | None = None
    for delim in DELIMITERS:
        if not any(delim in r[0] for _, _, r in recs if len(r) == 1):
            continue
        inner = [(a, b, split_quoted_row(r, delim)) for a, b, r in recs]
        width, count = Counter(len(r) for _, _, r in inner).most_common(1)[0]
        enough = width >= QUOTED_ROWS_MIN_WIDTH and count >= 0.9 * len(recs)
        if enough and (best is None or count > best[0]):
            best = (count, delim, inner)
    return None if best is None else (best[1], best[2])


def physical_lines(head: bytes, complete: bool) -> list[bytes]:
    """Split bytes into lines ending in ``\r\n``, ``\r`` or ``\n`` (as the csv module
    sees them); a last line without terminator is kept only if ``complete``."""
    lines = head.splitlines(keepends=True)
    if lines and not complete:
        last = lines[-1]
        if not last.endswith((b"\n", b"\r")) or last.endswith(b"\r"):
            lines.pop()  # cut by the sample end (a final "\r" may be half of "\r\n")
    return lines


def text_lines(text: str, complete: bool) -> list[str]:
    """:func:`physical_lines` for decoded text (only ``\r``/``\n`` break lines)."""
    lines: list[str] = []
    pos = 0
    for m in _TEXT_BREAK.finditer(text):
        lines.append(text[pos : m.end()])
        pos = m.end()
    if pos < len(text) and complete:
        lines.append(text[pos:])
    if lines and not complete and lines[-1].endswith("\r"):
        lines.pop()
    return lines


def records(lines: list[str], delimiter: str, complete: bool) -> list[Record]:
    """``(first line, last line, cells)`` of each non-blank record in ``lines``."""
    return _Sample.of_text(lines, complete).records(delimiter)


def choose_delimiter(lines: list[str], preferred: str | None, complete: bool) -> str:
    """The candidate delimiter giving the most rows of one consistent width (> 1)."""
    return _choose(_Sample.of_text(lines, complete), preferred)[0]


class _Sample:
    """The lines of a sample as the csv module reads them (up to ``SNIFF_RECORDS`` records).

    Held as bytes of an ASCII-compatible encoding, in which delimiters, quotes and line
    breaks are single bytes that stand for themselves. In a *plain* sample, the lines the
    csv module would read (all, or up to its last record) hold no quote and none is longer
    than the csv field limit: each non-blank line is then one record whose cells are the
    line split at the delimiter, so it is read without the csv module, and decoded only
    where the text matters. Other samples are decoded and read with the csv module.
    """

    __slots__ = (
        "_all",
        "_data",
        "_lines",
        "_seps",
        "_texts",
        "bodies",
        "codec",
        "complete",
        "errors",
        "numbers",
        "plain",
        "quoted",
        "raw",
    )

    def __init__(
        self,
        raw: list[bytes],
        complete: bool,
        codec: str,
        errors: str = "replace",
        lines: list[str] | None = None,
    ) -> None:
        self.raw = raw
        self.complete = complete
        self.codec = codec
        self.errors = errors
        self._lines = lines
        self.numbers, self.bodies = _nonblank(raw, complete)
        read = raw[: self.numbers[-1]] if len(self.numbers) >= SNIFF_RECORDS else raw
        self._data = b"".join(read)
        """The bytes the csv module would read."""
        limit = csv.field_size_limit()
        self.quoted = b'"' in self._data
        """Whether a quote stands where the csv module reads: JSON could (it has quotes)."""
        self.plain = not self.quoted and (len(self._data) <= limit or max(map(len, read)) <= limit)
        self._all = self._data if read is raw else None
        self._seps: dict[str, tuple[list[int], Counter[int]]] = {}
        self._texts: list[str] | None = None

    @classmethod
    def of_text(cls, lines: list[str], complete: bool) -> _Sample:
        """A sample of decoded lines (kept as UTF-8, losslessly)."""
        raw = [x.encode("utf-8", "surrogatepass") for x in lines]
        sample = cls(raw, complete, "utf-8", "surrogatepass", lines)
        if sample.plain and text_lines("".join(lines), True) != lines:
            sample.plain = False  # not split at line breaks as here: leave it to the csv module
        return sample

    def lines(self) -> Iterable[str]:
        """The decoded lines (decoded as they are read)."""
        if self._lines is None:
            return map(bytes.decode, self.raw, repeat(self.codec), repeat("replace"))
        return self._lines

    def occurs(self, delimiter: str) -> bool:
        """Whether the delimiter occurs where the csv module reads."""
        return delimiter.encode() in (self._data if self.plain else self.everything())

    def count(self, delimiter: str) -> int:
        """How often the delimiter occurs where the csv module reads (at most)."""
        return (self._data if self.plain else self.everything()).count(delimiter.encode())

    def everything(self) -> bytes:
        """The whole sample."""
        if self._all is None:
            self._all = b"".join(self.raw)
        return self._all

    def measure(self, delimiter: str) -> tuple[int, int, list[Record] | None]:
        """How many records have the most common width > 1, that width (``(0, 1)`` if
        none), and the records if they had to be read to find out; a record whose cells
        cut a JSON object (:func:`_splits_json`) counts for no width."""
        recs = None
        if self.plain:
            consistent = [(n, s + 1) for s, n in self.separators(delimiter).items() if s > 0]
        else:
            recs = self.records(delimiter)
            quoted = self.quoted  # (JSON has quotes: a sample without any holds none)
            widths = Counter(len(r) for _, _, r in recs if not (quoted and _splits_json(r)))
            consistent = [(n, w) for w, n in widths.items() if w > 1]
        count, width = max(consistent, default=(0, 1))
        return count, width, recs

    def records(self, delimiter: str) -> list[Record]:
        """What :func:`records` gives."""
        if not self.plain:
            return _csv_records(self.lines(), len(self.raw), delimiter, self.complete)
        cells = map(str.split, self.texts(), repeat(delimiter))
        return [(n, n, row) for n, row in zip(self.numbers, cells, strict=True)]

    def separators(self, delimiter: str) -> Counter[int]:
        """``{delimiters in a record: records}`` of a plain sample."""
        return self._counts(delimiter)[1]

    def _counts(self, delimiter: str) -> tuple[list[int], Counter[int]]:
        """The delimiters in each record of a plain sample, and how often each count is."""
        counts = self._seps.get(delimiter)
        if counts is None:
            each = list(map(bytes.count, self.bodies, repeat(delimiter.encode())))
            counts = self._seps[delimiter] = (each, Counter(each))
        return counts

    def texts(self, first: int | None = None) -> list[str]:
        """The (first) decoded records of a plain sample (a line break ends any byte
        sequence, so they are decoded in one piece)."""
        bodies = self.bodies[:first]
        if first is None and self._texts is not None:
            return self._texts
        texts = b"\n".join(bodies).decode(self.codec, self.errors).split("\n")
        if len(texts) != len(bodies):
            texts = [b.decode(self.codec, self.errors) for b in bodies]
        if first is None:
            self._texts = texts
        return texts

    def typical_width(self, delimiter: str) -> int:
        """:func:`.header.typical_width` of the records of a plain sample.

        A record ending in an ASCII character that is neither whitespace nor the delimiter
        ends in a value: its width is one more than its delimiters. Others are decoded and
        measured as text.
        """
        value_end = frozenset(range(128)) - frozenset(_ASCII_SPACE + delimiter.encode())
        full = [b[-1] in value_end for b in self.bodies]
        counts = self._counts(delimiter)[0]
        widths = Counter(n + 1 for n, f in zip(counts, full, strict=True) if f)
        texts = [
            b.decode(self.codec, self.errors).split(delimiter)
            for b, f in zip(self.bodies, full, strict=True)
            if not f
        ]
        widths.update(value_widths(texts))
        return most_common_width(widths)


def _splits_json(row: list[str]) -> bool:
    """Whether a record's cells cut a JSON object that stands unquoted in its line (a
    Kafka consumer's ``key<TAB>{"naam": "...", "bsn": "..."}``: a comma splits it, a tab
    does not), so that no delimiter that does so is the file's: a cell opens more ``{``
    than it closes."""
    return any("{" in cell and cell.count("{") > cell.count("}") for cell in row)


def _nonblank(raw: list[bytes], complete: bool) -> tuple[list[int], list[bytes]]:
    """Line numbers and texts (line break dropped) of the first ``SNIFF_RECORDS`` non-blank
    lines, without a last one that may be cut by the end of the sample."""
    numbers: list[int] = []
    bodies: list[bytes] = []
    for start in range(0, len(raw), SNIFF_RECORDS):
        texts = list(map(bytes.rstrip, raw[start : start + SNIFF_RECORDS], repeat(b"\r\n")))
        numbers += compress(range(start + 1, start + 1 + len(texts)), texts)
        bodies += filter(None, texts)
        if len(bodies) >= SNIFF_RECORDS:
            del numbers[SNIFF_RECORDS:], bodies[SNIFF_RECORDS:]
            break
    else:
        if not complete and numbers and numbers[-1] >= len(raw):
            numbers.pop()
            bodies.pop()
    return numbers, bodies


def _csv_records(lines: Iterable[str], total: int, delimiter: str, complete: bool) -> list[Record]:
    """The records of ``total`` lines, read with the csv module."""
    out: list[Record] = []
    add = out.append
    left = SNIFF_RECORDS
    reader = csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True)
    before = 0
    try:
        for row in reader:
            after = reader.line_num
            if row:
                add((before + 1, after, row))
                left -= 1
                if left <= 0:
                    return out
            before = after
    except csv.Error:
        return out
    if not complete and out and out[-1][1] >= total:
        out.pop()  # the last record may be cut by the end of the sample
    return out


def _choose(sample: _Sample, preferred: str | None) -> tuple[str, list[Record] | None]:
    """The delimiter with the best ``(count, width, preference)`` score, and its records
    when they were read with the csv module (``None`` for a plain sample).

    One that does not occur scores ``(0, 1)`` unread. When several occur, one occurring
    ``k`` times where the csv module reads gives at most ``k`` rows of width > 1, so one
    occurring fewer times than the best count so far cannot win and is not read;
    candidates are tried most frequent first (scores are distinct: the order does not
    change the winner).
    """
    bounds = [SNIFF_RECORDS if sample.occurs(d) else 0 for d in DELIMITERS]
    if sum(map(bool, bounds)) > 1:
        bounds = [
            min(sample.count(d), b) if b else 0 for d, b in zip(DELIMITERS, bounds, strict=True)
        ]
    best: tuple[int, int, int] = (-1, -1, -1)
    choice = preferred or ";"
    chosen: list[Record] | None = None
    for rank in sorted(range(len(DELIMITERS)), key=lambda r: -bounds[r]):
        delim = DELIMITERS[rank]
        if bounds[rank] < best[0]:
            continue
        count, width, recs = sample.measure(delim) if bounds[rank] else (0, 1, None)
        score = (count, width, 1 if delim == preferred else -rank)
        if score > best:
            best, choice, chosen = score, delim, recs
    if chosen is None and not sample.plain:
        chosen = sample.records(choice)
    return choice, chosen


def sniff(head: bytes, complete: bool, enc: Encoding, detected_type: str) -> Layout:
    """Read the delimiter and header from the first bytes (``head`` follows the BOM).

    ``data_offset`` is only meaningful for ASCII-compatible encodings (else ``-1``).
    """
    if enc.ascii_compatible:
        raw = physical_lines(head, complete)
        sample = _Sample(raw, complete, enc.codec)
    else:
        text = codecs.getincrementaldecoder(enc.codec)("replace").decode(head, final=complete)
        raw = []
        sample = _Sample.of_text(text_lines(text, complete), complete)
    preferred = "\t" if detected_type == "tsv" else None
    delimiter, recs = _choose(sample, preferred)
    inner = None if recs is None else _rows_quoted_whole(recs)
    quoted = inner is not None
    if inner is not None:
        delimiter, recs = inner
    if recs is None:  # a plain sample: split only the rows the header is looked for in
        texts = sample.texts(SCAN_ROWS)
        typical = sample.typical_width(delimiter)
        index = header_row((t.split(delimiter) for t in texts), typical)
        if index is not None:
            end_line, cells = sample.numbers[index], texts[index].split(delimiter)
            first_line = end_line
    else:
        typical = typical_width([r for _, _, r in recs])
        index = header_row((r for _, _, r in recs), typical)
        if index is not None:
            first_line, end_line, cells = recs[index]
    if index is None:
        if recs is None:
            widths = Counter({s + 1: n for s, n in sample.separators(delimiter).items()})
            titles = title_rows((t.split(delimiter) for t in texts), typical)
            data_line = sample.numbers[titles] if titles else 1
        else:
            widths = Counter(len(r) for _, _, r in recs)
            titles = title_rows((r for _, _, r in recs), typical)
            data_line = recs[titles][0] if titles else 1
        width = max(widths.items(), key=lambda kv: (kv[1], kv[0]))[0] if widths else 1
        if not titles:
            return Layout(delimiter, None, 0, 0, enc.bom_len if raw else -1, width, quoted)
        offset = enc.bom_len + sum(len(x) for x in raw[: data_line - 1]) if raw else -1
        return Layout(delimiter, None, data_line - 1, data_line, offset, width, quoted)
    offset = enc.bom_len + sum(len(x) for x in raw[:end_line]) if raw else -1
    return Layout(delimiter, tuple(cells), end_line, first_line, offset, len(cells), quoted)
