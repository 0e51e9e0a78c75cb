"""PostScript print jobs (a print server's spool, CUPS's ``/var/spool/cups/d00871-001``,
a ``.ps`` a driver wrote to a file): the text each page shows, one part per page
(``part=page-N``), laid out as lines (:mod:`breachscope.extract.placedtext`).

A PostScript file is a program: it is never run here. Its tokens are read in order
(PLRM 3.2): a string ``( ... )`` (balanced brackets; ``\\n``, ``\\(``, ``\\)``,
``\\\\``, octal ``\\ddd`` escapes; a backslash before a line break joins the lines) or
``< ... >`` in hex is a piece of text, shown where the program last moved to; two numbers
before ``moveto`` (or its usual short names ``m``, ``M``, ``Td``, ``TD``; the last two of
``Tm``) move to a point; ``showpage`` ends a page. Comments are passed over, but a
document's ``%%Title:`` (a file's name that may be a patient's) is read as text
(part ``title``); who printed it (``%%For:``) is the lab's staff and is left out. Text
before a DSC ``%%EndProlog`` (procedure definitions) and strings inside procedure
bodies ``{ ... }`` are no page's text. Strings are decoded as Latin-1 (the standard
encodings' printable characters). The file is read whole up to ``Config.batch_bytes``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Source
from breachscope.extract.placedtext import PlacedText, job_units

MAGIC = b"%!PS"
_TOKEN = re.compile(
    rb"(?P<c>%[^\r\n]*)|(?P<s>\()|(?P<h><(?!<)[0-9A-Fa-f\s]*>)|(?P<o>[{}])"
    rb"|(?P<n>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(?=[\s()<>\[\]{}/%]|$)"
    rb"|(?P<w>/?[^\s()<>\[\]{}/%]+)|(?P<x>[\[\]<>])"
)
_MOVES = {b"moveto", b"m", b"M", b"Td", b"TD"}
_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f"}


def _string(data: bytes, pos: int) -> tuple[bytes, int]:
    """A literal string's bytes from just after its ``(``, and where it ends."""
    out = bytearray()
    depth = 1
    n = len(data)
    while pos < n:
        c = data[pos]
        if c == 0x5C and pos + 1 < n:  # backslash
            e = data[pos + 1]
            if e in _ESCAPES:
                out += _ESCAPES[e]
                pos += 2
            elif 0x30 <= e <= 0x37:
                k = pos + 1
                while k < n and k < pos + 4 and 0x30 <= data[k] <= 0x37:
                    k += 1
                out.append(int(data[pos + 1 : k], 8) & 0xFF)
                pos = k
            elif e in (0x0D, 0x0A):
                pos += 3 if data[pos + 1 : pos + 3] == b"\r\n" else 2
            else:
                out.append(e)
                pos += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), pos + 1
        out.append(c)
        pos += 1
    return bytes(out), pos


def page_texts(data: bytes) -> tuple[list[str], str | None]:
    """The text each page of a PostScript job shows, and its ``%%Title``."""
    placed = PlacedText()
    title: str | None = None
    start = 0
    end_prolog = data.find(b"%%EndProlog")
    if end_prolog >= 0:
        start = end_prolog
    if (at := data.find(b"%%Title:", 0, 4096)) >= 0:
        line_end = data.find(b"\n", at)
        found = data[at + 8 : line_end if line_end >= 0 else len(data)].strip(b" \t\r()")
        title = found.decode("latin-1") or None
    numbers: list[float] = []
    depth = 0
    pos = start
    while (m := _TOKEN.search(data, pos)) is not None:
        kind = m.lastgroup
        pos = m.end()
        if kind == "s":
            raw, pos = _string(data, pos)
            if depth == 0:
                placed.add(raw.decode("latin-1").replace("\r", "").replace("\n", " "))
            numbers = []
        elif kind == "h":
            digits = re.sub(rb"\s", b"", m.group()[1:-1])
            if depth == 0:
                raw = bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii"))
                placed.add(raw.decode("latin-1"))
            numbers = []
        elif kind == "n":
            numbers.append(float(m.group()))
        elif kind == "o":
            depth = max(0, depth + (1 if m.group() == b"{" else -1))
            numbers = []
        elif kind == "w" and depth == 0:
            word = m.group()
            if (word in _MOVES and len(numbers) >= 2) or (word == b"Tm" and len(numbers) >= 6):
                placed.move(numbers[-1])
            elif word == b"showpage":
                placed.page()
            numbers = []
        elif kind != "c":
            numbers = []
    placed.page()
    return placed.pages, title


class PostScriptExtractor(Extractor):
    """PostScript print jobs: the text each page shows, a part per page."""

    id: ClassVar[str] = "postscript"
    types: ClassVar[frozenset[str]] = frozenset({"postscript"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "PostScript file")
        if not data.lstrip(b"\x04").startswith(MAGIC):
            raise ExtractError("not a PostScript file (no %!PS line)")
        pages, title = page_texts(data)
        if not pages and not title:
            raise ExtractError("PostScript file shows no text")
        yield from job_units(source.path, config, pages, ("title", title or ""))
