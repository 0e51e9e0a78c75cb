"""Snappy compressed files: snappy-java's stream (``SnappyOutputStream``: Spark's
``SnappyCompressionCodec``, an event log's ``application_1715400000000_0042.snappy``) and
Snappy's framing format (``.sz``: python-snappy's, the Snappy command line tools'). The
decompressed bytes are one child file named like the file without its suffix
(``application_..._0042.snappy!/application_..._0042``), read as its own type.

snappy-java's stream is a 16-byte header (``82 53 4E 41 50 50 59 00``, ``SNAPPY`` between
a byte of ``0x82`` and a NUL, and two big-endian integers: its version and the oldest
version that reads it, both 1), then chunks, each a big-endian length and a raw Snappy
block; a header may come again (streams one after another). The framing format is a
stream identifier (``ff 06 00 00 sNaPpY``) and chunks of a type byte and a 3-byte
little-endian length: compressed (``00``) or stored (``01``) data after a masked CRC-32C of
the decoded bytes (verified), padding and skippable chunks (``fe``, ``80`` to ``fd``)
passed over, a stream identifier again; another type is an error.

A raw Snappy block (Snappy's ``format_description.txt``) is its decoded length as a
varint, then elements: literals (a tag's length, or 1 to 4 bytes of it) and copies of 1
to 64 bytes from 1, 2 or 4 bytes of offset back, which may overlap what they write. Decoded
here in pure Python; every length and offset is checked against the bytes left and the
bytes decoded, a block's length against ``Config.batch_bytes``. A damaged or cut chunk
ends the reading with a note, what was decoded before kept; the decoded bytes are bounded
by ``batch_bytes`` (a file that grows past them is cut there, with a note).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import (
    Extracted,
    ExtractError,
    Extractor,
    Source,
)
from breachscope.extract.wrappedfile import LengthReader, Output, strip_suffix, wrapped_file
from breachscope.ingest.leveldbhead import crc32c, masked
from breachscope.ingest.protowire import VarintError, leb128

JAVA_MAGIC = b"\x82SNAPPY\x00"
"""snappy-java's stream header's first 8 bytes."""
FRAMED_MAGIC = b"\xff\x06\x00\x00sNaPpY"
"""The framing format's stream identifier chunk."""
FRAMED_BLOCK = 65536
"""The largest decoded size of a framing format chunk."""


class SnappyError(Exception):
    """Bytes that do not decode (the message names the place, never a value)."""


def snappy_block(data: bytes, limit: int) -> bytes:
    """A raw Snappy block decoded (its decoded length at most ``limit``)."""
    try:
        size, pos = leb128(data, 0, len(data))
    except VarintError:
        raise SnappyError("a block's length that does not read") from None
    if size > limit:
        raise SnappyError(f"a block that claims {size} bytes, more than {limit}")
    out = bytearray()
    end = len(data)
    while pos < end:
        tag = data[pos]
        pos += 1
        kind = tag & 3
        if kind == 0:
            length = tag >> 2
            if length >= 60:
                extra = length - 59
                length = int.from_bytes(data[pos : pos + extra], "little")
                pos += extra
            length += 1
            if pos + length > end:
                raise SnappyError("literals past the block's end")
            out += data[pos : pos + length]
            pos += length
        else:
            width = (0, 1, 2, 4)[kind]
            if pos + width > end:
                raise SnappyError("a copy past the block's end")
            if kind == 1:
                length = ((tag >> 2) & 7) + 4
                offset = (tag >> 5) << 8 | data[pos]
            else:
                length = (tag >> 2) + 1
                offset = int.from_bytes(data[pos : pos + width], "little")
            pos += width
            if not 0 < offset <= len(out):
                raise SnappyError("a copy from before the block's start")
            start = len(out) - offset
            if offset >= length:
                out += out[start : start + length]
            else:  # (a copy of what it writes: the run repeated)
                out += (bytes(out[start:]) * (length // offset + 1))[:length]
        if len(out) > size:
            raise SnappyError("a block that grows past its length")
    if len(out) != size:
        raise SnappyError(f"a block of {len(out)} bytes, not {size}")
    return bytes(out)


def _java(reader: LengthReader, out: Output) -> None:
    """snappy-java's stream: its headers and chunks decoded into ``out``."""
    number = 0
    while reader.left():
        head = reader.take(4, f"chunk {number + 1}'s length")
        if head == JAVA_MAGIC[:4]:
            header = head + reader.take(12, "a stream header")
            if header[:8] != JAVA_MAGIC:
                raise SnappyError("a stream header without its magic")
            continue
        number += 1
        length = int.from_bytes(head, "big", signed=True)
        if length < 0 or length > reader.left():
            raise SnappyError(f"chunk {number} of a length past the file's end")
        out.add(snappy_block(reader.take(length, f"chunk {number}"), out.limit))


def _framed(reader: LengthReader, out: Output) -> None:
    """The framing format's chunks decoded into ``out``, their checksums verified."""
    number = 0
    while reader.left():
        head = reader.take(4, f"chunk {number + 1}'s header")
        number += 1
        kind, length = head[0], int.from_bytes(head[1:], "little")
        body = reader.take(length, f"chunk {number}")
        if kind == 0xFF:
            if body != FRAMED_MAGIC[4:]:
                raise SnappyError(f"chunk {number}: a stream identifier that is not Snappy's")
        elif kind in (0x00, 0x01):
            if length < 4:
                raise SnappyError(f"chunk {number} too short for its checksum")
            data = body[4:] if kind else snappy_block(body[4:], FRAMED_BLOCK)
            if len(data) > FRAMED_BLOCK:
                raise SnappyError(f"chunk {number} of more than {FRAMED_BLOCK} bytes")
            if masked(crc32c(data)) != int.from_bytes(body[:4], "little"):
                raise SnappyError(f"chunk {number}'s checksum does not match")
            out.add(data)
        elif kind < 0x80:
            raise SnappyError(f"chunk {number} of a reserved type")


def child_name(path: str) -> str:
    """The decompressed file's name: ``x.snappy`` gives ``x``, ``x.sz`` too (``x.out``
    where the name has neither)."""
    for suffix in (".snappy", ".sz"):
        name = strip_suffix(path, suffix, "\0")
        if not name.endswith("\0"):
            return name
    return strip_suffix(path, ".snappy", ".out")


class SnappyExtractor(Extractor):
    """A Snappy compressed file: its decompressed bytes a child file."""

    id: ClassVar[str] = "snappy"
    types: ClassVar[frozenset[str]] = frozenset({"snappy"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        def read(fh: BinaryIO, out: Output) -> None:
            reader = LengthReader(fh, source.size, SnappyError)
            first = fh.read(16)
            fh.seek(0)
            if first[:8] == JAVA_MAGIC:
                _java(reader, out)
            elif first[:10] == FRAMED_MAGIC:
                _framed(reader, out)
            else:
                raise ExtractError("no Snappy stream header")

        yield from wrapped_file(
            source, config, "Snappy file", SnappyError, read, child_name(source.path)
        )
