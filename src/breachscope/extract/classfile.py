"""Java class files (``.class``: a test class ``javac`` compiled into ``target/``, its
source gone; a ``.jar``'s members, which the archive reader hands on), read by the format
(the Java Virtual Machine Specification's chapter 4): the constant pool, where a class
keeps its string literals, its larger numbers and every name it uses. No class is loaded.

A class file opens with ``CAFEBABE``, a minor and a major version (45 on: JDK 1.1 to
today's; a Mach-O universal binary shares the magic, its next four bytes a small count
of architectures) and the pool's count; its entries follow, numbered from 1, each a tag
and its fields: ``CONSTANT_Utf8`` (1: a length and modified UTF-8, NUL as ``C0 80`` and a
character beyond the BMP as two encoded surrogates), ``Integer`` (3) and ``Float`` (4:
four bytes, big-endian), ``Long`` (5) and ``Double`` (6: eight bytes, and two places of
the numbering), ``Class``, ``String``, ``MethodType``, ``Module``, ``Package`` (an index
each), ``Fieldref``, ``Methodref``, ``InterfaceMethodref``, ``NameAndType``, ``Dynamic``,
``InvokeDynamic`` (two indexes) and ``MethodHandle`` (a kind and an index).

What is read, as two text parts, a value a line, each once, in the pool's order:

* ``strings``: the string literals (the ``CONSTANT_Utf8`` entries a ``CONSTANT_String``
  points at) and the numbers, as decimal text (an ``int`` or ``long`` literal is where a
  BSN written as a number is kept; ``javac`` puts in the pool any ``int`` beyond a
  ``short``'s range); a float as its shortest digits, NaN and the infinities left out;
* ``names``: every other ``CONSTANT_Utf8`` entry: the names of the class, its methods
  and fields (a test method named after its case), descriptors and signatures, and the
  values of annotations (``@DisplayName``), which the pool holds as plain text.

A line break inside a value is a space. The pool is read forward, each entry's length
checked against the bytes left; an unknown tag or an entry cut short ends the reading
with a note, the entries before it kept (an :class:`ExtractError` where none was read).
What follows the pool (fields, methods, their bytecode) is not read. At most
``Config.batch_bytes`` characters are kept (a note says where the reading stopped).
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, SkipFile, Source
from breachscope.extract.chunking import cut_text
from breachscope.ingest.filetype import is_class_file
from breachscope.location import Location

MAX_FILE = 64 * 1024**2
"""Largest class file read (the pool's count bounds one to 65535 entries of 64 KB)."""

_TWO_INDEXES = frozenset({9, 10, 11, 12, 17, 18})
_ONE_INDEX = frozenset({7, 8, 16, 19, 20})
_UTF8, _INTEGER, _FLOAT, _LONG, _DOUBLE, _STRING, _HANDLE = 1, 3, 4, 5, 6, 8, 15


class ClassFileError(ValueError):
    """Bytes that are not a class file's (the message names places, never a value)."""


def modified_utf8(raw: bytes) -> str:
    """Java's modified UTF-8 as text: ``C0 80`` a NUL, encoded surrogates joined into the
    character they make (a lone one, and bytes that are not UTF-8, replaced)."""
    text = raw.replace(b"\xc0\x80", b"\x00").decode("utf-8", "surrogatepass")
    if any("\ud800" <= c <= "\udfff" for c in text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def _utf8(raw: bytes) -> str:
    try:
        return modified_utf8(raw)
    except UnicodeDecodeError:
        return raw.replace(b"\xc0\x80", b"\x00").decode("utf-8", "replace")


def _float_text(value: float) -> str | None:
    if math.isnan(value) or math.isinf(value):
        return None
    return str(int(value)) if value.is_integer() and abs(value) < 2**63 else repr(value)


def read_pool(
    data: bytes,
) -> tuple[dict[int, str], dict[int, str], set[int], str | None]:
    """The pool's ``CONSTANT_Utf8`` texts and numbers by their index, the indexes of the
    texts a ``CONSTANT_String`` points at, and why the reading stopped early (or None)."""
    if not is_class_file(data):
        raise ClassFileError("no CAFEBABE and a JDK's major version")
    count = int.from_bytes(data[8:10], "big")
    texts: dict[int, str] = {}
    numbers: dict[int, str] = {}
    literals: set[int] = set()
    pos = 10
    index = 1
    while index < count:
        if pos >= len(data):
            return texts, numbers, literals, f"the file ends in constant {index} of {count - 1}"
        tag = data[pos]
        at = pos
        if tag == _UTF8:
            if pos + 3 > len(data):
                return texts, numbers, literals, f"constant {index} cut short at byte {at}"
            length = int.from_bytes(data[pos + 1 : pos + 3], "big")
            end = pos + 3 + length
            if end > len(data):
                return texts, numbers, literals, f"constant {index} cut short at byte {at}"
            texts[index] = _utf8(data[pos + 3 : end])
            pos = end
        elif tag in (_INTEGER, _FLOAT, _LONG, _DOUBLE):
            size = 4 if tag in (_INTEGER, _FLOAT) else 8
            raw = data[pos + 1 : pos + 1 + size]
            if len(raw) < size:
                return texts, numbers, literals, f"constant {index} cut short at byte {at}"
            value = struct.unpack({3: ">i", 4: ">f", 5: ">q", 6: ">d"}[tag], raw)[0]
            text = str(value) if tag in (_INTEGER, _LONG) else _float_text(value)
            if text is not None:
                numbers[index] = text
            pos += 1 + size
            index += 1 if size == 8 else 0  # (a long or a double takes two places)
        elif tag in _ONE_INDEX or tag in _TWO_INDEXES or tag == _HANDLE:
            size = 4 if tag in _TWO_INDEXES else 3 if tag == _HANDLE else 2
            if pos + 1 + size > len(data):
                return texts, numbers, literals, f"constant {index} cut short at byte {at}"
            if tag == _STRING:
                literals.add(int.from_bytes(data[pos + 1 : pos + 3], "big"))
            pos += 1 + size
        else:
            if not texts and not numbers:
                raise ClassFileError(f"unknown constant tag {tag} at byte {at}")
            return texts, numbers, literals, f"unknown constant tag {tag} at byte {at}"
        index += 1
    return texts, numbers, literals, None


def _line(text: str) -> str:
    return " ".join(text.split("\n")).replace("\r", " ").strip()


class ClassFileExtractor(Extractor):
    """A Java class file's string literals and numbers, and its names apart, as text."""

    id: ClassVar[str] = "java-class"
    types: ClassVar[frozenset[str]] = frozenset({"java-class"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size > MAX_FILE:
            raise ExtractError(f"Java class file larger than {MAX_FILE} bytes")
        data = source.read_bytes(MAX_FILE + 1)
        try:
            texts, numbers, literals, stopped = read_pool(data)
        except ClassFileError as exc:
            raise ExtractError(f"unreadable Java class file ({exc})") from None
        strings: dict[str, None] = {}
        names: dict[str, None] = {}
        chars = 0
        for index in sorted(texts.keys() | numbers.keys()):
            if index in numbers:
                line, into = numbers[index], strings
            else:
                line, into = _line(texts[index]), strings if index in literals else names
            if not line or line in into:
                continue
            chars += len(line) + 1
            if chars > config.batch_bytes:
                stopped = f"the text reached {config.batch_bytes} characters"
                break
            into[line] = None
        if not strings and not names and stopped is None:
            raise SkipFile("Java class file holds no constants")
        for part, found in (("strings", strings), ("names", names)):
            text = "".join(f"{line}\n" for line in found)
            yield from cut_text(Location(source.path, part), text, config.max_text_unit_chars)
        if stopped is not None:
            yield Note(Location(source.path), f"Java class file reading stopped ({stopped})")
