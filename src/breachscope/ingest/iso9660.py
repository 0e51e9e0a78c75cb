"""ISO 9660 images (``.iso``: a CD burned for a GP, ``verzending_huisarts_0412.iso``, left
on a workstation), after ECMA-119 with its Joliet and Rock Ridge (SUSP, IEEE P1282)
extensions.

An image is a sequence of 2048-byte sectors. The first sixteen are the system area
(zeros, or a hybrid image's boot code); from sector 16 on lie the volume descriptors,
each a type byte, ``CD001`` and version 1: the primary descriptor (type 1), supplementary
ones (type 2: Joliet's, when its escape sequence ``%/@``, ``%/C`` or ``%/E`` names UCS-2),
a boot record (0), a partition (3), ended by the terminator (255). A descriptor holds the
volume's identifiers (system, volume, volume set, publisher, data preparer, application,
copyright, abstract and bibliographic files), its logical block size (2048, or 512 and
1024) and the directory record of the root.

A directory is an extent of directory records, none across a sector's end (a record's
length byte of 0 pads a sector to its end): each its own length, the extent it points
at (a logical block number and a byte length, both byte orders), flags (directory,
multi-extent: a file in several records of one name), the interleaving of its blocks, and
its name (``BRIEF001.TXT;1``: the ``;1`` version and a bare ``.`` at the end are no part
of the name read; UCS-2 big-endian in Joliet's tree; the bytes 0 and 1 are the directory
itself and its parent), then its system use area. Rock Ridge writes SUSP entries there:
``SP`` in the root's first record says they are present (and how many bytes to skip), an
``NM`` entry holds the POSIX name (continued over several), ``PX`` the mode, ``SL`` a
symbolic link, ``CE`` continues the area in another block, ``CL`` and ``RE`` move a deep
directory (``RE`` marks the moved one, which is read where its ``CL`` stands).

The tree read is the primary one with Rock Ridge names where the root says they are
present, else Joliet's where it has a descriptor, else the primary one with its own
names; it is walked from its root, directories depth first, each directory once (a
directory that points back up is not read again), :data:`MAX_DEPTH` levels at most. Every
regular file is a member under its path, its bytes copied from its extents into memory or
a spool file; a file whose bytes lie past the image's end, or that points at the extents
of a file read before (hard links, a bomb's overlapping files), is a skipped member, with
the reason; a symbolic link is listed, never followed. Directories that together pass the
image's size (overlapping ones) end the reading. The path table is not read (the
directory records say all it does). The volume's own text (its identifiers, from Joliet's
descriptor where there is one) is the archive's text, part ``volume``.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from breachscope.ingest.blob import Blob
from breachscope.ingest.filetype import ISO_DESCRIPTOR, SECTOR, FileType
from breachscope.ingest.members import (
    ArchiveError,
    ArchiveText,
    Budget,
    Member,
    range_loader,
    safe_member_name,
)

FIRST_DESCRIPTOR = ISO_DESCRIPTOR // SECTOR
MAX_DESCRIPTORS = 64
"""Most volume descriptors read before the terminator."""
PRIMARY, SUPPLEMENTARY, TERMINATOR = 1, 2, 255
JOLIET_ESCAPES = (b"%/@", b"%/C", b"%/E")
DIRECTORY, MULTI_EXTENT = 0x02, 0x80
RECORD_MIN = 33
MAX_DEPTH = 64
"""Deepest directory read (ECMA-119 allows 8 levels, Rock Ridge more)."""
MAX_DIRECTORY = 16 * 1024**2
"""Largest directory extent read into memory."""
MAX_CONTINUATIONS = 8
"""Most ``CE`` continuation areas followed for one record."""
PART = "volume"
IDENTIFIERS = (
    ("Volume", 40, 32),
    ("Volume set", 190, 128),
    ("Publisher", 318, 128),
    ("Data preparer", 446, 128),
    ("Application", 574, 128),
    ("System", 8, 32),
    ("Copyright file", 702, 37),
    ("Abstract file", 739, 37),
    ("Bibliographic file", 776, 37),
)
"""A volume descriptor's identifiers read as the volume's text: label, offset, length."""


@dataclass(frozen=True, slots=True)
class Record:
    """A directory record: its extent (block, length), flags, name bytes, system use
    area, and the interleaving of its blocks (unit and gap, in blocks; 0: none)."""

    block: int
    length: int
    flags: int
    name: bytes
    system_use: bytes
    unit: int = 0
    gap: int = 0


@dataclass(slots=True)
class RockRidge:
    """What a record's Rock Ridge entries say: its name, mode, a moved directory's
    place (``CL``), whether it is the moved directory itself (``RE``)."""

    name: bytes | None = None
    mode: int | None = None
    symlink: bool = False
    child_link: int | None = None
    relocated: bool = False


@dataclass(frozen=True, slots=True)
class Volume:
    """The tree to walk: its root record, its block size, how its names are read
    (``joliet``; ``susp_skip`` None where Rock Ridge is not read), and its text."""

    root: Record
    block_size: int
    joliet: bool
    susp_skip: int | None
    text: str


def _both(data: bytes, at: int) -> int:
    """A both-byte-order 32-bit number (its little-endian half)."""
    return int.from_bytes(data[at : at + 4], "little")


def parse_record(data: bytes, pos: int) -> Record | None:
    """The directory record at ``pos`` (None where its length does not fit)."""
    length = data[pos]
    if length < RECORD_MIN + 1 or pos + length > len(data):
        return None
    name_len = data[pos + 32]
    if RECORD_MIN + name_len > length:
        return None
    name = data[pos + 33 : pos + 33 + name_len]
    su_at = pos + 33 + name_len + (1 - name_len % 2)
    return Record(
        _both(data, pos + 2),
        _both(data, pos + 10),
        data[pos + 25],
        name,
        data[su_at : pos + length],
        data[pos + 26],
        data[pos + 27],
    )


def _records(data: bytes) -> Iterator[Record]:
    """A directory's records, in order (a zero length byte pads to the sector's end;
    a record that does not fit ends its sector too)."""
    pos = 0
    while pos < len(data):
        record = parse_record(data, pos) if data[pos] else None
        if record is None:
            pos = (pos // SECTOR + 1) * SECTOR
            continue
        pos += data[pos]
        yield record


def _text(raw: bytes, joliet: bool) -> str:
    """An identifier or name: UCS-2 big-endian in Joliet's descriptor, else UTF-8 or
    cp1252; NULs and the padding spaces dropped."""
    if joliet:
        text = raw[: len(raw) // 2 * 2].decode("utf-16-be", "replace")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", "replace")
    return text.replace("\x00", "").strip()


def _plain_name(raw: bytes, joliet: bool) -> str:
    """A file identifier without its ``;1`` version and a bare ``.`` at its end."""
    name = _text(raw, joliet)
    stem, semi, version = name.rpartition(";")
    if semi and version.isdigit():
        name = stem
    if name.endswith(".") and name not in (".", ".."):
        name = name[:-1]
    return name


def volume_text(descriptor: bytes, joliet: bool) -> str:
    """The volume's identifiers as lines ``Label: value`` (those not blank)."""
    lines = []
    for label, at, size in IDENTIFIERS:
        value = _text(descriptor[at : at + size], joliet)
        if value:
            lines.append(f"{label}: {value}")
    return "\n".join(lines)


class _Image:
    """An image's bytes, read a block at a time, bounded by its size."""

    def __init__(self, fh: BinaryIO, size: int, block_size: int = SECTOR) -> None:
        self.fh = fh
        self.size = size
        self.block_size = block_size

    def read(self, at: int, length: int) -> bytes:
        if at < 0 or at + length > self.size:
            raise ArchiveError("corrupt ISO 9660 image: a directory lies past its end")
        self.fh.seek(at)
        return self.fh.read(length)


def _is_joliet(descriptor: bytes) -> bool:
    """Whether a supplementary descriptor's escape sequences name UCS-2 (Joliet's)."""
    return any(e in descriptor[88:120] for e in JOLIET_ESCAPES)


def read_volume(fh: BinaryIO, size: int) -> Volume:
    """The volume descriptors from sector 16, and the tree to walk."""
    image = _Image(fh, size)
    primary: bytes | None = None
    joliet: bytes | None = None
    for index in range(MAX_DESCRIPTORS):
        at = (FIRST_DESCRIPTOR + index) * SECTOR
        if at + SECTOR > size:
            break
        descriptor = image.read(at, SECTOR)
        if descriptor[1:6] != b"CD001":
            break
        kind = descriptor[0]
        if kind == TERMINATOR:
            break
        if kind == PRIMARY and primary is None:
            primary = descriptor
        elif kind == SUPPLEMENTARY and joliet is None and _is_joliet(descriptor):
            joliet = descriptor
    if primary is None:
        raise ArchiveError("corrupt ISO 9660 image: no primary volume descriptor")
    block_size = int.from_bytes(primary[128:130], "little")
    if block_size not in (512, 1024, 2048):
        raise ArchiveError(f"corrupt ISO 9660 image: a logical block of {block_size} bytes")
    root = parse_record(primary, 156)
    if root is None:
        raise ArchiveError("corrupt ISO 9660 image: no root directory record")
    text = volume_text(joliet if joliet is not None else primary, joliet is not None)
    susp_skip = _susp_skip(_Image(fh, size, block_size), root, block_size)
    if susp_skip is None and joliet is not None:
        joliet_root = parse_record(joliet, 156)
        if joliet_root is not None:
            return Volume(joliet_root, block_size, True, None, text)
    return Volume(root, block_size, False, susp_skip, text)


def _susp_skip(image: _Image, root: Record, block_size: int) -> int | None:
    """The bytes to skip in each system use area where the root's first record opens
    with SUSP's ``SP`` entry (Rock Ridge is read), else None."""
    at = root.block * block_size
    if root.length < RECORD_MIN + 1 or at + RECORD_MIN + 1 > image.size:
        return None
    first = image.read(at, min(root.length, SECTOR, image.size - at))
    record = parse_record(first, 0) if first else None
    if record is None:
        return None
    su = record.system_use
    if su[:2] == b"SP" and len(su) >= 7 and su[4:6] == b"\xbe\xef":
        return su[6]
    return None


def _rock_ridge(image: _Image, area: bytes) -> RockRidge:
    """The Rock Ridge entries of a system use area (and the continuation areas it names)."""
    found = RockRidge()
    parts: list[bytes] = []
    for _ in range(MAX_CONTINUATIONS):
        pos, next_area = 0, None
        while pos + 4 <= len(area):
            sig, length = area[pos : pos + 2], area[pos + 2]
            if length < 4 or pos + length > len(area):
                break
            body = area[pos + 4 : pos + length]
            if sig == b"NM" and body:
                if not body[0] & 0x06:  # (CURRENT, PARENT: no name of its own)
                    parts.append(body[1:])
            elif sig == b"PX" and len(body) >= 4:
                found.mode = int.from_bytes(body[:4], "little")
            elif sig == b"SL":
                found.symlink = True
            elif sig == b"CL" and len(body) >= 4:
                found.child_link = int.from_bytes(body[:4], "little")
            elif sig == b"RE":
                found.relocated = True
            elif sig == b"CE" and len(body) >= 24:
                next_area = tuple(int.from_bytes(body[i : i + 4], "little") for i in (0, 8, 16))
            elif sig == b"ST":
                break
            pos += length
        if next_area is None:
            break
        block, offset, length = next_area
        at = block * image.block_size + offset
        if length > SECTOR or at + length > image.size:
            break
        area = image.read(at, length)
    if parts:
        found.name = b"".join(parts)
    return found


@dataclass(frozen=True, slots=True)
class _Walk:
    """A directory still to read: its extent, its path, its depth."""

    block: int
    length: int
    path: str
    depth: int


def _file_ranges(records: list[Record], block_size: int) -> list[tuple[int, int]]:
    """The byte ranges of a file's extents (interleaved ones unit by unit)."""
    ranges = []
    for r in records:
        start = r.block * block_size
        if not r.unit:
            ranges.append((start, r.length))
            continue
        left, at = r.length, start
        step = r.unit * block_size
        while left > 0:
            ranges.append((at, min(step, left)))
            left -= step
            at += step + r.gap * block_size
    return ranges


class _Walker:
    """The members of one tree, directory by directory."""

    def __init__(
        self, fh: BinaryIO, size: int, volume: Volume, budget: Budget, spool_dir: Path
    ) -> None:
        self.fh = fh
        self.image = _Image(fh, size, volume.block_size)
        self.volume = volume
        self.budget = budget
        self.spool_dir = spool_dir
        self.read_dirs: set[int] = set()
        self.dir_bytes = 0
        """Bytes of directories read: at most the image's size (directories that overlap,
        shifted a block at a time, would read it many times over)."""
        self.read_files: dict[tuple[tuple[int, int], ...], str] = {}
        self.count = 0

    def members(self) -> Iterator[Member]:
        root = self.volume.root
        stack = [_Walk(root.block, root.length, "", 0)]
        while stack:
            walk = stack.pop()
            if walk.block in self.read_dirs:
                continue
            self.read_dirs.add(walk.block)
            subdirs: list[_Walk] = []
            yield from self._directory(walk, subdirs)
            stack.extend(reversed(subdirs))

    def _directory(self, walk: _Walk, subdirs: list[_Walk]) -> Iterator[Member]:
        """The files of one directory (its subdirectories added to ``subdirs``)."""
        if walk.length > MAX_DIRECTORY:
            raise ArchiveError(f"corrupt ISO 9660 image: a directory of {walk.length} bytes")
        self.dir_bytes += walk.length
        if self.dir_bytes > self.image.size:
            raise ArchiveError(
                "corrupt ISO 9660 image: its directories overlap (read past its size)"
            )
        data = self.image.read(walk.block * self.volume.block_size, walk.length)
        pending: list[Record] = []
        for record in _records(data):
            if record.name in (b"\x00", b"\x01"):
                continue
            pending.append(record)
            if record.flags & MULTI_EXTENT and not record.flags & DIRECTORY:
                continue  # (the file goes on in the next record)
            yield from self._entry(walk, pending, subdirs)
            pending = []
        if pending:
            yield from self._entry(walk, pending, subdirs)

    def _name(self, record: Record, rock: RockRidge) -> str:
        if rock.name is not None:
            name = _text(rock.name, False)
        else:
            name = _plain_name(record.name, self.volume.joliet)
        return name.replace("/", "_") or "_"

    def _entry(self, walk: _Walk, records: list[Record], subdirs: list[_Walk]) -> Iterator[Member]:
        """One directory entry (a file of one or more extents, or a subdirectory)."""
        record = records[0]
        rock = RockRidge()
        if self.volume.susp_skip is not None:
            rock = _rock_ridge(self.image, record.system_use[self.volume.susp_skip :])
        name = self._name(record, rock)
        if rock.relocated or name in (".", ".."):
            return
        path = f"{walk.path}/{name}" if walk.path else name
        if rock.child_link is not None or record.flags & DIRECTORY:
            if walk.depth + 1 >= MAX_DEPTH:
                raise ArchiveError(f"ISO 9660 directories nested deeper than {MAX_DEPTH} levels")
            if rock.child_link is not None:
                block, length = rock.child_link, self._directory_length(rock.child_link)
            else:
                block, length = record.block, record.length
            subdirs.append(_Walk(block, length, path, walk.depth + 1))
            return
        self.count += 1
        if self.count > self.budget.limits.max_entries:
            raise ArchiveError(
                f"stopped after {self.budget.limits.max_entries} entries (entry limit)"
            )
        yield self._member(path, records, rock)

    def _directory_length(self, block: int) -> int:
        """A moved directory's length, from its own ``.`` record."""
        at = block * self.volume.block_size
        first = self.image.read(at, min(SECTOR, max(0, self.image.size - at)))
        record = parse_record(first, 0) if first else None
        return record.length if record is not None else 0

    def _member(self, raw_path: str, records: list[Record], rock: RockRidge) -> Member:
        """A file entry as a member: with its loader, or skipped with the reason."""
        name, unsafe = safe_member_name(raw_path)
        size = sum(r.length for r in records)
        mode = rock.mode
        if rock.symlink or (mode is not None and stat.S_ISLNK(mode)):
            return Member(name, FileType.SYMLINK, size, "symlink member (not materialised)")
        if mode is not None and not stat.S_ISREG(mode) and stat.S_IFMT(mode):
            kind = FileType.FIFO if stat.S_ISFIFO(mode) else FileType.DEVICE
            if stat.S_ISSOCK(mode):
                kind = FileType.SOCKET
            return Member(name, kind, size, f"{kind} member (not materialised)")
        if unsafe:
            return Member(name, "file", size, unsafe)
        ranges = _file_ranges(records, self.volume.block_size)
        if any(at + length > self.image.size for at, length in ranges):
            return Member(name, "file", size, "its bytes lie past the end of the image (cut short)")
        key = tuple(ranges)
        if size and key in self.read_files:
            return Member(
                name, "file", size, f"the same bytes as {self.read_files[key]} (read once)"
            )
        if over := self.budget.over_budget(size):
            return Member(name, "file", size, over)
        if size:
            self.read_files[key] = name
        return Member(
            name, "file", size, None, range_loader(self.fh, ranges, self.budget, self.spool_dir)
        )


def iso9660_members(blob: Blob, budget: Budget, spool_dir: Path) -> Iterator[Member | ArchiveText]:
    """The volume's text, then the files of the ISO 9660 image in ``blob``."""
    with blob.open() as fh:
        volume = read_volume(fh, blob.size)
        if volume.text:
            yield ArchiveText(PART, volume.text)
        yield from _Walker(fh, blob.size, volume, budget, spool_dir).members()
