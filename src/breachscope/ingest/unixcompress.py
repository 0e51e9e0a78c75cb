"""Unix ``compress`` files (``.Z``: an old backup script's ``export.csv.Z``, a
``backup.tar.Z``), decoded as ``compress -d`` (ncompress) and ``gzip -d`` decode them.

The format: the magic ``1F 9D``, one flag byte (bits 0-4 the largest code width, 9 to
16; bit 7 block mode), then LZW codes packed least significant bit first. Codes start 9
bits wide; 0-255 are the bytes themselves, and each code after the first adds the entry
"the previous string + the first byte of this one" at the next free code (in block mode
256 is CLEAR, which empties the table, and the first free code is 257). A code one past
the last entry is the string that entry is about to become (the KwKwK case). Once the
next entry would not fit the width, the codes grow one bit, up to the largest width,
where the table stops growing.

The real tool's quirk, which every reader must copy: codes are written in groups of
eight (``n`` bytes for ``n``-bit codes), and when the width changes (a wider code, or
CLEAR going back to 9 bits) the rest of the current group is padding, skipped. After a
CLEAR the next code still adds an entry (at 256, never used), as ncompress and gzip's
``unlzw`` do, which keeps the widths in step with the writer.

Design: :func:`lzw_chunks` is a generator reading one group at a time as an integer
(``int.from_bytes``) and cutting its codes out with shifts; the table holds each entry's
whole string as ``bytes`` (a list indexed by code), so a code's output is one lookup and
an entry one concatenation, never a walk down the prefix chain. Its memory is about the
output decoded so far while the table fills, which the ratio guard of the reader
(:mod:`.tarstream`) bounds. A code that points past the table, a bad flag byte or input
that ends inside the header is a :class:`LzwError`, raised after the bytes before it.
"""

from __future__ import annotations

from collections.abc import Generator

from breachscope.ingest.blob import Readable

MAGIC = b"\x1f\x9d"
MIN_BITS, MAX_BITS = 9, 16
BLOCK_MODE, BITS_MASK = 0x80, 0x1F
CLEAR = 256
READ_SIZE = 256 * 1024
"""Compressed bytes read at a time."""
OUT_CHUNK = 256 * 1024
"""Decoded bytes gathered before they are handed on."""


class LzwError(OSError):
    """The ``compress`` data is damaged (as :class:`gzip.BadGzipFile` is an OSError)."""


def read_header(head: bytes) -> tuple[int, bool]:
    """The largest code width and block mode of a ``compress`` file's three-byte header."""
    if len(head) < 3:
        raise EOFError("compressed file ended inside the compress header")
    if head[:2] != MAGIC:
        raise LzwError("not a compress file (no 1F 9D magic)")
    maxbits = head[2] & BITS_MASK
    if not MIN_BITS <= maxbits <= MAX_BITS:
        raise LzwError(f"compress code width of {maxbits} bits (9 to 16 are read)")
    return maxbits, bool(head[2] & BLOCK_MODE)


def lzw_chunks(raw: Readable) -> Generator[bytes, None, None]:
    """The decoded bytes of the ``compress`` file ``raw``, in chunks."""
    maxbits, block = read_header(raw.read(3))
    maxmaxcode = 1 << maxbits
    table: list[bytes] = [bytes((i,)) for i in range(256)]
    if block:
        table.append(b"")  # CLEAR's place
    free = len(table)  # the next entry's code
    clear = CLEAR if block else -1
    add = table.append
    n_bits = MIN_BITS
    maxcode = mask = (1 << n_bits) - 1
    prev = b""
    first = True
    out: list[bytes] = []
    emit = out.append
    size = 0
    data = b""
    pos = 0
    ended = False
    while True:
        if free > maxcode:  # wider codes from here (-b9 goes on to 10 bits, as the tool)
            n_bits += 1
            maxcode = maxmaxcode if n_bits == maxbits else (1 << n_bits) - 1
            mask = (1 << n_bits) - 1
        if len(data) - pos < n_bits and not ended:
            more = raw.read(READ_SIZE)
            ended = not more
            data = data[pos:] + more
            pos = 0
        group = data[pos : pos + n_bits]
        pos += n_bits
        count = len(group) * 8 // n_bits
        if count == 0:
            break
        bits = int.from_bytes(group, "little")
        if first:  # the first code: a byte, which adds no entry
            code = bits & mask
            bits >>= n_bits
            count -= 1
            if code >= 256:
                raise LzwError(f"corrupt compress data: first code {code} is no byte")
            prev = table[code]
            emit(prev)
            size += 1
            first = False
        for _ in range(count):
            code = bits & mask
            bits >>= n_bits
            if code < free:
                if code == clear:
                    del table[256:]  # the next code adds the unused entry 256
                    free = 256
                    n_bits = MIN_BITS
                    maxcode = mask = (1 << n_bits) - 1
                    break  # the rest of the group is padding
                entry = table[code]
            elif code == free:
                entry = prev + prev[:1]
            else:
                raise LzwError(f"corrupt compress data: code {code} past the table ({free})")
            emit(entry)
            size += len(entry)
            if free < maxmaxcode:
                add(prev + entry[:1])
                free += 1
            prev = entry
            if free > maxcode:
                break  # wider codes after this group's padding
        if size >= OUT_CHUNK:
            yield b"".join(out)
            out.clear()
            size = 0
    if out:
        yield b"".join(out)
