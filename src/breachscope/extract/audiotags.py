"""What a dictation's audio file says about itself: the ID3 tags of an MP3 (a dictation
app's export, ``DICT_0513_0912_drKerkhof.mp3``) and the metadata chunks of a WAV file (a
dictation workstation's Broadcast WAV, ``DS2_0510_1412.wav``), read by the formats (the
ID3v2.2, 2.3 and 2.4 specifications at id3.org, ID3v1; Microsoft's RIFF specification,
EBU Tech 3285 for ``bext``). The audio itself is passed over: it holds nothing to read.

ID3v2 (an MP3's start: ``ID3``, a version 2, 3 or 4, flags and a size of four 7-bit
bytes): an extended header is passed over; unsynchronisation (a ``00`` after every
``FF``) is undone for the whole tag (2.2, 2.3) or a frame (2.4); each frame (2.2's a
three-letter id and a size of three bytes; 2.3's a four-letter id, a size of four bytes
and two of flags; 2.4's the same with a 7-bit size) is a text part named by its id:

* a text frame (``TIT2``, ``TPE1``, ``TCOM``..., 2.2's ``TT2``...): its text, 2.4's
  several values a line each;
* ``TXXX`` (a user's field), ``COMM`` (a comment), ``USLT`` (lyrics, a transcription):
  ``description: text`` (the text alone where the description is empty), a part
  ``TXXX:Patient`` for each user field, ``COMM`` for the comments;
* ``WXXX`` and the other URL frames: the URL.

Encodings: 0 Latin-1, 1 UTF-16 with a BOM, 2 UTF-16 big-endian, 3 UTF-8. A frame
compressed (zlib) is inflated, up to :data:`MAX_TAG` bytes; an encrypted one is passed
over with a note; pictures and other binary frames are passed over. A second frame of
one id is ``COMM (2)``. An ID3v1 tag (``TAG`` in the last 128 bytes: title, artist,
album, year, comment) is the part ``ID3v1``, a line ``field: value`` each.

RIFF WAVE (``RIFF``, a size, ``WAVE``, then chunks: an id, a size, the data and a pad
byte to an even length): ``LIST`` ``INFO``'s fields (``INAM``, ``IART``, ``ICMT``,
``ICRD``, ``ISFT``...) a part each, ``INFO/ICMT`` (zero-terminated, UTF-8 where they are,
else cp1252); ``bext`` the part ``bext``, a line ``field: value`` for its Description,
Originator, OriginatorReference, OriginationDate and Time, and its CodingHistory; ``iXML``
and ``axml`` (XML) a part each, their text; an ``id3 `` chunk read as an ID3v2 tag, its
frames' parts after ``id3/``; ``LIST`` ``adtl``'s labels and notes (``adtl/labl``).

Bounded: every size is checked against the bytes left; a tag or chunk of more than
:data:`MAX_TAG` bytes is passed over with a note; the ``data`` chunk is never read. A
damaged frame or chunk ends the reading with a note, what came before kept.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from typing import BinaryIO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.chunking import cut_text
from breachscope.location import Location

MAX_TAG = 64 * 1024**2
"""Largest tag, frame or chunk read (a dictation's tag is a few KB; a cover picture
some hundreds)."""
MAX_CHUNKS = 100_000
"""Most RIFF chunks walked."""

_V1_FIELDS = (("title", 3, 33), ("artist", 33, 63), ("album", 63, 93), ("year", 93, 97))
_BEXT_FIELDS = (
    ("Description", 0, 256), ("Originator", 256, 288), ("OriginatorReference", 288, 320),
    ("OriginationDate", 320, 330), ("OriginationTime", 330, 338),
)  # fmt: skip
_BEXT_HISTORY = 602
"""Where a ``bext`` chunk's CodingHistory starts (after its fixed fields)."""


class TagError(ValueError):
    """Bytes that are not a tag's or a chunk's (the message names places, not values)."""


def syncsafe(raw: bytes) -> int:
    """A 7-bit-per-byte (syncsafe) integer (:class:`TagError` where a byte's top bit is set)."""
    if any(b & 0x80 for b in raw):
        raise TagError("size that is not syncsafe")
    value = 0
    for b in raw:
        value = (value << 7) | b
    return value


def unsynchronise(data: bytes) -> bytes:
    """Undo ID3's unsynchronisation: the ``00`` after each ``FF`` taken out."""
    return data.replace(b"\xff\x00", b"\xff")


def _decode(raw: bytes, encoding: int) -> str:
    if encoding == 0:
        return raw.decode("latin-1")
    if encoding == 1:
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return raw.decode("utf-16", "replace")
        return raw.decode("utf-16-le", "replace")  # (a BOM missing: Windows' order)
    if encoding == 2:
        return raw.decode("utf-16-be", "replace")
    return raw.decode("utf-8", "replace")


def _split(raw: bytes, encoding: int) -> tuple[bytes, bytes]:
    """``raw`` cut at its first terminator (a NUL, two at an even place in UTF-16)."""
    if encoding in (1, 2):
        for i in range(0, len(raw) - 1, 2):
            if raw[i : i + 2] == b"\0\0":
                return raw[:i], raw[i + 2 :]
        return raw, b""
    head, _, rest = raw.partition(b"\0")
    return head, rest


def _values(raw: bytes, encoding: int) -> list[str]:
    """A text frame's values (2.4 parts them by terminators), empty ones left out; in
    UTF-16 with a BOM, a value without its own BOM in the first one's byte order."""
    out: list[str] = []
    bom = raw[:2] if encoding == 1 and raw[:2] in (b"\xff\xfe", b"\xfe\xff") else b""
    rest = raw
    while rest:
        head, rest = _split(rest, encoding)
        if bom and head[:2] not in (b"\xff\xfe", b"\xfe\xff"):
            head = bom + head
        text = _decode(head, encoding).strip("\ufeff\0 ")
        if text:
            out.append(text)
    return out


def frame_text(frame: str, data: bytes) -> str | None:
    """A frame's text (see the module's text), or None for a frame that holds none; a
    user's field (``TXXX``, ``WXXX``) as its description, a NUL and its value."""
    if not data:
        return None
    kind = frame[:1]
    if frame in ("TXXX", "TXX", "WXXX", "WXX"):
        encoding = data[0]
        if encoding > 3:
            raise TagError(f"frame {frame} of unknown encoding {encoding}")
        desc, value = _split(data[1:], encoding)
        described = _decode(desc, encoding).strip("\ufeff\0 ")
        text = (
            "\n".join(_values(value, encoding))
            if kind == "T"
            else value.decode("latin-1").strip("\0 ")
        )
        return f"{described}\x00{text}" if described and text else text or described or None
    if frame in ("COMM", "COM", "USLT", "ULT"):
        encoding = data[0]
        if encoding > 3:
            raise TagError(f"frame {frame} of unknown encoding {encoding}")
        desc, value = _split(data[4:], encoding)
        described = _decode(desc, encoding).strip("\ufeff\0 ")
        text = _decode(value, encoding).strip("\ufeff\0 ").replace("\r\n", "\n")
        return f"{described}: {text}" if described and text else text or described or None
    if kind == "T":
        encoding = data[0]
        if encoding > 3:
            raise TagError(f"frame {frame} of unknown encoding {encoding}")
        return "\n".join(_values(data[1:], encoding)) or None
    if kind == "W":
        return data.decode("latin-1").strip("\0 ") or None
    return None


def id3v2_frames(tag: bytes) -> Iterator[tuple[str, str | None]]:
    """An ID3v2 tag's frames (``tag`` from its ``ID3`` on): each one's name (``COMM``,
    ``TXXX:Patient``) and text; ``(note, None)`` for a frame passed over with a note.
    :class:`TagError` where the tag breaks off."""
    if len(tag) < 10 or not tag.startswith(b"ID3") or tag[3] not in (2, 3, 4):
        raise TagError("no ID3v2 header")
    version, flags = tag[3], tag[5]
    size = syncsafe(tag[6:10])
    cut = size > len(tag) - 10  # (a file cut short: the frames before its end read)
    body = tag[10 : 10 + size]
    if flags & 0x80 and version < 4:
        body = unsynchronise(body)
    pos = 0
    if flags & 0x40 and version == 3:
        pos = 4 + int.from_bytes(body[:4], "big")
    elif flags & 0x40 and version == 4:
        pos = syncsafe(body[:4])
    if pos > len(body):
        raise TagError("extended header longer than the tag")
    head = 6 if version == 2 else 10
    while pos + head <= len(body):
        at = pos
        if body[pos] == 0:
            break  # (padding)
        if version == 2:
            frame = body[pos : pos + 3].decode("latin-1")
            length = int.from_bytes(body[pos + 3 : pos + 6], "big")
            fflags = 0
        else:
            frame = body[pos : pos + 4].decode("latin-1")
            raw = body[pos + 4 : pos + 8]
            length = syncsafe(raw) if version == 4 else int.from_bytes(raw, "big")
            fflags = int.from_bytes(body[pos + 8 : pos + 10], "big")
        if not all("A" <= c <= "Z" or "0" <= c <= "9" for c in frame):
            raise TagError(f"frame with no id at byte {at}")
        pos += head
        if length > len(body) - pos:
            if cut:
                raise TagError(f"the file ends inside frame {frame} at byte {at}")
            raise TagError(f"frame {frame} at byte {at} longer than the tag")
        data = body[pos : pos + length]
        pos += length
        try:
            data = _frame_data(version, fflags, flags, data)
        except TagError as exc:
            yield f"frame {frame} at byte {at} passed over ({exc})", None
            continue
        text = frame_text(frame, data)
        if text and "\x00" in text:  # (a user's field: its description names the part)
            described, _, value = text.partition("\x00")
            yield f"{frame}:{described[:64]}", f"{described}: {value}"
        elif text:
            yield frame, text
    if cut:
        raise TagError("the file ends inside the tag")


def _frame_data(version: int, fflags: int, tag_flags: int, data: bytes) -> bytes:
    """A frame's data with its flags' extras taken off: grouping, data length,
    unsynchronisation and compression undone (:class:`TagError` for encryption)."""
    if version == 3:
        compressed, encrypted = fflags & 0x80, fflags & 0x40
        if compressed:
            data = data[4:]
        if encrypted:
            raise TagError("encrypted")
        if fflags & 0x20:
            data = data[1:]
    elif version == 4:
        compressed, encrypted = fflags & 0x08, fflags & 0x04
        if fflags & 0x40:
            data = data[1:]
        if encrypted:
            raise TagError("encrypted")
        if fflags & 0x01:
            data = data[4:]
        if fflags & 0x02 or tag_flags & 0x80:
            data = unsynchronise(data)
    else:
        compressed = 0
    if compressed:
        inflater = zlib.decompressobj()
        try:
            data = inflater.decompress(data, MAX_TAG)
        except zlib.error:
            raise TagError("compressed data that do not inflate") from None
    return data


def id3v1(tail: bytes) -> str | None:
    """An ID3v1 tag's fields (``tail``: a file's last 128 bytes), a line each."""
    if len(tail) != 128 or not tail.startswith(b"TAG"):
        return None
    lines = []
    for name, start, end in _V1_FIELDS:
        value = _v1_text(tail[start:end])
        if value:
            lines.append(f"{name}: {value}")
    comment = tail[97:125] if tail[125] == 0 and tail[126] else tail[97:127]
    if _v1_text(comment):
        lines.append(f"comment: {_v1_text(comment)}")
    return "".join(f"{line}\n" for line in lines) or None


def _v1_text(raw: bytes) -> str:
    raw = raw.split(b"\0", 1)[0]
    try:
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace").strip()


def _chunk_text(raw: bytes) -> str:
    """A RIFF text: up to its first NUL, UTF-8 where it is, else cp1252."""
    raw = raw.split(b"\0", 1)[0]
    try:
        return raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace").strip()


def bext_text(data: bytes) -> str | None:
    """A ``bext`` chunk's fields, a line ``field: value`` each."""
    lines = []
    for name, start, end in _BEXT_FIELDS:
        value = _chunk_text(data[start:end])
        if value:
            lines.append(f"{name}: {value}")
    history = _chunk_text(data[_BEXT_HISTORY:]).replace("\r\n", "\n")
    if history:
        lines.append(f"CodingHistory: {history}")
    return "".join(f"{line}\n" for line in lines) or None


class _Parts:
    """Text parts by name, a second one of a name numbered."""

    def __init__(self, path: str, config: Config) -> None:
        self.path = path
        self.config = config
        self.seen: dict[str, int] = {}

    def unit(self, name: str, text: str) -> Iterator[Extracted]:
        count = self.seen.get(name, 0) + 1
        self.seen[name] = count
        part = name if count == 1 else f"{name} ({count})"
        if not text.endswith("\n"):
            text += "\n"
        yield from cut_text(Location(self.path, part), text, self.config.max_text_unit_chars)


def riff_chunks(fh: BinaryIO, size: int, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """The chunks between bytes ``start`` and ``end``: id, where the data start, and
    their length (:class:`TagError` where one runs past the file)."""
    pos = start
    for _ in range(MAX_CHUNKS):
        if pos + 8 > end:
            return
        fh.seek(pos)
        head = fh.read(8)
        if len(head) < 8:
            return
        ident = head[:4].decode("latin-1")
        (length,) = struct.unpack("<I", head[4:])
        if pos + 8 + length > size:
            if ident == "data":
                return  # (a recording cut short: its metadata before it read)
            raise TagError(f"chunk {ident!r} at byte {pos} longer than the bytes left")
        yield ident, pos + 8, length
        pos += 8 + length + (length & 1)


class AudioTagsExtractor(Extractor):
    """An MP3's ID3 tags and a WAV file's metadata chunks, as text parts."""

    id: ClassVar[str] = "audio-tags"
    types: ClassVar[frozenset[str]] = frozenset({"mp3", "wav"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        parts = _Parts(source.path, config)
        where = Location(source.path)
        found = False
        with source.open_sized() as (fh, size):
            head = fh.read(12)
            try:
                if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
                    reading = self._wav(fh, size, parts)
                elif head.startswith(b"ID3") or source.detected_type == "mp3":
                    reading = self._mp3(fh, size, head, parts)
                else:
                    raise ExtractError("neither an ID3-tagged MP3 nor a RIFF WAVE file")
                for item in reading:
                    found = found or not isinstance(item, Note)
                    yield item
            except TagError as exc:
                if not found:
                    raise ExtractError(f"unreadable audio metadata ({exc})") from None
                yield Note(where, f"audio metadata reading stopped ({exc})")
                return
        if not found:
            raise SkipFile("audio file holds no metadata text")

    def _mp3(self, fh: BinaryIO, size: int, head: bytes, parts: _Parts) -> Iterator[Extracted]:
        where = Location(parts.path)
        if head.startswith(b"ID3"):
            if len(head) < 10:
                raise TagError("file ends in the ID3 header")
            length = syncsafe(head[6:10]) + 10
            if length > MAX_TAG:
                yield Note(where, f"ID3 tag of {length} bytes passed over")
            else:
                fh.seek(0)
                yield from self._id3(fh.read(length), parts, "")
        if size >= 128:
            fh.seek(size - 128)
            text = id3v1(fh.read(128))
            if text:
                yield from parts.unit("ID3v1", text)

    def _id3(self, tag: bytes, parts: _Parts, prefix: str) -> Iterator[Extracted]:
        for name, text in id3v2_frames(tag):
            if text is None:
                yield Note(Location(parts.path), name)
            else:
                yield from parts.unit(prefix + name, text)

    def _wav(self, fh: BinaryIO, size: int, parts: _Parts) -> Iterator[Extracted]:
        where = Location(parts.path)
        for ident, start, length in riff_chunks(fh, size, 12, size):
            if ident not in ("LIST", "bext", "iXML", "axml", "id3 ", "ID3 "):
                continue
            if length > MAX_TAG:
                yield Note(where, f"chunk {ident!r} of {length} bytes passed over")
                continue
            fh.seek(start)
            data = fh.read(length)
            if ident == "bext":
                text = bext_text(data)
                if text:
                    yield from parts.unit("bext", text)
            elif ident in ("iXML", "axml"):
                text = _chunk_text(data)
                if text:
                    yield from parts.unit(ident, text)
            elif ident in ("id3 ", "ID3 "):
                yield from self._id3(data, parts, "id3/")
            elif data[:4] in (b"INFO", b"adtl"):
                yield from self._list(data, parts)

    def _list(self, data: bytes, parts: _Parts) -> Iterator[Extracted]:
        """A ``LIST`` chunk's ``INFO`` fields or ``adtl`` labels and notes."""
        kind = data[:4].decode("latin-1")
        pos = 4
        while pos + 8 <= len(data):
            ident = data[pos : pos + 4].decode("latin-1")
            (length,) = struct.unpack("<I", data[pos + 4 : pos + 8])
            if length > len(data) - pos - 8:
                raise TagError(f"{kind} field {ident!r} longer than its list")
            raw = data[pos + 8 : pos + 8 + length]
            pos += 8 + length + (length & 1)
            if kind == "adtl":
                if ident not in ("labl", "note"):
                    continue
                raw = raw[4:]
            text = _chunk_text(raw).replace("\r\n", "\n")
            if text:
                yield from parts.unit(f"{kind}/{ident.strip()}", text)
