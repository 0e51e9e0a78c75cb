"""lzip files (``.lz``: GNU-style archival compression, ``huisartsen_q1.tsv.lz``, a
``backup.tar.lz``), read as ``lzip -d`` reads them.

A file is one or more members, each: the magic ``LZIP``, the version (1), the coded
dictionary size (bits 0-4 the base-2 logarithm of a power of two from 4 KiB to 512 MiB,
bits 5-7 how many sixteenths of it to take off), an LZMA stream (lc=3, lp=0, pb=2, no
header of its own, ended by the end-of-stream marker), then a 20-byte trailer: the CRC32
of the decoded data, the data's size and the member's size (header and trailer
included), little-endian. Bytes after the last member that do not start a new one are
left alone, as ``lzip`` leaves them.

Design: the LZMA stream is decoded by the stdlib's :mod:`lzma` (``FORMAT_RAW`` with an
LZMA1 filter of the member's dictionary size), a bounded amount at a time, so that
:func:`lzip_chunks` yields decoded bytes as they come and the ratio guard of the reader
(:mod:`.tarstream`) sees them; the trailer's three checks are made at each member's end.
A header that is no lzip header, a stream cut short or a trailer that does not match is an
:class:`LzipError` or :class:`EOFError`, raised after the bytes decoded before it."""

from __future__ import annotations

import lzma
import struct
import zlib
from collections.abc import Generator

from breachscope.ingest.blob import Readable

MAGIC = b"LZIP"
HEADER_SIZE, TRAILER_SIZE = 6, 20
MIN_DICT_BITS, MAX_DICT_BITS = 12, 29
READ_SIZE = 256 * 1024
OUT_CHUNK = 256 * 1024
"""Decoded bytes asked of the LZMA decoder at a time."""


class LzipError(OSError):
    """The lzip data is damaged (as :class:`gzip.BadGzipFile` is an OSError)."""


def dictionary_size(coded: int) -> int:
    """The dictionary size of a member header's coded byte."""
    bits = coded & 0x1F
    if not MIN_DICT_BITS <= bits <= MAX_DICT_BITS:
        raise LzipError(f"lzip dictionary size of 2^{bits} (2^12 to 2^29 are read)")
    base = 1 << bits
    return base - (base >> 4) * (coded >> 5)


def _fill(raw: Readable, data: bytes, size: int) -> bytes:
    """``data``, with bytes read from ``raw`` until it holds ``size`` or the input ends."""
    while len(data) < size:
        more = raw.read(max(size - len(data), READ_SIZE))
        if not more:
            break
        data += more
    return data


def lzip_chunks(raw: Readable) -> Generator[bytes, None, None]:
    """The decoded bytes of the lzip file ``raw``, member after member, in chunks."""
    members = 0
    data = _fill(raw, b"", HEADER_SIZE)
    while True:
        if not data.startswith(MAGIC):
            if members == 0:
                raise LzipError("not an lzip file (no LZIP magic)")
            return  # trailing bytes, left alone as lzip leaves them
        if len(data) < HEADER_SIZE:
            raise EOFError("compressed file ended inside an lzip member header")
        if data[4] != 1:
            raise LzipError(f"lzip version {data[4]} (version 1 is read)")
        lzma1 = {"id": lzma.FILTER_LZMA1, "dict_size": dictionary_size(data[5])}
        filters = [{**lzma1, "lc": 3, "lp": 0, "pb": 2}]
        decoder = lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=filters)
        data = data[HEADER_SIZE:]
        fed = crc = size = 0
        while not decoder.eof:
            if decoder.needs_input:
                if not data:
                    data = raw.read(READ_SIZE)
                    if not data:
                        raise EOFError("compressed file ended before the end of an lzip member")
                fed += len(data)
                chunk = decoder.decompress(data, OUT_CHUNK)
                data = b""
            else:
                chunk = decoder.decompress(b"", OUT_CHUNK)
            if chunk:
                crc = zlib.crc32(chunk, crc)
                size += len(chunk)
                yield chunk
        rest = _fill(raw, decoder.unused_data, TRAILER_SIZE + HEADER_SIZE)
        if len(rest) < TRAILER_SIZE:
            raise EOFError("compressed file ended inside an lzip member trailer")
        want_crc, want_size, member_size = struct.unpack_from("<IQQ", rest)
        stream_size = fed - len(decoder.unused_data)
        if want_crc != crc:
            raise LzipError("lzip member's CRC32 does not match its data")
        if want_size != size:
            raise LzipError(f"lzip member decoded to {size} bytes, its trailer says {want_size}")
        if member_size != HEADER_SIZE + stream_size + TRAILER_SIZE:
            raise LzipError("lzip member's size in its trailer does not match")
        members += 1
        data = rest[TRAILER_SIZE:]
        if not data:
            return
