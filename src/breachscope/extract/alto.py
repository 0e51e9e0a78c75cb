"""ALTO XML (the OCR output of archives, libraries and scanning services: ABBYY, Tesseract,
Transkribus): the text a reader sees on each scanned page, not the word elements.

Read as generic XML an ALTO file is thousands of ``String`` elements, each holding one
word in its ``CONTENT`` attribute: a name, a birth date and a BSN on one line of the scan
are values of different records, and a label never stands before its value. Here every
``Page`` is a part ``page-N`` (its order in the file, from 1), each ``TextLine`` a line of
its words (``SP`` a space; a line's hyphen, ``HYP``, kept), and each ``TextBlock`` ends
with an empty line, so a form's fields read as they were printed. A word hyphenated over
two lines (``SUBS_TYPE="HypPart1"``/``"HypPart2"``) is written whole where it starts, from
its ``SUBS_CONTENT`` (``colposcopie``, not ``colpo-`` and ``scopie``), and its second half
left out. Parsed with expat, whole, up to ``Config.batch_bytes``; a DTD is refused. A
document cut short is read up to where it ends, with a :class:`Note`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.chunking import cut_text
from breachscope.extract.safexml import Malformed, Refused, feed
from breachscope.location import Location


class _Pages:
    """Collects each page's lines from expat events (any ALTO version's namespace)."""

    def __init__(self) -> None:
        self.pages: list[list[str]] = []
        self._line: list[str] | None = None
        self._whole_word = False  # (a hyphenated word's second half follows: left out)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local == "Page":
            self.pages.append([])
        elif local == "TextLine" and self.pages:
            self._line = []
        elif self._line is None:
            return
        elif local == "String":
            self._word(attrs)
        elif local == "SP":
            self._line.append(" ")
        elif local == "HYP" and not self._whole_word:
            self._line.append(attrs.get("CONTENT", "-"))

    def _word(self, attrs: dict[str, str]) -> None:
        assert self._line is not None
        kind = attrs.get("SUBS_TYPE", "")
        whole = attrs.get("SUBS_CONTENT", "")
        if kind == "HypPart2" and self._whole_word:
            self._whole_word = False
            return
        if kind == "HypPart1" and whole:
            self._line.append(whole)
            self._whole_word = True
            return
        self._line.append(attrs.get("CONTENT", ""))

    def end(self, name: str) -> None:
        local = name.rpartition(" ")[2]
        if local == "TextLine" and self._line is not None:
            line = "".join(self._line).strip()
            if line:
                self.pages[-1].append(line)
            self._line = None
        elif local == "TextBlock" and self.pages and self.pages[-1] and self.pages[-1][-1]:
            self.pages[-1].append("")

    def text(self, _data: str) -> None:
        return  # (ALTO's words are attributes; element text is metadata)


class AltoExtractor(Extractor):
    """ALTO OCR files; ``part`` = ``page-N``."""

    id: ClassVar[str] = "alto"
    types: ClassVar[frozenset[str]] = frozenset({"alto"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        reader = _Pages()
        try:
            with source.open() as fh:
                feed(fh, reader, config.batch_bytes, what="ALTO document", no_doctype=True)
        except Refused:
            raise ExtractError("ALTO document declares an entity or a doctype (refused)") from None
        except Malformed as exc:
            if not reader.pages:
                raise ExtractError(f"not well-formed ALTO document ({exc.reason})") from None
            yield Note(Location(source.path), f"ALTO document cut short ({exc.reason})")
        for number, lines in enumerate(reader.pages, start=1):
            text = "\n".join(lines).rstrip("\n")
            if text:
                where = Location(source.path, part=f"page-{number}")
                yield from cut_text(where, text, config.max_text_unit_chars)
