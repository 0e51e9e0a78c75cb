"""NSArchiver's typedstreams (``streamtyped``: macOS Messages' ``message.attributedBody``,
an old Cocoa app's archived objects), read for the texts they hold.

A typedstream opens with its streamer version (4), its signature as a counted string
(``streamtyped`` where its numbers are little-endian, ``typedstream`` where they are
big-endian) and the system version (1000: ``81 E8 03``). Then come groups of values,
each after its type encoding (``@`` an object, ``i`` an integer, ``+`` a counted UTF-8
string, ``[4c]`` four bytes, ``{...}`` a structure...), as NeXT's ``typedstream.h`` and
Apple's ``archive.c`` write them. A number is one signed byte, or a tag and two or four
bytes (``0x81``, ``0x82``); ``0x83`` a floating-point number; ``0x84`` opens something
new (a string written once and later named by its number, a class, an object), ``0x85``
is nil, ``0x86`` ends an object and from ``0x92`` on a byte names what came before.

An object's contents are what its class wrote, which only the class knows; but every
class writes groups of typed values, so they are read as such up to the object's end,
whatever the class (``NSAttributedString``, ``NSString``, ``NSDictionary``...). Each
``+`` value is a text (``NSString``'s and ``NSMutableString``'s characters, in UTF-8,
cp1252 where they are not): the file's text is its texts, a line each, in the order they
stand (a message's text first, then its attributes' keys and values). Nothing is
instantiated: the classes are names only. What does not parse ends the reading with a
note, the texts before it kept (an ``ExtractError`` where there were none).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar, Union

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.chunking import cut_text
from breachscope.location import Location

SIGNATURES = {b"streamtyped": "<", b"typedstream": ">"}
"""A typedstream's signature, and the byte order of its numbers."""
MAX_DEPTH = 64
"""Objects and type encodings nested deeper than this end the reading."""
MAX_VALUES = 2_000_000
"""Values read at most (then a note)."""

_INT2, _INT4, _FLOAT, _NEW, _NIL, _END = 0x81, 0x82, 0x83, 0x84, 0x85, 0x86
_REF_BASE = -110
"""A number from ``0x92`` (-110) on names what was read before: its index plus -110."""
_INTEGERS = frozenset("cCsSiIlLqQB")


@dataclass(frozen=True, slots=True)
class Array:
    """An array's type (``[12c]``): its count and its element's type."""

    count: int
    element: Kind


Kind = Union[str, Array, list["Kind"]]  # noqa: UP007 (a recursive alias)
"""A type: a type code (``i``, ``@``, ``+``), an array, or a structure's fields."""


class Malformed(Exception):
    """The bytes do not parse as a typedstream."""


def is_typedstream(head: bytes) -> bool:
    """Whether ``head`` opens a typedstream: version 4, ``streamtyped`` or ``typedstream``
    counted (11) and the system version as a two-byte number."""
    return len(head) >= 16 and head[:2] == b"\x04\x0b" and head[2:13] in SIGNATURES


class _Stream:
    """A typedstream's reader: its position, its tables and the texts found."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.order = "<"
        self.strings: list[bytes] = []
        """Shared strings (type encodings, class names) in the order they were read."""
        self.objects = 0
        """Objects and classes read (references name them by their place)."""
        self.values = 0
        self.texts: list[str] = []

    def take(self, count: int) -> bytes:
        if count < 0 or self.pos + count > len(self.data):
            raise Malformed(f"a length of {count} past the end at byte {self.pos}")
        out = self.data[self.pos : self.pos + count]
        self.pos += count
        return out

    def byte(self) -> int:
        return self.take(1)[0]

    def peek(self) -> int:
        if self.pos >= len(self.data):
            raise Malformed("the stream ends inside an object")
        return self.data[self.pos]

    def integer(self, head: int | None = None) -> int:
        """A number: a signed byte, or its tag and two or four bytes."""
        head = self.byte() if head is None else head
        if head == _INT2:
            return int(struct.unpack(self.order + "h", self.take(2))[0])
        if head == _INT4:
            return int(struct.unpack(self.order + "i", self.take(4))[0])
        if 0x80 <= head <= 0x91:
            raise Malformed(f"tag {head:#x} where a number stands at byte {self.pos - 1}")
        return head - 256 if head >= 0x80 else head

    def shared(self) -> bytes | None:
        """A shared string: new (counted), nil, or one read before named by its number."""
        head = self.byte()
        if head == _NIL:
            return None
        if head == _NEW:
            value = self.take(self._length())
            self.strings.append(value)
            return value
        index = self.integer(head) - _REF_BASE
        if not 0 <= index < len(self.strings):
            raise Malformed(f"a reference to string {index} that was not read")
        return self.strings[index]

    def c_string(self) -> None:
        """A C string (``*``, a selector, an atom): nil, one read before (named by its
        number), or new: a shared string (the name of an ``NSNumber``'s type)."""
        head = self.byte()
        if head == _NEW:
            self.shared()
        elif head != _NIL:
            self.integer(head)

    def _length(self) -> int:
        length = self.integer()
        if length < 0:
            raise Malformed(f"a negative length at byte {self.pos}")
        return length

    def header(self) -> None:
        if not is_typedstream(self.data):
            raise Malformed("no typedstream header")
        self.order = SIGNATURES[self.data[2:13]]
        self.pos = 13
        self.integer()  # (the system version, 1000)

    def groups(self, depth: int, inside: bool) -> None:
        """Groups of typed values to the stream's end, or to the end of the object."""
        while self.pos < len(self.data):
            if inside and self.peek() == _END:
                self.pos += 1
                return
            encoding = self.shared()
            if encoding is None:
                raise Malformed(f"no type encoding at byte {self.pos}")
            types, _ = _types(encoding.decode("latin-1"), 0, 0)
            for kind in types:
                self.value(kind, depth)
        if inside:
            raise Malformed("the stream ends inside an object")

    def value(self, kind: Kind, depth: int) -> None:
        """One value of type ``kind`` (a type code, or an array's or structure's)."""
        self.values += 1
        if self.values > MAX_VALUES or depth > MAX_DEPTH:
            raise Malformed("too many values or nested too deeply")
        if isinstance(kind, Array):
            if kind.element in ("c", "C"):
                self.take(kind.count)
            else:
                for _ in range(kind.count):
                    self.value(kind.element, depth + 1)
            return
        if isinstance(kind, list):  # a structure's fields
            for field in kind:
                self.value(field, depth + 1)
            return
        if kind in _INTEGERS:
            self.integer()
        elif kind in ("f", "d"):
            head = self.byte()
            if head == _FLOAT:
                self.take(4 if kind == "f" else 8)
            else:
                self.integer(head)
        elif kind == "+":
            raw = self.take(self._length())
            try:
                self.texts.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                self.texts.append(raw.decode("cp1252", errors="replace"))
        elif kind in ("*", ":", "%"):
            self.c_string()
        elif kind == "@":
            self.object(depth + 1)
        elif kind == "#":
            self.klass(depth + 1)
        elif kind not in ("v", "!"):
            raise Malformed(f"a value of type {kind!r}, which is not read")

    def object(self, depth: int) -> None:
        """An object: nil, one read before, or new: its class and its contents."""
        head = self.byte()
        if head == _NIL:
            return
        if head != _NEW:
            self._reference(head)
            return
        self.objects += 1
        self.klass(depth)
        self.groups(depth, inside=True)

    def klass(self, depth: int) -> None:
        """A class: nil, one read before, or new: its name, version and superclass."""
        for _ in range(MAX_DEPTH):
            head = self.byte()
            if head == _NIL:
                return
            if head != _NEW:
                self._reference(head)
                return
            if self.shared() is None:
                raise Malformed(f"a class without a name at byte {self.pos}")
            self.integer()
            self.objects += 1
        raise Malformed("a chain of classes too long")

    def _reference(self, head: int) -> None:
        index = self.integer(head) - _REF_BASE
        if not 0 <= index < self.objects:
            raise Malformed(f"a reference to object {index} that was not read")


def _types(encoding: str, pos: int, depth: int, close: str = "") -> tuple[list[Kind], int]:
    """The types an encoding lists from ``pos`` (to ``close``, within an array or a
    structure): a type code, an :class:`Array` or a structure's list of fields."""
    if depth > MAX_DEPTH:
        raise Malformed("a type encoding nested too deeply")
    out: list[Kind] = []
    while pos < len(encoding):
        ch = encoding[pos]
        if close and ch == close:
            return out, pos + 1
        pos += 1
        if ch == "[":
            digits = pos
            while pos < len(encoding) and encoding[pos].isdigit():
                pos += 1
            if digits == pos:
                raise Malformed(f"an array without a count in {encoding!r}")
            count = int(encoding[digits:pos])
            inner, pos = _types(encoding, pos, depth + 1, "]")
            if len(inner) != 1:
                raise Malformed(f"an array of {len(inner)} types in {encoding!r}")
            out.append(Array(count, inner[0]))
        elif ch == "{":
            equals = encoding.find("=", pos)
            if equals < 0:
                raise Malformed(f"a structure without fields in {encoding!r}")
            fields, pos = _types(encoding, equals + 1, depth + 1, "}")
            out.append(fields)
        elif ch == "^":
            continue  # (a pointer is written as what it points at)
        elif ch in "]}":
            raise Malformed(f"an unopened {ch!r} in {encoding!r}")
        else:
            out.append(ch)
    if close:
        raise Malformed(f"an unclosed type in {encoding!r}")
    return out, pos


def message_text(data: bytes) -> str | None:
    """The text of the attributed string that opens the typedstream ``data`` (a macOS
    Messages ``attributedBody``: the message as its sender wrote it; the attribute runs
    that follow name only its parts), or None where ``data`` is no typedstream, holds no
    text or breaks before its first one."""
    if not is_typedstream(data):
        return None
    stream = _Stream(data)
    try:
        stream.header()
        stream.groups(0, inside=False)
    except (Malformed, RecursionError):
        pass
    return next((t for t in stream.texts if t), None)


class TypedstreamExtractor(Extractor):
    """An NSArchiver typedstream: its texts, a line each, as one text."""

    id: ClassVar[str] = "typedstream"
    types: ClassVar[frozenset[str]] = frozenset({"typedstream"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "typedstream")
        stream = _Stream(data)
        broke: str | None = None
        try:
            stream.header()
            stream.groups(0, inside=False)
        except Malformed as exc:
            broke = str(exc)
        except RecursionError:
            broke = "nested too deeply"
        texts = [t for t in stream.texts if t]
        if not texts:
            raise ExtractError(f"no text in the typedstream ({broke or 'none held'})")
        yield from cut_text(Location(source.path), "\n".join(texts), config.max_text_unit_chars)
        if broke is not None:
            yield Note(Location(source.path), f"typedstream reading stopped ({broke})")
