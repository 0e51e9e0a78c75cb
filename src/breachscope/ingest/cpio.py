"""cpio archives (``.cpio``: an HL7 interface's spool archived with ``find | cpio -o``,
``hl7-spool-archief_20240511.cpio``; an initramfs, an RPM's payload), after the formats
``cpio(5)`` (libarchive's) describes.

Four header formats, each followed by the entry's name (NUL-terminated, its length in
the header) and its data:

* new ASCII (``070701``, ``cpio -H newc``) and its CRC variant (``070702``): 110 bytes,
  thirteen 8-digit hexadecimal fields after the magic (ino, mode, uid, gid, nlink, mtime,
  filesize, devmajor, devminor, rdevmajor, rdevminor, namesize, check); header and name
  padded to 4 bytes, the data too;
* old portable ASCII (``070707``, ``cpio -H odc``): 76 bytes of octal fields (dev, ino,
  mode, uid, gid, nlink, rdev of 6 digits, mtime of 11, namesize of 6, filesize of 11),
  nothing padded;
* old binary: 26 bytes, thirteen 16-bit words in the writing machine's byte order (its
  magic 070707 read either way round tells which); mtime and filesize two words each,
  the more significant first; name and data padded to 2 bytes.

The entry named ``TRAILER!!!`` ends the archive. Regular files are members under their
full path, their bytes copied into memory or a spool file; symbolic links (whose data is
the target), devices, FIFOs and sockets are listed, never materialised; directories are
passed over. A hard link's other names carry no data in the new formats (size 0: an empty
member). A header that does not parse, a name past the limit or data past the end ends
the reading (an :class:`ArchiveError`), the members before kept. The CRC format's
checksums are not verified (the data is read as it is).
"""

from __future__ import annotations

import re
import stat
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from breachscope.ingest.blob import Blob
from breachscope.ingest.filetype import FileType
from breachscope.ingest.members import (
    ArchiveError,
    Budget,
    Member,
    range_loader,
    safe_member_name,
)

TRAILER = "TRAILER!!!"
MAX_NAME = 4096
"""Longest entry name read (PATH_MAX)."""
NEWC_SIZE, ODC_SIZE, BINARY_SIZE = 110, 76, 26
BINARY_MAGIC = 0o070707


@dataclass(frozen=True, slots=True)
class Header:
    """An entry's header: its mode, name length and data length, and the padding."""

    mode: int
    name_size: int
    file_size: int
    align: int
    """The boundary name and data are padded to (1: none)."""
    header_size: int


_DIGITS = {16: re.compile(rb"[0-9A-Fa-f]+"), 8: re.compile(rb"[0-7]+")}


def _number(field: bytes, base: int, what: str) -> int:
    """A header field of ASCII digits in ``base`` (no sign, no spaces)."""
    if not _DIGITS[base].fullmatch(field):
        raise ArchiveError(f"corrupt cpio: {what} is not a number")
    return int(field, base)


def _header(fh: BinaryIO) -> Header | None:
    """The next entry's header (None at the end of the bytes)."""
    start = fh.read(6)
    if not start:
        return None
    if start in (b"070701", b"070702"):
        rest = fh.read(NEWC_SIZE - 6)
        if len(rest) < NEWC_SIZE - 6:
            raise ArchiveError("corrupt cpio: cut short in a header")
        mode = _number(rest[8:16], 16, "a mode")
        size = _number(rest[48:56], 16, "a file size")
        name_size = _number(rest[88:96], 16, "a name size")
        return Header(mode, name_size, size, 4, NEWC_SIZE)
    if start == b"070707":
        rest = fh.read(ODC_SIZE - 6)
        if len(rest) < ODC_SIZE - 6:
            raise ArchiveError("corrupt cpio: cut short in a header")
        mode = _number(rest[12:18], 8, "a mode")
        name_size = _number(rest[53:59], 8, "a name size")
        size = _number(rest[59:70], 8, "a file size")
        return Header(mode, name_size, size, 1, ODC_SIZE)
    if len(start) >= 2 and (order := _binary_order(start[:2])) is not None:
        rest = start + fh.read(BINARY_SIZE - 6)
        if len(rest) < BINARY_SIZE:
            raise ArchiveError("corrupt cpio: cut short in a header")
        words = struct.unpack(f"{order}13H", rest)
        mode, name_size = words[3], words[10]
        size = (words[11] << 16) | words[12]
        return Header(mode, name_size, size, 2, BINARY_SIZE)
    raise ArchiveError("corrupt cpio: no header magic where an entry should start")


def _binary_order(magic: bytes) -> str | None:
    """The byte order of an old binary header by its magic (``<``, ``>``), else None."""
    if magic == struct.pack("<H", BINARY_MAGIC):
        return "<"
    if magic == struct.pack(">H", BINARY_MAGIC):
        return ">"
    return None


def _padded(position: int, align: int) -> int:
    """``position`` rounded up to a multiple of ``align``."""
    return -(-position // align) * align


def _kind(mode: int) -> str | None:
    """A member's kind by its mode: ``file``, a kind not materialised, or None (a folder)."""
    kinds = {
        stat.S_IFREG: "file",
        stat.S_IFDIR: None,
        stat.S_IFLNK: FileType.SYMLINK,
        stat.S_IFIFO: FileType.FIFO,
        stat.S_IFSOCK: FileType.SOCKET,
        stat.S_IFCHR: FileType.DEVICE,
        stat.S_IFBLK: FileType.DEVICE,
    }
    return kinds.get(stat.S_IFMT(mode), "file")


def _decode_name(raw: bytes) -> str:
    """An entry's name: UTF-8, else cp1252."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def cpio_members(blob: Blob, budget: Budget, spool_dir: Path) -> Iterator[Member]:
    """The members of the cpio archive in ``blob``, in their order."""
    count = 0
    with blob.open() as fh:
        while (header := _header(fh)) is not None:
            if not 1 <= header.name_size <= MAX_NAME:
                raise ArchiveError(f"corrupt cpio: a name of {header.name_size} bytes")
            entry_at = fh.tell() - header.header_size
            raw = fh.read(header.name_size)
            if len(raw) < header.name_size:
                raise ArchiveError("corrupt cpio: cut short in a name")
            name_end = entry_at + header.header_size + header.name_size
            data_at = _padded(name_end, header.align)
            data_end = data_at + header.file_size
            name = _decode_name(raw.split(b"\0", 1)[0])
            if name == TRAILER:
                return
            if data_end > blob.size:
                raise ArchiveError("corrupt cpio: an entry's data past the end")
            kind = _kind(header.mode)
            if kind is not None:
                count += 1
                if count > budget.limits.max_entries:
                    raise ArchiveError(
                        f"stopped after {budget.limits.max_entries} entries (entry limit)"
                    )
                yield _member(fh, name, kind, header.file_size, data_at, budget, spool_dir)
            fh.seek(_padded(data_end, header.align))


def _member(
    fh: BinaryIO, raw_name: str, kind: str, size: int, at: int, budget: Budget, spool_dir: Path
) -> Member:
    """An entry as a member: a file's with its loader, another kind's listed."""
    name, unsafe = safe_member_name(raw_name)
    if kind != "file":
        return Member(name, kind, size, f"{kind} member (not materialised)")
    if unsafe:
        return Member(name, "file", size, unsafe)
    if over := budget.over_budget(size):
        return Member(name, "file", size, over)
    return Member(name, "file", size, None, range_loader(fh, [(at, size)], budget, spool_dir))
