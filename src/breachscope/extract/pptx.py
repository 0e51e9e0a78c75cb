"""PPTX: the text of a PowerPoint presentation, a part per slide and per slide's notes.

A case meeting's slides (``Casus 1 - mw. L. van der Heijden (28-06-1992)``) hold a
patient per slide, her contact details often only in the speaker's notes. Each slide
member ``ppt/slides/slideN.xml`` becomes the part ``slideN``, its notes
(``ppt/notesSlides/notesSlideN.xml``) the part ``notesN``, and the old-style comments
(``ppt/comments/commentN.xml``) ``commentsN``; parts are in the members' number order (the
names a person finds in the file, whatever order the deck shows them in). A DrawingML
paragraph is a line, its runs joined (a bold ``BSN: `` run and the number's run after
it); a line break inside it (``a:br``) breaks the line; a table row is one line of cells
separated by tabs, a cell's paragraphs joined by spaces. A shape's fallback copy for older
readers (``mc:Fallback``) is not read twice. The XML is parsed with expat, streamed, with
a size bound for all members together; a DTD is refused, so no entity is ever expanded.
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

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_MC_FALLBACK = "http://schemas.openxmlformats.org/markup-compatibility/2006 Fallback"
_MEMBERS = re.compile(
    r"ppt/(?:slides/(?P<slide>slide)|notesSlides/(?P<notes>notesSlide)"
    r"|comments/(?P<comments>comment))(?P<n>\d+)\.xml"
)
"""The members that hold a presentation's text, and their part names."""


class _Slide:
    """Collects a slide's (or its notes', or comments') lines from expat events."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._para: list[str] | None = None
        self._in_text = False
        self._fallback = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def start(self, name: str, _attrs: dict[str, str]) -> None:
        if name == _MC_FALLBACK or self._fallback:
            self._fallback += 1
            return
        uri, _, local = name.rpartition(" ")
        if uri == _P and local == "text":  # (a comment's text)
            self._para, self._in_text = [], True
        if uri != _A:
            return
        if local == "p":
            self._para = []
        elif local == "t":
            self._in_text = True
        elif local == "br" and self._para is not None:
            self._para.append("\n")
        elif local == "tr":
            self._row = []
        elif local == "tc":
            self._cell = []

    def end(self, name: str) -> None:
        if self._fallback:
            self._fallback -= 1
            return
        uri, _, local = name.rpartition(" ")
        if uri == _P and local == "text":
            self._in_text = False
            self._close_paragraph()
        if uri != _A:
            return
        if local == "t":
            self._in_text = False
        elif local == "p":
            self._close_paragraph()
        elif local == "tc" and self._cell is not None:
            if self._row is not None:
                self._row.append(" ".join(self._cell))
            self._cell = None
        elif local == "tr" and self._row is not None:
            self.lines.append("\t".join(self._row))
            self._row = None

    def text(self, data: str) -> None:
        if self._in_text and self._para is not None and not self._fallback:
            self._para.append(data)

    def _close_paragraph(self) -> None:
        if self._para is None:
            return
        line = "".join(self._para)
        self._para = None
        if self._cell is not None:
            self._cell.append(line)
        elif line.strip():
            self.lines.append(line)


def _parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """``(part, member)`` of every member with text: slides, then notes, then comments,
    each in number order (``slide2`` before ``slide10``)."""
    found: list[tuple[int, int, str, str]] = []
    for member in archive.namelist():
        m = _MEMBERS.fullmatch(member)
        if m is None:
            continue
        n = int(m["n"])
        if m["slide"]:
            found.append((0, n, f"slide{n}", member))
        elif m["notes"]:
            found.append((1, n, f"notes{n}", member))
        else:
            found.append((2, n, f"comments{n}", member))
    return [(part, member) for *_, part, member in sorted(found)]


def _member_text(member: IO[bytes], limit: int) -> tuple[str, int]:
    """The lines of one member of at most ``limit`` bytes, and how many bytes it held."""
    slide = _Slide()
    read = feed(
        member, slide, limit, what="presentation XML (its members together)", no_doctype=True
    )
    return "\n".join(slide.lines), read


class PptxExtractor(Extractor):
    """PowerPoint presentations (Office Open XML)."""

    id: ClassVar[str] = "pptx"
    types: ClassVar[frozenset[str]] = frozenset({"pptx"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        yield from member_units(source, config, _parts, _member_text, "presentation", "PPTX")
