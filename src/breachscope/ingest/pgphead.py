"""OpenPGP's packet headers (RFC 4880 section 4.2, RFC 9580), and how an OpenPGP message
opens, for sniffing.

A packet opens with a byte whose high bit is set: in the old format, its tag in bits 5
to 2 and in bits 1 and 0 the size of its length (one, two or four bytes, or none: the
packet runs to the end of its data); in the new format, its tag in bits 5 to 0 and a
length of one byte (below 192), two (192 to 223), five (255 and four bytes) or a partial
body's (224 to 254: ``1 << (byte & 0x1f)`` bytes, more lengths to follow).

A message is sniffed as binary OpenPGP where its first packet (after a marker, tag 10,
or not) is a public-key or symmetric-key encrypted session key (tag 1, 3), a one-pass
signature (4), compressed data (8) or literal data (11) whose length fits the bytes at
hand and whose first bytes are what that packet holds (its version, its algorithm, its
format and name's length; compressed data that inflates to a packet header). As text,
it is armoured:
``-----BEGIN PGP MESSAGE-----`` (also ``PGP SIGNED MESSAGE``, ``PGP ARMORED FILE``).
"""

from __future__ import annotations

import bz2
import zlib

ARMOUR_KINDS = ("PGP MESSAGE", "PGP SIGNED MESSAGE", "PGP ARMORED FILE")
"""The armour headers' kinds read (``-----BEGIN PGP MESSAGE-----``)."""
LITERAL_FORMATS = b"btu1lm"
"""A literal data packet's formats: binary, text, UTF-8 text, and the old local ones."""


class PacketError(ValueError):
    """Bytes that are no OpenPGP packet."""


def new_length(data: bytes, pos: int) -> tuple[int, int, bool]:
    """A new-format length at ``pos``: the length, the position after it, and whether it
    is a partial body's (more parts follow)."""
    if pos >= len(data):
        raise PacketError("a length cut short")
    first = data[pos]
    if first < 192:
        return first, pos + 1, False
    if first < 224:
        if pos + 2 > len(data):
            raise PacketError("a length cut short")
        return ((first - 192) << 8) + data[pos + 1] + 192, pos + 2, False
    if first == 255:
        if pos + 5 > len(data):
            raise PacketError("a length cut short")
        return int.from_bytes(data[pos + 1 : pos + 5], "big"), pos + 5, False
    return 1 << (first & 0x1F), pos + 1, True


def packet_header(data: bytes, at: int) -> tuple[int, int, int | None, bool]:
    """The packet at ``at``: its tag, where its body starts, the body's (first part's)
    length (None: to the end of the data) and whether that is a partial body's."""
    if at >= len(data):
        raise PacketError("a packet cut short")
    first = data[at]
    if not first & 0x80:
        raise PacketError(f"no packet header at byte {at}")
    if first & 0x40:
        length, pos, partial = new_length(data, at + 1)
        return first & 0x3F, pos, length, partial
    tag, kind = (first >> 2) & 0x0F, first & 0x03
    if kind == 3:
        return tag, at + 1, None, False
    size = (1, 2, 4)[kind]
    if at + 1 + size > len(data):
        raise PacketError("a length cut short")
    return tag, at + 1 + size, int.from_bytes(data[at + 1 : at + 1 + size], "big"), False


def is_openpgp_binary(head: bytes, complete: bool) -> bool:
    """Whether ``head`` opens a binary OpenPGP message (see the module's text)."""
    if len(head) < 4 or not head[0] & 0x80:
        return False
    try:
        tag, pos, length, partial = packet_header(head, 0)
    except PacketError:
        return False
    if length is not None and not partial and pos + length > len(head) and complete:
        return False
    if partial and length is not None and length < 512:  # (RFC 4880: a first part's least)
        return False
    body = head[pos : pos + 16 if length is None else pos + min(length, 4096)]
    if len(body) < 2:
        return False
    if tag == 1:
        return body[0] in (3, 6) and len(body) >= 10
    if tag == 3:
        return body[0] in (4, 5, 6) and 1 <= body[1] <= 13
    if tag == 4:
        return body[0] in (3, 6) and body[1] in (0, 1) and len(body) >= 13
    if tag == 11:
        return body[0] in LITERAL_FORMATS and (length is None or partial or 6 + body[1] <= length)
    if tag == 8:
        return _inflates_to_packet(body[0], head[pos : pos + 4096])
    if tag == 10:  # (a marker, "PGP", before an old PGP's message)
        return body[:3] == b"PGP" and length == 3 and is_openpgp_binary(head[pos + 3 :], complete)
    return False


def _inflates_to_packet(algorithm: int, body: bytes) -> bool:
    """Whether a compressed data packet's first bytes inflate to a packet header."""
    packed = body[1:]
    try:
        if algorithm == 0:
            out = packed[:1]
        elif algorithm in (1, 2):
            out = zlib.decompressobj(-15 if algorithm == 1 else 15).decompress(packed, 1)
        elif algorithm == 3:
            out = bz2.BZ2Decompressor().decompress(packed, 1) if packed[:3] == b"BZh" else b""
        else:
            return False
    except (zlib.error, OSError, ValueError, EOFError):
        return False
    return bool(out) and bool(out[0] & 0x80)
