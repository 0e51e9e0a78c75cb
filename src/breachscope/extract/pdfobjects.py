"""A PDF's objects read from its bytes, and the text of those its last revision no longer
uses (``part=revision-N``), read beside the pages by :mod:`breachscope.extract.pdf`.

A PDF is changed by an incremental update: the changed objects, a new cross-reference
section and a new trailer (its ``/Prev`` the old section) are appended, each revision
ending in ``%%EOF``. A viewer, and pdfium, show only the last revision, but the objects it
replaced stay in the file: a page's content stream from before it was "anonymised", the
document information dictionary's old title. This module finds them:

* Every indirect object (``n g obj ... endobj``) is found by scanning the bytes in order,
  a stream passed over by its ``/Length`` (else up to its ``endstream``), so that bytes
  inside a stream are never taken for objects; the objects held in object streams
  (``/Type /ObjStm``, PDF 1.5) are read out of them. The cross-reference sections are not
  trusted (a damaged or hand-made file has them wrong): an object defined again later in
  the file replaces the earlier one, as an update does.
* The objects the last revision uses are those reached from its trailer (the last
  ``trailer`` dictionary or cross-reference stream: ``/Root``, ``/Info``) by following
  references to each number's last definition. Every other object (an earlier definition
  of a number, or one no longer referred to) is read: its revision is the number of
  ``%%EOF`` markers before it, plus one. Where the trailer's root is not found, or an
  object stream cannot be decoded, only the earlier definitions are read (never the text
  the pages show again).
* From such an object: a content stream's text (decoded through the standard filters
  ``FlateDecode``, ``LZWDecode``, ``ASCIIHexDecode``, ``ASCII85Decode``,
  ``RunLengthDecode``; its operators ``Tj``, ``TJ``, ``'`` and ``"``; literal strings
  with their escapes and hex strings, in WinAnsi unless marked UTF-16); an XMP stream's
  properties (:func:`breachscope.extract.pdfmeta.xmp_text`); a dictionary's strings
  (``Title: ...``: an old information dictionary, an annotation or form field replaced),
  as text strings (UTF-16BE with its byte-order mark, UTF-8 with its, else
  PDFDocEncoding), a date as its ISO instant.

Encrypted files (a trailer with ``/Encrypt``) are not read this way: their strings and
streams are ciphertext. Bounded: the file is read up to ``Config.batch_bytes`` (a note
where it is larger), at most :data:`MAX_OBJECTS` objects, a stream decoded to at most
:data:`MAX_STREAM` bytes, nesting :data:`MAX_DEPTH` deep.
"""

from __future__ import annotations

import base64
import bisect
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from breachscope.extract.base import Note
from breachscope.extract.chunking import cut_text
from breachscope.extract.pdfmeta import PLACEHOLDERS, iso_date, xmp_text
from breachscope.extract.units import TextUnit
from breachscope.location import Location

MAX_OBJECTS = 1_000_000
MAX_STREAM = 16 * 1024**2
"""Most bytes a stream is decoded to."""
MAX_DEPTH = 64
MAX_ITEMS = 1_000_000
"""Most values one object (a dictionary, an array and all they hold) is parsed into."""
KERNING_SPACE = -250
"""A ``TJ`` adjustment at most this (thousandths of a text unit) is a word's space."""
SKIPPED_KEYS = frozenset({"ID", "O", "U", "OE", "UE", "Perms", "DA", "DS", "Length"})
"""Dictionary keys whose strings are never text (identifiers, hashes, appearances)."""
_WHITE = b"\x00\t\n\x0c\r "
_DELIMS = b"()<>[]{}/%"
_TOKEN = re.compile(
    rb"(?P<ws>(?:[\x00\t\n\x0c\r ]|%[^\r\n]*)+)"
    rb"|(?P<num>[+-]?(?:\d+\.?\d*|\.\d+))(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])"
    rb"|(?P<name>/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*)"
    rb"|(?P<dict><<|>>)"
    rb"|(?P<hex><[0-9A-Fa-f\x00\t\n\x0c\r ]*>)"
    rb"|(?P<punct>[\[\]{}()])"
    rb"|(?P<word>[^\x00\t\n\x0c\r ()<>\[\]{}/%]+)"
)
_OBJ = re.compile(
    rb"(?<![0-9])(\d{1,10})[\x00\t\n\x0c\r ]+(\d{1,5})[\x00\t\n\x0c\r ]+obj(?![A-Za-z])"
)
_TRAILER = re.compile(rb"(?<![A-Za-z])trailer[\x00\t\n\x0c\r ]*<<")
_EOF = re.compile(rb"%%EOF")
_ESCAPES = {
    ord("n"): b"\n",
    ord("r"): b"\r",
    ord("t"): b"\t",
    ord("b"): b"\b",
    ord("f"): b"\f",
}
_PDFDOC_HIGH = (
    "\u2022\u2020\u2021\u2026\u2014\u2013\u0192\u2044\u2039\u203a\u2212\u2030\u201e\u201c"
    "\u201d\u2018\u2019\u201a\u2122\ufb01\ufb02\u0141\u0152\u0160\u0178\u017d\u0131\u0142"
    "\u0153\u0161\u017e\ufffd\u20ac"
)
"""PDFDocEncoding's characters 0x80-0xA0 (ISO 32000-1, annex D); the rest is Latin-1
but for 0x18-0x1F, :data:`_PDFDOC_LOW`."""
_PDFDOC_LOW = "\u02d8\u02c7\u02c6\u02d9\u02dd\u02db\u02da\u02dc"
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffd]")


class Bad(Exception):
    """A value that does not parse (the object is passed over)."""


class Name(str):
    """A PDF name (``/Title`` as ``Title``)."""


class Word(str):
    """A keyword: an operator of a content stream, ``true``, ``null``, ``R``..."""


class PdfBytes(bytes):
    """A PDF string's bytes; ``hexed``: it was written as a hex string."""

    hexed: bool = False


@dataclass(frozen=True, slots=True)
class Ref:
    """An indirect reference ``n g R``."""

    number: int
    generation: int


@dataclass(slots=True)
class PdfObject:
    """An indirect object: where it starts (for one in an object stream, its stream's
    place plus its index there, as a fraction), its value and its stream's bytes."""

    number: int
    at: float
    value: object
    stream: tuple[int, int] | None = None


class Lexer:
    """The tokens of PDF syntax from ``pos`` on (ISO 32000-1, 7.2-7.3)."""

    def __init__(self, data: bytes, pos: int = 0, end: int | None = None) -> None:
        self.data = data
        self.pos = pos
        self.end = len(data) if end is None else end
        self.items = 0

    def skip_white(self) -> None:
        """Passes over white space and comments."""
        m = _TOKEN.match(self.data, self.pos, self.end)
        if m is not None and m.lastgroup == "ws":
            self.pos = m.end()

    def token(self) -> tuple[str, bytes] | None:
        """The next token (kind and bytes), None at the end; a literal string's bytes
        decoded (kind ``str``)."""
        self.skip_white()
        if self.pos >= self.end:
            return None
        m = _TOKEN.match(self.data, self.pos, self.end)
        if m is None:
            self.pos += 1
            return ("junk", self.data[self.pos - 1 : self.pos])
        kind = m.lastgroup or "junk"
        if kind == "punct" and m.group(0) == b"(":
            return ("str", self.literal())
        self.pos = m.end()
        return (kind, m.group(0))

    def literal(self) -> bytes:
        """A literal string, its escapes decoded (``pos`` at its ``(``)."""
        data, i, depth, out = self.data, self.pos + 1, 1, bytearray()
        special = re.compile(rb"[()\\\r]")
        while True:
            m = special.search(data, i, self.end)
            if m is None:
                raise Bad("unterminated string")
            out += data[i : m.start()]
            c, i = data[m.start()], m.start() + 1
            if c == 0x28:
                depth += 1
                out.append(c)
            elif c == 0x29:
                depth -= 1
                if depth == 0:
                    self.pos = i
                    return bytes(out)
                out.append(c)
            elif c == 0x0D:  # an unescaped end of line is a newline
                out.append(0x0A)
                if data[i : i + 1] == b"\n":
                    i += 1
            else:
                i = self._escape(out, i)

    def _escape(self, out: bytearray, i: int) -> int:
        """Decodes the escape after a backslash at ``i - 1``; where it ends."""
        if i >= self.end:
            raise Bad("unterminated string")
        c = self.data[i]
        if c in _ESCAPES:
            out += _ESCAPES[c]
            return i + 1
        if 0x30 <= c <= 0x37:
            j = i
            while j < min(i + 3, self.end) and 0x30 <= self.data[j] <= 0x37:
                j += 1
            out.append(int(self.data[i:j], 8) & 0xFF)
            return j
        if c == 0x0D:  # a line continued
            return i + 2 if self.data[i + 1 : i + 2] == b"\n" else i + 1
        if c == 0x0A:
            return i + 1
        out.append(c)
        return i + 1

    def value(self, depth: int = 0) -> object:
        """The next whole value (an ``n g R`` reference read as one)."""
        tok = self.token()
        if tok is None:
            raise Bad("no value")
        return self._value(tok, depth)

    def _value(self, tok: tuple[str, bytes], depth: int) -> object:
        self.items += 1
        if depth > MAX_DEPTH or self.items > MAX_ITEMS:
            raise Bad("nested too deep")
        kind, raw = tok
        if kind == "str":
            return PdfBytes(raw)
        if kind == "hex":
            return hex_string(raw)
        if kind == "name":
            return Name(_name(raw))
        if kind == "num":
            return self._number(raw)
        if kind == "dict" and raw == b"<<":
            return self._dict(depth)
        if kind == "punct" and raw == b"[":
            return self._array(depth)
        if kind == "word":
            word = raw.decode("latin-1")
            return {"true": True, "false": False, "null": None}.get(word, Word(word))
        raise Bad(f"unexpected {raw[:10]!r}")

    def _number(self, raw: bytes) -> object:
        """A number, or the reference it begins (``12 0 R``)."""
        if b"." in raw:
            return float(raw)
        number = int(raw)
        if raw[:1] in b"+-":
            return number
        back = self.pos
        second = self.token()
        if second is not None and second[0] == "num" and second[1].isdigit():
            third = self.token()
            if third == ("word", b"R"):
                return Ref(number, int(second[1]))
        self.pos = back
        return number

    def _dict(self, depth: int) -> dict[str, object]:
        out: dict[str, object] = {}
        while True:
            tok = self.token()
            if tok is None:
                raise Bad("unterminated dictionary")
            if tok == ("dict", b">>"):
                return out
            if tok[0] != "name":
                raise Bad("dictionary key not a name")
            out[_name(tok[1])] = self.value(depth + 1)

    def _array(self, depth: int) -> list[object]:
        out: list[object] = []
        while True:
            tok = self.token()
            if tok is None:
                raise Bad("unterminated array")
            if tok == ("punct", b"]"):
                return out
            out.append(self._value(tok, depth + 1))


def _name(raw: bytes) -> str:
    """A name's text (``/A#20B`` as ``A B``)."""
    body = raw[1:]
    if b"#" in body:
        body = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), body)
    return body.decode("utf-8", errors="replace")


def hex_string(raw: bytes) -> PdfBytes:
    """A hex string's bytes (``<4142>``; white space ignored, an odd last digit a 0)."""
    digits = bytes(b for b in raw[1:-1] if b not in _WHITE)
    if len(digits) % 2:
        digits += b"0"
    out = PdfBytes(bytes.fromhex(digits.decode("ascii")))
    out.hexed = True
    return out


def text_string(raw: bytes) -> str:
    """A text string (7.9.2.2): UTF-16BE or UTF-8 after a byte-order mark, else
    PDFDocEncoding."""
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", errors="replace")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    chars = []
    for b in raw:
        if 0x80 <= b <= 0xA0:
            chars.append(_PDFDOC_HIGH[b - 0x80])
        elif 0x18 <= b <= 0x1F:
            chars.append(_PDFDOC_LOW[b - 0x18])
        else:
            chars.append(chr(b))
    return "".join(chars)


def shown_string(raw: bytes) -> str:
    """A string a content stream shows, in a simple font's WinAnsi (the encoding the font
    names is not followed); a hex string of two-byte codes that are Unicode (every first
    byte zero, or a byte-order mark) as UTF-16BE."""
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", errors="replace")
    hexed = isinstance(raw, PdfBytes) and raw.hexed and len(raw) % 2 == 0
    if hexed and raw and not any(raw[0::2]):
        return raw.decode("utf-16-be", errors="replace")
    return raw.decode("cp1252", errors="replace")


def decode_stream(raw: bytes, head: dict[str, object], limit: int = MAX_STREAM) -> bytes | None:
    """A stream's bytes through its filters (None: a filter not decoded here, a
    predictor, or damage), at most ``limit`` bytes."""
    filters = head.get("Filter")
    names = filters if isinstance(filters, list) else [filters] if filters else []
    parms = head.get("DecodeParms")
    parm_list = parms if isinstance(parms, list) else [parms] * len(names)
    data = raw
    for index, name in enumerate(names):
        parm = parm_list[index] if index < len(parm_list) else None
        predictor = parm.get("Predictor") if isinstance(parm, dict) else None
        if isinstance(predictor, int) and predictor > 1:
            return None
        try:
            decoded = _filter(str(name), data, limit)
        except (ValueError, zlib.error):
            return None
        if decoded is None:
            return None
        data = decoded
    return data[:limit]


def _filter(name: str, data: bytes, limit: int) -> bytes | None:
    """One filter's output, or None where it is not one decoded here."""
    if name in ("FlateDecode", "Fl"):
        inflater = zlib.decompressobj()
        try:
            return inflater.decompress(data, limit)
        except zlib.error:
            inflater = zlib.decompressobj(-15)  # (no zlib header: raw deflate)
            return inflater.decompress(data, limit)
    if name in ("ASCIIHexDecode", "AHx"):
        end = data.find(b">")
        return bytes(hex_string(b"<" + (data if end < 0 else data[:end]) + b">"))
    if name in ("ASCII85Decode", "A85"):
        body = data.strip(_WHITE)
        body = body.removeprefix(b"<~")
        end = body.find(b"~>")
        body = body if end < 0 else body[:end]
        return base64.a85decode(bytes(b for b in body if b not in _WHITE))[:limit]
    if name in ("LZWDecode", "LZW"):
        return lzw_decode(data, limit)
    if name in ("RunLengthDecode", "RL"):
        return run_length_decode(data, limit)
    return None


def lzw_decode(data: bytes, limit: int) -> bytes:
    """LZW as PDF writes it (7.4.4: codes of 9 to 12 bits, most significant first, 256 a
    clear, 257 the end, early change on)."""
    out = bytearray()
    table: list[bytes] = [bytes([i]) for i in range(256)] + [b"", b""]
    width, bits, buffer, previous = 9, 0, 0, b""
    for byte in data:
        buffer = (buffer << 8) | byte
        bits += 8
        while bits >= width:
            bits -= width
            code = (buffer >> bits) & ((1 << width) - 1)
            if code == 256:
                table, width, previous = table[:258], 9, b""
                continue
            if code == 257:
                return bytes(out[:limit])
            if code < len(table):
                entry = table[code]
                if previous:
                    table.append(previous + entry[:1])
            elif code == len(table) and previous:
                entry = previous + previous[:1]
                table.append(entry)
            else:
                raise ValueError("bad LZW code")
            out += entry
            if len(out) >= limit:
                return bytes(out[:limit])
            previous = entry
            if len(table) + 1 >= (1 << width) and width < 12:
                width += 1
    return bytes(out)


def run_length_decode(data: bytes, limit: int) -> bytes:
    """RunLengthDecode (7.4.5): a length byte, 0-127 that many plus one bytes copied,
    129-255 the next byte 257 less it times, 128 the end."""
    out = bytearray()
    i = 0
    while i < len(data) and len(out) < limit:
        n = data[i]
        if n == 128:
            break
        if n < 128:
            out += data[i + 1 : i + 2 + n]
            i += 2 + n
        else:
            out += data[i + 1 : i + 2] * (257 - n)
            i += 2
    return bytes(out[:limit])


@dataclass(slots=True)
class Scan:
    """A file's objects in file order, its trailers' dictionaries and ``%%EOF`` places."""

    objects: list[PdfObject]
    trailer: dict[str, object] | None
    eofs: list[int]
    complete: bool
    """Whether every object stream was read."""
    cut: bool = False
    """Whether :data:`MAX_OBJECTS` cut the scan."""


def scan(data: bytes) -> Scan:
    """Every indirect object of ``data`` and the last trailer."""
    objects: list[PdfObject] = []
    trailers: list[tuple[int, dict[str, object]]] = []
    complete, cut = True, False
    pos = 0
    while (m := _OBJ.search(data, pos)) is not None:
        if len(objects) >= MAX_OBJECTS:
            cut = True
            break
        lexer = Lexer(data, m.end())
        pos = m.end()
        try:
            value = lexer.value()
        except Bad:
            continue
        obj = PdfObject(int(m.group(1)), float(m.start()), value)
        pos = lexer.pos
        if isinstance(value, dict):
            lexer.skip_white()
            if data.startswith(b"stream", lexer.pos):
                obj.stream, pos = _stream_bounds(data, lexer.pos + 6, value)
            if value.get("Type") == "XRef":
                trailers.append((m.start(), value))
        objects.append(obj)
        if obj.stream is not None and isinstance(value, dict) and value.get("Type") == "ObjStm":
            held = _object_stream(data, obj)
            if held is None:
                complete = False
            objects.extend(held or [])
    for t in _TRAILER.finditer(data):
        lexer = Lexer(data, t.end() - 2)
        try:
            value = lexer.value()
        except Bad:
            continue
        if isinstance(value, dict):
            trailers.append((t.start(), value))
    trailer = max(trailers, key=lambda t: t[0])[1] if trailers else None
    eofs = [e.start() for e in _EOF.finditer(data)]
    return Scan(objects, trailer, eofs, complete, cut)


def _stream_bounds(data: bytes, at: int, head: dict[str, object]) -> tuple[tuple[int, int], int]:
    """A stream's bytes (start, end) after its ``stream`` keyword at ``at``, and where
    the scan goes on: by its direct ``/Length`` where ``endstream`` follows it, else up
    to the next ``endstream``."""
    if data.startswith(b"\r\n", at):
        start = at + 2
    elif data[at : at + 1] in (b"\n", b"\r"):
        start = at + 1
    else:
        start = at
    length = head.get("Length")
    if isinstance(length, int) and 0 <= length <= len(data) - start:
        after = Lexer(data, start + length)
        after.skip_white()
        if data.startswith(b"endstream", after.pos):
            return (start, start + length), after.pos + 9
    end = data.find(b"endstream", start)
    if end < 0:
        return (start, len(data)), len(data)
    stop = end
    if data[stop - 1 : stop] == b"\n":
        stop -= 1
    if data[stop - 1 : stop] == b"\r":
        stop -= 1
    return (start, max(start, stop)), end + 9


def _object_stream(data: bytes, container: PdfObject) -> list[PdfObject] | None:
    """The objects an object stream holds (7.5.7), or None where it does not decode."""
    head = container.value
    assert isinstance(head, dict) and container.stream is not None
    body = decode_stream(data[slice(*container.stream)], head)
    count, first = head.get("N"), head.get("First")
    if body is None or not isinstance(count, int) or not isinstance(first, int):
        return None
    lexer = Lexer(body)
    pairs: list[tuple[int, int]] = []
    try:
        for _ in range(min(count, MAX_OBJECTS)):
            number, offset = lexer.value(), lexer.value()
            if not isinstance(number, int) or not isinstance(offset, int):
                return None
            pairs.append((number, offset))
    except Bad:
        return None
    out = []
    for index, (number, offset) in enumerate(pairs):
        try:
            value = Lexer(body, first + offset).value()
        except Bad:
            continue
        at = container.at + (index + 1) / (len(pairs) + 1)
        out.append(PdfObject(number, at, value))
    return out


def unused(found: Scan) -> list[PdfObject]:
    """The objects the last revision does not use, in file order: each number's earlier
    definitions, and (where the trailer's root is found and every object stream read)
    those its trailer does not reach."""
    latest: dict[int, PdfObject] = {}
    for obj in found.objects:
        if obj.number not in latest or obj.at >= latest[obj.number].at:
            latest[obj.number] = obj
    live: set[int] = {id(obj) for obj in latest.values()}
    trailer = found.trailer
    root = trailer.get("Root") if trailer else None
    if trailer and found.complete and isinstance(root, Ref) and root.number in latest:
        live = set()
        todo: list[object] = [trailer.get("Root"), trailer.get("Info")]
        while todo:
            item = todo.pop()
            if isinstance(item, Ref):
                target = latest.get(item.number)
                if target is not None and id(target) not in live:
                    live.add(id(target))
                    todo.append(target.value)
            elif isinstance(item, dict):
                todo.extend(item.values())
            elif isinstance(item, list):
                todo.extend(item)
    return [obj for obj in found.objects if id(obj) not in live]


_SKIPPED_TYPES = frozenset({"XRef", "ObjStm", "Font", "FontDescriptor", "EmbeddedFile"})
_SKIPPED_SUBTYPES = frozenset({"Image", "Type1C", "CIDFontType0C", "OpenType", "XML"})
_CONTENT_KEYS = frozenset({
    "Length", "Filter", "DecodeParms", "DL", "Type", "Subtype", "FormType", "BBox", "Matrix",
    "Resources", "Group", "Ref", "Metadata", "PieceInfo", "LastModified", "StructParent",
    "StructParents", "OPI", "OC", "Name", "F", "FFilter", "FDecodeParms",
})  # fmt: skip
"""The keys a page's content stream or a form XObject's dictionary may hold (ISO
32000-1, 7.3.8.2 and 8.10.2); a stream with others is of another kind."""


def object_text(data: bytes, obj: PdfObject) -> str:
    """What an unused object says: its content stream's text, its XMP's properties or
    its dictionary's strings."""
    value = obj.value
    if not isinstance(value, dict):
        return ""
    if obj.stream is None:
        return dict_text(value)
    kind, sub = value.get("Type"), value.get("Subtype")
    if kind in _SKIPPED_TYPES or (sub in _SKIPPED_SUBTYPES and kind != "Metadata"):
        return ""
    if kind != "Metadata" and not set(value) <= _CONTENT_KEYS:
        return ""  # a font program, an ICC profile, a hint stream...: no content stream
    body = decode_stream(data[slice(*obj.stream)], value)
    if body is None:
        return ""
    if kind == "Metadata":
        return xmp_text(body)[0]
    return content_text(body)


def dict_text(value: dict[str, object]) -> str:
    """A dictionary's string values, ``key: text`` per line (a date as ISO; rich text
    stripped of its markup; strings that are not text left out)."""
    lines = []
    for key, item in value.items():
        if key in SKIPPED_KEYS or not isinstance(item, PdfBytes):
            continue
        text = text_string(item)
        if key == "RC" or text.lstrip().startswith("<?xml"):
            text = re.sub(r"<[^>]*>", " ", text)
        text = " ".join(_CONTROLS.sub(" ", text).split())
        if not text or not _texty(text) or text.lower() in PLACEHOLDERS:
            continue
        if key.endswith("Date") or text.startswith("D:"):
            text = iso_date(text)
        lines.append(f"{key}: {text}")
    return "\n".join(lines)


def _texty(text: str) -> bool:
    """Whether a decoded string reads as text (most of it letters, digits, punctuation)."""
    good = sum(1 for c in text if c.isprintable())
    return good >= 0.9 * len(text)


class _Shown:
    """The text a content stream's operators show, line by line."""

    def __init__(self) -> None:
        self.lines: list[list[str]] = [[]]

    def show(self, text: str) -> None:
        self.lines[-1].append(_CONTROLS.sub("", text))

    def newline(self) -> None:
        if self.lines[-1]:
            self.lines.append([])

    def space(self) -> None:
        if self.lines[-1] and not self.lines[-1][-1].endswith(" "):
            self.lines[-1].append(" ")

    def text(self) -> str:
        lines = ("".join(parts).strip() for parts in self.lines)
        return "\n".join(line for line in lines if line)


def content_text(body: bytes) -> str:
    """The text of a content stream's text-showing operators (9.4.3), a line per
    ``T*``, ``'``, ``"``, line-moving ``Td``/``TD``/``Tm`` and ``ET``; a space for a
    move along the line or a wide ``TJ`` gap; inline images passed over."""
    lexer = Lexer(body)
    shown = _Shown()
    operands: list[object] = []
    last_y: object = None
    while True:
        try:
            tok = lexer.token()
            if tok is None:
                break
            if tok[0] != "word":
                operands.append(lexer._value(tok, 0))
                if len(operands) > 64:
                    operands = operands[-64:]
                continue
        except Bad:
            break
        op = tok[1]
        if op == b"ID":
            end = re.compile(rb"[\x00\t\n\x0c\r ]EI(?![^\x00\t\n\x0c\r ()<>\[\]{}/%])")
            m = end.search(body, lexer.pos)
            lexer.pos = len(body) if m is None else m.end()
        elif op in (b"Tj", b"'", b'"'):
            if op != b"Tj":
                shown.newline()
            if operands and isinstance(operands[-1], PdfBytes):
                shown.show(shown_string(operands[-1]))
        elif op == b"TJ":
            for item in operands[-1] if operands and isinstance(operands[-1], list) else []:
                if isinstance(item, PdfBytes):
                    shown.show(shown_string(item))
                elif isinstance(item, int | float) and item <= KERNING_SPACE:
                    shown.space()
        elif op in (b"Td", b"TD"):
            ty = operands[-1] if operands else 0
            if isinstance(ty, int | float) and ty != 0:
                shown.newline()
            else:
                shown.space()
        elif op == b"Tm":
            y = operands[-1] if len(operands) >= 6 else None
            if y != last_y:
                shown.newline()
            else:
                shown.space()
            last_y = y
        elif op in (b"T*", b"ET"):
            shown.newline()
        lexer.items = 0
        operands = []
    return shown.text()


def revision_units(
    fh: BinaryIO, path: str, limit: int, batch_bytes: int
) -> Iterator[TextUnit | Note]:
    """The text of the objects the last revision no longer uses, a part
    ``revision-N`` per revision they were written in."""
    fh.seek(0)
    data = fh.read(batch_bytes + 1)
    if len(data) > batch_bytes:
        where = Location(path, part="revision-1")
        yield Note(where, f"old revisions not looked for: file larger than {batch_bytes} bytes")
        return
    found = scan(data)
    if found.trailer is not None and "Encrypt" in found.trailer:
        return
    texts: dict[int, dict[str, None]] = {}
    for obj in unused(found):
        text = object_text(data, obj)
        if text:
            revision = bisect.bisect_left(found.eofs, int(obj.at)) + 1
            texts.setdefault(revision, {})[text] = None
    for revision, blocks in sorted(texts.items()):
        where = Location(path, part=f"revision-{revision}")
        yield from cut_text(where, "\n\n".join(blocks), limit)
    if found.cut:
        where = Location(path, part="revision-1")
        yield Note(where, f"objects after the first {MAX_OBJECTS} not read")
