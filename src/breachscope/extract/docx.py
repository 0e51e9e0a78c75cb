"""DOCX: paragraphs and tables of ``word/document.xml`` as one text (``part=body``), and
of each of the document's other stories as a part named after its member: page headers
and footers (``header1``, ``footer2``: a letter's "Betreft: mevr. ..., geb. ..." line often
stands there), footnotes, endnotes and comments.

Paragraphs are joined by ``\\n``; a table row is one line with its cells separated by tabs
(a cell's own paragraphs joined by spaces). A paragraph inside a text box (an address
block placed for a window envelope) is a line of its own, before the line of the
paragraph that anchors the box; a box's fallback copy for older readers
(``mc:Fallback``) is not read twice. Tracked deletions are kept: they are still in the
file. The XML is parsed with expat, streamed, with a size bound (for all parts
together); a DTD (the only way to declare entities) is refused, so no entity is ever
expanded.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from typing import IO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, Extractor, Source
from breachscope.extract.ooxml import member_units
from breachscope.extract.safexml import feed

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC_FALLBACK = "http://schemas.openxmlformats.org/markup-compatibility/2006 Fallback"
_STORIES = re.compile(r"word/(header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
"""The members besides ``word/document.xml`` that hold text of the document."""


class Body:
    """Collects document text from expat events: the elements of the WordprocessingML
    namespace ``ns`` (Office Open XML's; Word 2003's XML, :mod:`.wordml`, names the same
    elements in its own)."""

    def __init__(self, ns: str = _W) -> None:
        self.ns = ns
        self.lines: list[str] = []
        self._paras: list[list[str]] = []  # open paragraphs (a text box nests them)
        self._in_text = False
        self._fallback = 0  # depth inside mc:Fallback (a copy of mc:Choice's content)
        self._tables: list[list[str]] = []  # per open table: its current row's cells
        self._cells: list[list[str]] = []  # per open cell: its paragraphs

    def start(self, name: str, _attrs: dict[str, str]) -> None:
        if name == _MC_FALLBACK or self._fallback:
            self._fallback += 1
            return
        uri, _, local = name.rpartition(" ")
        if uri != self.ns:
            return
        para = self._paras[-1] if self._paras else None
        if local == "p":
            self._paras.append([])
        elif local in {"t", "delText"}:
            self._in_text = True
        elif local == "tab" and para is not None:
            para.append("\t")
        elif local in {"br", "cr"} and para is not None:
            para.append("\n")
        elif local == "tbl":
            self._tables.append([])
        elif local == "tr" and self._tables:
            self._tables[-1] = []
        elif local == "tc":
            self._cells.append([])

    def end(self, name: str) -> None:
        if self._fallback:
            self._fallback -= 1
            return
        uri, _, local = name.rpartition(" ")
        if uri != self.ns:
            return
        if local in {"t", "delText"}:
            self._in_text = False
        elif local == "p" and self._paras:
            self._emit("".join(self._paras.pop()))
        elif local == "tc" and self._cells:
            cell = " ".join(self._cells.pop())
            if self._tables:
                self._tables[-1].append(cell)
        elif local == "tr" and self._tables:
            self._emit("\t".join(self._tables[-1]))
            self._tables[-1] = []
        elif local == "tbl" and self._tables:
            self._tables.pop()

    def text(self, data: str) -> None:
        if self._in_text and self._paras and not self._fallback:
            self._paras[-1].append(data)

    def _emit(self, line: str) -> None:
        """A finished paragraph or table row goes to the enclosing cell, else the body."""
        if self._cells:
            self._cells[-1].append(line)
        else:
            self.lines.append(line)


def _story_text(member: IO[bytes], limit: int) -> tuple[str, int]:
    """The text of a ``word/document.xml`` stream (or of another story's member) of at
    most ``limit`` bytes, and how many bytes of XML it held."""
    body = Body()
    read = feed(member, body, limit, what="document XML (its stories together)", no_doctype=True)
    return "\n".join(body.lines), read


def _story_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """``(part, member)`` of every story: the body first, then the others in name order
    (``header1`` before ``header2``)."""
    stories = [(m.group(1), n) for n in archive.namelist() if (m := _STORIES.fullmatch(n))]
    return [("body", "word/document.xml"), *sorted(stories, key=_natural)]


def _natural(story: tuple[str, str]) -> tuple[str, int]:
    """``header2`` before ``header10``."""
    name = story[0].rstrip("0123456789")
    return name, int(story[0][len(name) :] or 0)


class DocxExtractor(Extractor):
    """Word documents (Office Open XML)."""

    id: ClassVar[str] = "docx"
    types: ClassVar[frozenset[str]] = frozenset({"docx"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        yield from member_units(source, config, _story_parts, _story_text, "document", "DOCX")
