"""LZ4 frame files (``.lz4``: the ``lz4`` command's and python-lz4's ``lz4.frame``
format; a LIMS's nightly export ``terugbelronde_20240512.csv.lz4``), after LZ4's frame
format description (version 1.6). The decompressed bytes are one child file named like
the file without its ``.lz4`` (``export.csv.lz4!/export.csv``), which the scan reads as
its own type.

A frame is its magic ``04 22 4D 18``, a descriptor (a flag byte: version 01, whether
blocks are independent, whether blocks and the content carry a checksum, whether the
content's size and a dictionary's id follow; a byte giving the largest block, 64 KB to
4 MB; the size and id; a byte of the descriptor's xxHash32), its blocks (each a 4-byte
size, its high bit set where the block is stored uncompressed; the data; a checksum
where the flag says) up to a size of 0, and the content's checksum where the flag says.
Blocks are decoded by the LZ4 block decoder of :mod:`breachscope.extract.mozlz4`; a
linked block's matches reach back into the 64 KB decoded before it. Frames may follow one
another, skippable frames (``50`` to ``5F 2A 4D 18``: their length) are passed over, and
the legacy format (``02 21 4C 18``, ``lz4 -l``: 8 MB blocks, each its compressed size)
is read too. A frame that needs a dictionary is not read (the dictionary is not at hand).

lz4-java's block stream (``LZ4BlockOutputStream``: Spark's ``LZ4CompressionCodec``, an
event log's ``application_..._0042.lz4``, shuffle and broadcast blocks) is read too: each
block ``LZ4Block``, a token (its method, ``0x10`` stored or ``0x20`` LZ4, and a level:
blocks of at most ``1 << (10 + level)`` bytes), its compressed and decoded lengths and a
checksum of the decoded bytes (xxHash32 seeded ``0x9747B28C``, its low 28 bits as
lz4-java's ``asChecksum`` gives them, or all 32), little-endian; a block of length 0 ends
a stream, another may follow.

Every checksum is verified (xxHash32, :func:`xxh32`, in pure Python): the descriptor's,
each block's before the block is decoded and the content's once the frame is read; so is
the content size where the frame gives one. A block size past the frame's largest, a
checksum that does not match, a block that does not decode or bytes cut short end the
reading with a note, what was decoded before kept. The decoded bytes are bounded by
``Config.batch_bytes``: a file that grows past them is cut there, with a note.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, ClassVar

from breachscope.config import Config
from breachscope.extract.base import (
    Extracted,
    Extractor,
    Source,
)
from breachscope.extract.mozlz4 import Lz4Error, lz4_block
from breachscope.extract.wrappedfile import LengthReader, Output, strip_suffix, wrapped_file

FRAME = 0x184D2204
"""An LZ4 frame's magic number (its bytes ``04 22 4D 18``)."""
LEGACY = 0x184C2102
"""The legacy format's magic number (``02 21 4C 18``)."""
SKIPPABLE = range(0x184D2A50, 0x184D2A60)
"""Skippable frames' magic numbers."""
BLOCK_SIZES = {4: 64 * 1024, 5: 256 * 1024, 6: 1024 * 1024, 7: 4 * 1024 * 1024}
"""The largest decoded size of a block, by the descriptor's block size code."""
LEGACY_BLOCK = 8 * 1024 * 1024
"""A legacy block's largest decoded size."""
LEGACY_BOUND = LEGACY_BLOCK + LEGACY_BLOCK // 255 + 16
"""A legacy block's largest compressed size (LZ4's compress bound of 8 MB)."""
WINDOW = 64 * 1024
"""How far back a match reaches: a linked block's matches into the blocks before it."""
STORED = 0x80000000
"""The high bit of a block's size: the block is stored uncompressed."""

_P1, _P2, _P3, _P4, _P5 = 2654435761, 2246822519, 3266489917, 668265263, 374761393
_M = 0xFFFFFFFF


def xxh32(data: bytes | bytearray | memoryview, seed: int = 0) -> int:
    """xxHash32 of ``data`` (Yann Collet's: four lanes over 16-byte stripes, the rest a
    word and a byte at a time, then the avalanche)."""
    size = len(data)
    pos = 0
    if size >= 16:
        v1, v2, v3, v4 = (seed + _P1 + _P2) & _M, (seed + _P2) & _M, seed & _M, (seed - _P1) & _M
        stripes = size // 16
        words = struct.unpack_from(f"<{stripes * 4}I", data)
        for i in range(0, stripes * 4, 4):
            a = (v1 + words[i] * _P2) & _M
            v1 = (((a << 13) | (a >> 19)) & _M) * _P1 & _M
            a = (v2 + words[i + 1] * _P2) & _M
            v2 = (((a << 13) | (a >> 19)) & _M) * _P1 & _M
            a = (v3 + words[i + 2] * _P2) & _M
            v3 = (((a << 13) | (a >> 19)) & _M) * _P1 & _M
            a = (v4 + words[i + 3] * _P2) & _M
            v4 = (((a << 13) | (a >> 19)) & _M) * _P1 & _M
        h = ((v1 << 1) | (v1 >> 31)) + ((v2 << 7) | (v2 >> 25))
        h += ((v3 << 12) | (v3 >> 20)) + ((v4 << 18) | (v4 >> 14))
        pos = stripes * 16
    else:
        h = seed + _P5
    h = (h + size) & _M
    while pos + 4 <= size:
        h = (h + struct.unpack_from("<I", data, pos)[0] * _P3) & _M
        h = (((h << 17) | (h >> 15)) & _M) * _P4 & _M
        pos += 4
    while pos < size:
        h = (h + data[pos] * _P5) & _M
        h = (((h << 11) | (h >> 21)) & _M) * _P1 & _M
        pos += 1
    h ^= h >> 15
    h = h * _P2 & _M
    h ^= h >> 13
    h = h * _P3 & _M
    return h ^ (h >> 16)


JAVA_MAGIC = b"LZ4Block"
"""lz4-java's block magic (``LZ4BlockOutputStream``)."""
JAVA_SEED = 0x9747B28C
"""The seed of lz4-java's block checksums."""
JAVA_METHODS = {0x10: "stored", 0x20: "lz4"}


class FrameError(Exception):
    """A frame that does not read on (the message names the place, never a value)."""


@dataclass(frozen=True, slots=True)
class Descriptor:
    """A frame's descriptor, as its flags give it."""

    independent: bool
    block_checksum: bool
    content_checksum: bool
    block_max: int
    content_size: int | None


def child_name(path: str) -> str:
    """The decompressed file's name: ``export.csv.lz4`` gives ``export.csv``."""
    return strip_suffix(path, ".lz4", ".out")


class _Reader(LengthReader):
    """The file's bytes, read on with every length checked against those left (a
    :class:`FrameError` where fewer are)."""

    def __init__(self, fh: BinaryIO, size: int) -> None:
        super().__init__(fh, size, FrameError)

    def word(self, what: str) -> int:
        """The next 4 bytes, little-endian."""
        return int.from_bytes(self.take(4, what), "little")


def _descriptor(reader: _Reader) -> Descriptor:
    """A frame's descriptor, read after its magic, its checksum verified."""
    head = reader.take(2, "the frame descriptor")
    flags, bd = head[0], head[1]
    if flags >> 6 != 1:
        raise FrameError(f"frame version {flags >> 6}, not 1")
    if flags & 0x02 or bd & 0x8F:
        raise FrameError("reserved bits of the frame descriptor set")
    if (bd >> 4) not in BLOCK_SIZES:
        raise FrameError(f"block size code {bd >> 4}")
    rest = reader.take(8 if flags & 0x08 else 0, "the content size")
    if flags & 0x01:
        reader.take(4, "the dictionary id")
        raise FrameError("the frame needs a dictionary, which is not at hand")
    check = reader.take(1, "the descriptor checksum")[0]
    if (xxh32(head + rest) >> 8) & 0xFF != check:
        raise FrameError("the frame descriptor's checksum does not match")
    return Descriptor(
        independent=bool(flags & 0x20),
        block_checksum=bool(flags & 0x10),
        content_checksum=bool(flags & 0x04),
        block_max=BLOCK_SIZES[bd >> 4],
        content_size=int.from_bytes(rest, "little") if rest else None,
    )


def _block(
    data: bytes, stored: bool, largest: int, prefix: bytes, out: Output, whole: bool, what: str
) -> None:
    """A block's bytes decoded into ``out`` (those ``stored`` as they are). A block cut
    short (not ``whole``) keeps what decodes of it, then ends the reading."""
    if stored:
        out.add(data)
    else:
        try:
            out.add(lz4_block(data, largest, prefix, exact=False))
        except Lz4Error as exc:
            out.add(exc.partial)
            if whole:
                raise FrameError(f"{what} does not decode ({exc})") from None
    if not whole:
        raise FrameError(f"cut short in {what}")


def _frame(reader: _Reader, out: Output) -> None:
    """One frame's blocks decoded into ``out``, its checksums and size verified."""
    frame = _descriptor(reader)
    start = len(out.data)
    number = 0
    while size := reader.word("a block size"):
        number += 1
        length = size & ~STORED
        if length > frame.block_max:
            raise FrameError(f"block {number} of {length} bytes, past the frame's largest")
        data = reader.fh.read(min(length, reader.left()))
        whole = len(data) == length
        checked = whole and frame.block_checksum
        if checked and reader.word(f"block {number}'s checksum") != xxh32(data):
            raise FrameError(f"block {number}'s checksum does not match")
        prefix = b"" if frame.independent else bytes(out.data[max(start, len(out.data) - WINDOW) :])
        _block(data, bool(size & STORED), frame.block_max, prefix, out, whole, f"block {number}")
    content = memoryview(out.data)[start:]
    try:
        if frame.content_checksum and reader.word("the content checksum") != xxh32(content):
            raise FrameError("the content checksum does not match")
        if frame.content_size is not None and frame.content_size != len(content):
            raise FrameError(f"content of {len(content)} bytes, not {frame.content_size}")
    finally:
        content.release()


def _legacy(reader: _Reader, out: Output) -> None:
    """A legacy frame's blocks decoded into ``out``, up to the end or the next magic."""
    number = 0
    while reader.left():
        size = reader.word("a legacy block size")
        if size in (FRAME, LEGACY) or size in SKIPPABLE:
            reader.fh.seek(-4, 1)
            return
        number += 1
        if size > LEGACY_BOUND:
            raise FrameError(f"legacy block {number} of {size} bytes, past its largest")
        data = reader.fh.read(min(size, reader.left()))
        _block(data, False, LEGACY_BLOCK, b"", out, len(data) == size, f"legacy block {number}")


def _java_block(reader: _Reader, out: Output, number: int) -> bool:
    """lz4-java's block after its magic, decoded into ``out`` and its checksum verified;
    whether it held bytes (a block of length 0 ends a stream)."""
    token = reader.take(1, f"block {number}'s token")[0]
    compressed, original, check = struct.unpack("<iiI", reader.take(12, f"block {number}"))
    method = JAVA_METHODS.get(token & 0xF0)
    largest = 1 << (10 + (token & 0x0F))
    if (
        method is None
        or not 0 <= original <= largest
        or not 0 <= compressed <= largest + largest // 255 + 16
        or (original == 0) != (compressed == 0)
        or (method == "stored" and compressed != original)
    ):
        raise FrameError(f"block {number}'s header does not hold")
    if not original:
        return False
    data = reader.fh.read(min(compressed, reader.left()))
    if method == "stored":
        piece = data
    else:
        try:
            piece = lz4_block(data, original, exact=False)
        except Lz4Error as exc:
            out.add(exc.partial)
            raise FrameError(f"block {number} does not decode ({exc})") from None
    if len(data) < compressed:
        out.add(piece)
        raise FrameError(f"cut short in block {number}")
    digest = xxh32(piece, JAVA_SEED)
    if len(piece) != original or check not in (digest, digest & 0x0FFFFFFF):
        raise FrameError(f"block {number}'s checksum does not match")
    out.add(piece)
    return True


def _java_blocks(reader: _Reader, out: Output) -> None:
    """Every block of lz4-java's block streams (after the first block's magic)."""
    number = 1
    while True:
        number += _java_block(reader, out, number)
        if not reader.left():
            return
        if reader.take(8, f"block {number}'s magic") != JAVA_MAGIC:
            raise FrameError(f"block {number} without its magic")


def _frames(reader: _Reader, out: Output) -> None:
    """Every frame of the file decoded into ``out``, skippable frames passed over."""
    first = True
    if reader.fh.read(8) == JAVA_MAGIC:
        _java_blocks(reader, out)
        return
    reader.fh.seek(0)
    while reader.left():
        magic = reader.word("a frame's magic number")
        if magic == FRAME:
            _frame(reader, out)
        elif magic == LEGACY:
            _legacy(reader, out)
        elif magic in SKIPPABLE:
            length = reader.word("a skippable frame's size")
            if length > reader.left():
                raise FrameError("a skippable frame past the end")
            reader.fh.seek(length, 1)
        else:
            raise FrameError("no LZ4 frame magic" if first else "bytes after the last frame")
        first = False


class Lz4FrameExtractor(Extractor):
    """An LZ4 frame file: its decompressed bytes a child file."""

    id: ClassVar[str] = "lz4"
    types: ClassVar[frozenset[str]] = frozenset({"lz4"})

    def extract(self, source: Source, config: Config) -> Iterator[Extracted]:
        def read(fh: BinaryIO, out: Output) -> None:
            _frames(_Reader(fh, source.size), out)

        yield from wrapped_file(
            source, config, "LZ4 file", FrameError, read, child_name(source.path)
        )
