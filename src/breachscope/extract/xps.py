"""XPS and OpenXPS print output (``.xps``, ``.oxps``: a print server's spool, a "Microsoft
XPS Document Writer" save of a batch of result letters): the text of each page, a part
``page-N`` (N counting the pages from 1 in the document's order).

A page's text lies in its ``Glyphs`` elements' ``UnicodeString`` (the ``Indices`` only
place it): the runs are set in lines by their baseline (``OriginY``, runs less than
:data:`SAME_LINE` apart on one line), each line's runs ordered by ``OriginX`` and apart by
two spaces, as a page's columns stand; an escape's ``{}`` at a string's start is dropped.
The pages are found in the order the document sequence names them
(``FixedDocumentSequence.fdseq`` -> each ``FixedDocument.fdoc`` -> its ``PageContent``),
else in the order of their part names. Parsed with expat (entity declarations refused),
all parts together bounded by ``Config.batch_bytes``; fonts and pictures are not read.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, Extractor, Source
from breachscope.extract.ooxml import member_units
from breachscope.extract.safexml import feed

SAME_LINE = 2.0
"""Most distance between two runs' baselines on one line (in the page's units, 1/96 in)."""
_PAGE = re.compile(r"(?i).+\.fpage")
_SEQUENCE = re.compile(r"(?i).+\.fdseq")


@dataclass
class _Refs:
    """Expat handlers that collect the ``Source`` of each reference element."""

    names: frozenset[str]
    sources: list[str] = field(default_factory=list)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(" ")[2] in self.names and attrs.get("Source"):
            self.sources.append(attrs["Source"])

    def end(self, name: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass


@dataclass
class _Glyphs:
    """Expat handlers that collect a page's runs: ``(baseline, left, text)``."""

    runs: list[tuple[float, float, str]] = field(default_factory=list)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(" ")[2] != "Glyphs":
            return
        text = attrs.get("UnicodeString", "")
        if text.startswith("{}"):
            text = text[2:]
        if text.strip():
            self.runs.append((_number(attrs.get("OriginY")), _number(attrs.get("OriginX")), text))

    def end(self, name: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass


def _number(raw: str | None) -> float:
    try:
        return float(raw) if raw else 0.0
    except ValueError:
        return 0.0


def page_text(runs: list[tuple[float, float, str]]) -> str:
    """A page's runs set in lines (see the module's text)."""
    lines: list[list[tuple[float, str]]] = []
    baseline: float | None = None
    for y, x, text in sorted(runs):
        if baseline is None or y - baseline > SAME_LINE:
            lines.append([])
            baseline = y
        lines[-1].append((x, text))
    return "\n".join("  ".join(t for _, t in sorted(line)) for line in lines)


def _resolve(base: str, source: str) -> str:
    """A reference's part name: absolute (``/Documents/1/...``) or beside ``base``."""
    if source.startswith("/"):
        return source.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), source))


def _read_refs(archive: zipfile.ZipFile, part: str, names: frozenset[str]) -> list[str]:
    refs = _Refs(names)
    with archive.open(part) as fh:
        feed(fh, refs, 1 << 24, what="XPS document part", no_doctype=True)
    return [_resolve(part, s) for s in refs.sources]


def _natural(name: str) -> tuple[str, int]:
    """``2.fpage`` before ``10.fpage``."""
    stem, _, _ = name.rpartition(".")
    digits = re.search(r"(\d+)$", stem)
    return (stem[: digits.start()] if digits else stem, int(digits[1]) if digits else 0)


def pages(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """``(page-N, part)`` of every page, in the document's order (see the module's text)."""
    names = archive.namelist()
    known = {n.lower(): n for n in names}
    ordered: list[str] = []
    for sequence in [n for n in names if _SEQUENCE.fullmatch(n)]:
        for document in _read_refs(archive, sequence, frozenset({"DocumentReference"})):
            if document.lower() in known:
                for page in _read_refs(
                    archive, known[document.lower()], frozenset({"PageContent"})
                ):
                    if page.lower() in known and known[page.lower()] not in ordered:
                        ordered.append(known[page.lower()])
    rest = sorted((n for n in names if _PAGE.fullmatch(n) and n not in ordered), key=_natural)
    return [(f"page-{i}", part) for i, part in enumerate([*ordered, *rest], start=1)]


def _page(member: IO[bytes], limit: int) -> tuple[str, int]:
    glyphs = _Glyphs()
    held = feed(member, glyphs, limit, what="XPS pages (together)", no_doctype=True)
    return page_text(glyphs.runs), held


class XpsExtractor(Extractor):
    """XPS and OpenXPS documents: each page's text."""

    id: ClassVar[str] = "xps"
    types: ClassVar[frozenset[str]] = frozenset({"xps"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        yield from member_units(source, config, pages, _page, "document", "XPS document")
