"""Java heap dumps in HPROF's binary format (``java_pid21877.hprof``: what a Tomcat
written out on ``OutOfMemoryError`` held, its sessions' patients among it), read with a
parser of the format written here with the standard library, checked against OpenJDK's
``hprof_b_spec.h``, ``heapDumper.cpp`` and ``HeapHprofBinWriter.java`` and Android's
additions to it.

A dump opens with ``JAVA PROFILE 1.0.1`` or ``1.0.2`` and a NUL, the size of an object
id (4 or 8 bytes) and a timestamp; records follow, each a tag, a time and a length. The
``UTF8`` records (tag 0x01) name classes, fields and methods; ``LOAD CLASS`` (0x02) ties a
class to its name; a ``HEAP DUMP`` (0x0C) or ``HEAP DUMP SEGMENT`` (0x1C) holds the heap's
objects as sub-records (roots, ``CLASS DUMP``: a class's super class and its instance
fields' names and types; ``INSTANCE DUMP``: an object's class and its fields' values in
the order declared, the class's own first, then its super class's and so on;
``OBJECT ARRAY DUMP``, ``PRIMITIVE ARRAY DUMP``). A Java string is an instance of
``java.lang.String`` whose ``value`` is a primitive array: a ``char[]`` (UTF-16,
big-endian, as the dump writes every value) before Java 9, a ``byte[]`` after it, Latin-1
where its ``coder`` is 0 and UTF-16 in the machine's order (little-endian on x86) where
it is 1.

Two readings come out of one pass over the file:

* The objects of the application's own classes (a class no JDK or well-known library
  package holds: not ``java.``, ``javax.``, ``sun.``, ``jdk.``, ``com.sun.``,
  ``org.apache.`` ...; see :data:`LIBRARY_PREFIXES`): a table per class, part = its name
  (``nl.pts.lims.model.Patient``), a row per instance (row = its 1-based place among its
  class's instances in the dump), a column per field (``bsn``, ``naam``,
  ``geboortedatum``; a super class's field of the same name numbered, ``id (2)``). A field
  reads as its value where it is a primitive (an ``int`` or a ``long`` in decimal), a
  string, a boxed number, a ``char[]``, a date (``java.util.Date``, ``java.sql.Date`` and
  ``Timestamp``: a date where it is midnight in UTC or in the Netherlands, the lab's
  zone, else its UTC instant; ``LocalDate``, ``LocalDateTime``, ``LocalTime``,
  ``Instant``), a ``BigDecimal`` that fits a long, a ``UUID``, or an enum's constant (its
  name); an object of another of the application's classes is read into the row at
  paths (``adres.straat``), :data:`MAX_DEPTH` deep, and is a row of its own class's
  table too, but not one that shares a class of the application's with the row or an
  object on the way to it (a patient's partner who is a patient, a ``Persoon``, too: read
  in, she would be one person with the row; this also ends every cycle); collections
  and other objects are left out. A class
  whose instances hold no such value is no table; nor is an enum.
* The strings the application held: every ``char[]`` and ``byte[]`` that reads as text
  (no control characters but white space, a letter or six digits: a BSN or a birth date
  held alone), one per line (a line break inside one as a space), in the text part
  ``strings``, each once, in the order found. All of them are kept, those a field of a
  table holds too: the tables are bounded and need the objects' class dumps, the strings
  do not, and a string held by an object no table reads (a session's attribute map, a
  SQL statement, a log line in a buffer) is found only here. A ``byte[]`` not known to
  be a string's is read as UTF-16 little-endian where at least half its odd bytes are
  NUL, as UTF-8 where it is valid, else as Latin-1. Names are left out: a string that is
  the name of a class, field or method (a ``UTF8`` record's, in Java's ``/`` or ``.``
  spelling) or that is spelled as a qualified class name
  (``org.apache.catalina.session.StandardSession``).

Bounded: the file is read as a stream, a record or sub-record at a time, its lengths
checked against the bytes left; instances and ``char[]``/``byte[]`` arrays are indexed
by their place in the file (an id and an offset, 16 bytes each, twice that while they
are sorted: at most ``Config.batch_bytes`` / 32 objects), never copied, and read again
from there; at most :data:`MAX_ROWS_PER_CLASS` rows of a class and
:data:`MAX_ROWS` in all are read, and the strings kept come to at most
``Config.batch_bytes`` characters (the objects are read on past it; a note says where
each bound cut). A damaged record or
sub-record ends the reading with a note, the strings and objects before it kept; an
object whose values do not fit its class's fields is left out, noted.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import uuid
import zoneinfo
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, ClassVar

import numpy as np

from breachscope.config import Config
from breachscope.extract.base import (
    Extracted,
    ExtractError,
    Extractor,
    Note,
    SkipFile,
    Source,
)
from breachscope.extract.chunking import RecordChunker, cut_text
from breachscope.extract.units import TableUnit
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
MAX_ROWS_PER_CLASS = 100_000
"""Most instances of one class read as rows (the rest noted)."""
MAX_ROWS = 1_000_000
"""Most instances read as rows in one dump."""
MAX_DEPTH = 3
"""Deepest chain of the application's objects read into a row (``adres.straat``)."""
MAX_READS = 20_000_000
"""Most instances read for the tables (rows and the objects their fields refer to: a
hostile class of 65,535 fields, each an object of it, read 3 deep)."""
MAX_VALUE_HOPS = 3
"""Most references followed inside a JDK object read as a value (a ``LocalDateTime``'s
``LocalDate``, an enum's name: a hostile dump's enum may name itself)."""
MAX_CHAIN = 64
"""Most classes in a class's chain of super classes (a longer one is damaged)."""
LIBRARY_PREFIXES = (
    "java.", "javax.", "jakarta.", "sun.", "jdk.", "com.sun.", "com.oracle.", "oracle.",
    "org.apache.", "org.springframework.", "org.hibernate.", "org.eclipse.", "org.glassfish.",
    "org.jboss.", "org.slf4j.", "ch.qos.logback.", "com.fasterxml.", "com.google.",
    "io.netty.", "kotlin.", "kotlinx.", "scala.", "groovy.", "org.codehaus.", "org.w3c.",
    "org.xml.", "org.ietf.", "org.omg.", "org.jcp.", "com.zaxxer.", "io.micrometer.",
    "reactor.", "net.bytebuddy.", "org.aspectj.", "org.objectweb.", "com.mysql.",
    "org.postgresql.", "org.h2.", "io.undertow.", "org.jvnet.", "android.", "androidx.",
    "dalvik.", "libcore.", "com.android.",
)  # fmt: skip
"""Packages of the JDK and of well-known libraries: their classes are no table (their
strings stay in ``strings``)."""
_ZONE = zoneinfo.ZoneInfo("Europe/Amsterdam")
"""Where a ``java.util.Date`` at local midnight is read as a date (the lab's zone)."""
_UNPACK: dict[int, str] = {4: ">?", 5: ">H", 6: ">f", 7: ">d", 8: ">b", 9: ">h", 10: ">i", 11: ">q"}
"""How a value of each basic type but the object is written (big-endian, signed)."""
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
        self.full = False
        """Whether a string was left out for the bound (the objects are read on)."""

    def name(self, raw: bytes) -> None:
        """Remember a ``UTF8`` record's name (a class's in both spellings)."""
        if len(self.names) < MAX_NAMES:
            text = raw.decode("utf-8", "replace")
            self.names.add(text)
            if "/" in text:
                self.names.add(text.replace("/", "."))

    def add(self, text: str) -> None:
        """Keep ``text`` where it is a string of the application's."""
        if self.full:
            return
        text = _BREAKS.sub(" ", text).strip()
        if len(text) < MIN_CHARS or text in self.found or _CONTROLS.search(text):
            return
        if _QUALIFIED.fullmatch(text):
            return
        if not _LETTER.search(text) and sum(c.isdigit() for c in text) < MIN_DIGITS:
            return  # (a BSN, a birth date or a phone number a string holds alone is kept)
        if self.chars + len(text) + 1 > self.limit:
            self.full = True
            return
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


@dataclass(slots=True)
class _Class:
    """A ``CLASS DUMP``: the class's super class and its own instance fields (name id,
    type)."""

    super_id: int
    fields: list[tuple[int, int]]


@dataclass(slots=True)
class _Index:
    """What the pass over the file keeps for reading objects: names, classes, where each
    object stands, and the instances of the application's classes."""

    max_objects: int
    names: dict[int, str] = field(default_factory=dict)
    class_names: dict[int, str] = field(default_factory=dict)
    classes: dict[int, _Class] = field(default_factory=dict)
    ids: array[int] = field(default_factory=lambda: array("Q"))
    offsets: array[int] = field(default_factory=lambda: array("Q"))
    rows: dict[int, array[int]] = field(default_factory=dict)
    total_rows: int = 0
    cut_classes: set[int] = field(default_factory=set)
    objects_cut: bool = False
    _app: dict[int, bool] = field(default_factory=dict)

    def name(self, ident: int, raw: bytes) -> None:
        """Remember a ``UTF8`` record's name by its id."""
        if len(self.names) < MAX_NAMES:
            self.names[ident] = raw.decode("utf-8", "replace")

    def load_class(self, class_id: int, name_id: int) -> None:
        """Tie a class to its name (in Java's ``.`` spelling)."""
        name = self.names.get(name_id)
        if name is not None and len(self.class_names) < MAX_NAMES:
            self.class_names[class_id] = name.replace("/", ".")

    def is_app(self, class_id: int) -> bool:
        """Whether the class is the application's own (named, no array, no library's)."""
        known = self._app.get(class_id)
        if known is None:
            name = self.class_names.get(class_id, "")
            known = bool(name) and not name.startswith(("[", *LIBRARY_PREFIXES))
            self._app[class_id] = known
        return known

    def object(self, ident: int, offset: int) -> None:
        """Remember where an object's sub-record starts."""
        if len(self.ids) >= self.max_objects:
            self.objects_cut = True
            return
        self.ids.append(ident)
        self.offsets.append(offset)

    def instance(self, class_id: int, offset: int) -> None:
        """Remember an instance of the application's class as a row, within the bounds."""
        if not self.is_app(class_id):
            return
        rows = self.rows.get(class_id)
        if rows is None:
            rows = self.rows[class_id] = array("Q")
        if len(rows) >= MAX_ROWS_PER_CLASS or self.total_rows >= MAX_ROWS:
            self.cut_classes.add(class_id)
            return
        rows.append(offset)
        self.total_rows += 1


def _records(stream: _Stream, strings: _Strings, index: _Index) -> Iterator[int]:
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
            _heap(stream, stream.size, strings, index)  # (a dump cut short: its objects)
            raise HprofError(f"file ends inside the heap dump record at byte {at}")
        if tag == 0x01:
            if length < stream.id_size:
                raise HprofError(f"UTF8 record at byte {stream.pos - 9} shorter than its id")
            ident = stream.ident()
            raw = stream.take(length - stream.id_size)
            strings.name(raw)
            index.name(ident, raw)
        elif tag == 0x02 and length == 8 + 2 * stream.id_size:
            stream.skip(4)
            class_id = stream.ident()
            stream.skip(4)
            index.load_class(class_id, stream.ident())
        elif tag in _HEAP_DUMP:
            _heap(stream, end, strings, index)
        else:
            stream.skip(length)
        if stream.pos != end:
            raise HprofError(f"record at byte {at} does not end at its length")
        yield tag


def _heap(stream: _Stream, end: int, strings: _Strings, index: _Index) -> None:
    """Read the sub-records of a heap dump (segment) that ends at byte ``end``."""
    ids = stream.id_size
    while stream.pos < end:
        at = stream.pos
        sub = stream.u1()
        if sub in _ROOTS:
            extra = _ROOTS[sub]
            stream.skip(ids + (ids if extra == 1 else extra))
        elif sub == 0x20:
            _class_dump(stream, index)
        elif sub == 0x21:
            ident = stream.ident()
            stream.skip(4)
            class_id = stream.ident()
            stream.skip(stream.u4())
            index.object(ident, at)
            index.instance(class_id, at)
        elif sub == 0x22:
            stream.skip(ids + 4)
            count = stream.u4()
            stream.skip(ids)
            stream.skip(count * ids)
        elif sub in (0x23, 0xC3):
            ident = stream.ident()
            stream.skip(4)
            count = stream.u4()
            kind = stream.u1()
            size = _BASIC_SIZES.get(kind)
            if size is None:
                raise HprofError(f"array of unknown type {kind} at byte {at}")
            if sub == 0xC3:  # (Android's array without its contents)
                continue
            if kind in (_CHAR, _BYTE):
                index.object(ident, at)
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


def _class_dump(stream: _Stream, index: _Index) -> None:
    """Read a ``CLASS DUMP``: its super class and instance fields kept, its constant pool
    and statics passed over."""
    ids = stream.id_size
    class_id = stream.ident()
    stream.skip(4)
    super_id = stream.ident()
    stream.skip(5 * ids + 4)
    for _ in range(stream.u2()):  # (constant pool)
        stream.skip(2)
        stream.skip(_value_size(stream, stream.u1()))
    for _ in range(stream.u2()):  # (static fields)
        stream.skip(ids)
        stream.skip(_value_size(stream, stream.u1()))
    fields: list[tuple[int, int]] = []
    for _ in range(stream.u2()):  # (instance fields: name and type)
        name = stream.ident()
        kind = stream.u1()
        _value_size(stream, kind)
        fields.append((name, kind))
    if len(index.classes) < MAX_NAMES:
        index.classes[class_id] = _Class(super_id, fields)


class _Damaged(Exception):
    """An object whose sub-record or values do not fit its class: it is left out."""


class _Budget(Exception):
    """More than :data:`MAX_READS` instances read: the tables end here."""


Raw = int | float | bool
"""A field's value as the dump holds it (an object's id, a number)."""
Value = str | dict[str, str]
"""A field's value read: its text, or an object's fields at their paths."""


class _Objects:
    """The dump's objects read again where the index says they stand."""

    def __init__(self, fh: BinaryIO, size: int, id_size: int, index: _Index) -> None:
        self.fh = fh
        self.size = size
        self.id_size = id_size
        self.index = index
        ids = np.frombuffer(index.ids, dtype=np.uint64)
        order = np.argsort(ids, kind="stable")
        self.ids = ids[order]
        self.offsets = np.frombuffer(index.offsets, dtype=np.uint64)[order]
        del ids, order
        index.ids, index.offsets = array("Q"), array("Q")  # (sorted: the lists let go)
        self.layouts: dict[int, list[tuple[str, int]] | None] = {}
        self.formats: dict[int, struct.Struct] = {}
        self.damaged = 0
        self.reads = 0
        self._id = ">I" if id_size == 4 else ">Q"

    def where(self, ident: int) -> int | None:
        """The offset of the object's sub-record (``None``: not in the index)."""
        at = int(np.searchsorted(self.ids, np.uint64(ident)))
        if at < len(self.ids) and int(self.ids[at]) == ident:
            return int(self.offsets[at])
        return None

    def read(self, offset: int, n: int) -> bytes:
        """``n`` bytes at ``offset`` (:class:`_Damaged` where the file ends before)."""
        if n < 0 or offset + n > self.size:
            raise _Damaged
        self.fh.seek(offset)
        data = self.fh.read(n)
        if len(data) != n:
            raise _Damaged
        return data

    def instance_at(self, offset: int) -> tuple[int, int, bytes]:
        """An ``INSTANCE DUMP``'s id, class and values (:class:`_Damaged` where they are
        longer than :data:`MAX_ARRAY` bytes: no class's fields come to that many)."""
        self.reads += 1
        if self.reads > MAX_READS:
            raise _Budget
        ids = self.id_size
        head = self.read(offset, 1 + ids + 4 + ids + 4)
        if head[0] != 0x21:
            raise _Damaged
        ident: int = struct.unpack(self._id, head[1 : 1 + ids])[0]
        class_id: int = struct.unpack(self._id, head[5 + ids : 5 + 2 * ids])[0]
        length: int = struct.unpack(">I", head[-4:])[0]
        if length > MAX_ARRAY:
            raise _Damaged
        return ident, class_id, self.read(offset + len(head), length)

    def instance(self, ident: int) -> tuple[int, bytes] | None:
        """The instance ``ident``'s class and values (``None``: no instance)."""
        offset = self.where(ident)
        if offset is None or self.read(offset, 1)[0] != 0x21:
            return None
        return self.instance_at(offset)[1:]

    def array(self, ident: int) -> tuple[int, bytes] | None:
        """The primitive array ``ident``'s type and contents (at most :data:`MAX_ARRAY`
        bytes; ``None``: no such array)."""
        offset = self.where(ident)
        if offset is None:
            return None
        ids = self.id_size
        head = self.read(offset, 1 + ids + 9)
        if head[0] != 0x23:
            return None
        count: int = struct.unpack(">I", head[ids + 5 : ids + 9])[0]
        kind = head[-1]
        size = min(count * _BASIC_SIZES.get(kind, 1), MAX_ARRAY)
        return kind, self.read(offset + len(head), size)

    def layout(self, class_id: int) -> list[tuple[str, int]] | None:
        """The fields an instance of the class holds, in the order of its values: the
        class's own, then its super class's, a repeated name numbered (``None``: a class
        in the chain not dumped, or a chain too long)."""
        if class_id in self.layouts:
            return self.layouts[class_id]
        fields: list[tuple[str, int]] = []
        seen: dict[str, int] = {}
        chain: set[int] = set()
        current = class_id
        result: list[tuple[str, int]] | None = fields
        while current:
            cls = self.index.classes.get(current)
            if cls is None or current in chain or len(chain) >= MAX_CHAIN:
                result = None
                break
            chain.add(current)
            for name_id, kind in cls.fields:
                name = self.index.names.get(name_id, f"field{len(fields) + 1}")
                seen[name] = seen.get(name, 0) + 1
                fields.append((name if seen[name] == 1 else f"{name} ({seen[name]})", kind))
            current = cls.super_id
        self.layouts[class_id] = result
        return result

    def chain(self, class_id: int) -> list[str]:
        """The names of the class and its super classes."""
        names: list[str] = []
        current = class_id
        while current and len(names) < MAX_CHAIN:
            names.append(self.index.class_names.get(current, ""))
            cls = self.index.classes.get(current)
            current = cls.super_id if cls is not None else 0
        return names

    def values(self, class_id: int, data: bytes) -> dict[str, tuple[int, Raw]]:
        """An instance's values by field name, each with its type (:class:`_Damaged`
        where they do not fit the class's fields)."""
        layout = self.layout(class_id)
        unpack = self.formats.get(class_id)
        if unpack is None:
            if layout is None or any(k != _OBJECT and k not in _UNPACK for _, k in layout):
                raise _Damaged
            codes = "".join(self._id[1] if k == _OBJECT else _UNPACK[k][1] for _, k in layout)
            unpack = self.formats[class_id] = struct.Struct(">" + codes)
        if layout is None or unpack.size != len(data):
            raise _Damaged
        return {
            name: (kind, value)
            for (name, kind), value in zip(layout, unpack.unpack(data), strict=True)
        }

    def own(self, class_id: int) -> frozenset[int]:
        """The application's classes among the class and its super classes."""
        found: set[int] = set()
        current = class_id
        for _ in range(MAX_CHAIN):
            if not current:
                break
            if self.index.is_app(current):
                found.add(current)
            cls = self.index.classes.get(current)
            current = cls.super_id if cls is not None else 0
        return frozenset(found)

    def record(
        self, class_id: int, data: bytes, depth: int, path: frozenset[int]
    ) -> dict[str, str]:
        """An instance of the application's class as its fields' values at their paths
        (``path``: the application's classes of the objects read in on the way here)."""
        record: dict[str, str] = {}
        for name, (kind, value) in self.values(class_id, data).items():
            text = self.ref(int(value), depth, path) if kind == _OBJECT else _primitive(kind, value)
            if isinstance(text, dict):
                record.update({f"{name}.{k}": v for k, v in text.items()})
            elif text is not None:
                record[name] = text
        return record

    def ref(self, ident: int, depth: int, path: frozenset[int]) -> Value | None:
        """The value of the object a field refers to (``None``: null, or left out). An
        object of the application's class is read in where none of its classes is on the
        ``path`` (another patient, a partner, is a row of her own: read into this row
        she would be one person with it); a cycle cannot be followed."""
        if not ident or depth > MAX_DEPTH + MAX_VALUE_HOPS:
            return None
        try:
            found = self.instance(ident)
            if found is None:
                array_ = self.array(ident)
                return decode_chars(array_[1]) if array_ and array_[0] == _CHAR else None
            class_id, data = found
            name = self.index.class_names.get(class_id, "")
            if self.index.is_app(class_id):
                if "java.lang.Enum" in self.chain(class_id):
                    return self._text(self.values(class_id, data).get("name"), depth)
                mine = self.own(class_id)
                if depth >= MAX_DEPTH or mine & path:
                    return None
                return self.record(class_id, data, depth + 1, path | mine) or None
            return self.jdk(name, class_id, data, depth)
        except _Damaged:
            self.damaged += 1
            return None

    def _text(self, value: tuple[int, Raw] | None, depth: int) -> str | None:
        """A field's value where it is a string (or another value read as text)."""
        if value is None:
            return None
        kind, raw = value
        if kind != _OBJECT:
            return _primitive(kind, raw)
        found = self.ref(int(raw), max(depth, MAX_DEPTH) + 1, frozenset())
        return found if isinstance(found, str) else None

    def jdk(self, name: str, class_id: int, data: bytes, depth: int) -> str | None:
        """A JDK object read as its value: a string, a boxed number, a date, a time, a
        ``BigDecimal``, a ``UUID`` (``None``: any other)."""
        if name not in _JDK_VALUES and "java.lang.Enum" not in self.chain(class_id):
            return None
        values = self.values(class_id, data)

        def num(field_name: str) -> int | None:
            found = values.get(field_name)
            return found[1] if found and isinstance(found[1], int) else None

        if name == "java.lang.String":
            return self.string(values)
        if name in _BOXED:
            return self._text(values.get("value"), depth)
        if name in _DATES:
            millis = num("fastTime")
            return None if millis is None else _instant(millis)
        if name == "java.time.LocalDate":
            return _date(num("year"), num("month"), num("day"))
        if name == "java.time.LocalTime":
            return _time(num("hour"), num("minute"), num("second"), num("nano"))
        if name == "java.time.LocalDateTime":
            day = self._text(values.get("date"), depth)
            clock = self._text(values.get("time"), depth)
            return f"{day}T{clock}" if day and clock else day
        if name == "java.time.Instant":
            seconds = num("seconds")
            return None if seconds is None else _instant(seconds * 1000, num("nanos") or 0)
        if name == "java.math.BigDecimal":
            compact, scale = num("intCompact"), num("scale")
            if compact is None or scale is None or compact == -(2**63) or abs(scale) > 64:
                return None
            return str(_decimal(compact, scale))
        if name == "java.util.UUID":
            high, low = num("mostSigBits"), num("leastSigBits")
            if high is None or low is None:
                return None
            return str(uuid.UUID(int=((high % 2**64) << 64) | (low % 2**64)))
        return self._text(values.get("name"), depth)  # (an enum of the JDK's)

    def string(self, values: dict[str, tuple[int, Raw]]) -> str | None:
        """A ``java.lang.String``'s text: its ``value`` array by its ``coder`` (a Java 6
        string's ``offset`` and ``count`` too)."""
        value = values.get("value")
        if value is None or value[0] != _OBJECT or not value[1]:
            return None
        found = self.array(int(value[1]))
        if found is None:
            return None
        kind, data = found
        if kind == _CHAR:
            text = decode_chars(data)
            start, count = values.get("offset"), values.get("count")
            if start and count and isinstance(start[1], int) and isinstance(count[1], int):
                text = text[start[1] : start[1] + count[1]]
            return text
        if kind != _BYTE:
            return None
        coder = values.get("coder")
        if coder is None:
            return decode_bytes(data)
        if coder[1] == 1:
            data = data[: len(data) // 2 * 2]
            big = data[0::2].count(0) > data[1::2].count(0)  # (a big-endian machine's)
            return data.decode("utf-16-be" if big else "utf-16-le", "replace")
        return data.decode("latin-1")


_BOXED = frozenset(
    f"java.lang.{n}"
    for n in ("Long", "Integer", "Short", "Byte", "Double", "Float", "Boolean", "Character")
)
_DATES = frozenset({"java.util.Date", "java.sql.Date", "java.sql.Timestamp"})
_JDK_VALUES = (
    _BOXED
    | _DATES
    | {"java.lang.String", "java.math.BigDecimal", "java.util.UUID"}
    | {f"java.time.{n}" for n in ("LocalDate", "LocalTime", "LocalDateTime", "Instant")}
)
"""The JDK's classes read as values."""


def _primitive(kind: int, value: Raw) -> str | None:
    """A primitive field's value as text: numbers in decimal, ``true``/``false``, a
    ``char`` as its character."""
    if kind == 4:
        return "true" if value else "false"
    if kind == _CHAR and isinstance(value, int):
        return chr(value) if not 0xD800 <= value < 0xE000 else None
    return str(value)


def _decimal(unscaled: int, scale: int) -> str:
    """A ``BigDecimal``'s value from its unscaled long and scale, as text."""
    if scale <= 0:
        return str(unscaled * 10**-scale)
    sign = "-" if unscaled < 0 else ""
    digits = str(abs(unscaled)).rjust(scale + 1, "0")
    return f"{sign}{digits[:-scale]}.{digits[-scale:]}"


def _date(year: int | None, month: int | None, day: int | None) -> str | None:
    """A ``LocalDate``'s fields as an ISO date (``None`` where they are no date)."""
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _time(hour: int | None, minute: int | None, second: int | None, nano: int | None) -> str | None:
    """A ``LocalTime``'s fields as an ISO time."""
    if hour is None or minute is None:
        return None
    try:
        return dt.time(hour, minute, second or 0, (nano or 0) // 1000).isoformat()
    except ValueError:
        return None


def _instant(millis: int, nanos: int = 0) -> str:
    """A moment (milliseconds since 1970 UTC) as text: a date where it is midnight in UTC
    or in the Netherlands (a ``java.util.Date`` of a birth date, made in either zone),
    else its ISO instant in UTC; the number where it is out of range."""
    try:
        moment = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(milliseconds=millis)
    except OverflowError:
        return str(millis)
    if nanos:
        moment = moment.replace(microsecond=nanos // 1000 % 1_000_000)
    local = moment.astimezone(_ZONE)
    for when in (moment, local):
        if when.time() == dt.time(0):
            return when.date().isoformat()
    return (
        moment.strftime("%Y-%m-%dT%H:%M:%S")
        + (f".{moment.microsecond:06d}".rstrip("0") if moment.microsecond else "")
        + "Z"
    )


def _tables(objects: _Objects, where: str, max_rows: int) -> Iterator[Extracted]:
    """The instances of the application's classes, a table per class (not an enum);
    where :data:`MAX_READS` is passed, the rows read so far and a note."""
    index = objects.index
    for class_id, offsets in index.rows.items():
        if "java.lang.Enum" in objects.chain(class_id):
            continue
        chunker = RecordChunker(Location(where, index.class_names[class_id]), max_rows)
        try:
            yield from _rows(objects, class_id, offsets, chunker)
        except _Budget:
            yield from chunker.flush()
            yield Note(
                Location(where),
                f"Java heap dump: objects past {MAX_READS} read left out (the tables end there)",
            )
            return


def _rows(
    objects: _Objects, class_id: int, offsets: array[int], chunker: RecordChunker
) -> Iterator[TableUnit]:
    """The rows of one class's table."""
    for row, offset in enumerate(offsets, 1):
        try:
            _, _, data = objects.instance_at(offset)
            record = objects.record(class_id, data, 0, objects.own(class_id))
        except _Damaged:
            objects.damaged += 1
            continue
        yield from chunker.add(row, record)
    yield from chunker.flush()


class HprofExtractor(Extractor):
    """A Java heap dump's objects of the application's classes, as tables, and its
    strings, as text."""

    id: ClassVar[str] = "hprof"
    types: ClassVar[frozenset[str]] = frozenset({"hprof"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        where = Location(source.path)
        strings = _Strings(config.batch_bytes)
        stopped: str | None = None
        records = 0
        with source.open_sized() as (fh, size):
            id_size, start = header(fh)
            stream = _Stream(fh, size, id_size, start)
            index = _Index(max(1, config.batch_bytes // 32))
            try:
                for _ in _records(stream, strings, index):
                    records += 1
            except HprofError as exc:
                if not records and not strings.found and not index.ids:
                    raise ExtractError(f"unreadable Java heap dump ({exc})") from None
                stopped = f"after record {records}: {exc}"
            objects = _Objects(fh, size, id_size, index)
            tables = 0
            for unit in _tables(objects, source.path, config.max_table_rows_per_unit):
                tables += 1
                yield unit
        text = strings.text()
        notes = list(_notes(where, index, objects, stopped))
        if strings.full:
            notes.insert(
                0,
                Note(
                    where,
                    f"Java heap dump: the strings reached "
                    f"{config.batch_bytes} characters (the rest left out)",
                ),
            )
        if not text and not tables and not notes:
            raise SkipFile("Java heap dump holds no strings and no objects of its own")
        yield from cut_text(Location(source.path, PART), text, config.max_text_unit_chars)
        yield from notes


def _notes(
    where: Location, index: _Index, objects: _Objects, stopped: str | None
) -> Iterator[Note]:
    """The notes of what the bounds cut and what was damaged."""
    if stopped is not None:
        yield Note(where, f"Java heap dump reading stopped ({stopped})")
    if index.objects_cut:
        yield Note(
            where,
            f"Java heap dump: objects past {index.max_objects} not indexed "
            "(fields that refer to them left out)",
        )
    for class_id in index.cut_classes:
        yield Note(
            where,
            f"Java heap dump: instances of {index.class_names[class_id]} past "
            f"{len(index.rows[class_id])} left out (rows bounded)",
        )
    if objects.damaged:
        yield Note(
            where, f"Java heap dump: {objects.damaged} objects that do not fit their class left out"
        )
