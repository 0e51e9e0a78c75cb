"""A writer of Unix ``compress`` (``.Z``) files for the tests, after ncompress's
``compress()`` and ``output()``: LZW codes in groups of eight, the group padded when the
width grows or after CLEAR. ``gzip -d`` reads what it writes."""

from __future__ import annotations

MAGIC = b"\x1f\x9d"
CLEAR = 256


class _Codes:
    """Packs codes as ``compress`` does (a group of eight ``n``-bit codes is ``n`` bytes)."""

    def __init__(self, maxbits: int) -> None:
        self.out = bytearray()
        self.group: list[int] = []
        self.n_bits = 9
        self.maxcode = (1 << 9) - 1
        self.maxmaxcode = 1 << maxbits
        self.maxbits = maxbits

    def flush(self, *, whole: bool) -> None:
        bits = 0
        for i, code in enumerate(self.group):
            bits |= code << (i * self.n_bits)
        size = self.n_bits if whole else (len(self.group) * self.n_bits + 7) // 8
        self.out += bits.to_bytes(size, "little")
        self.group.clear()

    def output(self, code: int, free_ent: int, *, clear: bool = False) -> None:
        self.group.append(code)
        if len(self.group) == 8:
            self.flush(whole=True)
        if free_ent > self.maxcode or clear:
            if self.group:
                self.flush(whole=True)
            if clear:
                self.n_bits = 9
                self.maxcode = (1 << 9) - 1
            else:
                self.n_bits += 1
                full = self.n_bits == self.maxbits
                self.maxcode = self.maxmaxcode if full else (1 << self.n_bits) - 1


def compress_z(
    data: bytes, maxbits: int = 16, *, block: bool = True, clear_when_full: bool = False
) -> bytes:
    """``data`` as ``compress -b maxbits`` writes it (``-C``, no block mode, where
    ``block`` is false); with ``clear_when_full`` a CLEAR each time the table fills (the
    real tool sends one when the ratio drops)."""
    codes = _Codes(maxbits)
    first = 257 if block else 256
    free_ent = first
    table: dict[tuple[int, int], int] = {}
    if data:
        ent = data[0]
        for c in data[1:]:
            code = table.get((ent, c))
            if code is not None:
                ent = code
                continue
            codes.output(ent, free_ent)
            if free_ent < codes.maxmaxcode:
                table[(ent, c)] = free_ent
                free_ent += 1
            elif block and clear_when_full:
                table.clear()
                free_ent = first
                codes.output(CLEAR, free_ent, clear=True)
            ent = c
        codes.output(ent, free_ent)
        if codes.group:
            codes.flush(whole=False)
    flag = maxbits | (0x80 if block else 0)
    return MAGIC + bytes((flag,)) + bytes(codes.out)


def zeros_z(codes: int, maxbits: int = 16) -> bytes:
    """A ``compress`` bomb: the codes ``compress`` writes for zero bytes (0, 257, 258...),
    ``codes`` of them, expanding to ``codes * (codes + 1) / 2`` zero bytes."""
    packer = _Codes(maxbits)
    free_ent = 257
    for code in [0, *range(257, 257 + codes - 1)]:
        packer.output(code, free_ent)
        free_ent = min(free_ent + 1, packer.maxmaxcode)
    if packer.group:
        packer.flush(whole=False)
    return MAGIC + bytes((maxbits | 0x80,)) + bytes(packer.out)
