"""Dialect and header of a CSV/TSV file, read from its first bytes."""

from __future__ import annotations

import codecs
import csv
import re
from collections import Counter
from dataclasses import dataclass

from breachscope.extract.encoding import Encoding
from breachscope.extract.header import find_header

HEAD_BYTES = 256 * 1024
DELIMITERS = (";", ",", "\t", "|")
SNIFF_RECORDS = 200
_TEXT_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True)
class Layout:
    """What the first bytes tell about a delimited file."""

    delimiter: str
    header: tuple[str, ...] | None
    """Header cells as found, or ``None`` for a file without a header row."""
    header_end_line: int
    """Physical line on which the header record ends (0 without a header)."""
    data_offset: int
    """Byte offset where the line after the header starts (after the BOM if no header)."""
    width: int
    """Cells per record: the header's, or the most common record width without one."""


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


def records(lines: list[str], delimiter: str, complete: bool) -> list[tuple[int, int, list[str]]]:
    """``(first line, last line, cells)`` of each non-blank record in ``lines``."""
    out: list[tuple[int, int, list[str]]] = []
    reader = csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True)
    before = 0
    try:
        for row in reader:
            if row:
                out.append((before + 1, reader.line_num, row))
            before = reader.line_num
            if len(out) >= SNIFF_RECORDS:
                return out
    except csv.Error:
        return out
    if not complete and out and out[-1][1] >= len(lines):
        out.pop()  # the last record may be cut by the end of the sample
    return out


def choose_delimiter(lines: list[str], preferred: str | None, complete: bool) -> str:
    """The candidate delimiter giving the most rows of one consistent width (> 1)."""
    best: tuple[int, int, int] = (-1, -1, -1)
    choice = preferred or ";"
    for rank, delim in enumerate(DELIMITERS):
        widths = Counter(len(r) for _, _, r in records(lines, delim, complete))
        consistent = [(n, w) for w, n in widths.items() if w > 1]
        count, width = max(consistent, default=(0, 1))
        score = (count, width, 1 if delim == preferred else -rank)
        if score > best:
            best, choice = score, delim
    return choice


def sniff(head: bytes, complete: bool, enc: Encoding, detected_type: str) -> Layout:
    """Read the delimiter and header from the first bytes (``head`` follows the BOM).

    ``data_offset`` is only meaningful for ASCII-compatible encodings (else ``-1``).
    """
    if enc.ascii_compatible:
        raw = physical_lines(head, complete)
        lines = [x.decode(enc.codec, errors="replace") for x in raw]
    else:
        text = codecs.getincrementaldecoder(enc.codec)("replace").decode(head, final=complete)
        raw = []
        lines = text_lines(text, complete)
    preferred = "\t" if detected_type == "tsv" else None
    delimiter = choose_delimiter(lines, preferred, complete)
    recs = records(lines, delimiter, complete)
    index = find_header([r for _, _, r in recs])
    if index is None:
        widths = Counter(len(r) for _, _, r in recs)
        width = max(widths.items(), key=lambda kv: (kv[1], kv[0]))[0] if widths else 1
        return Layout(delimiter, None, 0, enc.bom_len if raw else -1, width)
    _, end_line, cells = recs[index]
    offset = enc.bom_len + sum(len(x) for x in raw[:end_line]) if raw else -1
    return Layout(delimiter, tuple(cells), end_line, offset, len(cells))
