"""LZO1X decompression (the blocks of an lzop file, :mod:`.lzopfile`), written after the
format as the LZO library's ``lzo1x_d.ch`` and the Linux kernel's
``lib/lzo/lzo1x_decompress_safe.c`` read it, checking every bound: the input is hostile.

A block is a series of instructions, each a byte ``t`` read in a state (0: after a match
that carried no literals; 1-3: after that many literals carried by a match; 4: after a
literal run):

* ``t`` 0-15 in state 0: a literal run of ``t + 3`` bytes; ``t`` 0 is followed by zero
  bytes, each adding 255, and a non-zero byte added to 15 + 3;
* ``t`` 0-15 in states 1-3: a 2-byte match at distance ``1 + (t >> 2) + (b << 2)``
  (``b`` the next byte); in state 4: a 3-byte match at ``2049 + (t >> 2) + (b << 2)``;
* ``t`` 64-255: a match of ``(t >> 5) + 1`` bytes at ``1 + ((t >> 2) & 7) + (b << 3)``;
* ``t`` 32-63: a match of ``(t & 31) + 2`` bytes (0 extended by zero bytes and a byte, as
  the literal run is, from 31), then a little-endian 16-bit word ``w``: distance
  ``1 + (w >> 2)``;
* ``t`` 16-31: as 32-63, with ``t & 7`` the length (extended from 7) and distance
  ``16384 + ((t & 8) << 11) + (w >> 2)``; distance 16384 exactly ends the block
  (``11 00 00``).

A match's word or byte also carries, in its low two bits, 0-3 literals copied after it,
which become the next state. A first byte above 17 is a literal run of ``byte - 17``
bytes (state 4 from four on). Matches may overlap their own output (a run).

Design: the output is a ``bytearray`` grown by slices (a literal run in one copy, a match
in one copy or, overlapping, by repeating its period), never past the block's stated
size; an instruction that reads past the input, points before the output's start or
writes past its size is an :class:`LzoError` naming what and where."""

from __future__ import annotations

M2_MAX_OFFSET = 0x0800
M4_BASE = 0x4000
MAX_ZERO_RUN = 1 << 20
"""Zero bytes extending one length at most (a longer length is past any block)."""


class LzoError(OSError):
    """An LZO1X block does not decode (as :class:`gzip.BadGzipFile` is an OSError)."""


def _length(src: bytes, ip: int, base: int) -> tuple[int, int]:
    """A length extended past its instruction: zero bytes (255 each) then a non-zero
    byte, added to ``base``; and the input position after it."""
    start = ip
    end = len(src)
    while ip < end and src[ip] == 0:
        ip += 1
        if ip - start > MAX_ZERO_RUN:
            raise LzoError(f"LZO1X length of over {MAX_ZERO_RUN} zero bytes at {start}")
    if ip >= end:
        raise LzoError(f"LZO1X input ends inside a length at {start}")
    return base + 255 * (ip - start) + src[ip], ip + 1


def decompress(src: bytes, size: int) -> bytes:
    """The ``size`` bytes the LZO1X block ``src`` decodes to."""
    out = bytearray()
    end = len(src)
    ip = 0
    state = 0
    if end == 0:
        raise LzoError("LZO1X block is empty")
    if src[0] > 17:
        t = src[0] - 17
        ip = 1
        if ip + t > end:
            raise LzoError(f"LZO1X first literal run of {t} past the input")
        if t > size:
            raise LzoError(f"LZO1X first literal run of {t} past the block's {size} bytes")
        out += src[ip : ip + t]
        ip += t
        state = 4 if t >= 4 else t
    while True:
        if ip >= end:
            raise LzoError(f"LZO1X input ends without the end marker (at {ip})")
        t = src[ip]
        ip += 1
        if t < 16:
            if state == 0:  # a literal run
                if t == 0:
                    t, ip = _length(src, ip, 15)
                t += 3
                if ip + t > end:
                    raise LzoError(f"LZO1X literal run of {t} past the input at {ip}")
                if len(out) + t > size:
                    raise LzoError(f"LZO1X literal run of {t} past the block's {size} bytes")
                out += src[ip : ip + t]
                ip += t
                state = 4
                continue
            if ip >= end:
                raise LzoError(f"LZO1X input ends inside a match at {ip}")
            if state != 4:  # a 2-byte match, near
                dist = 1 + (t >> 2) + (src[ip] << 2)
                length = 2
            else:  # a 3-byte match, far
                dist = 1 + M2_MAX_OFFSET + (t >> 2) + (src[ip] << 2)
                length = 3
            nxt = t & 3
            ip += 1
        elif t >= 64:
            if ip >= end:
                raise LzoError(f"LZO1X input ends inside a match at {ip}")
            dist = 1 + ((t >> 2) & 7) + (src[ip] << 3)
            length = (t >> 5) + 1
            nxt = t & 3
            ip += 1
        else:
            if t >= 32:
                length = t & 31
                if length == 0:
                    length, ip = _length(src, ip, 31)
                length += 2
            else:
                length = t & 7
                if length == 0:
                    length, ip = _length(src, ip, 7)
                length += 2
            if ip + 2 > end:
                raise LzoError(f"LZO1X input ends inside a match at {ip}")
            word = src[ip] | (src[ip + 1] << 8)
            ip += 2
            nxt = word & 3
            if t >= 32:
                dist = 1 + (word >> 2)
            else:
                dist = ((t & 8) << 11) + (word >> 2)
                if dist == 0:  # the end marker
                    if length != 3:
                        raise LzoError(f"LZO1X end marker of length {length} at {ip}")
                    break
                dist += M4_BASE
        here = len(out)
        if dist > here:
            raise LzoError(f"LZO1X match {dist} bytes back at output {here} (before the start)")
        if here + length + nxt > size:
            raise LzoError(f"LZO1X match past the block's {size} bytes at output {here}")
        start = here - dist
        if length <= dist:
            out += out[start : start + length]
        else:  # overlaps its own output: the period repeated
            period = bytes(out[start:here])
            out += (period * (length // dist + 1))[:length]
        if nxt:
            if ip + nxt > end:
                raise LzoError(f"LZO1X literals past the input at {ip}")
            out += src[ip : ip + nxt]
            ip += nxt
        state = nxt
    if len(out) != size:
        raise LzoError(f"LZO1X block decoded to {len(out)} bytes, not {size}")
    if ip != end:
        raise LzoError(f"LZO1X block has {end - ip} bytes after its end marker")
    return bytes(out)
