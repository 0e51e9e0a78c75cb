"""Text held in an image's metadata, read beside its pixels by the image reader.

A PNG file is a signature and a run of chunks (a 4-byte big-endian length, a 4-byte type,
the data, a CRC-32 of type and data), walked here without Pillow so that text written
after the pixels is read without decoding them. Its text chunks are ``tEXt`` (a keyword
of 1-79 Latin-1 bytes, a NUL, Latin-1 text), ``zTXt`` (a keyword, a NUL, a compression
method byte, 0 for zlib, and the compressed Latin-1 text) and ``iTXt`` (a keyword, a NUL,
a compression flag and method, a language tag, a NUL, a translated keyword in UTF-8, a
NUL, and UTF-8 text, compressed where the flag is 1). A compressed text is inflated to at
most :data:`VALUE_LIMIT` bytes, the rest cut with a note.

JPEG, TIFF, WebP and GIF files are opened with Pillow, which reads their headers and
segments and decodes no pixels. Their EXIF (a TIFF directory: a JPEG's ``APP1 Exif``
segment, a WebP's ``EXIF`` chunk, a PNG's ``eXIf`` chunk, each page's directory of a TIFF file)
is read for the fields that may hold a person's data: the first directory's text
(``ASCII``) tags by their names (``ImageDescription``, ``Artist``, ``Copyright``,
``DocumentName``, ``PageName``, ``HostComputer``, and ``Make``, ``Model``, ``Software``
besides, as a fax server writes the sender there), its Windows tags ``XPTitle``,
``XPComment``, ``XPAuthor``, ``XPKeywords`` and ``XPSubject`` (UTF-16LE bytes), and the
Exif directory's text tags (``ImageUniqueID``, ``CameraOwnerName``, ``BodySerialNumber``)
and its ``UserComment`` (an 8-byte prefix naming its character code: ``ASCII``,
``UNICODE``: UTF-16 in the order its byte order mark or its zero bytes tell, ``JIS``, or
eight NULs for undefined); dates and times are left out (a photograph's date read as a
birth date helps no one), and so are the GPS directory (coordinates, no text) and the
thumbnail's directory. A JPEG's or GIF's comment (``COM`` segment, comment extension)
is read as ``Comment``.

An XMP packet (the ``<x:xmpmeta>`` RDF/XML that Adobe's tools, phones and scanners
write: a JPEG's ``APP1`` segment after ``http://ns.adobe.com/xap/1.0/``, a PNG's ``iTXt``
chunk ``XML:com.adobe.xmp``, a TIFF's tag 700, a WebP's ``XMP`` chunk) is parsed by
:mod:`breachscope.extract.safexml` (no DTD, no entities, bounded) into a line per text
node and per property written as an attribute, named by its property with the usual
prefix (``dc:title``, ``dc:description``, ``dc:creator``, ``dc:subject``,
``photoshop:Instructions``, ``Iptc4xmpCore:CiAdrCity``; a property of an unknown schema
by its local name): an ``rdf:Alt``'s, ``rdf:Bag``'s or ``rdf:Seq``'s items are each a
line under the property that holds them. The media management schema ``xmpMM``
(document and instance ids, history) and the standard schemas' dates are left out (a
custom schema's are kept). An XMP packet that stops being well formed keeps what came
before, with a note.

A TIFF file of several pages (a fax server's received fax: a directory per page, each
with its ``DocumentName``, ``PageName``, ``ImageDescription``) is read a page at a time,
each page's fields in a part of its own, ``page-N metadata``.

Each field is a line ``name: value`` (a value of several lines keeps its lines, so that
a table typed into a description stays a table); a damaged chunk (a length past the end,
a wrong CRC) ends the walk with a note, what came before kept.
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from breachscope.extract.base import ExtractError
from breachscope.extract.safexml import feed_document

if TYPE_CHECKING:
    from PIL import Image

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
VALUE_LIMIT = 4 * 1024**2
"""The most bytes one compressed text is inflated to."""
METADATA = "metadata"
"""The part that holds an image's metadata (a multi-page TIFF's: ``page-N metadata``)."""
PILLOW_FORMATS = ("JPEG", "TIFF", "WEBP", "GIF")
"""The formats whose metadata Pillow reads here (a PNG's chunks are walked here)."""
MAX_PAGES = 10_000
"""The most pages of a TIFF file whose directories are read."""
EXIF_IFD = 0x8769
USER_COMMENT = 0x9286
XP_TAGS = {0x9C9B: "XPTitle", 0x9C9C: "XPComment", 0x9C9D: "XPAuthor"}
XP_TAGS |= {0x9C9E: "XPKeywords", 0x9C9F: "XPSubject"}
XMP_TAG = 700
XMP_KEYWORD = "XML:com.adobe.xmp"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XMP_PREFIXES = {
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://ns.adobe.com/xap/1.0/rights/": "xmpRights",
    "http://ns.adobe.com/photoshop/1.0/": "photoshop",
    "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/": "Iptc4xmpCore",
    "http://iptc.org/std/Iptc4xmpExt/2008-02-29/": "Iptc4xmpExt",
    "http://ns.adobe.com/exif/1.0/": "exif",
    "http://ns.adobe.com/tiff/1.0/": "tiff",
    "http://ns.adobe.com/pdf/1.3/": "pdf",
}
"""The usual prefixes of XMP's schemas (a packet may bind others; these name the lines)."""
XMP_DATES = frozenset({"CreateDate", "ModifyDate", "MetadataDate", "DateCreated"})
XMP_DATES |= {"DateTimeOriginal", "DateTimeDigitized", "DateTime"}
"""The dates of the standard schemas, left out (a custom schema's dates are kept)."""
XMP_LEFT_OUT = (
    RDF,
    "adobe:ns:meta/",
    "http://www.w3.org/XML/1998/namespace",
    "http://ns.adobe.com/xap/1.0/mm/",
    "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#",
    "http://ns.adobe.com/xap/1.0/sType/ResourceRef#",
)
"""Namespaces whose elements and attributes name no field (RDF's syntax, ``xml:lang``) or
hold nothing of a person (the media management schema and its types)."""
LEFT_OUT = ("DateTime", "SubsecTime", "OffsetTime")
"""Text tags left out by a part of their names: dates and times."""


@dataclass
class Metadata:
    """What an image's metadata holds: its fields' lines by part, and notes on what was
    cut or damaged (each with the part it concerns)."""

    budget: int
    """The most characters of text kept, all parts together."""
    parts: dict[str, list[str]] = field(default_factory=dict)
    notes: list[tuple[str, str]] = field(default_factory=list)
    full: bool = False

    def add(self, name: str, value: str, part: str = METADATA) -> None:
        """Keep ``name: value`` (its line ends made ``\\n``, NULs and white space at its
        ends dropped); an empty value is left out, and once the budget is spent the rest
        is noted once and dropped."""
        value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", " ").strip()
        if not value or self.full:
            return
        line = f"{name}: {value}"
        if len(line) > self.budget:
            self.full = True
            self.notes.append((part, "metadata cut: more text than Config.batch_bytes"))
            return
        self.budget -= len(line) + 1
        self.parts.setdefault(part, []).append(line)

    def note(self, reason: str, part: str = METADATA) -> None:
        self.notes.append((part, reason))

    def texts(self) -> dict[str, str]:
        """Each part's text: its lines, each ended by a line break."""
        return {part: "".join(f"{line}\n" for line in lines) for part, lines in self.parts.items()}


def read_metadata(data: bytes, budget: int) -> Metadata:
    """The metadata of the image in ``data`` (its format told by its first bytes)."""
    meta = Metadata(budget)
    if data.startswith(PNG_SIGNATURE):
        png_fields(data, meta)
    else:
        pillow_fields(data, meta)
    return meta


def pillow_fields(data: bytes, meta: Metadata) -> None:
    """Keep the metadata of a JPEG, TIFF, WebP or GIF file that Pillow opens; a file it
    does not know is left (its pixels are the OCR's), one it refuses is noted."""
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image = Image.open(io.BytesIO(data), formats=PILLOW_FORMATS)
            exif = image.getexif()
            comment = image.info.get("comment")
    except UnidentifiedImageError:
        return
    except Exception as exc:  # Pillow raises many kinds for bad headers and segments
        meta.note(f"image metadata unreadable ({type(exc).__name__})")
        return
    if image.format == "TIFF":
        tiff_pages(image, meta)
        return
    exif_fields(exif, meta)
    xmp = image.info.get("xmp")
    if isinstance(xmp, bytes):
        xmp_fields(xmp, meta)
    if isinstance(comment, bytes | str):
        meta.add("Comment", comment if isinstance(comment, str) else decode_8bit(comment))


def tiff_pages(image: Image.Image, meta: Metadata) -> None:
    """Keep each page's (directory's) fields of a TIFF file that Pillow opened: its text
    tags, Windows tags, Exif directory and XMP packet (tag 700), in part ``metadata`` for
    a file of one page, ``page-N metadata`` (from 1) for a file of several. Pages are
    followed up to :data:`MAX_PAGES`; Pillow refuses a directory chain that loops."""
    multi = seek_page(image, 1, meta)
    page = 0
    while page < MAX_PAGES and seek_page(image, page, meta):
        part = f"page-{page + 1} {METADATA}" if multi else METADATA
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exif = image.getexif()
        except Exception as exc:  # Pillow raises many kinds for a bad directory
            meta.note(f"TIFF directory unreadable ({type(exc).__name__})", part)
            return
        exif_fields(exif, meta, part)
        xmp = dict(entries(exif)).get(XMP_TAG)
        if isinstance(xmp, bytes):
            xmp_fields(xmp, meta, part)
        if not multi:
            return
        page += 1
    if page == MAX_PAGES:
        meta.note(f"TIFF pages after the first {MAX_PAGES} not read")


def seek_page(image: Image.Image, page: int, meta: Metadata) -> bool:
    """Whether the TIFF ``image`` has page ``page`` (from 0), now its current page; a
    directory chain that breaks is noted (once per page)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            image.seek(page)
    except EOFError:
        return False
    except Exception as exc:  # Pillow raises many kinds for a bad directory chain
        if page:
            meta.note(f"TIFF page {page + 1} unreadable ({type(exc).__name__})")
        return False
    return True


def exif_fields(exif: Image.Exif, meta: Metadata, part: str = METADATA) -> None:
    """Keep the fields of an EXIF directory and its Exif directory."""
    from PIL import ExifTags

    ifd0: Mapping[int, object] = exif
    for tag, value in entries(ifd0):
        if tag in XP_TAGS:
            meta.add(XP_TAGS[tag], xp_text(value), part)
        else:
            text_tag(ExifTags.TAGS.get(tag, f"Tag{tag}"), value, meta, part)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sub: Mapping[int, object] = exif.get_ifd(EXIF_IFD)
    except Exception as exc:  # Pillow raises many kinds for a bad directory
        meta.note(f"EXIF directory unreadable ({type(exc).__name__})", part)
        return
    for tag, value in entries(sub):
        if tag == USER_COMMENT and isinstance(value, bytes):
            meta.add("UserComment", user_comment(value, exif.endian or "<"), part)
        else:
            text_tag(ExifTags.TAGS.get(tag, f"Tag{tag}"), value, meta, part)


class XmpReader:
    """Expat handlers that keep an XMP packet's text nodes and attribute properties."""

    def __init__(self, meta: Metadata, part: str) -> None:
        self.meta = meta
        self.part = part
        self.names: list[str | None] = []
        """Per open element, the property it names (``None`` for RDF's syntax)."""
        self.buffer: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.flush()
        self.names.append(xmp_name(name))
        for key, value in attrs.items():
            prop = xmp_name(key)
            if prop is not None:
                self.meta.add(prop, value, self.part)

    def end(self, name: str) -> None:
        self.flush()
        if self.names:
            self.names.pop()

    def text(self, data: str) -> None:
        self.buffer.append(data)

    def flush(self) -> None:
        """Keep the text read since the last tag under the innermost property."""
        text = "".join(self.buffer)
        self.buffer.clear()
        prop = next((n for n in reversed(self.names) if n is not None), None)
        if prop is not None and text.strip():
            self.meta.add(prop, text, self.part)


def xmp_name(name: str) -> str | None:
    """The line name of an XMP element or attribute (expat's ``"uri local"``): its
    schema's prefix and local name, or ``None`` where it names no field to keep."""
    uri, _, local = name.rpartition(" ")
    if uri in XMP_LEFT_OUT or not uri or local in XMP_DATES:
        return None
    prefix = XMP_PREFIXES.get(uri)
    return f"{prefix}:{local}" if prefix else local


def xmp_fields(packet: bytes, meta: Metadata, part: str = METADATA) -> None:
    """Keep the text of an XMP packet (bounded by the metadata's budget)."""
    reader = XmpReader(meta, part)
    try:
        broken = feed_document(io.BytesIO(packet), reader, len(packet), what="XMP packet")
    except ExtractError as exc:
        meta.note(str(exc), part)
        return
    reader.flush()
    if broken is not None:
        meta.note(f"XMP packet not well formed at byte {broken.at} ({broken.reason})", part)


def entries(ifd: Mapping[int, object]) -> list[tuple[int, object]]:
    """A directory's tags and values, as Pillow reads them on demand; a damaged entry
    (one whose value Pillow cannot read) is left out."""
    out: list[tuple[int, object]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            tags = list(ifd)
        except Exception:  # Pillow raises many kinds for a bad directory
            return out
        for tag in tags:
            try:
                out.append((tag, ifd[tag]))
            except Exception:  # (a KeyError for an entry its own reading dropped, ...)
                continue
    return out


def xp_text(value: object) -> str:
    """A Windows ``XP`` tag's text: UTF-16LE in bytes (Pillow gives them as bytes or as
    a tuple of byte values); anything else is no text."""
    if isinstance(value, tuple) and all(isinstance(v, int) and 0 <= v < 256 for v in value):
        value = bytes(value)
    return value.decode("utf-16-le", "replace") if isinstance(value, bytes) else ""


def text_tag(name: str, value: object, meta: Metadata, part: str) -> None:
    """Keep a text (``ASCII``) tag's value (several strings apart by ``; ``), unless
    its name says it holds a date or time; other types are no text and left."""
    if any(word in name for word in LEFT_OUT):
        return
    if isinstance(value, str):
        meta.add(name, value, part)
    elif isinstance(value, tuple) and value and all(isinstance(v, str) for v in value):
        meta.add(name, "; ".join(str(v) for v in value), part)


def user_comment(raw: bytes, endian: str) -> str:
    """An Exif ``UserComment``: its text after the 8-byte code that names its encoding."""
    code, text = raw[:8], raw[8:]
    if code == b"UNICODE\x00":
        if text[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return text.decode("utf-16", "replace")
        odd, even = text[1::2].count(0), text[0::2].count(0)
        little = odd > even or (odd == even and endian == "<")
        return text.decode("utf-16-le" if little else "utf-16-be", "replace")
    if code == b"JIS\x00\x00\x00\x00\x00":
        return text.decode("iso2022_jp", "replace")
    return decode_8bit(text)


def decode_8bit(raw: bytes) -> str:
    """Bytes of text in no stated encoding: UTF-8 where they are, else Windows-1252."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def inflate(body: bytes) -> tuple[bytes, bool]:
    """``body`` inflated by zlib to at most :data:`VALUE_LIMIT` bytes, and whether it was
    cut there; :class:`zlib.error` where it is damaged."""
    inflater = zlib.decompressobj()
    out = inflater.decompress(body, VALUE_LIMIT)
    return out, bool(inflater.unconsumed_tail)


def png_fields(data: bytes, meta: Metadata) -> None:
    """Walk the chunks of the PNG file ``data`` and keep its text chunks' fields."""
    pos = len(PNG_SIGNATURE)
    while pos < len(data):
        if pos + 12 > len(data):
            meta.note(f"PNG chunk header at byte {pos} cut short: the file ends")
            return
        length, kind = struct.unpack_from(">I4s", data, pos)
        end = pos + 8 + length
        if length > 0x7FFFFFFF or end + 4 > len(data):
            meta.note(f"PNG chunk at byte {pos} runs past the end of the file ({length} bytes)")
            return
        body = data[pos + 8 : end]
        (crc,) = struct.unpack_from(">I", data, end)
        if zlib.crc32(kind + body) != crc:
            meta.note(f"PNG chunk at byte {pos} is damaged (wrong CRC)")
            return
        if kind == b"IEND":
            return
        if kind in (b"tEXt", b"zTXt", b"iTXt"):
            png_text(kind.decode("ascii"), body, pos, meta)
        elif kind == b"eXIf":
            png_exif(body, pos, meta)
        pos = end + 4
    meta.note("PNG file ends without its IEND chunk")


def png_exif(body: bytes, at: int, meta: Metadata) -> None:
    """Keep the fields of a PNG's ``eXIf`` chunk (at byte ``at``): an EXIF directory."""
    from PIL import Image

    exif = Image.Exif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exif.load(body)
    except Exception as exc:  # Pillow raises many kinds for a bad directory
        meta.note(f"PNG eXIf chunk at byte {at} unreadable ({type(exc).__name__})")
        return
    exif_fields(exif, meta)


def png_text(kind: str, body: bytes, at: int, meta: Metadata) -> None:
    """Keep the field of one text chunk (``kind`` ``tEXt``, ``zTXt`` or ``iTXt``, at byte
    ``at``); one that is not well formed is noted and left."""
    keyword, sep, rest = body.partition(b"\x00")
    if not sep or not 1 <= len(keyword) <= 79:
        meta.note(f"PNG {kind} chunk at byte {at} has no keyword")
        return
    name = keyword.decode("latin-1")
    if kind == "iTXt" and name == XMP_KEYWORD and rest[:1] == b"\x00":
        _, _, rest = rest[2:].partition(b"\x00")
        _, _, packet = rest.partition(b"\x00")
        xmp_fields(packet, meta)
        return
    if kind == "tEXt":
        meta.add(name, rest.decode("latin-1"))
        return
    if kind == "zTXt":
        compressed, header = True, rest[:1]
        text = rest[1:]
        encoding = "latin-1"
    else:
        if len(rest) < 2:
            meta.note(f"PNG iTXt chunk at byte {at} ('{name}') cut short")
            return
        compressed, header = rest[0] == 1, rest[1:2]
        language, _, rest = rest[2:].partition(b"\x00")
        translated, _, text = rest.partition(b"\x00")
        label = ": ".join(
            p for p in (language.decode("latin-1"), translated.decode("utf-8", "replace")) if p
        )
        name = f"{name} ({label})" if label else name
        encoding = "utf-8"
    if compressed:
        if header != b"\x00":
            meta.note(f"PNG {kind} chunk at byte {at} ('{name}'): unknown compression")
            return
        try:
            text, cut = inflate(text)
        except zlib.error:
            meta.note(f"PNG {kind} chunk at byte {at} ('{name}'): its compressed text is damaged")
            return
        if cut:
            meta.note(f"PNG {kind} chunk at byte {at} ('{name}') cut at {VALUE_LIMIT} bytes")
    meta.add(name, text.decode(encoding, "replace"))
