"""Expat parsers for untrusted XML, shared by the XML, DOCX and ODT readers.

Namespaced names arrive as ``"uri local"``. An entity declaration (the only way to make an
entity to expand: billion laughs, external entities) is refused with :class:`Refused`, and
so, where asked, is any document type declaration; external DTDs and parameter entities
are never read. The stream is fed in chunks and bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO, Protocol
from xml.parsers import expat

from breachscope.extract.base import ExtractError

CHUNK = 1 << 20


class Refused(Exception):
    """The XML declares an entity (or, where refused, a document type)."""


class Malformed(Exception):
    """The XML is not well-formed: expat's reason, and the byte where it stopped."""

    def __init__(self, reason: str, at: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.at = at


class Handlers(Protocol):
    """What the parser calls: element starts and ends, and character data."""

    def start(self, name: str, attrs: dict[str, str]) -> None: ...

    def end(self, name: str) -> None: ...

    def text(self, data: str) -> None: ...


def _refuse(*_args: object) -> None:
    raise Refused


def feed(
    stream: IO[bytes], into: Handlers, limit: int, *, what: str, no_doctype: bool = False
) -> int:
    """Parse ``stream`` into ``into``; how many bytes it held. More than ``limit`` bytes
    raise :class:`ExtractError` ("``what`` larger than ..."), XML that is not well-formed
    :class:`Malformed`."""
    parsed = feed_chunks(stream, into, limit, what=what, no_doctype=no_doctype)
    return max(parsed, default=0)  # (the counts grow: the last is the total)


def feed_document(stream: IO[bytes], into: Handlers, limit: int, *, what: str) -> Malformed | None:
    """Parse a whole document of its own (``what`` names it in errors) into ``into``,
    refusing a document type declaration: :class:`ExtractError` ("``what`` declares a DTD
    (refused)"); where it stops being well-formed, what was read before stays in ``into``
    and the break is returned (None where it reads to its end)."""
    try:
        feed(stream, into, limit, what=what, no_doctype=True)
    except Refused:
        raise ExtractError(f"{what} declares a DTD (refused)") from None
    except Malformed as exc:
        return exc
    return None


def feed_chunks(
    stream: IO[bytes], into: Handlers, limit: int, *, what: str, no_doctype: bool = False
) -> Iterator[int]:
    """:func:`feed`, pausing after each chunk: yields the bytes parsed so far (so that
    the caller can take what the handlers made of it)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = into.start
    parser.EndElementHandler = into.end
    parser.CharacterDataHandler = into.text
    parser.EntityDeclHandler = _refuse
    if no_doctype:
        parser.StartDoctypeDeclHandler = _refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    read: Callable[[int], bytes] = stream.read
    total = 0
    try:
        while chunk := read(CHUNK):
            total += len(chunk)
            if total > limit:
                raise ExtractError(f"{what} larger than {limit} bytes")
            parser.Parse(chunk, False)
            yield total
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise Malformed(expat.ErrorString(exc.code) or "error", parser.ErrorByteIndex) from None
    yield total
