"""Tesseract's TSV output (``tesseract scan.png out tsv``: a row per page, block,
paragraph, line and word, with its place and confidence): the text a reader sees on each
page, not a table of words.

Read as a TSV its words are rows of one column: a name, a birth date and a BSN printed on
one line of the form are values of different records, and a label never stands before
its value. Here the word rows (level 5) of each page become the part ``page-N`` (the
page number Tesseract gives), the words of a line joined by spaces, a line a line, and a
new block or paragraph after an empty line, as the form was printed. Rows that are no
word (levels 1-4, and a word row with no text) are layout; a row with fewer than the
twelve fields is counted and noted (:class:`Note`), never silently dropped, and so is a
line longer than :data:`MAX_LINE` (:class:`~.lines.BoundedLines`). The file is read as it
streams, in the encoding it has (Tesseract writes UTF-8).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, Extractor, Note, SkipFile, Source
from breachscope.extract.chunking import cut_text
from breachscope.extract.encoding import detect_stream, text_stream
from breachscope.extract.lines import BoundedLines
from breachscope.location import Location

HEADER = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
)
"""Tesseract's header line, which tells the format (:mod:`breachscope.ingest.filetype`)."""
_FIELDS = 12
MAX_LINE = 64 * 1024
"""Longest line read as a row (a word's row is a few dozen characters)."""


class _Pages:
    """Builds each page's text from the word rows, in file order."""

    def __init__(self) -> None:
        self.pages: list[tuple[str, list[str]]] = []
        self.short = 0
        self._line: list[str] = []
        self._at: tuple[str, ...] = ()

    def row(self, fields: list[str]) -> None:
        if len(fields) < _FIELDS:
            self.short += 1
            return
        word = "\t".join(fields[11:]).strip()
        if fields[0] != "5" or not word:
            return
        page, block, par, line = fields[1:5]
        at = (page, block, par, line)
        if at != self._at:
            self._close_line()
            if not self.pages or self.pages[-1][0] != page:
                self.pages.append((page, []))
            elif self._at[:3] != at[:3]:
                self.pages[-1][1].append("")  # (a new block or paragraph)
            self._at = at
        self._line.append(word)

    def _close_line(self) -> None:
        if self._line and self.pages:
            self.pages[-1][1].append(" ".join(self._line))
        self._line = []

    def close(self) -> None:
        self._close_line()


class OcrTsvExtractor(Extractor):
    """Tesseract TSV files; ``part`` = ``page-N``."""

    id: ClassVar[str] = "ocr-tsv"
    types: ClassVar[frozenset[str]] = frozenset({"ocr-tsv"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        pages = _Pages()
        with source.open() as fh:
            rows = BoundedLines(text_stream(fh, detect_stream(fh), newline="\n"), MAX_LINE)
            header = True
            while True:
                for line in rows:
                    if header:
                        header = False
                    else:
                        pages.row(line.rstrip("\r\n").split("\t"))
                if not rows.interrupted:
                    break
        overlong = len(rows.overlong)
        pages.close()
        where = Location(source.path)
        if pages.short:
            yield Note(where, f"{pages.short} rows with fewer than 12 fields")
        if overlong:
            yield Note(where, f"{overlong} lines longer than {MAX_LINE} characters left out")
        for page, lines in pages.pages:
            where = Location(source.path, part=f"page-{page}")
            yield from cut_text(where, "\n".join(lines), config.max_text_unit_chars)
