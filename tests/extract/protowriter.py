"""A small writer of Protocol Buffers messages for the tests, written from protobuf's
encoding documentation (tags, varints, fixed-width values, lengths) and androidx's
``preferences.proto`` (how a Jetpack DataStore saves its preferences), not from the
reader under test."""

from __future__ import annotations

import struct
from typing import Any


def varint(n: int) -> bytes:
    """Seven bits a byte, least significant first; a negative number as its 64-bit two's
    complement (ten bytes), as ``int32`` and ``int64`` are written."""
    n &= (1 << 64) - 1
    out = bytearray()
    while n >= 0x80:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def tag(number: int, wire: int) -> bytes:
    return varint(number << 3 | wire)


def uint(number: int, n: int) -> bytes:
    """A varint field (``int32``, ``int64``, ``bool``, ``enum``)."""
    return tag(number, 0) + varint(n)


def blob(number: int, data: bytes | str) -> bytes:
    """A length-delimited field (a string, bytes, a message, packed numbers)."""
    data = data.encode("utf-8") if isinstance(data, str) else data
    return tag(number, 2) + varint(len(data)) + data


def packed(number: int, values: list[int]) -> bytes:
    return blob(number, b"".join(varint(v) for v in values))


def double(number: int, x: float) -> bytes:
    return tag(number, 1) + struct.pack("<d", x)


def float32(number: int, x: float) -> bytes:
    return tag(number, 5) + struct.pack("<f", x)


def fixed64(number: int, n: int) -> bytes:
    return tag(number, 1) + struct.pack("<q" if n < 0 else "<Q", n)


def fixed32(number: int, n: int) -> bytes:
    return tag(number, 5) + struct.pack("<i" if n < 0 else "<I", n)


def group(number: int, inner: bytes) -> bytes:
    return tag(number, 3) + inner + tag(number, 4)


def delimited(messages: list[bytes]) -> bytes:
    """``writeDelimitedTo``, once per message: its length as a varint, then it."""
    return b"".join(varint(len(m)) + m for m in messages)


def preference(kind: str, value: Any) -> bytes:
    """A DataStore ``Value``: ``boolean`` 1, ``float`` 2, ``integer`` 3, ``long`` 4,
    ``string`` 5, ``string_set`` 6 (a ``StringSet``, its strings field 1), ``double`` 7,
    ``bytes`` 8."""
    if kind == "boolean":
        return uint(1, int(bool(value)))
    if kind == "float":
        return float32(2, float(value))
    if kind == "integer":
        return uint(3, int(value))
    if kind == "long":
        return uint(4, int(value))
    if kind == "string":
        return blob(5, str(value))
    if kind == "string_set":
        return blob(6, b"".join(blob(1, s) for s in value))
    if kind == "double":
        return double(7, float(value))
    assert kind == "bytes"
    return blob(8, value)


def preference_map(prefs: list[tuple[str, str, Any]]) -> bytes:
    """A ``PreferenceMap``: field 1 a map entry per ``(key, kind, value)``, of the key (1)
    and its ``Value`` (2)."""
    return b"".join(blob(1, blob(1, key) + blob(2, preference(kind, v))) for key, kind, v in prefs)
