"""PHP session files (``sess_<id>`` in ``/var/lib/php/sessions``: a web portal's logged-in
users and what they looked at), read with a parser of PHP's ``serialize`` format: the
session's variables (``name|value``) are one document read as a JSON document is
(:func:`breachscope.extract.json.document_units`: an array of records it holds, a list
of patients viewed, one per element, in a part named by its path; its other values
record 1, at dotted paths: ``user.naam``, ``laatst_bekeken.0.bsn``).

A string is read as UTF-8 (its length counts bytes), a number as its digits, ``true``
and ``false`` as words, an array with the keys 0, 1, ... as a list, any other array and
an object as a mapping; an object's private and protected properties by their own names
(PHP writes ``\\0*\\0bsn``, ``\\0Pts\\Patient\\0huisarts``), a ``DateTime`` by its
``date``. References, enums and objects with their own serialisation hold no value of
theirs and are left out. Nothing is run: no class is looked up, no object made. The file
is read whole up to ``Config.batch_bytes``, nested at most :data:`MAX_DEPTH` deep; a
session cut short keeps the variables before the cut, with a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from breachscope.config import Config
from breachscope.extract.base import Extracted, ExtractError, Extractor, Note, Source
from breachscope.extract.json import document_units, plain
from breachscope.extract.otherpeople import PeopleChunker
from breachscope.ingest.filetype import PHP_SESSION_START
from breachscope.location import Location

MAX_DEPTH = 32
_NUMBER = re.compile(rb"[-+]?(?:[0-9]+(?:\.[0-9]*)?(?:[Ee][-+]?[0-9]+)?|INF|NAN)")


class PhpSerialError(ValueError):
    """A value that is not PHP's ``serialize`` format."""


def _expect(data: bytes, pos: int, token: bytes) -> int:
    if data[pos : pos + len(token)] != token:
        raise PhpSerialError(f"{token!r} expected at byte {pos}")
    return pos + len(token)


def _count(data: bytes, pos: int, end: bytes) -> tuple[int, int]:
    """A length or a count written in digits up to ``end``."""
    stop = data.find(end, pos, pos + 20)
    if stop < 0 or not data[pos:stop].isdigit():
        raise PhpSerialError(f"a length expected at byte {pos}")
    return int(data[pos:stop]), stop + len(end)


def _string(data: bytes, pos: int) -> tuple[bytes, int]:
    """``LEN:"..."`` at ``pos`` (after its type): its bytes and the position after them."""
    length, pos = _count(data, pos, b':"')
    if pos + length + 1 > len(data) or data[pos + length : pos + length + 1] != b'"':
        raise PhpSerialError(f"a string of {length} bytes runs past its end at byte {pos}")
    return data[pos : pos + length], pos + length + 1


def _property(key: Any) -> Any:
    """An object's property by its own name (``\\0*\\0bsn`` and ``\\0Class\\0bsn`` are
    ``bsn``)."""
    if isinstance(key, str) and key.startswith("\0"):
        return key.rpartition("\0")[2]
    return key


def value(data: bytes, pos: int, depth: int = 0) -> tuple[Any, int]:
    """The serialised value at ``pos`` and the position after it (see the module's text;
    :class:`PhpSerialError` where the bytes are no such value)."""
    if depth > MAX_DEPTH:
        raise PhpSerialError(f"nested deeper than {MAX_DEPTH} levels")
    kind = data[pos : pos + 1]
    if kind == b"N":
        return None, _expect(data, pos + 1, b";")
    if kind in (b"i", b"d", b"b"):
        pos = _expect(data, pos + 1, b":")
        stop = data.find(b";", pos, pos + 400)
        raw = data[pos:stop] if stop >= 0 else b""
        if stop < 0 or not _NUMBER.fullmatch(raw):
            raise PhpSerialError(f"a number expected at byte {pos}")
        text = raw.decode("ascii")
        return (text == "1" if kind == b"b" else text), stop + 1
    if kind in (b"s", b"S"):
        raw, pos = _string(data, _expect(data, pos + 1, b":"))
        return raw.decode("utf-8", errors="replace"), _expect(data, pos, b";")
    if kind == b"E":  # (an enum's case: ``Class:Case``, no one's value)
        _, pos = _string(data, _expect(data, pos + 1, b":"))
        return None, _expect(data, pos, b";")
    if kind in (b"r", b"R"):  # (a reference to a value read before)
        _, pos = _count(data, _expect(data, pos + 1, b":"), b";")
        return None, pos
    if kind == b"C":  # (an object that serialised itself: its own format, left out)
        _, pos = _string(data, _expect(data, pos + 1, b":"))
        length, pos = _count(data, _expect(data, pos, b":"), b":{")
        return None, _expect(data, pos + length, b"}")
    if kind == b"a":
        return _members(data, _expect(data, pos + 1, b":"), depth, obj=False)
    if kind == b"O":
        _, pos = _string(data, _expect(data, pos + 1, b":"))
        return _members(data, _expect(data, pos, b":"), depth, obj=True)
    raise PhpSerialError(f"no value at byte {pos}")


def _members(data: bytes, pos: int, depth: int, obj: bool) -> tuple[Any, int]:
    """An array's or an object's ``N:{key value ...}``."""
    count, pos = _count(data, pos, b":{")
    out: dict[Any, Any] = {}
    for _ in range(count):
        key, pos = value(data, pos, depth + 1)
        if not isinstance(key, str):
            raise PhpSerialError(f"a key expected at byte {pos}")
        item, pos = value(data, pos, depth + 1)
        out[_property(key) if obj else key] = item
    pos = _expect(data, pos, b"}")
    if not obj and list(out) == [str(k) for k in range(len(out))]:
        return list(out.values()), pos
    return out, pos


def session(data: bytes) -> tuple[dict[str, Any], str | None]:
    """A session's variables, and why the reading stopped early (None: it did not)."""
    out: dict[str, Any] = {}
    pos = 0
    while pos < len(data) and data[pos:].strip():
        bar = data.find(b"|", pos, pos + 256)
        if bar < 0:
            return out, f"no variable at byte {pos}"
        name = data[pos:bar].decode("utf-8", errors="replace").strip()
        try:
            item, pos = value(data, bar + 1)
        except PhpSerialError as exc:
            return out, str(exc)
        out[name] = item
    return out, None


class PhpSessionExtractor(Extractor):
    """A PHP session file as a JSON document."""

    id: ClassVar[str] = "php-session"
    types: ClassVar[frozenset[str]] = frozenset({"php-session"})
    structured: ClassVar[bool] = True

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        data = source.read_document(config.batch_bytes, "PHP session")
        if not PHP_SESSION_START.match(data):
            raise ExtractError("no PHP session variable (name|value) at the start")
        variables, stopped = session(data)
        if not variables:
            raise ExtractError(f"unreadable PHP session ({stopped})")
        chunker = PeopleChunker(Location(source.path), config.max_table_rows_per_unit)
        yield from document_units(source.path, plain(variables), config, chunker)
        yield from chunker.flush()
        if stopped:
            yield Note(Location(source.path), f"PHP session read up to a break: {stopped}")
