"""Java heap dumps in HPROF's binary format (``java_pid21877.hprof``: what a Tomcat
written out on ``OutOfMemoryError`` held, its sessions' patients among it), read with a
parser of the format written here with the standard library, checked against OpenJDK's
``hprof_b_spec.h`` and ``heapDumper.cpp`` and Android's additions to it.

A dump opens with ``JAVA PROFILE 1.0.1`` or ``1.0.2`` and a NUL, the size of an object
id (4 or 8 bytes) and a timestamp; records follow, each a tag, a time and a length. The
``UTF8`` records (tag 0x01) name classes, fields and methods; ``LOAD CLASS`` (0x02) ties a
class to its name; a ``HEAP DUMP`` (0x0C) or ``HEAP DUMP SEGMENT`` (0x1C) holds the heap's
objects as sub-records (roots, ``CLASS DUMP``, ``INSTANCE DUMP``, ``OBJECT ARRAY DUMP``,
``PRIMITIVE ARRAY DUMP``). A Java string's contents are a primitive array: a ``char[]``
(UTF-16, big-endian, as the dump writes every value) before Java 9, a ``byte[]`` after
it (Latin-1 for a compact string, UTF-16 in the machine's order, little-endian on x86,
where a character needs it; a ``byte[]`` that is valid UTF-8 and not ASCII is read as
UTF-8, as an application's buffers are).

What is read is the strings the application held: every ``char[]`` and ``byte[]`` that
reads as text (no control characters but white space, a letter or six digits: a BSN or
a birth date held alone), one per line
(a line break inside one as a space), in the text part ``strings``, each once, in the
order found. Names are left out: a string that is the name of a class, field or method
(a ``UTF8`` record's, in Java's ``/`` or ``.`` spelling) or that is spelled as a
qualified class name (``org.apache.catalina.session.StandardSession``). Instances'
fields, other arrays and roots are passed over (their values are numbers and
references).

Bounded: the file is read as a stream, a record or sub-record at a time, its lengths
checked against the bytes left; the strings kept come to at most ``Config.batch_bytes``
characters (a note says the reading stopped there). A damaged record or sub-record ends
the reading with a note, the strings before it kept.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from typing import BinaryIO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import (
    Extracted,
    ExtractError,
    Extractor,
    Note,
    SkipFile,
    Source,
)
from breachscope.extract.chunking import cut_text
from breachscope.location import Location

MAGICS = (b"JAVA PROFILE 1.0.1\0", b"JAVA PROFILE 1.0.2\0", b"JAVA PROFILE 1.0.3\0")
"""How a heap dump opens (1.0.3: Android's)."""
PART = "strings"
MAX_NAMES = 1_000_000
"""Most names (``UTF8`` records) remembered to leave out."""
MAX_ARRAY = 1024**2
"""Most bytes of one array read as a string (a larger one is a buffer, passed over)."""
MIN_CHARS = 2
"""Fewest characters of a string kept."""

_BASIC_SIZES: dict[int, int] = {4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8}
"""Sizes of HPROF's basic types but the object (2, an id): boolean, char, float, double,
byte, short, int, long."""
_CHAR = 5
_BYTE = 8
_OBJECT = 2
_ROOTS: dict[int, int] = {
    0xFF: 0, 0x01: 1, 0x02: 8, 0x03: 8, 0x04: 4, 0x05: 0, 0x06: 4, 0x07: 0, 0x08: 8,
    0x89: 0, 0x8A: 0, 0x8B: 0, 0x8C: 0, 0x8D: 0, 0x8E: 8, 0x90: 0,
}  # fmt: skip
"""Root sub-records: the bytes each holds after its object id, in ids (a JNI global's
second id, written as 1) or in bytes (serial numbers); 0x89 to 0x90 are Android's."""
_HEAP_DUMP = (0x0C, 0x1C)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")
_LETTER = re.compile(r"[^\W\d_]")
MIN_DIGITS = 6
"""Fewest digits a string without letters holds to be kept (a BSN, a date, a phone
number; not a counter's or a flag's value)."""
_QUALIFIED = re.compile(r"(?:[a-z_$][\w$]*[./])+[A-Z_$][\w$]*(?:\$[\w$]+)*;?")
"""A qualified Java class name (``org.apache.Foo``, ``java/lang/String$1``)."""
_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]+")


class HprofError(ValueError):
    """Bytes that are not HPROF's (the message names places, never a value)."""


class _Stop(Exception):
    """The strings kept have reached the bound: the reading ends here."""


class _Stream:
    """The file read forward; every read checks the bytes left."""

    def __init__(self, fh: BinaryIO, size: int, id_size: int, pos: int) -> None:
        self.fh = fh
        self.size = size
        self.id_size = id_size
        self.pos = pos
        self._id = ">I" if id_size == 4 else ">Q"

    def take(self, n: int) -> bytes:
        """The next ``n`` bytes (:class:`HprofError` where fewer are left)."""
        if n < 0 or n > self.size - self.pos:
            raise HprofError(f"file ends inside a record at byte {self.pos}")
        data = self.fh.read(n)
        if len(data) != n:
            raise HprofError(f"file ends inside a record at byte {self.pos}")
        self.pos += n
        return data

    def skip(self, n: int) -> None:
        """Pass over ``n`` bytes."""
        if n < 0 or n > self.size - self.pos:
            raise HprofError(f"file ends inside a record at byte {self.pos}")
        self.pos += n
        self.fh.seek(self.pos)

    def u1(self) -> int:
        return self.take(1)[0]

    def u2(self) -> int:
        value: int = struct.unpack(">H", self.take(2))[0]
        return value

    def u4(self) -> int:
        value: int = struct.unpack(">I", self.take(4))[0]
        return value

    def ident(self) -> int:
        value: int = struct.unpack(self._id, self.take(self.id_size))[0]
        return value


class _Strings:
    """The strings found, each once, in the order found, up to ``limit`` characters."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.found: dict[str, None] = {}
        self.chars = 0
        self.names: set[str] = set()

    def name(self, raw: bytes) -> None:
        """Remember a ``UTF8`` record's name (a class's in both spellings)."""
        if len(self.names) < MAX_NAMES:
            text = raw.decode("utf-8", "replace")
            self.names.add(text)
            if "/" in text:
                self.names.add(text.replace("/", "."))

    def add(self, text: str) -> None:
        """Keep ``text`` where it is a string of the application's."""
        text = _BREAKS.sub(" ", text).strip()
        if len(text) < MIN_CHARS or text in self.found or _CONTROLS.search(text):
            return
        if _QUALIFIED.fullmatch(text):
            return
        if not _LETTER.search(text) and sum(c.isdigit() for c in text) < MIN_DIGITS:
            return  # (a BSN, a birth date or a phone number a string holds alone is kept)
        if self.chars + len(text) + 1 > self.limit:
            raise _Stop
        self.found[text] = None
        self.chars += len(text) + 1

    def text(self) -> str:
        return "".join(f"{s}\n" for s in self.found if s not in self.names)


def decode_chars(data: bytes) -> str:
    """A ``char[]``'s contents: UTF-16, big-endian (lone surrogates replaced)."""
    return data[: len(data) // 2 * 2].decode("utf-16-be", "replace")


def decode_bytes(data: bytes) -> str:
    """A ``byte[]``'s contents: UTF-16 little-endian where its length is even and at
    least half its odd bytes are NUL (a Java 9 string that needs UTF-16, on x86: its
    Latin letters' high bytes; a Latin-1 string holds no NUL), UTF-8 where it is valid,
    else Latin-1 (a compact string's)."""
    if len(data) >= 4 and len(data) % 2 == 0 and data[1::2].count(0) * 4 >= len(data):
        return data.decode("utf-16-le", "replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def header(fh: BinaryIO) -> tuple[int, int]:
    """Read the header (magic, id size, timestamp): the id size and where records start."""
    head = fh.read(len(MAGICS[0]) + 12)
    if not head.startswith(MAGICS):
        raise ExtractError("not a Java heap dump (no 'JAVA PROFILE 1.0.x')")
    if len(head) < len(MAGICS[0]) + 12:
        raise ExtractError("Java heap dump cut short in its header")
    id_size: int = struct.unpack(">I", head[len(MAGICS[0]) : len(MAGICS[0]) + 4])[0]
    if id_size not in (4, 8):
        raise ExtractError(f"Java heap dump with ids of {id_size} bytes (4 or 8 expected)")
    return id_size, len(head)


def _records(stream: _Stream, strings: _Strings) -> Iterator[int]:
    """Read the records; yield each one's tag once it is read."""
    while stream.pos < stream.size:
        tag = stream.u1()
        stream.skip(4)  # (microseconds since the timestamp)
        length = stream.u4()
        at = stream.pos - 9
        end = stream.pos + length
        if end > stream.size:
            if tag not in _HEAP_DUMP:
                raise HprofError(f"record at byte {at} longer than the bytes left")
            _heap(stream, stream.size, strings)  # (a dump cut short: its objects before)
            raise HprofError(f"file ends inside the heap dump record at byte {at}")
        if tag == 0x01:
            if length < stream.id_size:
                raise HprofError(f"UTF8 record at byte {stream.pos - 9} shorter than its id")
            stream.skip(stream.id_size)
            strings.name(stream.take(length - stream.id_size))
        elif tag in _HEAP_DUMP:
            _heap(stream, end, strings)
        else:
            stream.skip(length)
        if stream.pos != end:
            raise HprofError(f"record at byte {at} does not end at its length")
        yield tag


def _heap(stream: _Stream, end: int, strings: _Strings) -> None:
    """Read the sub-records of a heap dump (segment) that ends at byte ``end``."""
    ids = stream.id_size
    while stream.pos < end:
        at = stream.pos
        sub = stream.u1()
        if sub in _ROOTS:
            extra = _ROOTS[sub]
            stream.skip(ids + (ids if extra == 1 else extra))
        elif sub == 0x20:
            _class_dump(stream)
        elif sub == 0x21:
            stream.skip(ids + 4 + ids)
            stream.skip(stream.u4())
        elif sub == 0x22:
            stream.skip(ids + 4)
            count = stream.u4()
            stream.skip(ids)
            stream.skip(count * ids)
        elif sub in (0x23, 0xC3):
            stream.skip(ids + 4)
            count = stream.u4()
            kind = stream.u1()
            size = _BASIC_SIZES.get(kind)
            if size is None:
                raise HprofError(f"array of unknown type {kind} at byte {at}")
            if sub == 0xC3:  # (Android's array without its contents)
                continue
            if kind in (_CHAR, _BYTE) and count * size > MAX_ARRAY:
                stream.skip(count * size)  # (a buffer, not a string)
            elif kind == _CHAR:
                strings.add(decode_chars(stream.take(count * 2)))
            elif kind == _BYTE:
                strings.add(decode_bytes(stream.take(count)))
            else:
                stream.skip(count * size)
        elif sub == 0xFE:  # (Android's heap info: its kind and name)
            stream.skip(4 + ids)
        else:
            raise HprofError(f"unknown heap sub-record {sub:#04x} at byte {at}")
        if stream.pos > end:
            raise HprofError(f"heap sub-record at byte {at} runs past its record")


def _value_size(stream: _Stream, kind: int) -> int:
    """The size of a value of basic type ``kind``."""
    if kind == _OBJECT:
        return stream.id_size
    size = _BASIC_SIZES.get(kind)
    if size is None:
        raise HprofError(f"value of unknown type {kind} at byte {stream.pos}")
    return size


def _class_dump(stream: _Stream) -> None:
    """Pass over a ``CLASS DUMP``: its ids, constant pool, statics and fields."""
    ids = stream.id_size
    stream.skip(ids + 4 + 6 * ids + 4)
    for _ in range(stream.u2()):  # (constant pool)
        stream.skip(2)
        stream.skip(_value_size(stream, stream.u1()))
    for _ in range(stream.u2()):  # (static fields)
        stream.skip(ids)
        stream.skip(_value_size(stream, stream.u1()))
    count = stream.u2()
    stream.skip(count * (ids + 1))  # (instance fields: name and type)


class HprofExtractor(Extractor):
    """A Java heap dump's strings, as text."""

    id: ClassVar[str] = "hprof"
    types: ClassVar[frozenset[str]] = frozenset({"hprof"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        where = Location(source.path)
        strings = _Strings(config.batch_bytes)
        stopped: str | None = None
        records = 0
        with source.open() as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(0)
            stream = _Stream(fh, size, *header(fh))
            try:
                for _ in _records(stream, strings):
                    records += 1
            except _Stop:
                stopped = f"the strings reached {config.batch_bytes} characters"
            except HprofError as exc:
                if not records and not strings.found:
                    raise ExtractError(f"unreadable Java heap dump ({exc})") from None
                stopped = f"after record {records}: {exc}"
        text = strings.text()
        if not text and stopped is None:
            raise SkipFile("Java heap dump holds no strings")
        yield from cut_text(Location(source.path, PART), text, config.max_text_unit_chars)
        if stopped is not None:
            yield Note(where, f"Java heap dump reading stopped ({stopped})")
