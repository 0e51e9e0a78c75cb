"""Mozilla's LZ4 files (``mozLz40\\0``: Firefox's ``sessionstore-backups/recovery.jsonlz4``
and ``previous.jsonlz4``, ``search.json.mozlz4``, ``bookmarkbackups/*.jsonlz4``): the
magic, the decompressed size (4 bytes, little-endian) and one LZ4 block. Decompressed
they are JSON (a session's windows and tabs, the URLs they showed with their queries, the
form fields typed into, cookies), read as a child file named like the file without its
``lz4`` suffix (``recovery.jsonlz4!/recovery.json``), which the JSON reader reads at its
paths.

The block is decoded here (:func:`lz4_block`, a small decoder of LZ4's block format:
sequences of a token, literals and a match copied from an offset back), into at most the
size the header claims, which must not pass ``Config.batch_bytes`` (a larger claim is
an error, never an allocation). A block cut short or damaged keeps what it decoded
before the break, as the child file, with a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar

from breachscope.config import Config
from breachscope.extract.base import (
    ChildFile,
    Extracted,
    ExtractError,
    Extractor,
    Note,
    SkipFile,
    Source,
)
from breachscope.extract.wrappedfile import file_name
from breachscope.location import Location

MAGIC = b"mozLz40\x00"
HEADER = len(MAGIC) + 4
"""The magic and the decompressed size."""
_SUFFIX = re.compile(r"(?:\.moz|\.)?lz4", re.IGNORECASE)
"""The suffix of a Mozilla LZ4 file's name."""
MIN_MATCH = 4
"""LZ4's shortest match: a token's match length counts from it."""


class Lz4Error(Exception):
    """An LZ4 block that does not decode; ``partial`` holds what decoded before."""

    def __init__(self, reason: str, partial: bytes) -> None:
        super().__init__(reason)
        self.partial = partial


def _length(data: bytes, pos: int, base: int) -> tuple[int, int]:
    """A literal or match length: ``base`` (a token's nibble), and where it is 15 the
    bytes after it added up to one below 255."""
    if base != 15:
        return base, pos
    while True:
        if pos >= len(data):
            raise IndexError
        byte = data[pos]
        pos += 1
        base += byte
        if byte != 255:
            return base, pos


def lz4_block(data: bytes, size: int, prefix: bytes = b"", exact: bool = True) -> bytes:
    """The LZ4 block ``data`` decoded into exactly ``size`` bytes (into at most ``size``
    where not ``exact``: an LZ4 frame's block, whose decoded size is only bounded). Its
    matches may reach back into ``prefix`` (the bytes decoded before it, where an LZ4
    frame's blocks are linked), which the result does not hold. An :class:`Lz4Error`,
    with the bytes decoded before the break, where it breaks or would grow past ``size``."""
    out = bytearray(prefix)
    skip = len(prefix)
    limit = skip + size
    pos = 0
    try:
        while pos < len(data):
            token = data[pos]
            literals, pos = _length(data, pos + 1, token >> 4)
            if pos + literals > len(data):  # (cut short: the literals there are kept)
                out += data[pos : pos + max(0, limit - len(out))]
                raise IndexError
            if len(out) + literals > limit:
                raise Lz4Error("the block grows past its size", bytes(out[skip:]))
            out += data[pos : pos + literals]
            pos += literals
            if pos >= len(data):  # (the last sequence: literals only)
                break
            if pos + 2 > len(data):
                raise IndexError
            offset = data[pos] | data[pos + 1] << 8
            match, pos = _length(data, pos + 2, token & 15)
            match += MIN_MATCH
            if offset == 0 or offset > len(out):
                reason = f"a match {offset} bytes back of {len(out)}"
                raise Lz4Error(reason, bytes(out[skip:]))
            if len(out) + match > limit:
                raise Lz4Error("the block grows past its size", bytes(out[skip:]))
            start = len(out) - offset
            if match <= offset:
                out += out[start : start + match]
            else:  # (a match that overlaps what it writes: its bytes repeat)
                pattern = bytes(out[start:])
                out += (pattern * (match // offset + 1))[:match]
    except IndexError:
        raise Lz4Error("the block ends inside a sequence", bytes(out[skip:])) from None
    if exact and len(out) != limit:
        raise Lz4Error(f"the block holds {len(out) - skip} bytes, not {size}", bytes(out[skip:]))
    return bytes(out[skip:])


def child_name(path: str) -> str:
    """The decompressed file's name: the file's without its ``lz4`` suffix
    (``recovery.jsonlz4``: ``recovery.json``; ``search.json.mozlz4``: ``search.json``;
    an upgrade's backup ``upgrade.jsonlz4-20240513``: ``upgrade.json-20240513``)."""
    name = file_name(path)
    found = list(_SUFFIX.finditer(name))
    if found and found[-1].start() > 0:
        last = found[-1]
        return name[: last.start()] + name[last.end() :]
    return f"{name}.json"


class MozLz4Extractor(Extractor):
    """A Mozilla LZ4 file: its decompressed bytes a child file."""

    id: ClassVar[str] = "mozlz4"
    types: ClassVar[frozenset[str]] = frozenset({"mozlz4"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        if source.size == 0:
            raise SkipFile("empty file")
        with source.open() as fh:
            head = fh.read(HEADER)
            if len(head) < HEADER or not head.startswith(MAGIC):
                raise ExtractError("no Mozilla LZ4 header ('mozLz40\\0')")
            size = int.from_bytes(head[len(MAGIC) :], "little")
            if size > config.batch_bytes:
                raise ExtractError(f"decompressed size {size} larger than {config.batch_bytes}")
            block = fh.read(min(source.size, config.batch_bytes))
        location = Location(source.path)
        try:
            data = lz4_block(block, size)
        except Lz4Error as exc:
            if not exc.partial.strip():
                raise ExtractError(f"unreadable Mozilla LZ4 block ({exc})") from None
            yield ChildFile(child_name(source.path), exc.partial)
            yield Note(location, f"Mozilla LZ4 block read in part ({exc})")
            return
        if not data.strip():
            raise SkipFile("empty file")
        yield ChildFile(child_name(source.path), data)
