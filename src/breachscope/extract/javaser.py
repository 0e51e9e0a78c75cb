"""Java serialisation streams (``AC ED 00 05``: Tomcat's persisted sessions in
``work/Catalina/localhost/<app>/SESSIONS.ser``, an Ehcache or JCS disk cache, a Java
app's ``*.ser`` export), read by a parser of the stream's grammar (the Java Object
Serialization Specification, chapter 6) written here: no JVM is started, no class is
looked up or loaded, nothing in the stream is run. What an object's class would do with
its data is known here for the JDK's own classes only.

What is read, as a JSON document is (:func:`breachscope.extract.json.plain`): an object
as a mapping of its fields (the fields of all its classes, superclass first; its class's
name under ``@class``); ``java.util``'s collections by what their ``writeObject`` wrote
(``ArrayList``, ``LinkedList``, ``Vector``, ``HashSet``, ``TreeSet`` and the like as
lists; ``HashMap``, ``LinkedHashMap``, ``Hashtable``, ``TreeMap`` and the like as
mappings, their keys as text); the ``Collections`` and ``List.of`` wrappers as what they
wrap; a ``java.util.Date`` (``java.sql.Timestamp``) as its ISO instant, a ``java.sql.Date``
as its day, ``java.time``'s values (their ``Ser`` objects) as their ISO text; boxed
numbers as numbers, a ``BigDecimal`` as its digits, a ``UUID`` as its text, an enum as
its constant's name, a ``char[]`` as its text, a ``byte[]`` as its UTF-8 text where it is
some (the stream it holds where it holds one: a cache's serialised value). Data an
unknown class's own ``writeObject`` wrote is kept under ``@data``: the objects in it, and
the printable strings of its block data (``writeUTF``'s among them); an app's class
derived from a JDK collection keeps its own fields, the collection under ``@values``.

Where the stream is a Tomcat session file (StandardManager's layout: a count, then each
session's times, id, authentication and attributes as objects), each session is a
document in part ``session-<id>``: its id, times and attributes (``attributes.patient.bsn``)
record 1, and an attribute that holds a list of objects (a search result list, of one or
more) a part of its own, ``session-<id>/<name>``, a record per element. Otherwise the
stream's top-level objects are read: one as a document (a list a record per element);
of several, each is a record of part ``objects`` (``row``: its place among the stream's
top-level items, block data counted), and one that is a list or wraps an array of
records a part of its own, ``object-<n>``, a record per element.

Safety: every length is checked against the bytes left before anything is allocated,
a reference must name an object already read, nesting is bounded (:data:`MAX_DEPTH`),
and values shared by reference are read out within a budget proportional to the file's
size (a list referred to a million times is not copied a million times): past it, the
rest is left out with a note. A stream that breaks keeps what came before it, with a
note. Several streams one after another (an Ehcache file's entries; a JCS cache's
``.data``, each entry after its length) are read in turn: bytes between them that are
no object are skipped, and an entry that does not read is skipped to the next stream,
with a note.

Why not ``javaobj-py3`` (Apache-2.0, the library made for this): its parser (``v2``, a
port of jdeserialize, marked alpha) reads a length's bytes without checking that they
are there (a string cut short is read short, silently), recurses without a bound, and
reads the JDK's collections through transformers that build Python objects we would
walk again; the grammar is small, and written here every read is checked and bounded.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import struct
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from breachscope.config import Config
from breachscope.extract.base import (
    Extracted,
    ExtractError,
    Extractor,
    Note,
    SkipFile,
    Source,
)
from breachscope.extract.json import (
    document_units,
    plain,
    record_rows,
    records_of,
    several_records,
)
from breachscope.extract.otherpeople import PeopleChunker
from breachscope.ingest.filetype import JAVA_STREAM
from breachscope.location import Location

MAGIC = JAVA_STREAM
"""A stream's header: ``STREAM_MAGIC`` and ``STREAM_VERSION`` 5."""
MAX_DEPTH = 100
"""Deepest nesting of objects read (a stream nested deeper is hostile or broken)."""
MAX_VALUE_DEPTH = 64
"""Deepest nesting of the values read out (references can nest deeper than the stream)."""
BASE_HANDLE = 0x7E0000

TC_NULL = 0x70
TC_REFERENCE = 0x71
TC_CLASSDESC = 0x72
TC_OBJECT = 0x73
TC_STRING = 0x74
TC_ARRAY = 0x75
TC_CLASS = 0x76
TC_BLOCKDATA = 0x77
TC_ENDBLOCKDATA = 0x78
TC_RESET = 0x79
TC_BLOCKDATALONG = 0x7A
TC_EXCEPTION = 0x7B
TC_LONGSTRING = 0x7C
TC_PROXYCLASSDESC = 0x7D
TC_ENUM = 0x7E

SC_WRITE_METHOD = 0x01
SC_SERIALIZABLE = 0x02
SC_EXTERNALIZABLE = 0x04
SC_BLOCK_DATA = 0x08

_PRIMITIVES = {
    "B": ">b", "C": ">H", "D": ">d", "F": ">f", "I": ">i", "J": ">q", "S": ">h", "Z": ">?"
}  # fmt: skip
"""Field and array element type codes of primitives, by their ``struct`` formats."""
_WIDTHS = {code: struct.calcsize(fmt) for code, fmt in _PRIMITIVES.items()}
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class JavaSerError(ValueError):
    """Where and why a stream does not follow the grammar (no value quoted)."""


@dataclass(slots=True, eq=False)
class ClassDesc:
    """A class's descriptor: its name, flags, fields (type code, name) and superclass."""

    name: str
    flags: int = 0
    fields: list[tuple[str, str]] = field(default_factory=list)
    superclass: ClassDesc | None = None

    def hierarchy(self) -> list[ClassDesc]:
        """The class and its superclasses, the topmost first (a loop a hostile stream
        makes is cut where it closes)."""
        chain: list[ClassDesc] = []
        node: ClassDesc | None = self
        while node is not None and node not in chain and len(chain) < MAX_DEPTH:
            chain.append(node)
            node = node.superclass
        return chain[::-1]


@dataclass(slots=True, eq=False)
class JavaObject:
    """An object: for each of its classes (topmost first), its field values and what
    its own ``writeObject`` (or ``writeExternal``) wrote after them."""

    desc: ClassDesc
    data: list[tuple[ClassDesc, dict[str, Any], list[Any]]] = field(default_factory=list)


@dataclass(slots=True, eq=False)
class JavaArray:
    """An array: its class name (``[I``, ``[Ljava.lang.String;``) and its elements (a
    ``byte[]`` as bytes, a ``char[]`` as text)."""

    name: str
    values: list[Any] | bytes | str


@dataclass(slots=True, eq=False)
class JavaEnum:
    name: str
    constant: str = ""


@dataclass(slots=True, eq=False)
class JavaClass:
    """A ``Class`` object (its name)."""

    name: str


@dataclass(slots=True, eq=False)
class Block:
    """Primitive data (``TC_BLOCKDATA``): what a ``writeInt``, ``writeUTF``... wrote."""

    data: bytes | bytearray


def _add(items: list[Any], item: Any) -> None:
    """``item`` appended to ``items``, block data joined to the block data before it (Java
    cuts it into blocks of 1,024 bytes; joined in place, so many blocks cost no more than
    their bytes)."""
    if isinstance(item, Block) and items and isinstance(items[-1], Block):
        last = items[-1]
        if isinstance(last.data, bytes):
            last.data = bytearray(last.data)
        last.data += item.data
    else:
        items.append(item)


def modified_utf8(raw: bytes) -> str:
    """Java's modified UTF-8 (NUL as ``C0 80``, a character beyond the BMP as its two
    surrogates, each in three bytes) as text; bytes that are none as U+FFFD."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.replace(b"\xc0\x80", b"\x00").decode("utf-8", "surrogatepass")
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


class _Stream:
    """The grammar's reader over one stream's bytes (see the module's text)."""

    def __init__(self, data: bytes, pos: int = 0) -> None:
        self.data = data
        self.pos = pos
        self.handles: list[Any] = []

    # -- primitive data --------------------------------------------------------------

    def take(self, count: int, what: str) -> bytes:
        """The next ``count`` bytes; a :class:`JavaSerError` where fewer are left."""
        if count < 0 or self.pos + count > len(self.data):
            raise JavaSerError(f"{what} of {count} bytes runs past the end at byte {self.pos}")
        out = self.data[self.pos : self.pos + count]
        self.pos += count
        return out

    def unpack(self, fmt: str, what: str) -> Any:
        return struct.unpack(fmt, self.take(struct.calcsize(fmt), what))[0]

    def byte(self) -> int:
        if self.pos >= len(self.data):
            raise JavaSerError(f"the stream ends inside an object at byte {self.pos}")
        self.pos += 1
        return self.data[self.pos - 1]

    def utf(self, what: str) -> str:
        return modified_utf8(self.take(self.unpack(">H", what), what))

    def new_handle(self, value: Any) -> None:
        self.handles.append(value)

    # -- contents --------------------------------------------------------------------

    def content(self, depth: int) -> Any:
        """The object (or block data) at the reader's place."""
        if depth > MAX_DEPTH:
            raise JavaSerError(f"objects nested deeper than {MAX_DEPTH} levels")
        at = self.pos
        code = self.byte()
        reader = _CONTENTS.get(code)
        if reader is None:
            raise JavaSerError(f"no object at byte {at} (type code 0x{code:02x})")
        return reader(self, depth)

    def _null(self, depth: int) -> None:
        return None

    def _reference(self, depth: int) -> Any:
        at = self.pos
        handle = self.unpack(">i", "a reference") - BASE_HANDLE
        if not 0 <= handle < len(self.handles):
            raise JavaSerError(f"a reference at byte {at - 1} to a handle no object has")
        return self.handles[handle]

    def _string(self, depth: int) -> str:
        text = self.utf("a string")
        self.new_handle(text)
        return text

    def _long_string(self, depth: int) -> str:
        text = modified_utf8(self.take(self.unpack(">q", "a long string"), "a long string"))
        self.new_handle(text)
        return text

    def _block(self, depth: int) -> Block:
        return Block(self.take(self.unpack(">B", "block data"), "block data"))

    def _long_block(self, depth: int) -> Block:
        return Block(self.take(self.unpack(">i", "block data"), "block data"))

    def _reset(self, depth: int) -> Any:
        self.handles.clear()
        return self.content(depth)

    def _exception(self, depth: int) -> Any:
        self.handles.clear()
        thrown = self.content(depth + 1)
        self.handles.clear()
        return thrown

    def _class(self, depth: int) -> JavaClass:
        desc = self.class_desc(depth + 1)
        found = JavaClass(desc.name if desc is not None else "")
        self.new_handle(found)
        return found

    def _enum(self, depth: int) -> JavaEnum:
        desc = self.class_desc(depth + 1)
        found = JavaEnum(desc.name if desc is not None else "")
        self.new_handle(found)
        constant = self.content(depth + 1)
        if not isinstance(constant, str):
            raise JavaSerError(f"an enum constant without its name before byte {self.pos}")
        found.constant = constant
        return found

    def _class_desc_content(self, depth: int) -> ClassDesc | None:
        self.pos -= 1
        return self.class_desc(depth)

    def class_desc(self, depth: int) -> ClassDesc | None:
        """A class descriptor: new, a reference to one read before, or null."""
        if depth > MAX_DEPTH:
            raise JavaSerError(f"class descriptors nested deeper than {MAX_DEPTH} levels")
        at = self.pos
        code = self.byte()
        if code == TC_NULL:
            return None
        if code == TC_REFERENCE:
            found = self._reference(depth)
            if not isinstance(found, ClassDesc):
                raise JavaSerError(f"a reference at byte {at} to no class descriptor")
            return found
        if code == TC_CLASSDESC:
            return self._new_class_desc(depth)
        if code == TC_PROXYCLASSDESC:
            return self._proxy_class_desc(depth)
        raise JavaSerError(f"no class descriptor at byte {at}")

    def _new_class_desc(self, depth: int) -> ClassDesc:
        desc = ClassDesc(self.utf("a class name"))
        self.take(8, "a serialVersionUID")
        self.new_handle(desc)
        desc.flags = self.byte()
        count = self.unpack(">h", "a field count")
        if count < 0 or 3 * count > len(self.data) - self.pos:
            raise JavaSerError(f"a class of {count} fields at byte {self.pos - 2}")
        for _ in range(count):
            at = self.pos
            code = chr(self.byte())
            name = self.utf("a field name")
            if code in ("L", "["):
                if not isinstance(self.content(depth + 1), str):
                    raise JavaSerError(f"a field's type without its name at byte {at}")
            elif code not in _PRIMITIVES:
                raise JavaSerError(f"a field of no type at byte {at}")
            desc.fields.append((code, name))
        self.annotations(depth)  # (the class's own: nothing a value needs)
        desc.superclass = self.class_desc(depth + 1)
        return desc

    def _proxy_class_desc(self, depth: int) -> ClassDesc:
        desc = ClassDesc("(proxy)")
        self.new_handle(desc)
        count = self.unpack(">i", "an interface count")
        if count < 0 or 2 * count > len(self.data) - self.pos:
            raise JavaSerError(f"a proxy of {count} interfaces at byte {self.pos - 4}")
        names = [self.utf("an interface name") for _ in range(count)]
        desc.name = f"(proxy {', '.join(names)})"
        self.annotations(depth)
        desc.superclass = self.class_desc(depth + 1)
        return desc

    def annotations(self, depth: int) -> list[Any]:
        """Objects and block data up to ``TC_ENDBLOCKDATA`` (a class's annotation, or
        what an object's ``writeObject`` wrote after its fields), adjacent block data
        joined (:func:`_add`)."""
        out: list[Any] = []
        while True:
            if self.pos < len(self.data) and self.data[self.pos] == TC_ENDBLOCKDATA:
                self.pos += 1
                return out
            _add(out, self.content(depth + 1))

    def _object(self, depth: int) -> JavaObject:
        at = self.pos - 1
        desc = self.class_desc(depth + 1)
        if desc is None:
            raise JavaSerError(f"an object without its class at byte {at}")
        obj = JavaObject(desc)
        self.new_handle(obj)
        if desc.flags & SC_EXTERNALIZABLE:
            if not desc.flags & SC_BLOCK_DATA:
                raise JavaSerError(f"an Externalizable object of protocol 1 at byte {at}")
            obj.data.append((desc, {}, self.annotations(depth)))
            return obj
        for cls in desc.hierarchy():
            values = self.fields(cls, depth)
            extra = self.annotations(depth) if cls.flags & SC_WRITE_METHOD else []
            obj.data.append((cls, values, extra))
        return obj

    def fields(self, cls: ClassDesc, depth: int) -> dict[str, Any]:
        """A class's field values: its primitives first, then its objects, each in the
        order of its descriptor (as Java's ``defaultReadFields`` reads them)."""
        values: dict[str, Any] = {}
        for code, name in cls.fields:
            if code in _PRIMITIVES:
                values[name] = self.unpack(_PRIMITIVES[code], "a field")
                if code == "C":
                    values[name] = chr(values[name])
        for code, name in cls.fields:
            if code not in _PRIMITIVES:
                values[name] = self.content(depth + 1)
        return values

    def _array(self, depth: int) -> JavaArray:
        at = self.pos - 1
        desc = self.class_desc(depth + 1)
        name = desc.name if desc is not None else ""
        if not name.startswith("["):
            raise JavaSerError(f"an array of no array class at byte {at}")
        found = JavaArray(name, [])
        self.new_handle(found)
        size = self.unpack(">i", "an array's size")
        code = name[1:2]
        width = _WIDTHS.get(code, 1)
        if size < 0 or size * width > len(self.data) - self.pos:
            raise JavaSerError(f"an array of {size} elements runs past the end at byte {at}")
        if code == "B":
            found.values = self.take(size, "an array")
        elif code == "C":
            found.values = self.take(2 * size, "an array").decode("utf-16-be", "replace")
        elif code in _PRIMITIVES:
            fmt = ">" + str(size) + _PRIMITIVES[code][1]
            found.values = list(struct.unpack(fmt, self.take(size * width, "an array")))
        else:
            found.values = [self.content(depth + 1) for _ in range(size)]
        return found


_CONTENTS: dict[int, Callable[[_Stream, int], Any]] = {
    TC_NULL: _Stream._null,
    TC_REFERENCE: _Stream._reference,
    TC_CLASSDESC: _Stream._class_desc_content,
    TC_PROXYCLASSDESC: _Stream._class_desc_content,
    TC_OBJECT: _Stream._object,
    TC_STRING: _Stream._string,
    TC_LONGSTRING: _Stream._long_string,
    TC_ARRAY: _Stream._array,
    TC_CLASS: _Stream._class,
    TC_BLOCKDATA: _Stream._block,
    TC_BLOCKDATALONG: _Stream._long_block,
    TC_RESET: _Stream._reset,
    TC_EXCEPTION: _Stream._exception,
    TC_ENUM: _Stream._enum,
}


RECORD_HEADER = 4
"""Bytes before each stream in a JCS disk cache's ``.data`` file (the record's length)."""


def read_stream(data: bytes) -> tuple[list[Any], list[str]]:
    """The top-level items of ``data`` (objects and block data), in order, and notes on
    what was skipped or where the reading stopped. A stream header after the first (a
    cache's next entry, written by an ``ObjectOutputStream`` of its own) starts afresh:
    bytes before it that are no object (a JCS record's length, a freed entry in an
    Ehcache file) are skipped, and an item that does not read is skipped to it, with a
    note. A :class:`JavaSerError` where ``data`` opens no stream (at its start, or after
    a record's length) or its first item does not read, where no stream follows."""
    first = data.find(MAGIC, 0, RECORD_HEADER + len(MAGIC))
    if first not in (0, RECORD_HEADER):
        raise JavaSerError("no stream header (AC ED 00 05)")
    stream = _Stream(data, first + len(MAGIC))
    items: list[Any] = []
    notes: list[str] = []
    gaps: list[tuple[int, int]] = [(0, first)] if first else []
    while stream.pos < len(data):
        at = stream.pos
        if data.startswith(MAGIC, at):
            stream = _Stream(data, at + len(MAGIC))
            continue
        if data[at] == TC_RESET:
            stream.handles.clear()
            stream.pos += 1
            continue
        nxt = data.find(MAGIC, at + 1)
        if data[at] not in _CONTENTS:
            if nxt < 0 and not data[at:].strip(b"\x00"):
                break  # (padding after the last)
            if nxt < 0 and not items:
                raise JavaSerError(f"no object at byte {at}")
            if nxt < 0:
                notes.append(f"reading stopped at byte {at}: no object there")
                break
            gaps.append((at, nxt))
            stream.pos = nxt
            continue
        try:
            item = stream.content(0)
        except JavaSerError as exc:
            if not items and nxt < 0:
                raise
            if nxt < 0:
                notes.append(f"reading stopped at item {len(items) + 1}: {exc}")
                break
            notes.append(f"item {len(items) + 1} skipped to the next stream at byte {nxt}: {exc}")
            stream.pos = nxt
            continue
        _add(items, item)
    if gaps:
        skipped = sum(b - a for a, b in gaps)
        notes.append(
            f"{skipped} bytes between streams skipped in {len(gaps)} places (the first at "
            f"byte {gaps[0][0]}): no object there"
        )
    return items, notes


# -- values ---------------------------------------------------------------------------


_UNKNOWN = object()
_RUN = re.compile(
    rb"(?:[\x20-\x7e]|[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
    rb"|[\xf0-\xf4][\x80-\xbf]{3}|[\t\r\n])+"
)
"""A run of printable UTF-8 (block data's text that no ``writeUTF`` wrote)."""
MIN_RUN = 4
"""Shortest run of printable bytes kept from block data."""


def block_strings(data: bytes) -> list[str]:
    """The printable strings of block data: each ``writeUTF``'s (the length before a run
    of printable bytes, and as many bytes of text), and runs of :data:`MIN_RUN` or more
    printable characters that no such length precedes. Found run by run with a regular
    expression (the bytes between them, numbers, are passed over at its speed)."""
    out: list[str] = []
    pos = 0
    while (run := _RUN.search(data, pos)) is not None:
        start = run.start()
        for head in (start - 2, start - 1):  # (a length whose low byte is printable)
            end = head + 2 + int.from_bytes(data[head : head + 2], "big")
            if head < pos or end == head + 2 or end > len(data):
                continue
            try:
                text = data[head + 2 : end].replace(b"\xc0\x80", b"\x00").decode("utf-8")
            except UnicodeDecodeError:
                continue
            if text.isprintable():
                out.append(text)
                pos = end
                break
        else:
            text = run.group().decode("utf-8").strip()
            if len(text) >= MIN_RUN:
                out.append(text)
            pos = run.end()
    return out


def _instant(millis: Any) -> dt.datetime | None:
    """Milliseconds since 1970 as a UTC instant (None where out of range)."""
    if not isinstance(millis, int):
        return None
    try:
        return _EPOCH + dt.timedelta(milliseconds=millis)
    except OverflowError:
        return None


def _block_long(extra: list[Any]) -> int | None:
    """The ``long`` at the start of the first block data in ``extra``."""
    for item in extra:
        if isinstance(item, Block) and len(item.data) >= 8:
            return int(struct.unpack(">q", item.data[:8])[0])
    return None


def _block_int(extra: list[Any]) -> int | None:
    """The ``int`` at the start of the first block data in ``extra``."""
    for item in extra:
        if isinstance(item, Block) and len(item.data) >= 4:
            return int(struct.unpack(">i", item.data[:4])[0])
    return None


def _elements(extra: list[Any]) -> list[Any]:
    """The objects a collection's ``writeObject`` wrote after its size (the objects after
    the first block data; all of them where none was written)."""
    for i, item in enumerate(extra):
        if isinstance(item, Block):
            return [x for x in extra[i + 1 :] if not isinstance(x, Block)]
    return [x for x in extra if not isinstance(x, Block)]


_LIST_CLASSES = frozenset(
    {"java.util.ArrayList", "java.util.LinkedList", "java.util.ArrayDeque"}
    | {"java.util.HashSet", "java.util.TreeSet", "java.util.PriorityQueue", "java.util.CollSer"}
    | {"java.util.concurrent.CopyOnWriteArrayList", "java.util.concurrent.ConcurrentLinkedQueue"}
    | {"java.util.concurrent.LinkedBlockingQueue", "java.util.concurrent.LinkedBlockingDeque"}
)
"""Collections whose ``writeObject`` writes their elements one after another (others,
an ``ArrayBlockingQueue``, keep them in a field: read as an object's fields)."""
_MAP_CLASSES = frozenset(
    {"java.util.HashMap", "java.util.Hashtable", "java.util.TreeMap", "java.util.EnumMap"}
    | {"java.util.IdentityHashMap", "java.util.Properties"}
    | {"java.util.concurrent.ConcurrentHashMap", "java.util.concurrent.ConcurrentSkipListMap"}
)
"""Maps whose ``writeObject`` writes their keys and values in turn."""
_BOXES = frozenset(
    f"java.lang.{n}" for n in ("Integer", "Long", "Short", "Byte", "Double", "Float", "Boolean")
) | frozenset(f"java.util.concurrent.atomic.Atomic{n}" for n in ("Integer", "Long", "Boolean"))
_JDK = ("java.", "javax.", "jdk.", "sun.")
"""Where the JDK's own classes are (a subclass there adds nothing to read: a
``Timestamp``'s nanoseconds are read with its ``Date``)."""
_WRAPPED = ("list", "m", "sm", "ss", "s", "c", "a", "al", "element")
"""The fields the ``Collections`` and ``Arrays`` wrappers (and a ``CopyOnWriteArraySet``)
keep what they wrap in."""
_TIME_KINDS: dict[int, str] = {
    1: "Duration", 2: "Instant", 3: "LocalDate", 4: "LocalTime", 5: "LocalDateTime",
    6: "ZonedDateTime", 7: "ZoneRegion", 8: "ZoneOffset", 9: "OffsetTime",
    10: "OffsetDateTime", 11: "Year", 12: "YearMonth", 13: "MonthDay", 14: "Period",
}  # fmt: skip
"""``java.time.Ser``'s types by their codes."""


class _Data:
    """A ``java.time`` value's bytes, read in turn (a :class:`JavaSerError` past their
    end)."""

    def __init__(self, data: bytes) -> None:
        self.stream = _Stream(data)

    def get(self, fmt: str) -> Any:
        return self.stream.unpack(fmt, "a java.time value")

    def date(self) -> dt.date:
        return dt.date(self.get(">i"), self.get(">b"), self.get(">b"))

    def time(self) -> dt.time:
        """``LocalTime.writeExternal``: an hour, minute, second each written as its
        complement where the rest is zero, then the nanoseconds."""
        parts = [0, 0, 0]
        nano = 0
        for i in range(3):
            parts[i] = self.get(">b")
            if parts[i] < 0:
                parts[i] = ~parts[i]
                break
        else:
            nano = self.get(">i")
        return dt.time(parts[0], parts[1], parts[2], nano // 1000)

    def offset(self) -> dt.timezone:
        quarters = self.get(">b")
        seconds = self.get(">i") if quarters == 127 else quarters * 900
        return dt.timezone(dt.timedelta(seconds=seconds))


def java_time(data: bytes) -> str | dt.date | None:
    """A ``java.time`` value from its ``Ser`` object's bytes (a type code, then the
    value's ``writeExternal``): dates and times as their ISO text (an instant a UTC
    :class:`datetime.datetime`); None for bytes that are no such value."""
    reader = _Data(data)
    try:
        kind = _TIME_KINDS.get(reader.get(">b"))
        if kind == "LocalDate":
            return reader.date()
        if kind == "LocalDateTime":
            return dt.datetime.combine(reader.date(), reader.time())
        if kind in ("ZonedDateTime", "OffsetDateTime"):
            moment = dt.datetime.combine(reader.date(), reader.time(), reader.offset())
            return moment.isoformat()
        if kind == "Instant":
            seconds, nanos = reader.get(">q"), reader.get(">i")
            return _EPOCH + dt.timedelta(seconds=seconds, microseconds=nanos // 1000)
        if kind == "LocalTime":
            return reader.time().isoformat()
        if kind == "OffsetTime":
            return reader.time().replace(tzinfo=reader.offset()).isoformat()
        if kind == "ZoneRegion":
            return reader.stream.utf("a zone")
        if kind == "ZoneOffset":
            return dt.datetime(2000, 1, 1, tzinfo=reader.offset()).strftime("%z")
        if kind == "Year":
            return str(reader.get(">i"))
        if kind == "YearMonth":
            return f"{reader.get('>i'):04d}-{reader.get('>b'):02d}"
        if kind == "MonthDay":
            return f"--{reader.get('>b'):02d}-{reader.get('>b'):02d}"
        if kind == "Duration":
            seconds, nanos = reader.get(">q"), reader.get(">i")
            length = decimal.Decimal(seconds) + decimal.Decimal(nanos).scaleb(-9)
            return f"PT{length.normalize():f}S"
        if kind == "Period":
            return f"P{reader.get('>i')}Y{reader.get('>i')}M{reader.get('>i')}D"
    except (JavaSerError, ValueError, OverflowError):
        return None
    return None


def _key(value: Any, index: int) -> str:
    """A map's key as text: a text, number or enum constant as it is; any other key by
    its place in the map."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(index)


class _Values:
    """The objects read as Python's values (see the module's text), within ``budget``:
    each value costs its length in characters and a few more (a shared list read out
    where it is referred to)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.notes: list[str] = []
        self._open: set[int] = set()
        self._nested: dict[int, Any] = {}

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def spend(self, cost: int) -> bool:
        """Whether the budget allows ``cost`` more (a note where it is spent)."""
        self.budget -= cost
        if self.budget < 0:
            self.note("values referred to more often than the file is long: the rest left out")
            return False
        return True

    def value(self, node: Any, depth: int = 0) -> Any:
        if isinstance(node, str):
            return node if self.spend(8 + len(node)) else None
        if not self.spend(8):
            return None
        if node is None or isinstance(node, bool | int | float):
            return node
        if isinstance(node, JavaEnum):
            return node.constant
        if isinstance(node, JavaClass):
            return node.name
        if isinstance(node, ClassDesc):
            return None
        if isinstance(node, Block):
            return block_strings(bytes(node.data)) or None
        if depth >= MAX_VALUE_DEPTH:
            self.note(f"values nested deeper than {MAX_VALUE_DEPTH} levels left out")
            return None
        if id(node) in self._open:
            return None  # (an object holding itself)
        self._open.add(id(node))
        try:
            if isinstance(node, JavaArray):
                return self._array(node, depth + 1)
            if isinstance(node, JavaObject):
                return self._object(node, depth + 1)
            return None
        finally:
            self._open.discard(id(node))

    def _array(self, node: JavaArray, depth: int) -> Any:
        values = node.values
        if isinstance(values, str):
            return values if self.spend(len(values)) else None
        if isinstance(values, bytes):
            return self._bytes(values, depth) if self.spend(len(values)) else None
        if node.name[1:2] in _PRIMITIVES:
            return values if self.spend(8 * len(values)) else None
        return [self.value(v, depth) for v in values]

    def _bytes(self, data: bytes, depth: int) -> Any:
        """A ``byte[]``: the stream it holds (a cache's serialised value), else the bytes
        (their UTF-8 text, where they are some, is read by :func:`plain`)."""
        if not data.startswith(MAGIC):
            return data
        if id(data) not in self._nested:
            try:
                items, notes = read_stream(data)
            except JavaSerError as exc:
                self.note(f"a stream in a byte array not read ({exc})")
                items, notes = [], []
            for text in notes:
                self.note(f"a stream in a byte array: {text}")
            self._nested[id(data)] = items
        items = self._nested[id(data)]
        found = [self.value(item, depth) for item in items]
        return found[0] if len(found) == 1 else found

    def _object(self, obj: JavaObject, depth: int) -> Any:
        """An object of a JDK class read here (or of an app's class derived from one: its
        own fields, and the JDK class's value under ``@values``), else its fields."""
        for index in range(len(obj.data) - 1, -1, -1):
            cls, values, extra = obj.data[index]
            known = self._known(cls.name, obj, values, extra, depth)
            if known is _UNKNOWN:
                continue
            below = [d for d in obj.data[index + 1 :] if not d[0].name.startswith(_JDK)]
            if any(own or more for _, own, more in below):
                out = self._fields(JavaObject(obj.desc, below), depth)
                out["@values"] = known
                return out
            return known
        return self._fields(obj, depth)

    def _known(
        self, name: str, obj: JavaObject, values: dict[str, Any], extra: list[Any], depth: int
    ) -> Any:
        """The value of an object of a JDK class read here (:data:`_UNKNOWN` for others),
        from the class data of its class ``name``."""
        if name in _BOXES:
            found = values.get("value")
            return found if isinstance(found, bool | int | float) else None
        if name == "java.lang.Character":
            return values.get("value")
        if name in _LIST_CLASSES and name != "java.util.CollSer":
            return [self.value(v, depth) for v in _elements(extra)]
        if name == "java.util.CollSer":  # (List.of, Set.of, Map.of)
            items = _elements(extra)
            tag = values.get("tag")
            if isinstance(tag, int) and tag & 0xFF == 3:
                return self._map(items, depth)
            return [self.value(v, depth) for v in items]
        if name in _MAP_CLASSES:
            return self._map(_elements(extra), depth)
        if name == "java.util.Vector":
            found = self.value(values.get("elementData"), depth)
            count = values.get("elementCount")
            return found[:count] if isinstance(found, list) and isinstance(count, int) else found
        if name == "java.util.Date":
            merged = {k: v for _, own, _ in obj.data for k, v in own.items()}
            return self._date(obj.desc.name, _instant(_block_long(extra)), merged)
        if name in ("java.util.Calendar", "java.util.GregorianCalendar") and "time" in values:
            return _instant(values.get("time"))
        if name == "java.time.Ser":
            block = next((b for b in extra if isinstance(b, Block)), None)
            return java_time(bytes(block.data)) if block is not None else None
        if name == "java.math.BigInteger":
            return _big_integer(values)
        if name == "java.math.BigDecimal":
            return _big_decimal(values)
        if name == "java.util.UUID":
            return _uuid(values)
        if name.startswith(("java.util.Collections$", "java.util.Arrays$")) or name.endswith(
            ".CopyOnWriteArraySet"
        ):
            return self._wrapped(values, depth)
        if name in ("java.lang.StringBuilder", "java.lang.StringBuffer"):
            text = next(
                (v.values for v in [*values.values(), *extra] if isinstance(v, JavaArray)), None
            )
            count = values.get("count", _block_int(extra))  # (StringBuilder's: written)
            if isinstance(text, str):
                return text[:count] if isinstance(count, int) and count >= 0 else text
            return None
        return _UNKNOWN

    def _map(self, items: list[Any], depth: int) -> dict[str, Any]:
        """Keys and values in turn (a trailing pair of nulls, ``ConcurrentHashMap``'s
        end, dropped) as a mapping of the keys' text."""
        out: dict[str, Any] = {}
        for i in range(0, len(items) - 1, 2):
            key, item = items[i], items[i + 1]
            if key is None and item is None:
                continue
            out[_key(self.value(key, depth), i // 2)] = self.value(item, depth)
        return out

    def _date(self, cls: str, moment: dt.datetime | None, values: dict[str, Any]) -> Any:
        """A ``java.util.Date`` as its instant; a ``java.sql.Date`` as the day whose
        midnight (in the zone of the JVM that wrote it, within 12 hours of UTC) it is; a
        ``java.sql.Timestamp`` with its nanoseconds."""
        if moment is None:
            return None
        if cls == "java.sql.Date":
            try:
                return (moment + dt.timedelta(hours=12)).date()
            except OverflowError:
                return None
        nanos = values.get("nanos")
        if cls == "java.sql.Timestamp" and isinstance(nanos, int) and 0 <= nanos < 10**9:
            return moment.replace(microsecond=nanos // 1000)
        return moment

    def _wrapped(self, values: dict[str, Any], depth: int) -> Any:
        """What a ``Collections`` wrapper (unmodifiable, synchronised, checked, a
        singleton) or ``Arrays.asList`` holds; an empty one as an empty list."""
        for name in _WRAPPED:
            if name in values:
                found = self.value(values[name], depth)
                return [found] if name == "element" else found
        if "k" in values:
            return self._map([values["k"], values.get("v")], depth)
        return [] if not values else _UNKNOWN

    def _fields(self, obj: JavaObject, depth: int) -> dict[str, Any]:
        """An object of a class not read here: its class's name, its fields (a field a
        superclass has too under ``Class.field``), and what its ``writeObject`` wrote
        after them (under ``@data``: the objects, the block data's strings)."""
        out: dict[str, Any] = {"@class": obj.desc.name}
        extra: list[Any] = []
        for cls, values, more in obj.data:
            for name, item in values.items():
                key = name if name not in out else f"{cls.name.rsplit('.', 1)[-1]}.{name}"
                out[key] = self.value(item, depth)
            for item in more:
                found = self.value(item, depth)
                if isinstance(item, Block) and isinstance(found, list):
                    extra.extend(found)
                elif found is not None:
                    extra.append(found)
        if extra:
            out["@data"] = extra
        return out


def _big_integer(values: dict[str, Any]) -> int | None:
    """A ``BigInteger``: its sign and magnitude (the magnitude's bytes, big-endian)."""
    signum, magnitude = values.get("signum"), values.get("magnitude")
    if not isinstance(signum, int) or not isinstance(magnitude, JavaArray):
        return None
    data = magnitude.values
    if not isinstance(data, bytes) or len(data) > 256:
        return None  # (more digits than a number a person has)
    return (-1 if signum < 0 else 1) * int.from_bytes(data, "big")


def _big_decimal(values: dict[str, Any]) -> str | None:
    """A ``BigDecimal``'s digits: its unscaled value (a ``BigInteger``) and its scale."""
    unscaled = values.get("intVal")
    number = _big_integer(unscaled.data[-1][1]) if isinstance(unscaled, JavaObject) else None
    scale = values.get("scale")
    if number is None or not isinstance(scale, int):
        return None
    if abs(scale) > 1000:
        return f"{number}E{-scale}"
    return str(decimal.Decimal(number).scaleb(-scale, decimal.Context(prec=1000)))


def _uuid(values: dict[str, Any]) -> str | None:
    high, low = values.get("mostSigBits"), values.get("leastSigBits")
    if not isinstance(high, int) or not isinstance(low, int):
        return None
    return str(uuid.UUID(int=((high & (2**64 - 1)) << 64) | (low & (2**64 - 1))))


# -- Tomcat's sessions ----------------------------------------------------------------


@dataclass
class Session:
    """One of Tomcat's persisted sessions: its id, its own values, its attributes."""

    id: str
    values: dict[str, Any]
    attributes: list[tuple[str, Any]]


_SESSION_HEAD = (
    ("creationTime", "java.lang.Long"),
    ("lastAccessedTime", "java.lang.Long"),
    ("maxInactiveInterval", "java.lang.Integer"),
    ("isNew", "java.lang.Boolean"),
    ("isValid", "java.lang.Boolean"),
    ("thisAccessedTime", "java.lang.Long"),
)
"""What ``StandardSession.writeObjectData`` writes before the session's id."""


_SESSION_AUTH = ("authType", "principal", "expectedSessionId", "savedRequest")
"""What Tomcat 8.5 on writes after the session's id (its authentication: its type and
principal, null where not kept), and newer ones after them where the manager keeps the
authentication's notes (``persistAuthenticationNotes``: the session id it expects, a
saved request)."""


def _box(item: Any, name: str) -> Any:
    """The value of a boxed number or boolean of class ``name`` (None for anything else)."""
    if isinstance(item, JavaObject) and item.desc.name == name and item.data:
        return item.data[-1][1].get("value")
    return None


def tomcat_sessions(items: list[Any]) -> list[Session] | None:
    """The sessions of a Tomcat session file (``StandardManager``'s ``SESSIONS.ser``: an
    ``Integer`` count, then each session; a ``FileStore``'s ``<id>.session``: one
    session), or None where the items are not laid out so. Tomcat 8.5 on writes the
    session's authentication before its attributes (:data:`_SESSION_AUTH`), older ones
    do not. A session cut short keeps the attributes read."""
    pos = 1 if items and _box(items[0], "java.lang.Integer") is not None else 0
    sessions: list[Session] = []
    while pos < len(items):
        head = items[pos : pos + len(_SESSION_HEAD) + 1]
        if len(head) <= len(_SESSION_HEAD):
            return sessions or None  # (a session cut short before its id)
        if not isinstance(head[-1], str):
            return None
        values: dict[str, Any] = {"id": head[-1]}
        for (name, cls), item in zip(_SESSION_HEAD, head, strict=False):
            found = _box(item, cls)
            if found is None:
                return None
            values[name] = _instant(found) if name.endswith("Time") else found
        pos += len(head)
        count = None
        for extra in range(0, len(_SESSION_AUTH) + 1, 2):
            if pos + extra >= len(items):
                break
            count = _box(items[pos + extra], "java.lang.Integer")
            if count is not None and (not extra or isinstance(items[pos], str | None)):
                values.update(zip(_SESSION_AUTH, items[pos : pos + extra], strict=False))
                pos += extra
                break
            count = None
        if count is None and pos < len(items):
            return None
        pos += 1
        attributes: list[tuple[str, Any]] = []
        for _ in range(count or 0):
            if pos >= len(items):
                break
            if not isinstance(items[pos], str):
                return None
            attributes.append((items[pos], items[pos + 1] if pos + 1 < len(items) else None))
            pos += 2
        sessions.append(Session(head[-1], values, attributes))
    return sessions or None


# -- units ----------------------------------------------------------------------------


_PART_CHARS = re.compile(r"[^A-Za-z0-9._-]")


def _session_part(session_id: str, place: int, used: set[str]) -> str:
    """``session-<id>`` (the id's letters, digits, dots and dashes, at most 80), or
    ``session-<place>`` where the id gives none or another session's."""
    clean = _PART_CHARS.sub("", session_id)[:80]
    part = f"session-{clean}" if clean else f"session-{place}"
    if part in used:
        part = f"session-{place}"
    used.add(part)
    return part


def document(path: str, part: str | None, value: Any, config: Config) -> Iterator[Extracted]:
    """A value read as a JSON document is, in ``part``: a list a record per element, an
    object's array of records it wraps in a part of its own below ``part``
    (``object-2/patienten``), its other values record 1."""
    chunker = PeopleChunker(Location(path, part), config.max_table_rows_per_unit)
    if isinstance(value, list):
        for row, item in enumerate(value, 1):
            yield from record_rows(chunker, path, row, item)
        yield from chunker.flush()
        return
    yield from document_units(path, value, config, chunker, prefix=part)
    yield from chunker.flush()


def _records(path: str, part: str, items: list[Any], config: Config) -> Iterator[Extracted]:
    """A list's elements, a record each, in ``part``."""
    chunker = PeopleChunker(Location(path, part), config.max_table_rows_per_unit)
    for row, item in enumerate(items, 1):
        yield from record_rows(chunker, path, row, item)
    yield from chunker.flush()


def _is_records(value: Any) -> bool:
    """Whether a session's attribute holds a list of objects (one or more: each found
    patient is a person of their own, even where the search found one)."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def session_units(
    path: str, sessions: list[Session], values: _Values, config: Config
) -> Iterator[Extracted]:
    """Each session's id, times and attributes as record 1 of its part, an attribute that
    holds a list of objects a part of its own (see the module's text)."""
    used: set[str] = set()
    for place, session in enumerate(sessions, 1):
        part = _session_part(session.id, place, used)
        own: dict[str, Any] = dict(session.values)
        for key in _SESSION_AUTH:
            if key in own:
                own[key] = values.value(own[key])
        lists: list[tuple[str, list[Any]]] = []
        attributes: dict[str, Any] = {}
        for name, item in session.attributes:
            found = plain(values.value(item))
            if _is_records(found):
                lists.append((name, found))
            else:
                attributes[name] = found
        own["attributes"] = attributes
        chunker = PeopleChunker(Location(path, part), config.max_table_rows_per_unit)
        yield from record_rows(chunker, path, 1, plain(own))
        yield from chunker.flush()
        for name, items in lists:
            yield from _records(path, f"{part}/{name}", items, config)


class JavaSerialExtractor(Extractor):
    """A Java serialisation stream: Tomcat's sessions, or its top-level objects."""

    id: ClassVar[str] = "java-ser"
    types: ClassVar[frozenset[str]] = frozenset({"java-ser"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "Java serialisation stream")
        try:
            items, notes = read_stream(data)
        except JavaSerError as exc:
            raise ExtractError(f"unreadable Java serialisation stream ({exc})") from None
        except RecursionError:
            raise ExtractError("Java serialisation stream nested too deeply to read") from None
        if not items:
            raise SkipFile("a stream without objects")
        values = _Values(4 * len(data) + 100_000)
        try:
            yield from self._units(source.path, items, values, config)
        except RecursionError:
            raise ExtractError("Java serialisation stream nested too deeply to read") from None
        for text in [*values.notes, *notes]:
            yield Note(Location(source.path), text)

    @staticmethod
    def _units(path: str, items: list[Any], values: _Values, config: Config) -> Iterator[Extracted]:
        sessions = tomcat_sessions(items)
        if sessions is not None:
            yield from session_units(path, sessions, values, config)
            return
        found = [(place, plain(values.value(item))) for place, item in enumerate(items, 1)]
        found = [(place, value) for place, value in found if value not in (None, [], {})]
        if len(items) == 1 and found:
            yield from document(path, None, found[0][1], config)
            return
        records = PeopleChunker(Location(path, "objects"), config.max_table_rows_per_unit)
        for place, value in found:
            if isinstance(value, list) or records_of(value) or several_records(value):
                yield from document(path, f"object-{place}", value, config)
            else:
                yield from record_rows(records, path, place, value)
        yield from records.flush()
