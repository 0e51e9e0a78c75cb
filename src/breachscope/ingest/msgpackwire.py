"""MessagePack (msgpack.org's specification): the values an app's cache, an LMDB value
or a ``.msgpack`` file holds, decoded here with every length checked against the bytes
left (no ``msgpack`` package: nothing in the bytes is run or built but plain values).

An extension is its bytes as hex digits, but the timestamp (type -1: seconds in 4 bytes;
nanoseconds and seconds in 8; or in 12) is its ISO 8601 instant in UTC
(``2024-10-12T09:14:02Z``).
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta
from typing import Any

MAX_DEPTH = 64
"""Containers nested deeper than this are refused."""


class MsgpackError(ValueError):
    """The bytes are no MessagePack value (the message names no value)."""


_FIXED = {0xCC: ">B", 0xCD: ">H", 0xCE: ">I", 0xCF: ">Q", 0xD0: ">b", 0xD1: ">h"}
_FIXED |= {0xD2: ">i", 0xD3: ">q", 0xCA: ">f", 0xCB: ">d"}
_SIZED = {0xD9: 1, 0xDA: 2, 0xDB: 4, 0xC4: 1, 0xC5: 2, 0xC6: 4}
_CONTAINERS = {0xDC: (2, False), 0xDD: (4, False), 0xDE: (2, True), 0xDF: (4, True)}
_EXT_FIXED = {0xD4: 1, 0xD5: 2, 0xD6: 4, 0xD7: 8, 0xD8: 16}
_EXT_SIZED = {0xC7: 1, 0xC8: 2, 0xC9: 4}


def _length(data: bytes, pos: int, width: int) -> tuple[int, int]:
    """A big-endian length of ``width`` bytes at ``pos``, and where it ends."""
    if pos + width > len(data):
        raise MsgpackError("MessagePack value cut short")
    return int.from_bytes(data[pos : pos + width], "big"), pos + width


def unpack(data: bytes, pos: int, depth: int) -> tuple[Any, int]:
    """The MessagePack value at ``pos`` (the specification's formats: nil, booleans,
    integers, floats, str, bin, array, map; an extension as its hex digits), and where it
    ends; every length checked against the bytes left."""
    if depth > MAX_DEPTH or pos >= len(data):
        raise MsgpackError("MessagePack value cut short or nested too deeply")
    lead = data[pos]
    pos += 1
    if lead <= 0x7F:
        return lead, pos
    if lead >= 0xE0:
        return lead - 0x100, pos
    if 0xA0 <= lead <= 0xBF or lead in _SIZED:
        if lead <= 0xBF:
            size = lead & 0x1F
        else:
            size, pos = _length(data, pos, _SIZED[lead])
        if pos + size > len(data):
            raise MsgpackError("MessagePack string cut short")
        raw = data[pos : pos + size]
        return (raw.decode("utf-8") if lead < 0xC4 or lead > 0xC6 else raw), pos + size
    if lead <= 0x9F or lead in _CONTAINERS:
        if lead <= 0x8F:
            count, is_map = lead & 0x0F, True
        elif lead <= 0x9F:
            count, is_map = lead & 0x0F, False
        else:
            width, is_map = _CONTAINERS[lead]
            count, pos = _length(data, pos, width)
        if count > len(data) - pos:
            raise MsgpackError("MessagePack container longer than the bytes left")
        items: list[Any] = []
        for _ in range(count * (2 if is_map else 1)):
            item, pos = unpack(data, pos, depth + 1)
            items.append(item)
        if is_map:
            return {str(k): v for k, v in zip(items[::2], items[1::2], strict=True)}, pos
        return items, pos
    if lead in _FIXED:
        fmt = _FIXED[lead]
        end = pos + struct.calcsize(fmt)
        if end > len(data):
            raise MsgpackError("MessagePack number cut short")
        return struct.unpack(fmt, data[pos:end])[0], end
    if lead in (0xC0, 0xC2, 0xC3):
        return {0xC0: None, 0xC2: False, 0xC3: True}[lead], pos
    if lead in _EXT_FIXED or lead in _EXT_SIZED:
        if lead in _EXT_FIXED:
            size = _EXT_FIXED[lead]
        else:
            size, pos = _length(data, pos, _EXT_SIZED[lead])
        if pos + 1 + size > len(data):
            raise MsgpackError("MessagePack extension cut short")
        raw = data[pos + 1 : pos + 1 + size]
        if data[pos] == 0xFF and (when := timestamp(raw)) is not None:
            return when, pos + 1 + size
        return raw.hex(), pos + 1 + size
    raise MsgpackError("not a MessagePack value")


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def timestamp(raw: bytes) -> str | None:
    """A timestamp extension's ISO 8601 instant in UTC, or None where it holds none."""
    if len(raw) == 4:
        seconds, nanos = int.from_bytes(raw, "big"), 0
    elif len(raw) == 8:
        both = int.from_bytes(raw, "big")
        seconds, nanos = both & 0x3FFFFFFFF, both >> 34
    elif len(raw) == 12:
        nanos, seconds = struct.unpack(">Iq", raw)
    else:
        return None
    try:
        when = _EPOCH + timedelta(seconds=seconds, microseconds=nanos // 1000)
    except OverflowError:
        return None
    text = when.isoformat().replace("+00:00", "Z")
    return text
