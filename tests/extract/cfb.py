"""A minimal writer of OLE2 compound files (version 3), to build ``.msg`` test inputs.

Streams under 4096 bytes go to the mini stream, as real files do. Storages are implied by
the stream paths (``a/b``). Siblings are linked as a plain right-leaning chain.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF


Tree = dict[str, "Tree | bytes"]


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    node: Tree | bytes
    right: int = NOSTREAM
    child: int = NOSTREAM
    start: int = END
    size: int = 0


def _pad(data: bytes, size: int) -> bytes:
    return data + b"\x00" * (-len(data) % size)


def write_cfb(streams: dict[str, bytes]) -> bytes:
    # the tree: each storage maps names to a subtree (dict) or data (bytes)
    root: Tree = {}
    for path, data in streams.items():
        node = root
        *dirs, name = path.split("/")
        for d in dirs:
            sub = node.setdefault(d, {})
            assert isinstance(sub, dict)
            node = sub
        node[name] = data
    entries = [_Entry("Root Entry", 5, root)]
    queue = [0]
    while queue:  # number the entries breadth first, link children as a chain
        index = queue.pop(0)
        tree = entries[index].node
        if not isinstance(tree, dict):
            continue
        previous = None
        for name in sorted(tree):
            child = tree[name]
            entries.append(_Entry(name, 1 if isinstance(child, dict) else 2, child))
            sid = len(entries) - 1
            if previous is None:
                entries[index].child = sid
            else:
                entries[previous].right = sid
            previous = sid
            queue.append(sid)
    sectors: list[bytes] = []
    fat: list[int] = []

    def chain(data: bytes, table: list[int], out: list[bytes], size: int) -> int:
        if not data:
            return END
        first = len(out)
        chunks = [data[i : i + size] for i in range(0, len(data), size)]
        for i, chunk in enumerate(chunks):
            out.append(_pad(chunk, size))
            table.append(first + i + 1 if i < len(chunks) - 1 else END)
        return first

    mini_sectors: list[bytes] = []
    minifat: list[int] = []
    for entry in entries[1:]:
        if isinstance(entry.node, bytes):
            table, out, size = (
                (minifat, mini_sectors, MINI)
                if len(entry.node) < CUTOFF
                else (fat, sectors, SECTOR)
            )
            entry.start = chain(entry.node, table, out, size)
            entry.size = len(entry.node)
    mini_stream = b"".join(mini_sectors)
    entries[0].start = chain(mini_stream, fat, sectors, SECTOR)
    entries[0].size = len(mini_stream)
    minifat_bytes = b"".join(struct.pack("<I", x) for x in minifat)
    minifat_start = chain(_pad(minifat_bytes, SECTOR), fat, sectors, SECTOR)
    directory = b"".join(_entry(e) for e in entries)
    dir_start = chain(_pad(directory, SECTOR), fat, sectors, SECTOR)
    fat_count = 1
    while (len(fat) + fat_count) > fat_count * (SECTOR // 4):
        fat_count += 1
    fat_sectors = list(range(len(sectors), len(sectors) + fat_count))
    fat.extend([FATSECT] * fat_count)
    fat_bytes = _pad(b"".join(struct.pack("<I", x) for x in fat), SECTOR)
    fat_bytes += struct.pack("<I", FREE) * ((fat_count * SECTOR - len(fat_bytes)) // 4)
    difat = fat_sectors + [FREE] * (109 - fat_count)
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack(
            "<IIIIIIIII",
            0,
            fat_count,
            dir_start,
            0,
            CUTOFF,
            minifat_start if minifat else END,
            -(-len(minifat_bytes) // SECTOR),
            END,
            0,
        )
        + b"".join(struct.pack("<I", x) for x in difat)
    )
    return header + b"".join(sectors) + fat_bytes


def _entry(entry: _Entry) -> bytes:
    name = entry.name.encode("utf-16-le") + b"\x00\x00"
    return (
        name.ljust(64, b"\x00")
        + struct.pack("<HBB", len(name), entry.kind, 1)
        + struct.pack("<III", NOSTREAM, entry.right, entry.child)
        + b"\x00" * 36
        + struct.pack("<IQ", entry.start, entry.size)
    )
