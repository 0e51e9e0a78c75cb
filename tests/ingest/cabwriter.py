"""Microsoft Cabinet files written by the format ([MS-CAB]) for the tests: stored,
MSZIP (each block ``CK`` and raw deflate with the blocks before it as the window) or a
folder marked LZX (its data left as it is)."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field

from breachscope.ingest.cabinet import block_checksum

BLOCK = 32768


@dataclass
class CabFile:
    """A file of the cabinet: its name (bytes as stored), data and attributes."""

    name: bytes
    data: bytes
    attributes: int = 0x20
    folder: int | None = None
    """Folder index to store (a continued file's 0xFFFD...); None: its folder's."""


@dataclass
class CabFolder:
    """A folder: its compression (0 stored, 1 MSZIP, 3 LZX) and files."""

    compression: int
    files: list[CabFile] = field(default_factory=list)


def _blocks(data: bytes, compression: int) -> list[tuple[bytes, int]]:
    """A folder's data blocks: (stored bytes, uncompressed size)."""
    out, window = [], b""
    for start in range(0, max(len(data), 1), BLOCK):
        piece = data[start : start + BLOCK]
        if compression == 1:
            comp = (
                zlib.compressobj(6, zlib.DEFLATED, -15, zdict=window)
                if window
                else zlib.compressobj(6, zlib.DEFLATED, -15)
            )
            out.append((b"CK" + comp.compress(piece) + comp.flush(), len(piece)))
            window = (window + piece)[-BLOCK:]
        else:
            out.append((piece, len(piece)))
    return out


def cabinet(
    folders: list[CabFolder],
    *,
    reserve: tuple[int, int, int] | None = None,
    neighbours: bool = False,
    checksums: bool = True,
) -> bytes:
    """A cabinet holding ``folders``; ``reserve`` (header, folder, data) reserved bytes;
    ``neighbours``: names of a previous and a next cabinet in the header; ``checksums``:
    each data block's checksum stored (else 0, none)."""
    flags = (0x4 if reserve else 0) | (0x3 if neighbours else 0)
    head_extra = b""
    if reserve:
        head_extra += struct.pack("<HBB", *reserve) + b"\xaa" * reserve[0]
    if neighbours:
        head_extra += b"vorige.cab\0schijf 1\0volgende.cab\0schijf 3\0"
    folder_reserve = reserve[1] if reserve else 0
    data_reserve = reserve[2] if reserve else 0
    n_files = sum(len(f.files) for f in folders)
    header_size = 36 + len(head_extra)
    folders_size = len(folders) * (8 + folder_reserve)
    entries = b""
    for index, folder in enumerate(folders):
        offset = 0
        for f in folder.files:
            where = index if f.folder is None else f.folder
            entries += struct.pack(
                "<IIHHHH", len(f.data), offset, where, 0x58AA, 0x6000, f.attributes
            )
            entries += f.name + b"\0"
            offset += len(f.data)
    files_at = header_size + folders_size
    data_at = files_at + len(entries)
    table, blocks = b"", b""
    for folder in folders:
        payload = b"".join(f.data for f in folder.files)
        pieces = _blocks(payload, folder.compression)
        table += struct.pack("<IHH", data_at + len(blocks), len(pieces), folder.compression)
        table += b"\xbb" * folder_reserve
        for stored, size in pieces:
            sizes = struct.pack("<HH", len(stored), size)
            csum = block_checksum(stored, sizes) if checksums else 0
            blocks += struct.pack("<I", csum) + sizes + b"\xcc" * data_reserve + stored
    total = data_at + len(blocks)
    header = struct.pack(
        "<4sIIIIIBBHHHHH",
        b"MSCF",
        0,
        total,
        0,
        files_at,
        0,
        3,
        1,
        len(folders),
        n_files,
        flags,
        7,
        0,
    )
    return header + head_extra + table + entries + blocks
