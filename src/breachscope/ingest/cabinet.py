"""Microsoft Cabinet files (``.cab``: ``MSCF``; a workstation's backup,
``Backup_Secretariaat_20240510.cab``), after Microsoft's Cabinet File Format ([MS-CAB]).

A cabinet is its header (``CFHEADER``: the signature, the cabinet's size, the offset of
its first file entry, version 1.3, the counts of folders and files, flags for a reserved
area and for neighbouring cabinets of a set, whose names follow), its folders
(``CFFOLDER``: where the folder's first data block lies, how many blocks, the
compression), its file entries (``CFFILE``: size, offset in its folder's uncompressed
bytes, folder index, DOS date, time and attributes, a NUL-terminated name, UTF-8 where
attribute ``0x80`` says so, else the Windows code page, read as cp1252) and the folders'
data blocks (``CFDATA``: a checksum, compressed and uncompressed sizes, reserved bytes,
the data). A folder is stored (no compression) or MSZIP: each block ``CK`` and a raw
deflate stream of at most 32 KB, whose matches reach back into the blocks before it (the
window carried from block to block, given to zlib as a preset dictionary). Quantum and
LZX folders have no decoder here (no permissively licensed pure-Python one was found):
their files are listed as skipped members, with the reason.

Members are read in their folder's order, a folder's blocks decoded on demand (one at a
time, never the whole folder held) and each file's bytes copied into memory or a spool
file; a file that overlaps the one before it, a file continued from or into another
cabinet of a set and a cabinet whose declared sizes expand past the ratio limit are
skipped members. A block's checksum is verified where one is stored (not 0). A block that
does not decode or match its checksum, or bytes cut short, end the reading of the cabinet
(an :class:`ArchiveError`), the members before kept.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from breachscope.ingest.blob import Blob, read_into_blob
from breachscope.ingest.filetype import is_cabinet
from breachscope.ingest.members import (
    RATIO_FLOOR,
    ArchiveError,
    Budget,
    Member,
    safe_member_name,
)

HEADER = struct.Struct("<4sIIIIIBBHHHHH")
"""``CFHEADER``'s fixed part (36 bytes)."""
FOLDER = struct.Struct("<IHH")
"""``CFFOLDER``'s fixed part: the first block's offset, the block count, the compression."""
FILE = struct.Struct("<IIHHHH")
"""``CFFILE``'s fixed part: size, offset in the folder, folder index, date, time, attributes."""
DATA = struct.Struct("<IHH")
"""``CFDATA``'s fixed part: checksum, compressed size, uncompressed size."""
PREV_CABINET, NEXT_CABINET, RESERVE_PRESENT = 0x1, 0x2, 0x4
NAME_IS_UTF = 0x80
CONTINUED = frozenset({0xFFFD, 0xFFFE, 0xFFFF})
"""Folder indexes of a file continued from the cabinet before, into the next, or both."""
COMPRESSION = {0: "stored", 1: "MSZIP", 2: "Quantum", 3: "LZX"}
BLOCK_MAX = 32768
"""A data block's largest uncompressed size."""
MAX_NAME = 1024
"""Longest name read (the format allows 256 bytes)."""


@dataclass(frozen=True, slots=True)
class Folder:
    """A folder: where its first data block lies, how many blocks, its compression."""

    start: int
    blocks: int
    compression: int


@dataclass(frozen=True, slots=True)
class Entry:
    """A file entry: its name, size, offset in its folder's bytes and folder index."""

    name: str
    size: int
    offset: int
    folder: int


@dataclass(frozen=True, slots=True)
class Cabinet:
    """A cabinet's directory: its folders, file entries and the data blocks' reserve."""

    folders: list[Folder]
    entries: list[Entry]
    data_reserve: int
    size: int


def _cstring(data: bytes, pos: int, what: str) -> tuple[bytes, int]:
    """A NUL-terminated string at ``pos`` and the position after it."""
    end = data.find(b"\0", pos, pos + MAX_NAME)
    if end < 0:
        raise ArchiveError(f"corrupt cabinet: {what} not terminated")
    return data[pos:end], end + 1


def _name(raw: bytes, attributes: int) -> str:
    """A file entry's name: UTF-8 where the attribute says, else cp1252; ``\\`` as ``/``."""
    text = raw.decode("utf-8" if attributes & NAME_IS_UTF else "cp1252", "replace")
    return text.replace("\\", "/")


def read_directory(fh: BinaryIO, size: int, max_entries: int) -> Cabinet:
    """The header, folders and file entries of the cabinet in ``fh``."""
    fh.seek(0)
    head = fh.read(HEADER.size + 4)
    if not is_cabinet(head):
        raise ArchiveError("not a cabinet (no MSCF header of version 1.3)")
    fields = HEADER.unpack_from(head)
    files_at, n_folders, n_files, flags = fields[4], fields[8], fields[9], fields[10]
    if n_files > max_entries:
        raise ArchiveError(f"too many entries ({n_files} > limit {max_entries})")
    pos = HEADER.size
    folder_reserve = data_reserve = 0
    if flags & RESERVE_PRESENT:
        if len(head) < pos + 4:
            raise ArchiveError("corrupt cabinet: cut short in the header")
        header_reserve, folder_reserve, data_reserve = struct.unpack_from("<HBB", head, pos)
        pos += 4 + header_reserve
    table_end = pos + (n_folders * (FOLDER.size + folder_reserve))
    if table_end > size or files_at > size:
        raise ArchiveError("corrupt cabinet: its folders or files lie past its end")
    fh.seek(pos)
    # The neighbours' names (flags) come before the folders: read up to 4 strings.
    tail = fh.read(min(size - pos, 4 * MAX_NAME + n_folders * (FOLDER.size + 255)))
    at = 0
    for flag in (PREV_CABINET, NEXT_CABINET):
        if flags & flag:
            _raw, at = _cstring(tail, at, "a neighbouring cabinet's name")
            _raw, at = _cstring(tail, at, "a neighbouring disk's name")
    folders = []
    for _ in range(n_folders):
        if at + FOLDER.size > len(tail):
            raise ArchiveError("corrupt cabinet: cut short in its folders")
        folders.append(Folder(*FOLDER.unpack_from(tail, at)))
        at += FOLDER.size + folder_reserve
    fh.seek(files_at)
    table = fh.read(min(size - files_at, n_files * (FILE.size + MAX_NAME)))
    entries, at = [], 0
    for _ in range(n_files):
        if at + FILE.size > len(table):
            raise ArchiveError("corrupt cabinet: cut short in its file entries")
        length, offset, folder, _date, _time, attributes = FILE.unpack_from(table, at)
        raw, at = _cstring(table, at + FILE.size, "a file's name")
        entries.append(Entry(_name(raw, attributes), length, offset, folder))
    return Cabinet(folders, entries, data_reserve, size)


def _xor_words(data: bytes, seed: int) -> int:
    """[MS-CAB]'s checksum step: ``seed`` XORed with ``data``'s little-endian 32-bit
    words, and with its last one to three bytes taken as a number, the first highest."""
    import numpy as np  # here, not where every worker starts

    whole = len(data) // 4 * 4
    words = np.frombuffer(data, dtype="<u4", count=whole // 4)
    value = seed ^ int(np.bitwise_xor.reduce(words)) if whole else seed
    return value ^ int.from_bytes(data[whole:], "big")


def block_checksum(data: bytes, sizes: bytes) -> int:
    """A data block's checksum: over its data, then its two size fields (as cabextract's
    libmspack computes it; the reserved bytes are not included)."""
    return _xor_words(sizes, _xor_words(data, 0))


class FolderReader:
    """A folder's uncompressed bytes, its data blocks read and decoded one at a time."""

    def __init__(self, fh: BinaryIO, cabinet: Cabinet, folder: Folder) -> None:
        self.fh = fh
        self.cabinet = cabinet
        self.folder = folder
        self.next_at = folder.start
        self.block = 0
        self.window = b""
        self.buffer = b""
        self.position = 0
        """Uncompressed bytes of the folder handed out or passed over."""

    def _decode(self) -> bytes:
        """The next data block's uncompressed bytes (``b""`` after the last)."""
        if self.block >= self.folder.blocks:
            return b""
        self.block += 1
        what = f"data block {self.block}"
        self.fh.seek(self.next_at)
        head = self.fh.read(DATA.size)
        if len(head) < DATA.size:
            raise ArchiveError(f"corrupt cabinet: cut short in {what}")
        checksum, packed, unpacked = DATA.unpack(head)
        start = self.next_at + DATA.size + self.cabinet.data_reserve
        if start + packed > self.cabinet.size:
            raise ArchiveError(f"corrupt cabinet: {what} past the end")
        if unpacked > BLOCK_MAX or unpacked == 0:
            raise ArchiveError(f"corrupt cabinet: {what} of {unpacked} bytes (split or damaged)")
        self.fh.seek(start)
        data = self.fh.read(packed)
        self.next_at = start + packed
        if checksum and block_checksum(data, head[4:8]) != checksum:
            raise ArchiveError(f"corrupt cabinet: {what}'s checksum does not match")
        out = data if self.folder.compression & 0x0F == 0 else self._inflate(data, unpacked, what)
        if len(out) != unpacked:
            raise ArchiveError(f"corrupt cabinet: {what} gives {len(out)} bytes, not {unpacked}")
        return out

    def _inflate(self, data: bytes, unpacked: int, what: str) -> bytes:
        """An MSZIP block: ``CK`` and a deflate stream, the window of the blocks before."""
        if not data.startswith(b"CK"):
            raise ArchiveError(f"corrupt cabinet: {what} has no MSZIP signature")
        try:
            if self.window:
                inflater = zlib.decompressobj(-15, zdict=self.window)
            else:
                inflater = zlib.decompressobj(-15)
            out = inflater.decompress(data[2:], unpacked + 1)
        except zlib.error as exc:
            raise ArchiveError(f"corrupt cabinet: {what} does not inflate") from exc
        self.window = (self.window + out)[-BLOCK_MAX:]
        return out

    def read(self, count: int) -> bytes:
        """Up to ``count`` bytes of the folder (fewer only at its end)."""
        parts, wanted = [], count
        while wanted > 0:
            if not self.buffer:
                self.buffer = self._decode()
                if not self.buffer:
                    break
            piece, self.buffer = self.buffer[:wanted], self.buffer[wanted:]
            parts.append(piece)
            wanted -= len(piece)
        data = b"".join(parts)
        self.position += len(data)
        return data

    def skip_to(self, offset: int) -> None:
        """Pass over the bytes up to ``offset`` of the folder."""
        while self.position < offset:
            if not self.read(min(offset - self.position, 1024 * 1024)):
                raise ArchiveError("corrupt cabinet: a file lies past its folder's end")


class _FileReader:
    """One file's bytes out of its folder (``read`` as :func:`read_into_blob` wants)."""

    def __init__(self, folder: FolderReader, size: int) -> None:
        self.folder = folder
        self.left = size

    def read(self, size: int = -1, /) -> bytes:
        count = self.left if size < 0 else min(size, self.left)
        data = self.folder.read(count)
        if len(data) < count:
            raise ArchiveError("corrupt cabinet: a file lies past its folder's end")
        self.left -= len(data)
        return data


def _skip_reason(cabinet: Cabinet, entry: Entry, ratio: float, budget: Budget) -> str | None:
    """Why ``entry`` is not read, or None."""
    if entry.folder in CONTINUED:
        return "continued in another cabinet of the set (not read)"
    if entry.folder >= len(cabinet.folders):
        return "file entry names a folder the cabinet does not have"
    kind = cabinet.folders[entry.folder].compression & 0x0F
    if kind not in (0, 1):
        name = COMPRESSION.get(kind, f"compression {kind}")
        return f"{name}-compressed cabinet folder (no decoder)"
    if ratio > budget.limits.max_ratio:
        return f"compression ratio {ratio:.0f} above the limit of {budget.limits.max_ratio:g}"
    return budget.over_budget(entry.size)


def cabinet_members(blob: Blob, budget: Budget, spool_dir: Path) -> Iterator[Member]:
    """The members of the cabinet in ``blob``, in their folders' order."""
    with blob.open() as fh:
        cabinet = read_directory(fh, blob.size, budget.limits.max_entries)
        declared = sum(e.size for e in cabinet.entries)
        ratio = declared / max(blob.size, 1) if declared > RATIO_FLOOR else 0.0
        order = sorted(
            range(len(cabinet.entries)),
            key=lambda i: (cabinet.entries[i].folder, cabinet.entries[i].offset, i),
        )
        reader: FolderReader | None = None
        for index in order:
            entry = cabinet.entries[index]
            name, unsafe = safe_member_name(entry.name)
            reason = unsafe or _skip_reason(cabinet, entry, ratio, budget)
            if reason is None:
                folder = cabinet.folders[entry.folder]
                if reader is None or reader.folder is not folder:
                    reader = FolderReader(fh, cabinet, folder)
                if entry.offset < reader.position:
                    reason = "overlaps the file before it in its folder (not read)"
            if reason is not None or reader is None:
                yield Member(name, "file", entry.size, reason)
                continue
            reader.skip_to(entry.offset)
            yield Member(name, "file", entry.size, None, _loader(reader, entry, budget, spool_dir))
            reader.skip_to(entry.offset + entry.size)


def _loader(
    reader: FolderReader, entry: Entry, budget: Budget, spool_dir: Path
) -> Callable[[], Blob]:
    def load() -> Blob:
        stream = _FileReader(reader, entry.size)
        return budget.charge(read_into_blob(stream, spool_dir, limit=budget.member_limit()))

    return load
