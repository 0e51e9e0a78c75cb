"""Reading archive members safely: zip, tar (plain or compressed), gzip/bzip2/xz/zstd and
Unix compress/lzip/lzop, 7z, Microsoft Cabinet, cpio, ``ar`` (Debian packages), ISO 9660
images, Android backups.

Members are streamed one at a time into memory or a spool file inside the case folder
(:mod:`breachscope.ingest.blob`); nothing is extracted under a member's own name, so
traversal and absolute paths can never write anywhere. Bombs are stopped by the
:class:`~breachscope.config.ArchiveLimits` (declared and actual expanded size, ratio,
entry count, total expanded bytes per top-level file). Links, devices and FIFOs are
listed as skipped members and never materialised; encrypted members are skipped.
This module reads zip itself (a zip without its central directory, cut short, through
:mod:`.zipsalvage`); :mod:`.tarstream`, :mod:`.sevenzip`, :mod:`.cabinet`, :mod:`.cpio`,
:mod:`.ar` and :mod:`.iso9660` read the others.
"""

from __future__ import annotations

import io
import itertools
import stat
import struct
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from breachscope.ingest.ar import ar_members
from breachscope.ingest.blob import Blob, read_into_blob
from breachscope.ingest.cabinet import cabinet_members
from breachscope.ingest.cpio import cpio_members
from breachscope.ingest.filetype import FileType
from breachscope.ingest.iso9660 import iso9660_members
from breachscope.ingest.members import (
    ENCRYPTED,
    RATIO_FLOOR,
    ArchiveError,
    ArchiveSkippedError,
    ArchiveText,
    Budget,
    Member,
    describe_error,
    safe_member_name,
)
from breachscope.ingest.sevenzip import sevenzip_members
from breachscope.ingest.tarstream import (
    DECOMPRESSORS,
    adb_members,
    inner_name,
    stream_members,
    tar_members,
)
from breachscope.ingest.zipsalvage import has_local_header, salvaged_members

MAX_CENTRAL_DIRECTORY = 256 * 1024**2

__all__ = [
    "ArchiveError",
    "ArchiveSkippedError",
    "ArchiveText",
    "Budget",
    "Member",
    "describe_error",
    "inner_name",
    "iter_members",
    "safe_member_name",
]


def iter_members(
    blob: Blob, ftype: str, name: str, budget: Budget, spool_dir: Path
) -> Iterator[Member | ArchiveText]:
    """Yield the members of an archive of detected type ``ftype`` (see ARCHIVE_TYPES),
    and the text it holds beside them (:class:`ArchiveText`)."""
    if ftype == FileType.ZIP:
        yield from _zip_members(blob, budget, spool_dir)
    elif ftype == FileType.TAR:
        yield from tar_members(blob.open, budget, spool_dir)
    elif ftype == FileType.SEVEN_Z:
        yield from sevenzip_members(blob, budget, spool_dir)
    elif ftype == FileType.CAB:
        yield from cabinet_members(blob, budget, spool_dir)
    elif ftype == FileType.ANDROID_BACKUP:
        yield from adb_members(blob, name, budget, spool_dir)
    elif ftype == FileType.CPIO:
        yield from cpio_members(blob, budget, spool_dir)
    elif ftype == FileType.AR:
        yield from ar_members(blob, budget, spool_dir)
    elif ftype == FileType.ISO9660:
        yield from iso9660_members(blob, budget, spool_dir)
    elif ftype in DECOMPRESSORS:
        yield from stream_members(blob, ftype, name, budget, spool_dir)
    else:
        raise ArchiveError(f"not an archive type: {ftype}")


def _zip_members(blob: Blob, budget: Budget, spool_dir: Path) -> Iterator[Member | ArchiveText]:
    """The members of a zip file, each after its comment's text (part
    ``comment/<member>``), the archive's comment first (part ``zip-comment``)."""
    limits = budget.limits
    with blob.open() as fh:
        entries, cd_size = _zip_directory_size(fh)
        if entries > limits.max_entries:
            raise ArchiveError(f"too many entries ({entries} > limit {limits.max_entries})")
        if cd_size > MAX_CENTRAL_DIRECTORY:
            raise ArchiveError(f"central directory too large ({cd_size} bytes)")
        try:
            zf = zipfile.ZipFile(fh)
        except zipfile.BadZipFile as exc:
            if not has_local_header(fh):
                raise ArchiveError(f"corrupt zip: {describe_error(exc)}") from exc
            fh.seek(0, io.SEEK_END)
            yield from salvaged_members(fh, fh.tell(), budget, spool_dir)
            return
        except (OSError, ValueError, NotImplementedError) as exc:
            raise ArchiveError(f"corrupt zip: {describe_error(exc)}") from exc
        with zf:
            if zf.comment.strip():
                yield ArchiveText("zip-comment", zip_text(zf.comment, utf8=False))
            infos = zf.infolist()
            overlapping = _overlapping(infos)
            for index, info in enumerate(infos):
                name, unsafe = safe_member_name(info.filename)
                if info.comment.strip():
                    utf8 = bool(info.flag_bits & UTF8_FLAG)
                    yield ArchiveText(f"comment/{name}", zip_text(info.comment, utf8=utf8))
                if info.is_dir():
                    continue
                kind = _mode_kind(info.external_attr >> 16)
                if kind != "file":
                    yield Member(name, kind, info.file_size, f"{kind} member (not materialised)")
                elif unsafe:
                    yield Member(name, "file", info.file_size, unsafe)
                elif info.flag_bits & 0x1:
                    yield Member(name, "file", info.file_size, ENCRYPTED)
                elif index in overlapping:
                    yield Member(name, "file", info.file_size, "overlapping zip entries (bomb)")
                elif reason := _zip_limit(info, budget):
                    yield Member(name, "file", info.file_size, reason)
                else:
                    yield Member(
                        name, "file", info.file_size, None, _zip_loader(zf, info, budget, spool_dir)
                    )


UTF8_FLAG = 0x800
"""General purpose bit 11: the entry's name and comment are UTF-8."""


def zip_text(raw: bytes, *, utf8: bool) -> str:
    """A zip comment as text: UTF-8 where the entry's flag says so; else UTF-8 where the
    bytes are valid UTF-8 (tools write it without the flag, and code page 437 text is
    seldom valid UTF-8), else code page 437, the format's own."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace") if utf8 else raw.decode("cp437")


def _zip_limit(info: zipfile.ZipInfo, budget: Budget) -> str | None:
    over = budget.over_budget(info.file_size)
    if over:
        return over
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_FLOOR and ratio > budget.limits.max_ratio:
        return f"compression ratio {ratio:.0f} above the limit of {budget.limits.max_ratio:g}"
    return None


def _zip_loader(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget, spool_dir: Path
) -> Callable[[], Blob]:
    def load() -> Blob:
        with zf.open(info) as member:
            return budget.charge(read_into_blob(member, spool_dir, limit=budget.member_limit()))

    return load


def _zip_directory_size(fh: BinaryIO) -> tuple[int, int]:
    """Entry count and central-directory size from the end record (without parsing it)."""
    fh.seek(0, io.SEEK_END)
    size = fh.tell()
    start = max(0, size - (65535 + 22 + 20))
    fh.seek(start)
    tail = fh.read()
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or pos + 22 > len(tail):
        return 0, 0  # no end record: zipfile reports the damage
    entries, cd_size = struct.unpack_from("<HI", tail, pos + 10)
    if (entries == 0xFFFF or cd_size == 0xFFFFFFFF) and pos >= 20:
        loc = tail[pos - 20 : pos]
        if loc[:4] == b"PK\x06\x07":
            (offset,) = struct.unpack_from("<Q", loc, 8)
            if offset < size:
                fh.seek(offset)
                rec = fh.read(56)
                if rec[:4] == b"PK\x06\x06" and len(rec) == 56:
                    entries, cd_size = struct.unpack_from("<QQ", rec, 32)
    fh.seek(0)
    return int(entries), int(cd_size)


def _overlapping(infos: list[zipfile.ZipInfo]) -> set[int]:
    order = sorted(range(len(infos)), key=lambda i: infos[i].header_offset)
    bad: set[int] = set()
    for a, b in itertools.pairwise(order):
        ia, ib = infos[a], infos[b]
        end = ia.header_offset + 30 + len(ia.orig_filename.encode("utf-8", "replace"))
        if end + ia.compress_size > ib.header_offset and not ia.is_dir():
            bad.update((a, b))
    return bad


def _mode_kind(mode: int) -> str:
    if not mode or stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return "file"
    if stat.S_ISLNK(mode):
        return FileType.SYMLINK
    if stat.S_ISFIFO(mode):
        return FileType.FIFO
    if stat.S_ISSOCK(mode):
        return FileType.SOCKET
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return FileType.DEVICE
    return "file"
