"""CPython bytecode caches (``.pyc``: ``__pycache__/test_matching.cpython-311.pyc``, its
source gone), read by the format (CPython's ``Python/marshal.c`` and
``importlib._bootstrap_external``), with a reader of marshal's format written here:
``marshal.loads`` is never called, as it is not safe on bytes one did not write, and
nothing is run or imported.

A file opens with its magic, a number in two bytes (little-endian) and ``\\r\\n``, that
tells the Python version that wrote it (3.6's 3360 to 3379 up to 3.13's 3550 to 3571);
then, from 3.7 on, a word of flags and eight bytes (the source's time and size, or its
hash), in 3.6 the time and size alone: a header of 16 bytes, or 12. One marshalled code
object follows: a type byte (its ``0x80`` bit, ``FLAG_REF``, marks an object that later
``r`` references point at by its place) and its fields: the counts (five in 3.6 and 3.7
and from 3.11 on, six in 3.8 to 3.10), the bytecode, the constants, the names, the local
and free names (or 3.11's ``localsplusnames`` and kinds), the file name, the name (and
from 3.11 the qualified name), the first line and the line table (and from 3.11 the
exception table). Marshal's other types: ``N``, ``T``, ``F``, ``.``, ``S``, ``0``;
integers ``i`` (four bytes) and ``l`` (digits of 15 bits); floats ``g`` (binary) and
``f`` (text), complex ``y`` and ``x``; bytes ``s``; text ``u``, ``t``, ``a``, ``A`` (a
length in four bytes) and ``z``, ``Z`` (in one); tuples ``(`` and ``)``, lists ``[``,
sets ``<``, frozensets ``>``, dicts ``{`` (pairs to a ``0``), a slice ``:``; a
reference ``r``.

What is read: two text parts, a value a line, each once, in the order found, and tables:

* ``strings``: the constants of every code object (a module's, its classes' and
  functions', nested): texts (docstrings among them), bytes that are UTF-8 text, and
  numbers as decimal text (a BSN a test wrote as an ``int`` has lost a leading zero);
  a constant tuple's or frozenset's members one by one;
* ``names``: the names of the code objects, the names they use, their local, free and
  cell names, and the file name the source had;
* ``records``, ``records-2``...: tables of the dictionaries the bytecode builds from
  constants alone (a module's list of test patients), a table for each set of keys
  (:mod:`breachscope.extract.pycrecords`).

The bytecode is read for those dictionaries alone; the line and exception tables are
passed over. A line break inside a value is a space; ``None``, booleans and the ellipsis
are left out. Bounded: every length is checked against the bytes left, objects nest at
most :data:`MAX_DEPTH` deep, at most :data:`MAX_OBJECTS` are read, an integer of more than
:data:`MAX_DIGITS` digits of 15 bits is left out, and at most ``Config.batch_bytes``
characters are kept (the records' too); what does not parse ends the reading with a
note, the values before it kept.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterator
from typing import Any, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.chunking import RowChunker, cut_text
from breachscope.extract.pycrecords import const_records, flat, opcodes
from breachscope.ingest.pychead import FLAG_REF, version_of
from breachscope.location import Location

MAX_FILE = 256 * 1024**2
"""Largest ``.pyc`` read (it is read whole)."""
MAX_DEPTH = 200
"""Deepest nesting of marshalled objects read."""
MAX_OBJECTS = 5_000_000
MAX_DIGITS = 64
"""Most 15-bit digits of an integer written as text (about 288 decimal digits)."""


class MarshalError(ValueError):
    """Bytes that are not marshal's (the message names places, never a value)."""


class _Stop(Exception):
    """The text kept has reached the bound."""


class _Sink:
    """Values found, each once per part, in the order found, up to ``limit`` characters."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.chars = 0
        self.parts: dict[str, dict[str, None]] = {"strings": {}, "names": {}}
        self.records: list[dict[str, str | None]] = []

    def add(self, part: str | None, value: Any) -> None:
        """Keep ``value`` (a text, bytes, a number, a container of them) in ``part``."""
        if part is None:
            return
        if isinstance(value, tuple | list | frozenset | set):
            for item in value:
                self.add(part, item)
            return
        text = _text(value)
        found = self.parts[part]
        if not text or text in found:
            return
        self._count(text)
        found[text] = None

    def record(self, record: dict[str, Any]) -> None:
        """Keep a dictionary the bytecode builds (:mod:`breachscope.extract.pycrecords`)."""
        cells = {k: _text(v) for k, v in flat(record).items()}
        self._count("".join(f"{k}{v}" for k, v in cells.items() if v))
        self.records.append(cells)

    def _count(self, text: str) -> None:
        if self.chars + len(text) + 1 > self.limit:
            raise _Stop
        self.chars += len(text) + 1


def _text(value: Any) -> str | None:
    """A constant as a line of text (None: a constant that holds none)."""
    if value is None or isinstance(value, bool | _Code | tuple | frozenset | dict):
        return None
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 2**63 else repr(value)
    return " ".join(str(value).split("\n")).replace("\r", " ").strip()


class _Code:
    """A code object once read (its values went to the sink)."""


_SKIP = None
_CONSTS = "strings"
_NAMES = "names"


def code_layout(version: tuple[int, int]) -> tuple[int, tuple[str | None, ...], int]:
    """A code object's layout in ``version``: the counts before its objects, what part
    each object's values go to (``None``: passed over), and the objects after its first
    line's number."""
    if version >= (3, 11):
        # code, consts, names, localsplusnames, localspluskinds, filename, name, qualname
        return 5, (_SKIP, _CONSTS, _NAMES, _NAMES, _SKIP, _NAMES, _NAMES, _NAMES), 2
    # code, consts, names, varnames, freevars, cellvars, filename, name
    fields = (_SKIP, _CONSTS, _NAMES, _NAMES, _NAMES, _NAMES, _NAMES, _NAMES)
    return (6 if version >= (3, 8) else 5), fields, 1


class _Marshal:
    """Reads marshalled objects from ``data``, each length checked against the bytes
    left, their values handed to the sink."""

    def __init__(self, data: bytes, pos: int, version: tuple[int, int], sink: _Sink) -> None:
        self.data = data
        self.pos = pos
        self.sink = sink
        self.refs: list[Any] = []
        self.objects = 0
        self.layout = code_layout(version)
        self.opcodes = opcodes(version)

    def take(self, n: int) -> bytes:
        if n < 0 or n > len(self.data) - self.pos:
            raise MarshalError(f"the data end inside an object at byte {self.pos}")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def i32(self) -> int:
        value: int = struct.unpack("<i", self.take(4))[0]
        return value

    def count(self, size: int = 4) -> int:
        """A count of items (each at least a byte): checked against the bytes left."""
        n = self.i32() if size == 4 else self.take(1)[0]
        if n < 0 or n > len(self.data) - self.pos:
            raise MarshalError(f"count of {n} past the data's end at byte {self.pos}")
        return n

    def obj(self, part: str | None, depth: int = 0) -> Any:
        """Read one object; its values go to ``part`` of the sink (None: passed over)."""
        if depth > MAX_DEPTH:
            raise MarshalError(f"objects nested deeper than {MAX_DEPTH} at byte {self.pos}")
        self.objects += 1
        if self.objects > MAX_OBJECTS:
            raise MarshalError(f"more than {MAX_OBJECTS} objects")
        at = self.pos
        code = self.take(1)[0]
        flag, kind = code & FLAG_REF, chr(code & ~FLAG_REF)
        slot = len(self.refs)
        if flag:
            self.refs.append(None)
        value = self._value(kind, part, depth, at)
        if flag:
            self.refs[slot] = value
        return value

    def _value(self, kind: str, part: str | None, depth: int, at: int) -> Any:
        if kind in "NTF.S0":
            return {"T": True, "F": False}.get(kind)
        if kind == "r":
            index = self.i32()
            if not 0 <= index < len(self.refs):
                raise MarshalError(f"reference to object {index} at byte {at} not yet read")
            value = self.refs[index]
            self.sink.add(part, value)
            return value
        if kind == "c":
            return self._code(depth)
        if kind in "([<>":
            n = self.count()
        elif kind == ")":
            n = self.count(1)
        elif kind == "{":
            items: list[Any] = []
            while self.data[self.pos : self.pos + 1] != b"0":
                items.append(self.obj(part, depth + 1))
                items.append(self.obj(part, depth + 1))
            self.pos += 1
            return tuple(items)
        elif kind == ":":
            return tuple(self.obj(part, depth + 1) for _ in range(3))
        else:
            value = self._leaf(kind, at)
            self.sink.add(part, value)
            return value
        return tuple(self.obj(part, depth + 1) for _ in range(n))

    def _leaf(self, kind: str, at: int) -> Any:
        """A value with no objects inside: a number, bytes or a text."""
        if kind == "i":
            return self.i32()
        if kind == "l":
            n = self.i32()
            size = abs(n)
            raw = self.take(2 * size)
            if size > MAX_DIGITS:
                return None
            digits = struct.unpack(f"<{size}H", raw)
            if any(d >= 1 << 15 for d in digits):
                raise MarshalError(f"integer digit out of range at byte {at}")
            value = sum(d << (15 * i) for i, d in enumerate(digits))
            return -value if n < 0 else value
        if kind == "g":
            return struct.unpack("<d", self.take(8))[0]
        if kind == "y":
            self.take(16)
            return None
        if kind == "f":
            raw = self.take(self.take(1)[0])
            try:
                return float(raw.decode("ascii"))
            except (UnicodeDecodeError, ValueError):
                raise MarshalError(f"float that is no number at byte {at}") from None
        if kind == "x":
            self.take(self.take(1)[0])
            self.take(self.take(1)[0])
            return None
        if kind == "s":
            return self.take(self.count())
        if kind in "utaA":
            raw = self.take(self.count())
        elif kind in "zZ":
            raw = self.take(self.take(1)[0])
        else:
            raise MarshalError(f"unknown marshal type {kind!r} at byte {at}")
        if kind in "ut":
            try:
                text = raw.decode("utf-8", "surrogatepass")
            except UnicodeDecodeError:
                return raw.decode("utf-8", "replace")
            if any("\ud800" <= c <= "\udfff" for c in text):
                text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
            return text
        return raw.decode("latin-1")  # (ASCII, but a byte past it kept as it is)

    def _code(self, depth: int) -> _Code:
        before, fields, after = self.layout
        self.take(4 * before)
        code, consts, *_ = [self.obj(part, depth + 1) for part in fields]
        self.take(4)  # (first line)
        for _ in range(after):
            self.obj(None, depth + 1)
        if isinstance(code, bytes) and isinstance(consts, tuple):
            for record in const_records(code, consts, self.opcodes):
                self.sink.record(record)
        return _Code()


def _tables(path: str, records: list[dict[str, str | None]], config: Config) -> Iterator[Extracted]:
    """The records, a table for each set of keys (in the order first built): part
    ``records``, then ``records-2``..., a row per record in the order built."""
    tables: dict[tuple[str, ...], list[dict[str, str | None]]] = {}
    for record in records:
        tables.setdefault(tuple(record), []).append(record)
    for number, (keys, rows) in enumerate(tables.items(), 1):
        part = "records" if number == 1 else f"records-{number}"
        chunker = RowChunker(Location(path, part), list(keys), config.max_table_rows_per_unit)
        for row, record in enumerate(rows, 1):
            yield from chunker.add(row, [record[k] for k in keys])
        yield from chunker.flush()


class PycExtractor(Extractor):
    """A ``.pyc``'s constants, and its names apart, as text."""

    id: ClassVar[str] = "pyc"
    types: ClassVar[frozenset[str]] = frozenset({"pyc"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size > MAX_FILE:
            raise ExtractError(f"Python bytecode file larger than {MAX_FILE} bytes")
        data = source.read_bytes(MAX_FILE + 1)
        version = version_of(data)
        if version is None:
            raise ExtractError("not a Python bytecode file (no known magic)")
        start = 12 if version < (3, 7) else 16
        if len(data) <= start:
            raise ExtractError("Python bytecode file cut short in its header")
        sink = _Sink(config.batch_bytes)
        reader = _Marshal(data, start, version, sink)
        stopped: str | None = None
        try:
            reader.obj(None)
        except _Stop:
            stopped = f"the text reached {config.batch_bytes} characters"
        except (MarshalError, RecursionError) as exc:
            if not sink.chars:
                raise ExtractError(f"unreadable Python bytecode file ({exc})") from None
            stopped = str(exc)
        if not sink.chars and stopped is None:
            raise SkipFile("Python bytecode file holds no constants")
        where = f"Python {version[0]}.{version[1]} bytecode file"
        for part, found in sink.parts.items():
            text = "".join(f"{line}\n" for line in found)
            yield from cut_text(Location(source.path, part), text, config.max_text_unit_chars)
        yield from _tables(source.path, sink.records, config)
        if stopped is not None:
            yield Note(Location(source.path), f"{where} reading stopped ({stopped})")
