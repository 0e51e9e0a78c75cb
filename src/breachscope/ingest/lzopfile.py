"""lzop files (``.lzo``: fast nightly backups, ``patienten_q3.csv.lzo``, a
``backup.tar.lzo``), read as ``lzop -d`` reads them.

The header (big-endian): the magic ``89 4C 5A 4F 00 0D 0A 1A 0A``; lzop's version, the
LZO library's version and (from version 0x0940) the version needed to extract; the
method (1-3: LZO1X, the only ones lzop writes by default) and (from 0x0940) the level;
the flags; a filter (where flag ``0x800`` says: an old lzop's, not read); the file's mode,
mtime (and from 0x0940 its high half); the original name (a length byte, then the name);
the header's checksum (Adler-32, or CRC-32 where flag ``0x1000`` says) of everything
from the version to the name; an extra field where flag ``0x40`` says (its length, its
bytes, its checksum).

Then blocks, each: its decoded size (0 ends the file), its stored size, the checksum(s) of
the decoded bytes (Adler-32 where flag ``0x1``, CRC-32 where ``0x100``), and where the
block is compressed (stored size below the decoded size) the checksum(s) of the stored
bytes (flags ``0x2``, ``0x200``); then the bytes: as they are where the sizes are equal,
else an LZO1X block (:mod:`.lzo1x`). lzop's blocks are at most 256 KiB; up to 64 MiB is
read, as ``lzop -d`` reads.

Design: :func:`lzop_chunks` yields each block's decoded bytes once its checksums match.
A header or block that does not parse, a checksum that does not match or a file cut
short is an :class:`LzopError` (or the block's :class:`.lzo1x.LzoError`), raised after
the blocks before it."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Generator

from breachscope.ingest.blob import Readable
from breachscope.ingest.lzo1x import decompress

MAGIC = b"\x89LZO\x00\r\n\x1a\n"
METHODS = frozenset({1, 2, 3})
"""M_LZO1X_1, M_LZO1X_1_15, M_LZO1X_999: LZO1X blocks."""
F_ADLER32_D, F_ADLER32_C, F_H_EXTRA_FIELD = 0x1, 0x2, 0x40
F_CRC32_D, F_CRC32_C, F_H_FILTER, F_H_CRC32 = 0x100, 0x200, 0x800, 0x1000
MAX_BLOCK = 64 * 1024**2
MAX_EXTRA = 64 * 1024
"""Longest header extra field read (lzop writes none)."""


class LzopError(OSError):
    """The lzop data is damaged (as :class:`gzip.BadGzipFile` is an OSError)."""


class _Header:
    """Reads the header's fields, keeping its bytes for its checksum."""

    def __init__(self, raw: Readable) -> None:
        self.raw = raw
        self.kept = bytearray()

    def take(self, count: int) -> bytes:
        data = self.raw.read(count)
        if len(data) < count:
            raise EOFError("compressed file ended inside the lzop header")
        self.kept += data
        return data

    def number(self, fmt: str) -> int:
        value: int = struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]
        return value


def _exact(raw: Readable, count: int, what: str) -> bytes:
    data = raw.read(count)
    if len(data) < count:
        raise EOFError(f"compressed file ended inside {what}")
    return data


def _word(raw: Readable) -> int:
    """A block header's next big-endian 32-bit field."""
    value: int = struct.unpack(">I", _exact(raw, 4, "an lzop block header"))[0]
    return value


def _checksum(data: bytes, crc: bool) -> int:
    return zlib.crc32(data) if crc else zlib.adler32(data)


def read_header(raw: Readable) -> tuple[int, str]:
    """The flags and original name of an lzop file's header (after the magic)."""
    header = _Header(raw)
    version = header.number(">H")
    header.number(">H")  # the LZO library's version
    if version < 0x0900:
        raise LzopError(f"lzop version {version:#x} (0x0900 on are read)")
    if version >= 0x0940:
        header.number(">H")  # the version needed to extract
    method = header.number(">B")
    if method not in METHODS:
        raise LzopError(f"lzop method {method} (LZO1X, methods 1 to 3, are read)")
    if version >= 0x0940:
        header.number(">B")  # the level
    flags = header.number(">I")
    if flags & F_H_FILTER:
        raise LzopError("lzop file with a filter (an old lzop's, not read)")
    header.take(12 if version >= 0x0940 else 8)  # mode, mtime (and its high half)
    name = header.take(header.number(">B")).decode("latin-1")
    want = struct.unpack(">I", _exact(raw, 4, "the lzop header"))[0]
    if _checksum(bytes(header.kept), bool(flags & F_H_CRC32)) != want:
        raise LzopError("lzop header checksum does not match")
    if flags & F_H_EXTRA_FIELD:
        (length,) = struct.unpack(">I", _exact(raw, 4, "the lzop header"))
        if length > MAX_EXTRA:
            raise LzopError(f"lzop header extra field of {length} bytes")
        _exact(raw, length + 4, "the lzop header")
    return flags, name


def lzop_chunks(raw: Readable, names: list[str] | None = None) -> Generator[bytes, None, None]:
    """The decoded bytes of the lzop file ``raw``, block by block; its header's original
    name goes to ``names`` (where given) once the header is read."""
    if _exact(raw, len(MAGIC), "the lzop magic") != MAGIC:
        raise LzopError("not an lzop file (no lzop magic)")
    flags, name = read_header(raw)
    if names is not None and name:
        names.append(name)
    d_sums = [crc for flag, crc in ((F_ADLER32_D, False), (F_CRC32_D, True)) if flags & flag]
    c_sums = [crc for flag, crc in ((F_ADLER32_C, False), (F_CRC32_C, True)) if flags & flag]
    block = 0
    while True:
        size = _word(raw)
        if size == 0:
            return
        stored = _word(raw)
        if size > MAX_BLOCK or not 0 < stored <= size:
            raise LzopError(f"lzop block {block} of {stored} bytes to {size} (at most 64 MiB)")
        compressed = stored < size
        d_want = [_word(raw) for _ in d_sums]
        c_want = [_word(raw) for _ in c_sums] if compressed else []
        data = _exact(raw, stored, f"lzop block {block}")
        if compressed:
            for crc, want in zip(c_sums, c_want, strict=True):
                if _checksum(data, crc) != want:
                    raise LzopError(f"lzop block {block}'s compressed checksum does not match")
            data = decompress(data, size)
        for crc, want in zip(d_sums, d_want, strict=True):
            if _checksum(data, crc) != want:
                raise LzopError(f"lzop block {block}'s checksum does not match")
        yield data
        block += 1
