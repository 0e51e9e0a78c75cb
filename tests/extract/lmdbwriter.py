"""A writer of LMDB data files by the layout of LMDB's ``mdb.c`` (64-bit, version 1),
for the tests: meta pages, branch and leaf pages, overflow pages, sub-databases and a
key's duplicates on a sub-page, each page built from its parts."""

from __future__ import annotations

import struct

PAGE = 4096
EMPTY = 0xFFFFFFFFFFFFFFFF
P_BRANCH, P_LEAF, P_OVERFLOW, P_META, P_SUBP = 0x01, 0x02, 0x04, 0x08, 0x40
F_BIGDATA, F_SUBDATA, F_DUPDATA = 0x01, 0x02, 0x04


def db(root: int, entries: int, depth: int = 1, flags: int = 0, pad: int = 0) -> bytes:
    """An ``MDB_db``: its pad, flags, depth, page counts, entries and root."""
    return struct.pack("<IHHQQQQQ", pad, flags, depth, 0, 1, 0, entries, root)


def node(key: bytes, data: bytes, flags: int = 0, size: int | None = None) -> bytes:
    """A leaf node: data size (``size`` where the data is an overflow link), flags, key."""
    n = len(data) if size is None else size
    return struct.pack("<HHHH", n & 0xFFFF, n >> 16, flags, len(key)) + key + data


def branch_node(key: bytes, child: int) -> bytes:
    """A branch node: the child's page number in the size and flags fields, its key."""
    return struct.pack("<HHHH", child & 0xFFFF, (child >> 16) & 0xFFFF, child >> 32, len(key)) + key


def page(number: int, flags: int, items: list[bytes], size: int = PAGE, pad: int = 0) -> bytes:
    """A page of ``items`` (nodes, laid from its end down, each on an even offset)."""
    body = bytearray(size)
    upper = size
    ptrs = []
    for item in items:
        upper -= len(item) + (len(item) & 1)
        body[upper : upper + len(item)] = item
        ptrs.append(upper)
    lower = 16 + 2 * len(items)
    struct.pack_into("<QHHHH", body, 0, number, pad, flags, lower, upper)
    for i, at in enumerate(ptrs):
        struct.pack_into("<H", body, 16 + 2 * i, at)
    return bytes(body)


def subpage(values: list[bytes]) -> bytes:
    """A key's duplicates on a sub-page (``P_LEAF | P_SUBP``): the values as keys."""
    items = [node(v, b"") for v in values]
    size = 16 + sum(2 + len(i) + (len(i) & 1) for i in items)
    return page(0, P_LEAF | P_SUBP, items, size)


def overflow(number: int, data: bytes) -> bytes:
    """Overflow pages from ``number`` holding ``data``."""
    count = (16 + len(data) + PAGE - 1) // PAGE
    head = struct.pack("<QHHI", number, 0, P_OVERFLOW, count)
    return (head + data).ljust(count * PAGE, b"\0")


def meta(number: int, main: bytes, txnid: int, last: int, version: int = 1) -> bytes:
    """Meta page ``number``: magic, version, map size, the free and main databases."""
    body = struct.pack("<IIQQ", 0xBEEFC0DE, version, 0, 1 << 22)
    body += db(EMPTY, 0, 0, 0x08, PAGE) + main + struct.pack("<QQ", last, txnid)
    return (struct.pack("<QHHI", number, 0, P_META, 0) + body).ljust(PAGE, b"\0")


def pack(value: object) -> bytes:
    """MessagePack (the specification's fixmap, map16, str8, uint32, fixint, nil) of
    maps of text, whole numbers and None, for the tests."""
    if value is None:
        return b"\xc0"
    if isinstance(value, bool):
        return b"\xc3" if value else b"\xc2"
    if isinstance(value, int):
        return bytes([value]) if 0 <= value < 128 else b"\xce" + struct.pack(">I", value)
    if isinstance(value, str):
        raw = value.encode()
        return (bytes([0xA0 | len(raw)]) if len(raw) < 32 else b"\xd9" + bytes([len(raw)])) + raw
    if isinstance(value, list):
        return bytes([0x90 | len(value)]) + b"".join(pack(v) for v in value)
    assert isinstance(value, dict)
    head = (
        bytes([0x80 | len(value)]) if len(value) < 16 else b"\xde" + struct.pack(">H", len(value))
    )
    return head + b"".join(pack(k) + pack(v) for k, v in value.items())
