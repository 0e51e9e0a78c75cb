"""Writers of LZO1X blocks, lzop files and lzip files for the tests (no LZO compressor is
at hand offline): a greedy LZO1X encoder that emits every instruction the format has
(literal runs of every length, the 2- and 3-byte short matches, and matches near, far
and farthest), and the two containers around it, as ``lzop`` and ``lzip`` write them."""

from __future__ import annotations

import lzma
import struct
import zlib

LZOP_MAGIC = b"\x89LZO\x00\r\n\x1a\n"
MAX_DIST = 0x4000 + 0x7FFF
"""Farthest distance a match reaches (a 16-31 instruction: 49151)."""


def _extended(value: int, base: int) -> bytes:
    """A length above ``base``: zero bytes of 255 each, then the rest (1-255)."""
    rest = value - base
    zeros = (rest - 1) // 255
    return bytes(zeros) + bytes((rest - 255 * zeros,))


class _Encoder:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.out = bytearray()
        self.state: int | None = None  # None: nothing written yet
        self.carry = -1  # where the last match keeps its literal count (low two bits)

    def literals(self, start: int, end: int) -> None:
        count = end - start
        if count == 0:
            if self.state is not None:
                self.state = 0
            return
        lits = self.data[start:end]
        if self.state is None and count <= 238:
            self.out += bytes((17 + count,)) + lits
            self.state = 4 if count >= 4 else count
            return
        if self.state is not None and count <= 3:
            self.out[self.carry] |= count
            self.out += lits
            self.state = count
            return
        # a literal run instruction, read in state 0 (the match before it carries none)
        self.out += bytes((count - 3,)) if count - 3 <= 15 else b"\x00" + _extended(count - 3, 15)
        self.out += lits
        self.state = 4

    def match(self, dist: int, length: int) -> None:
        if self.state == 4 and length == 3 and 2049 <= dist <= 3072:
            d = dist - 2049
            self.carry = len(self.out)
            self.out += bytes(((d & 3) << 2, d >> 2))
        elif self.state in (1, 2, 3) and length == 2:
            d = dist - 1
            self.carry = len(self.out)
            self.out += bytes(((d & 3) << 2, d >> 2))
        elif dist <= 2048 and 3 <= length <= 8:
            d = dist - 1
            self.carry = len(self.out)
            self.out += bytes((((length - 1) << 5) | ((d & 7) << 2), d >> 3))
        elif dist <= 0x4000:
            head = 32 | (length - 2) if length - 2 <= 31 else 32
            self.out.append(head)
            if length - 2 > 31:
                self.out += _extended(length - 2, 31)
            self.carry = len(self.out)
            self.out += struct.pack("<H", (dist - 1) << 2)
        else:
            d = dist - 0x4000
            high = (d >> 14) & 1
            head = 16 | (high << 3) | (length - 2 if length - 2 <= 7 else 0)
            self.out.append(head)
            if length - 2 > 7:
                self.out += _extended(length - 2, 7)
            self.carry = len(self.out)
            self.out += struct.pack("<H", (d & 0x3FFF) << 2)
        self.state = 0


def lzo1x_compress(data: bytes) -> bytes:
    """An LZO1X block of ``data`` (not empty), ending in the end marker ``11 00 00``."""
    enc = _Encoder(data)
    last3: dict[bytes, int] = {}
    last2: dict[bytes, int] = {}
    size = len(data)
    lit = i = 0
    while i < size:
        key = data[i : i + 3]
        at = last3.get(key, -1) if len(key) == 3 else -1
        at2 = last2.get(data[i : i + 2], -1) if i + 2 <= size else -1
        if i > 0:
            last3[key] = i
            last2[data[i : i + 2]] = i
        if at >= 0 and i - at <= MAX_DIST:
            length = 3
            while i + length < size and data[at + length] == data[i + length]:
                length += 1
            enc.literals(lit, i)
            enc.match(i - at, length)
        elif 1 <= i - lit <= 3 and at2 >= 0 and i - at2 <= 1024:
            length = 2  # after 1-3 literals: the short match
            enc.literals(lit, i)
            enc.match(i - at2, 2)
        else:
            if i == 0:
                last3[key] = 0
                last2[data[0:2]] = 0
            i += 1
            continue
        for j in range(i + 1, min(i + length, size - 1)):
            last3[data[j : j + 3]] = j
            last2[data[j : j + 2]] = j
        i += length
        lit = i
    enc.literals(lit, size)
    enc.out += b"\x11\x00\x00"
    return bytes(enc.out)


def lzop_file(
    data: bytes,
    *,
    block: int = 256 * 1024,
    name: str = "a.csv",
    flags: int = 0x03000001,
    store: bool = False,
    version: int = 0x1030,
) -> bytes:
    """``data`` as ``lzop`` writes it: its header (version 0x1030 or an older one), blocks of
    ``block`` bytes, each LZO1X (or stored where that is no smaller, or ``store``), the
    checksums ``flags`` asks for (Adler-32 of the data by default)."""
    head = struct.pack(">HH", version, 0x2080)
    if version >= 0x0940:
        head += struct.pack(">H", 0x0940)
    head += b"\x01"
    if version >= 0x0940:
        head += b"\x05"
    head += struct.pack(">III", flags, 0o100644, 1_600_000_000)
    if version >= 0x0940:
        head += b"\0\0\0\0"
    raw_name = name.encode("latin-1")
    head += bytes((len(raw_name),)) + raw_name
    check = zlib.crc32(head) if flags & 0x1000 else zlib.adler32(head)
    out = bytearray(LZOP_MAGIC + head + struct.pack(">I", check))
    sums = ((0x1, zlib.adler32), (0x100, zlib.crc32))
    csums = ((0x2, zlib.adler32), (0x200, zlib.crc32))
    for start in range(0, len(data), block):
        piece = data[start : start + block]
        packed = piece if store else lzo1x_compress(piece)
        if len(packed) >= len(piece):
            packed = piece
        out += struct.pack(">II", len(piece), len(packed))
        out += b"".join(struct.pack(">I", f(piece)) for flag, f in sums if flags & flag)
        if len(packed) < len(piece):
            out += b"".join(struct.pack(">I", f(packed)) for flag, f in csums if flags & flag)
        out += packed
    return bytes(out + b"\0\0\0\0")


def lzip_member(data: bytes, dict_bits: int = 16) -> bytes:
    """``data`` as one lzip member (``lzip`` writes the same: header, LZMA stream with its
    end marker, trailer of CRC32, data size, member size)."""
    lzma1 = {"id": lzma.FILTER_LZMA1, "dict_size": 1 << dict_bits, "lc": 3, "lp": 0, "pb": 2}
    stream = lzma.compress(data, format=lzma.FORMAT_RAW, filters=[lzma1])
    header = b"LZIP\x01" + bytes((dict_bits,))
    trailer = struct.pack("<IQQ", zlib.crc32(data), len(data), 6 + len(stream) + 20)
    return header + stream + trailer
