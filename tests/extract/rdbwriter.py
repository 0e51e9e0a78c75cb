"""A small writer of Redis RDB files for the tests, written from Redis's ``rdb.c``,
``ziplist.c``, ``listpack.c``, ``intset.c`` and ``zipmap.c`` (how Redis saves), not from
the reader under test."""

from __future__ import annotations

import struct

MODULE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def length(n: int) -> bytes:
    """``rdbSaveLen``: 6 bits, 14 bits, 0x80 and 32 bits or 0x81 and 64 (big-endian)."""
    if n < 1 << 6:
        return bytes([n])
    if n < 1 << 14:
        return bytes([0x40 | n >> 8, n & 0xFF])
    if n <= 0xFFFFFFFF:
        return b"\x80" + n.to_bytes(4, "big")
    return b"\x81" + n.to_bytes(8, "big")


def raw(data: bytes | str) -> bytes:
    """A string stored verbatim."""
    data = data.encode() if isinstance(data, str) else data
    return length(len(data)) + data


def integer(n: int) -> bytes:
    """``rdbEncodeInteger``: 0xC0 and 8 bits, 0xC1 and 16, 0xC2 and 32 (little-endian)."""
    for code, width in ((0xC0, 1), (0xC1, 2), (0xC2, 4)):
        if -(1 << (8 * width - 1)) <= n < 1 << (8 * width - 1):
            return bytes([code]) + n.to_bytes(width, "little", signed=True)
    raise ValueError(n)


def lzf_compress(data: bytes) -> bytes:
    """LZF (``lzf_c.c``'s format): literal runs of up to 32 bytes (control = count - 1)
    and back references of 3 to 264 bytes within 8192 bytes (control = (len - 2) << 5 |
    offset >> 8, a length byte where len - 2 >= 7, then offset & 0xFF; offset = distance
    - 1); found greedily, slowly (test data is small)."""
    out = bytearray()
    literal = bytearray()

    def flush() -> None:
        for i in range(0, len(literal), 32):
            run = literal[i : i + 32]
            out.append(len(run) - 1)
            out.extend(run)
        literal.clear()

    i = 0
    while i < len(data):
        best, where = 0, 0
        for j in range(max(0, i - 8192), i):
            n = 0
            while i + n < len(data) and n < 264 and data[j + n] == data[i + n]:
                n += 1
            if n > best:
                best, where = n, j
        if best >= 3:
            flush()
            offset = i - where - 1
            size = best - 2
            if size < 7:
                out.append(size << 5 | offset >> 8)
            else:
                out.append(7 << 5 | offset >> 8)
                out.append(size - 7)
            out.append(offset & 0xFF)
            i += best
        else:
            literal.append(data[i])
            i += 1
    flush()
    return bytes(out)


def lzf(data: bytes | str) -> bytes:
    """A string stored LZF-compressed: 0xC3, the compressed and the plain length."""
    data = data.encode() if isinstance(data, str) else data
    packed = lzf_compress(data)
    return b"\xc3" + length(len(packed)) + length(len(data)) + packed


def _ziplist_entry(item: bytes | int, prevlen: int) -> bytes:
    head = bytes([prevlen]) if prevlen < 254 else b"\xfe" + prevlen.to_bytes(4, "little")
    if isinstance(item, int):
        if 0 <= item <= 12:
            return head + bytes([0xF1 + item])
        for code, width in ((0xFE, 1), (0xC0, 2), (0xF0, 3), (0xD0, 4), (0xE0, 8)):
            if -(1 << (8 * width - 1)) <= item < 1 << (8 * width - 1):
                return head + bytes([code]) + item.to_bytes(width, "little", signed=True)
        raise ValueError(item)
    n = len(item)
    if n < 64:
        enc = bytes([n])
    elif n < 16384:
        enc = bytes([0x40 | n >> 8, n & 0xFF])
    else:
        enc = b"\x80" + n.to_bytes(4, "big")
    return head + enc + item


def ziplist(items: list[bytes | int]) -> bytes:
    """A ziplist: total bytes, tail offset, count (little-endian), entries, 0xFF."""
    body = bytearray()
    prevlen = 0
    tail = 10
    for item in items:
        entry = _ziplist_entry(item, prevlen)
        tail = 10 + len(body)
        body += entry
        prevlen = len(entry)
    total = 10 + len(body) + 1
    return struct.pack("<IIH", total, tail, min(len(items), 0xFFFF)) + bytes(body) + b"\xff"


def _backlen(n: int) -> bytes:
    """``lpEncodeBacklen``: 7 bits a byte, the first byte the highest, all but it with
    the top bit set."""
    groups = [n & 127]
    n >>= 7
    while n:
        groups.append(n & 127)
        n >>= 7
    groups.reverse()
    return bytes([groups[0]] + [g | 128 for g in groups[1:]])


def _listpack_entry(item: bytes | int) -> bytes:
    if isinstance(item, int):
        if 0 <= item <= 127:
            enc = bytes([item])
        elif -4096 <= item <= 4095:
            v = item % (1 << 13)
            enc = bytes([0xC0 | v >> 8, v & 0xFF])
        else:
            for code, width in ((0xF1, 2), (0xF2, 3), (0xF3, 4), (0xF4, 8)):
                if -(1 << (8 * width - 1)) <= item < 1 << (8 * width - 1):
                    enc = bytes([code]) + item.to_bytes(width, "little", signed=True)
                    break
    else:
        n = len(item)
        if n < 64:
            enc = bytes([0x80 | n]) + item
        elif n < 4096:
            enc = bytes([0xE0 | n >> 8, n & 0xFF]) + item
        else:
            enc = b"\xf0" + n.to_bytes(4, "little") + item
    return enc + _backlen(len(enc))


def listpack(items: list[bytes | int]) -> bytes:
    """A listpack: total bytes and count (little-endian), entries with back lengths,
    0xFF."""
    body = b"".join(_listpack_entry(i) for i in items)
    return struct.pack("<IH", 6 + len(body) + 1, min(len(items), 0xFFFF)) + body + b"\xff"


def intset(numbers: list[int], width: int) -> bytes:
    """An intset of ``width``-byte numbers, sorted."""
    body = b"".join(n.to_bytes(width, "little", signed=True) for n in sorted(numbers))
    return struct.pack("<II", width, len(numbers)) + body


def zipmap(pairs: list[tuple[bytes, bytes]]) -> bytes:
    """A zipmap: a count, each field's length and bytes, its value's length, a free
    byte count (1 here, and one free byte), the value; 0xFF."""

    def size(n: int) -> bytes:
        return bytes([n]) if n < 254 else b"\xfe" + n.to_bytes(4, "little")

    body = b"".join(size(len(k)) + k + size(len(v)) + b"\x01" + v + b"\x00" for k, v in pairs)
    return bytes([min(len(pairs), 254)]) + body + b"\xff"


def aux(name: str, value: str) -> bytes:
    return b"\xfa" + raw(name) + raw(value)


def select(db: int) -> bytes:
    return b"\xfe" + length(db)


def expires_ms(millis: int) -> bytes:
    return b"\xfc" + millis.to_bytes(8, "little")


def expires_s(seconds: int) -> bytes:
    return b"\xfd" + seconds.to_bytes(4, "little")


def key(kind: int, name: str, value: bytes) -> bytes:
    """A key of RDB type ``kind``: its type byte, its name and its encoded value."""
    return bytes([kind]) + raw(name) + value


def rdb(version: int, body: bytes) -> bytes:
    """A whole file: magic and version, ``body``, the end opcode and (version 5 on) a
    checksum of 0 (none computed)."""
    tail = b"\xff" + (b"\0" * 8 if version >= 5 else b"")
    return b"REDIS" + b"%04d" % version + body + tail


def module_id(name: str, version: int) -> int:
    """A module type's id: its 9 characters of 6 bits above 10 bits of version."""
    out = 0
    for c in name:
        out = out << 6 | MODULE_CHARS.index(c)
    return out << 10 | version


def stream(kind: int, entries: list[tuple[int, int, dict[bytes, bytes], bool]]) -> bytes:
    """A stream of RDB type ``kind`` (15, 19 or 21; ``t_stream.c``'s layout, as
    ``rdb.c`` saves it) in one listpack: ``(ms, seq, fields, deleted)`` per entry, the
    first entry's ID and fields the master's; an entry with the master's fields flagged
    so (2), a deleted one 1. One consumer group, one consumer owning the first entry."""
    ms0, seq0, master_fields, _ = entries[0]
    items: list[bytes | int] = [len(entries), sum(e[3] for e in entries), len(master_fields)]
    items += [*master_fields, 0]
    for ms, seq, fields, deleted in entries:
        same = list(fields) == list(master_fields)
        flags = (2 if same else 0) | (1 if deleted else 0)
        entry: list[bytes | int] = [flags, ms - ms0, seq - seq0]
        if same:
            entry += list(fields.values())
        else:
            entry += [len(fields)] + [x for pair in fields.items() for x in pair]
        items += [*entry, len(entry) - 1]  # (lp-count: the entry's items before it)
    node = ms0.to_bytes(8, "big") + seq0.to_bytes(8, "big")
    out = length(1) + raw(node) + raw(listpack(items))
    last = entries[-1]
    out += length(len(entries)) + length(last[0]) + length(last[1])
    if kind >= 19:
        out += length(ms0) + length(seq0) + length(0) + length(0) + length(len(entries))
    rawid = node
    out += length(1) + raw("verwerkers") + length(last[0]) + length(last[1])
    if kind >= 19:
        out += length(len(entries))
    out += length(1) + rawid + (1_733_580_000_000).to_bytes(8, "little") + length(1)
    out += length(1) + raw("worker-1") + (1_733_580_000_000).to_bytes(8, "little")
    if kind >= 21:
        out += (1_733_580_000_000).to_bytes(8, "little")
    out += length(1) + rawid
    return out
