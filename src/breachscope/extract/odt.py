"""OpenDocument text (``.odt``, LibreOffice's and Google's letters): the document's text
(``part=body``, from ``content.xml``), its page headers and footers (``headers``, from the
master pages in ``styles.xml``: a letter's "Betreft: mevr. ..." line may stand there) and
its properties (``info``, from ``meta.xml``: title, subject, author, keywords).

Paragraphs and headings are lines; a table row is a line with its cells separated by tabs
(a cell's paragraphs joined by spaces); a paragraph inside a frame, note or comment is a
line of its own before the paragraph it is anchored in; ``text:s`` runs of spaces, tabs
and line breaks are kept. Read without the zip's other members (settings, styles'
definitions, pictures): as XML data they are identifiers, not text. Parsed with expat,
streamed, with a size bound for all members together; entity declarations are refused.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, SkipFile, Source
from breachscope.extract.chunking import cut_text
from breachscope.extract.safexml import Malformed, Refused, feed
from breachscope.location import Location

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_DC = "http://purl.org/dc/elements/1.1/"
_OOO1 = re.compile(rb"http://openoffice\.org/2000/(text|table|style|office|meta)\b")
"""OpenOffice.org 1.x's namespaces (``.sxw``, 2002-2005): the same elements as
OpenDocument's, read as theirs (its tab, ``text:tab-stop``, too)."""
_OASIS = rb"urn:oasis:names:tc:opendocument:xmlns:\1:1.0"
_META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
_PAGE_PARTS = frozenset(
    f"{_STYLE} {n}"
    for n in ("header", "footer", "header-left", "footer-left", "header-first", "footer-first")
)
_INFO = {
    f"{_DC} title": "title",
    f"{_DC} subject": "subject",
    f"{_DC} description": "description",
    f"{_DC} creator": "author",
    f"{_META} initial-creator": "author",
    f"{_META} keyword": "keywords",
}


class _Story:
    """Collects the text of ``text:p``/``text:h`` paragraphs and tables from expat events;
    with ``gate``, only inside elements of those names (page headers and footers)."""

    def __init__(self, gate: frozenset[str] | None = None) -> None:
        self.lines: list[str] = []
        self._gate = gate
        self._open = 0 if gate is not None else 1  # depth inside gate elements
        self._paras: list[list[str]] = []
        self._rows: list[list[str]] = []
        self._cells: list[list[str]] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if self._gate is not None and name in self._gate:
            self._open += 1
        if not self._open:
            return
        para = self._paras[-1] if self._paras else None
        if name in (f"{_TEXT} p", f"{_TEXT} h"):
            self._paras.append([])
        elif name == f"{_TEXT} s" and para is not None:
            count = attrs.get(f"{_TEXT} c", "1")
            para.append(" " * min(int(count) if count.isdigit() else 1, 64))  # (a bound:
            # a run of a million spaces in one element would blow a small file up)
        elif name in (f"{_TEXT} tab", f"{_TEXT} tab-stop") and para is not None:
            para.append("\t")
        elif name == f"{_TEXT} line-break" and para is not None:
            para.append("\n")
        elif name == f"{_TABLE} table-row":
            self._rows.append([])
        elif name == f"{_TABLE} table-cell":
            self._cells.append([])

    def end(self, name: str) -> None:
        if self._open:
            if name in (f"{_TEXT} p", f"{_TEXT} h") and self._paras:
                self._emit("".join(self._paras.pop()))
            elif name == f"{_TABLE} table-cell" and self._cells:
                cell = " ".join(self._cells.pop())
                if self._rows:
                    self._rows[-1].append(cell)
            elif name == f"{_TABLE} table-row" and self._rows:
                self._emit("\t".join(self._rows.pop()))
        if self._gate is not None and name in self._gate:
            self._open -= 1

    def text(self, data: str) -> None:
        if self._open and self._paras:
            self._paras[-1].append(data)

    def _emit(self, line: str) -> None:
        if self._cells:
            self._cells[-1].append(line)
        else:
            self.lines.append(line)


class _Info:
    """Collects ``meta.xml``'s text properties as ``field: value`` lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._field: str | None = None
        self._value: list[str] = []

    def start(self, name: str, _attrs: dict[str, str]) -> None:
        self._field = _INFO.get(name)
        self._value = []

    def end(self, _name: str) -> None:
        value = " ".join("".join(self._value).split())
        if self._field is not None and value:
            self.lines.append(f"{self._field}: {value}")
        self._field = None

    def text(self, data: str) -> None:
        if self._field is not None:
            self._value.append(data)


def odt_parts(archive: zipfile.ZipFile, limit: int) -> list[tuple[str, str]]:
    """``(part, text)`` of the document's body, page headers and footers, and properties."""
    names = set(archive.namelist())
    if "content.xml" not in names:
        raise ExtractError("not an OpenDocument text (no content.xml)")
    out: list[tuple[str, str]] = []
    for part, member, reader in (
        ("body", "content.xml", _Story()),
        ("headers", "styles.xml", _Story(_PAGE_PARTS)),
        ("info", "meta.xml", _Info()),
    ):
        if member not in names:
            continue
        what = "document XML (its members together)"
        with archive.open(member) as fh:
            if _OOO1.search(fh.read(4096)) is None:
                with archive.open(member) as again:
                    limit -= feed(again, reader, limit, what=what)
            else:  # (read whole, its namespaces renamed: an old document, small)
                with archive.open(member) as again:
                    raw = _OOO1.sub(_OASIS, again.read(limit + 1))
                limit -= feed(io.BytesIO(raw), reader, limit, what=what)
        out.append((part, "\n".join(reader.lines)))
    return out


class OdtExtractor(Extractor):
    """OpenDocument text documents."""

    id: ClassVar[str] = "odt"
    types: ClassVar[frozenset[str]] = frozenset({"odt"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        with source.open() as fh:
            try:
                with zipfile.ZipFile(fh) as archive:
                    parts = odt_parts(archive, config.batch_bytes)
            except Refused:
                raise ExtractError("document XML declares an entity (refused)") from None
            except Malformed as exc:
                raise ExtractError(f"malformed document XML ({exc.reason})") from None
            except (
                zipfile.BadZipFile,
                zlib.error,
                EOFError,
                NotImplementedError,
                OSError,
                ValueError,
            ) as exc:  # (a damaged member's name or text: UnicodeDecodeError)
                raise ExtractError(f"corrupt or truncated ODT ({type(exc).__name__})") from None
        for part, text in parts:
            if text.strip():
                yield from cut_text(
                    Location(source.path, part=part), text, config.max_text_unit_chars
                )
