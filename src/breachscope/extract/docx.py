"""DOCX: paragraphs and tables of ``word/document.xml`` as one text (``part=body``).

Paragraphs are joined by ``\\n``; a table row is one line with its cells separated by tabs
(a cell's own paragraphs joined by spaces). Tracked deletions are kept: they are still in
the file. The XML is parsed with expat, streamed, with a size bound; a DTD (the only way
to declare entities) is refused, so no entity is ever expanded.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, ClassVar
from xml.parsers import expat

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, SkipFile, Source
from breachscope.extract.chunking import cut_text
from breachscope.location import Location

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 1 << 20


class _Refused(Exception):
    """The XML declares a DTD."""


class _Body:
    """Collects document text from expat events."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._para: list[str] | None = None
        self._in_text = False
        self._tables: list[list[str]] = []  # per open table: its current row's cells
        self._cells: list[list[str]] = []  # per open cell: its paragraphs

    def start(self, name: str, _attrs: dict[str, str]) -> None:
        uri, _, local = name.rpartition(" ")
        if uri != _W:
            return
        if local == "p":
            self._para = []
        elif local in {"t", "delText"}:
            self._in_text = True
        elif local == "tab" and self._para is not None:
            self._para.append("\t")
        elif local in {"br", "cr"} and self._para is not None:
            self._para.append("\n")
        elif local == "tbl":
            self._tables.append([])
        elif local == "tr" and self._tables:
            self._tables[-1] = []
        elif local == "tc":
            self._cells.append([])

    def end(self, name: str) -> None:
        uri, _, local = name.rpartition(" ")
        if uri != _W:
            return
        if local in {"t", "delText"}:
            self._in_text = False
        elif local == "p" and self._para is not None:
            self._emit("".join(self._para))
            self._para = None
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
        if self._in_text and self._para is not None:
            self._para.append(data)

    def _emit(self, line: str) -> None:
        """A finished paragraph or table row goes to the enclosing cell, else the body."""
        if self._cells:
            self._cells[-1].append(line)
        else:
            self.lines.append(line)


def _refuse(*_args: object) -> None:
    raise _Refused


def document_text(member: IO[bytes], limit: int) -> str:
    """The body text of a ``word/document.xml`` stream of at most ``limit`` bytes."""
    body = _Body()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = body.start
    parser.EndElementHandler = body.end
    parser.CharacterDataHandler = body.text
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    total = 0
    while chunk := member.read(_CHUNK):
        total += len(chunk)
        if total > limit:
            raise ExtractError(f"document XML larger than {limit} bytes")
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return "\n".join(body.lines)


class DocxExtractor(Extractor):
    """Word documents (Office Open XML)."""

    id: ClassVar[str] = "docx"
    types: ClassVar[frozenset[str]] = frozenset({"docx"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        with source.open() as fh:
            magic = fh.read(8)
            if not magic:
                raise SkipFile("empty file")
            if magic == _OLE_MAGIC:
                raise ExtractError("encrypted (password-protected) document")
            fh.seek(0)
            try:
                with zipfile.ZipFile(fh) as archive, archive.open("word/document.xml") as member:
                    text = document_text(member, config.batch_bytes)
            except _Refused:
                raise ExtractError("document XML declares a DTD (refused)") from None
            except expat.ExpatError as exc:
                raise ExtractError(
                    f"malformed document XML ({expat.ErrorString(exc.code)})"
                ) from None
            except KeyError:
                raise ExtractError("not a Word document (no word/document.xml)") from None
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
                raise ExtractError(f"corrupt or truncated DOCX ({type(exc).__name__})") from None
        if text:
            yield from cut_text(
                Location(source.path, part="body"), text, config.max_text_unit_chars
            )
