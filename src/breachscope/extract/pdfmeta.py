"""A PDF's metadata and outline, read beside its pages by :mod:`breachscope.extract.pdf`:
the document information dictionary (``part=info``), the XMP metadata stream
(``part=xmp``) and the outline, its bookmarks (``part=outline``), each a text of its own.
An archived letter's title and author, a scan's keywords, a bundle's bookmarks (a
bookmark per patient's letter) name people its pages may not.

* ``info``: the dictionary's standard entries (``Title``, ``Author``, ``Subject``,
  ``Keywords``, ``Creator``, ``Producer``, ``CreationDate``, ``ModDate``, as pypdfium2's
  ``get_metadata_dict`` reads them: pdfium lists no other key), ``name: value`` per line,
  a date as its ISO instant (``D:20240510113000+02'00'`` as
  ``2024-05-10T11:30:00+02:00``); an empty entry, and the placeholders a library writes
  (``untitled``, ``anonymous``, ``(unspecified)``), left out.
* ``xmp``: the catalog's ``Metadata`` stream (pdfium has no call for it, so it is found in
  the file's bytes: the catalog's reference, the object it names; where the catalog lies
  in a compressed object stream, every ``/Type /Metadata`` stream outside one), read
  uncompressed or Flate-compressed, parsed with expat (no entity, no DTD): the text and
  attributes of its properties, ``name: value`` per line (the property's local name,
  ``title``, ``creator``, ``Producer``; RDF's own names, ``xml:lang`` and namespace
  declarations left out), each line once.
* ``outline``: each bookmark's title, a line each, indented two spaces per level below
  the first (at most :data:`MAX_BOOKMARKS`, :data:`MAX_LEVELS` levels: a note where a
  longer one is cut).

Bounded: the file's bytes are searched for the XMP only up to ``Config.batch_bytes`` (a
note where the file is larger); a stream is read up to :data:`MAX_XMP` bytes, inflated
no further.
"""

from __future__ import annotations

import io
import itertools
import re
import zlib
from collections.abc import Iterator
from typing import BinaryIO

import pypdfium2 as pdfium

from breachscope.extract.base import ExtractError, Note
from breachscope.extract.chunking import cut_text
from breachscope.extract.safexml import Malformed, feed_document
from breachscope.extract.units import TextUnit
from breachscope.location import Location

MAX_BOOKMARKS = 100_000
MAX_LEVELS = 32
MAX_LOOKS = 64
"""Most catalogs, and most metadata streams, looked at in one file (a hostile one may
name thousands)."""
MAX_XMP = 4 * 1024**2
"""Most bytes of an XMP stream read (a packet is a few kilobytes)."""
PLACEHOLDERS = frozenset({"untitled", "anonymous", "(unspecified)", "unspecified", "unknown"})
"""Values a library writes where it was told none."""
_DATE = re.compile(
    r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Zz])|([+-])(\d{2})'?(\d{2})?'?)?"
)
_CATALOG = re.compile(rb"/Type\s*/Catalog\b")
_METADATA_REF = re.compile(rb"/Metadata\s+(\d{1,10})\s+(\d{1,5})\s+R\b")
_METADATA_TYPE = re.compile(rb"/Type\s*/Metadata\b")
_OBJ = re.compile(rb"(?<![\d])(\d{1,10})\s+(\d{1,5})\s+obj\b")
_STREAM = re.compile(rb"stream\r?\n")
_FLATE = re.compile(rb"/Filter\s*\[?\s*/FlateDecode\s*\]?")
_FILTER = re.compile(rb"/Filter\b")
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XML = "http://www.w3.org/XML/1998/namespace"
_SKIPPED_ATTRS = frozenset({f"{_RDF} about", f"{_XML} lang", f"{_RDF} parseType"})
_WINDOW = 64 * 1024
"""How far before a ``/Type`` its object's start, and after it its stream, is looked for."""


def iso_date(value: str) -> str:
    """A PDF date (``D:YYYYMMDDHHmmSSOHH'mm'``) as its ISO form; other text as it is."""
    m = _DATE.fullmatch(value.strip())
    if not m:
        return value
    year, month, day, hour, minute, second = (g or "" for g in m.groups()[:6])
    out = "-".join(p for p in (year, month, day) if p)
    if hour:
        out += f"T{hour}:{minute or '00'}:{second or '00'}"
        if m.group(7):
            out += "Z"
        elif m.group(8):
            out += f"{m.group(8)}{m.group(9)}:{m.group(10) or '00'}"
    return out


def info_text(doc: pdfium.PdfDocument) -> str:
    """The information dictionary's entries, ``name: value`` per line."""
    lines = []
    for name, value in doc.get_metadata_dict(skip_empty=True).items():
        value = " ".join(str(value).split())
        if not value or value.lower() in PLACEHOLDERS:
            continue
        if name.endswith("Date"):
            value = iso_date(value)
        lines.append(f"{name}: {value}")
    return "\n".join(lines)


def outline_text(doc: pdfium.PdfDocument) -> tuple[str, bool]:
    """The bookmarks' titles, a line each, indented by level; and whether it was cut."""
    lines: list[str] = []
    for bookmark in doc.get_toc(max_depth=MAX_LEVELS):
        if len(lines) >= MAX_BOOKMARKS:
            return "\n".join(lines), True
        title = " ".join(bookmark.get_title().split())
        if title:
            lines.append("  " * bookmark.level + title)
    return "\n".join(lines), False


def _object_at(data: bytes, start: int) -> bytes | None:
    """The stream of the object whose ``obj`` keyword ends at ``start`` (None: it holds
    none, or one filtered otherwise than by Flate), at most :data:`MAX_XMP` bytes."""
    found = _STREAM.search(data, start, start + _WINDOW)
    end = data.find(b"endobj", start, start + _WINDOW)
    if found is None or (0 <= end < found.start()):
        return None
    head = data[start : found.start()]
    body_end = data.find(b"endstream", found.end(), found.end() + MAX_XMP + 1)
    if body_end < 0:
        body_end = min(len(data), found.end() + MAX_XMP)
    body = data[found.end() : body_end]
    body = body[:-2] if body.endswith(b"\r\n") else body.removesuffix(b"\n").removesuffix(b"\r")
    if _FLATE.search(head):
        inflater = zlib.decompressobj()
        try:
            return inflater.decompress(body, MAX_XMP)
        except zlib.error:
            return None
    return None if _FILTER.search(head) else body


def _last_object(data: bytes, opening: bytes) -> int:
    """Where the last object that opens with ``opening`` (``6 0 obj``) ends its opening,
    not preceded by a digit (-1: none)."""
    end = len(data)
    while (at := data.rfind(opening, 0, end)) >= 0:
        if at == 0 or not data[at - 1 : at].isdigit():
            return at + len(opening)
        end = at
    return -1


def xmp_streams(data: bytes) -> list[bytes]:
    """The XMP packets of a PDF's bytes: the catalog's, else every metadata stream's."""
    tried: set[bytes] = set()
    for catalog in itertools.islice(_CATALOG.finditer(data), MAX_LOOKS):
        opened = max(data.rfind(b"obj", max(0, catalog.start() - _WINDOW), catalog.start()), 0)
        closed = data.find(b"endobj", catalog.end(), catalog.end() + _WINDOW)
        ref = _METADATA_REF.search(data, opened, closed if closed > 0 else catalog.end() + _WINDOW)
        if ref is None or ref.group(0) in tried:
            continue
        tried.add(ref.group(0))
        at = _last_object(data, ref.group(1) + b" " + ref.group(2) + b" obj")
        if at >= 0:  # (the last: an incremental update's)
            stream = _object_at(data, at)
            return [stream] if stream else []
    found: dict[bytes, None] = {}
    for kind in itertools.islice(_METADATA_TYPE.finditer(data), MAX_LOOKS):
        objs = list(_OBJ.finditer(data, max(0, kind.start() - _WINDOW), kind.start()))
        obj = objs[-1] if objs else None
        if obj is not None and (stream := _object_at(data, obj.end())):
            found[stream] = None
    return list(found)


class _Properties:
    """Expat's handlers: the XMP's properties as ``name: value`` lines, each once."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.lines: dict[str, None] = {}
        self._text: list[str] = []

    def _property(self) -> str | None:
        for name in reversed(self.names):
            uri, _, local = name.rpartition(" ")
            if uri != _RDF and local not in ("xmpmeta", "RDF"):
                return local
        return None

    def _add(self, name: str, value: str) -> None:
        value = " ".join(value.split())
        if value:
            self.lines[f"{name}: {value}"] = None

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self._flush()
        self.names.append(name)
        for key, value in attrs.items():
            uri, _, local = key.rpartition(" ")
            if key in _SKIPPED_ATTRS or uri == _RDF or not uri:
                continue
            self._add(local, value)

    def end(self, name: str) -> None:
        self._flush()
        if self.names:
            self.names.pop()

    def text(self, data: str) -> None:
        self._text.append(data)

    def _flush(self) -> None:
        text, self._text = "".join(self._text), []
        prop = self._property()
        if prop is not None and text.strip():
            self._add(prop, text)


def xmp_text(packet: bytes) -> tuple[str, str | None]:
    """An XMP packet's properties, ``name: value`` per line; and why it stopped early
    (None: it did not)."""
    into = _Properties()
    stream: BinaryIO = io.BytesIO(packet)
    try:
        broke: Malformed | None = feed_document(stream, into, MAX_XMP, what="XMP metadata")
    except ExtractError as exc:
        return "", str(exc)
    stopped = None if broke is None else f"{broke.reason} at byte {broke.at}"
    return "\n".join(into.lines), stopped


def metadata_units(
    doc: pdfium.PdfDocument, fh: BinaryIO, path: str, limit: int, batch_bytes: int
) -> Iterator[TextUnit | Note]:
    """The document's ``info``, ``xmp`` and ``outline`` parts (what is unreadable in
    them a note)."""
    try:
        info = info_text(doc)
    except pdfium.PdfiumError:
        info = ""
        yield Note(Location(path, part="info"), "unreadable document information")
    yield from cut_text(Location(path, part="info"), info, limit)
    yield from _xmp(fh, path, limit, batch_bytes)
    try:
        outline, cut = outline_text(doc)
    except pdfium.PdfiumError:
        outline, cut = "", False
        yield Note(Location(path, part="outline"), "unreadable outline")
    yield from cut_text(Location(path, part="outline"), outline, limit)
    if cut:
        yield Note(Location(path, part="outline"), f"outline cut at {MAX_BOOKMARKS} bookmarks")


def _xmp(fh: BinaryIO, path: str, limit: int, batch_bytes: int) -> Iterator[TextUnit | Note]:
    """The XMP metadata's properties as the part ``xmp``."""
    where = Location(path, part="xmp")
    fh.seek(0)
    data = fh.read(batch_bytes + 1)
    if len(data) > batch_bytes:
        yield Note(where, f"XMP metadata not looked for: file larger than {batch_bytes} bytes")
        return
    texts: dict[str, None] = {}
    for packet in xmp_streams(data):
        text, stopped = xmp_text(packet)
        if text:
            texts[text] = None
        if stopped is not None:
            yield Note(where, f"XMP metadata read in part ({stopped})")
    yield from cut_text(where, "\n\n".join(texts), limit)
