"""Reading archive members safely: zip, tar (plain or compressed), gzip/bzip2/xz/zstd, 7z.

Members are streamed one at a time into memory or a spool file inside the case folder
(:mod:`breachscope.ingest.blob`); nothing is extracted under a member's own name, so
traversal and absolute paths can never write anywhere. Bombs are stopped by the
:class:`~breachscope.config.ArchiveLimits` (declared and actual expanded size, ratio,
entry count, total expanded bytes per top-level file). Links, devices and FIFOs are
listed as skipped members and never materialised; encrypted members are skipped.
"""

from __future__ import annotations

import _compression
import bz2
import gzip
import io
import itertools
import lzma
import re
import stat
import struct
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import py7zr
import py7zr.exceptions
import py7zr.io
import zstandard

from breachscope.config import ArchiveLimits
from breachscope.ingest.blob import (
    MEMORY_BYTES,
    Blob,
    BytesBlob,
    LimitExceededError,
    Readable,
    SpoolBlob,
    read_into_blob,
)
from breachscope.ingest.filetype import FileType, is_tar_header

RATIO_FLOOR = 1024**2
"""The compression ratio is only judged once a member expands beyond this many bytes."""
MAX_HEADER_BYTES = 1024**2
"""Largest tar extended (pax / GNU long name) header read into memory."""
MAX_CENTRAL_DIRECTORY = 256 * 1024**2
XZ_MEMLIMIT = 512 * 1024**2

ENCRYPTED = "encrypted"


class ArchiveError(Exception):
    """The archive itself could not be read (corrupt, truncated, over a limit)."""


class ArchiveSkippedError(Exception):
    """The archive is deliberately not opened (e.g. encrypted headers)."""


@dataclass(frozen=True, slots=True)
class Member:
    """One entry of an archive. ``load`` (None when skipped) must be called before the
    next member is requested; it returns the bytes or raises LimitExceededError."""

    name: str
    kind: str = "file"
    size: int | None = None
    skip: str | None = None
    load: Callable[[], Blob] | None = None


class Budget:
    """Expanded bytes still allowed for one top-level file and everything inside it."""

    def __init__(self, limits: ArchiveLimits) -> None:
        self.limits = limits
        self.used = 0

    @property
    def remaining(self) -> int:
        return max(0, self.limits.max_total_bytes - self.used)

    def member_limit(self) -> int:
        return min(self.limits.max_member_bytes, self.remaining)

    def over_budget(self, size: int) -> str | None:
        if size > self.limits.max_member_bytes:
            return f"member larger than the limit of {self.limits.max_member_bytes} bytes"
        if size > self.remaining:
            return "total expanded-size limit of the archive reached"
        return None

    def charge(self, blob: Blob) -> Blob:
        self.used += blob.size
        return blob


def safe_member_name(raw: str) -> tuple[str, str | None]:
    """Normalise a member name; return (name, reason) where reason marks an unsafe one."""
    name = raw.replace("\x00", "\ufffd")
    slashed = name.replace("\\", "/")
    if slashed.startswith("/") or re.match(r"^[A-Za-z]:/", slashed):
        return name, "unsafe path: absolute member name"
    parts = [p for p in slashed.split("/") if p not in ("", ".")]
    if ".." in parts:
        return name, "unsafe path: parent traversal (..) in member name"
    if not parts:
        return name, "unsafe path: empty member name"
    return "/".join(parts), None


def iter_members(
    blob: Blob, ftype: str, name: str, budget: Budget, spool_dir: Path
) -> Iterator[Member]:
    """Yield the members of an archive of detected type ``ftype`` (see ARCHIVE_TYPES)."""
    if ftype == FileType.ZIP:
        yield from _zip_members(blob, budget, spool_dir)
    elif ftype == FileType.TAR:
        yield from _tar_members(blob.open, budget, spool_dir)
    elif ftype == FileType.SEVEN_Z:
        yield from _7z_members(blob, budget, spool_dir)
    elif ftype in _DECOMPRESSORS:
        yield from _stream_members(blob, ftype, name, budget, spool_dir)
    else:
        raise ArchiveError(f"not an archive type: {ftype}")


def describe_error(exc: BaseException) -> str:
    """A short, value-free description of an archive library error."""
    text = str(exc).splitlines()[0][:200] if str(exc) else ""
    kind = type(exc).__name__
    return f"{kind}: {text}" if text else kind


# --- zip -------------------------------------------------------------------------------


def _zip_members(blob: Blob, budget: Budget, spool_dir: Path) -> Iterator[Member]:
    limits = budget.limits
    with blob.open() as fh:
        entries, cd_size = _zip_directory_size(fh)
        if entries > limits.max_entries:
            raise ArchiveError(f"too many entries ({entries} > limit {limits.max_entries})")
        if cd_size > MAX_CENTRAL_DIRECTORY:
            raise ArchiveError(f"central directory too large ({cd_size} bytes)")
        try:
            zf = zipfile.ZipFile(fh)
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
            raise ArchiveError(f"corrupt zip: {describe_error(exc)}") from exc
        with zf:
            infos = zf.infolist()
            overlapping = _overlapping(infos)
            for index, info in enumerate(infos):
                if info.is_dir():
                    continue
                name, unsafe = safe_member_name(info.filename)
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


# --- tar -------------------------------------------------------------------------------


class _SafeTarInfo(tarfile.TarInfo):
    """Refuses extended headers too large to hold in memory."""

    def _proc_member(self, tarfile_: tarfile.TarFile) -> tarfile.TarInfo:
        header_types = (
            tarfile.GNUTYPE_LONGNAME,
            tarfile.GNUTYPE_LONGLINK,
            tarfile.XHDTYPE,
            tarfile.XGLTYPE,
            tarfile.SOLARIS_XHDTYPE,
        )
        if self.type in header_types and self.size > MAX_HEADER_BYTES:
            raise tarfile.HeaderError(f"extended header of {self.size} bytes")
        result: tarfile.TarInfo = super()._proc_member(tarfile_)  # type: ignore[misc]
        return result


def _tar_kind(ti: tarfile.TarInfo) -> str:
    if ti.issym():
        return FileType.SYMLINK
    if ti.islnk():
        return FileType.HARDLINK
    if ti.ischr() or ti.isblk():
        return FileType.DEVICE
    if ti.isfifo():
        return FileType.FIFO
    return "file"


def _tar_members(
    opener: Callable[[], BinaryIO], budget: Budget, spool_dir: Path
) -> Iterator[Member]:
    limits = budget.limits
    count = 0
    with opener() as raw:
        try:
            tf = tarfile.open(fileobj=raw, mode="r|", tarinfo=_SafeTarInfo)  # noqa: SIM115
        except (tarfile.TarError, EOFError, OSError, zlib.error, lzma.LZMAError) as exc:
            raise ArchiveError(f"corrupt tar: {describe_error(exc)}") from exc
        with tf:
            while True:
                try:
                    ti = tf.next()
                except LimitExceededError as exc:
                    raise ArchiveError(str(exc)) from exc
                except (
                    tarfile.TarError,
                    EOFError,
                    OSError,
                    zlib.error,
                    lzma.LZMAError,
                    zstandard.ZstdError,
                ) as exc:
                    raise ArchiveError(f"corrupt tar: {describe_error(exc)}") from exc
                if ti is None:
                    return
                tf.members.clear()  # type: ignore[attr-defined] # stream mode keeps every header
                if ti.isdir() or ti.type in (tarfile.XGLTYPE,):
                    continue
                count += 1
                if count > limits.max_entries:
                    raise ArchiveError(f"stopped after {limits.max_entries} entries (entry limit)")
                name, unsafe = safe_member_name(ti.name)
                kind = _tar_kind(ti)
                if kind != "file":
                    yield Member(name, kind, ti.size, f"{kind} member (not materialised)")
                elif not ti.isreg():
                    yield Member(name, "file", ti.size, f"unsupported tar member type {ti.type!r}")
                elif unsafe:
                    yield Member(name, "file", ti.size, unsafe)
                elif over := budget.over_budget(ti.size):
                    yield Member(name, "file", ti.size, over)
                else:
                    yield Member(
                        name, "file", ti.size, None, _tar_loader(tf, ti, budget, spool_dir)
                    )


def _tar_loader(
    tf: tarfile.TarFile, ti: tarfile.TarInfo, budget: Budget, spool_dir: Path
) -> Callable[[], Blob]:
    def load() -> Blob:
        member = tf.extractfile(ti)
        if member is None:
            return BytesBlob(b"")
        with member:
            return budget.charge(read_into_blob(member, spool_dir, limit=budget.member_limit()))

    return load


# --- single-file compressors -----------------------------------------------------------


class _CountingReader(io.RawIOBase):
    """Counts the compressed bytes consumed."""

    def __init__(self, raw: Readable) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n

    def close(self) -> None:
        closer = getattr(self.raw, "close", None)
        if closer is not None:
            closer()
        super().close()


class _GuardReader(io.RawIOBase):
    """Stops a decompressed stream that grows beyond the ratio or total-size limits."""

    def __init__(self, inner: io.IOBase, counter: _CountingReader, limits: ArchiveLimits) -> None:
        self.inner = inner
        self.counter = counter
        self.limits = limits
        self.expanded = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.inner.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.expanded += n
        if self.expanded > RATIO_FLOOR:
            ratio = self.expanded / max(self.counter.count, 1)
            if ratio > self.limits.max_ratio:
                raise LimitExceededError(
                    f"compression ratio {ratio:.0f} above the limit of {self.limits.max_ratio:g}"
                )
        if self.expanded > self.limits.max_total_bytes:
            raise LimitExceededError("total expanded-size limit of the archive reached")
        return n

    def close(self) -> None:
        self.inner.close()
        super().close()


def _gzip(raw: _CountingReader) -> io.IOBase:
    return gzip.GzipFile(fileobj=raw, mode="rb")


def _bzip2(raw: _CountingReader) -> io.IOBase:
    return bz2.BZ2File(raw, mode="rb")


def _xz(raw: _CountingReader) -> io.IOBase:
    reader = _compression.DecompressReader(
        raw, lzma.LZMADecompressor, trailing_error=lzma.LZMAError, memlimit=XZ_MEMLIMIT
    )
    return io.BufferedReader(reader)


def _zstd(raw: _CountingReader) -> io.IOBase:
    reader = zstandard.ZstdDecompressor().stream_reader(
        raw,  # type: ignore[arg-type] # any object with read() will do
        read_across_frames=True,
    )
    return io.BufferedReader(reader)


_DECOMPRESSORS: dict[str, Callable[[_CountingReader], io.IOBase]] = {
    FileType.GZIP: _gzip,
    FileType.BZIP2: _bzip2,
    FileType.XZ: _xz,
    FileType.ZSTD: _zstd,
}
_SUFFIXES: dict[str, tuple[tuple[str, str], ...]] = {
    FileType.GZIP: ((".tgz", ".tar"), (".gz", ""), (".gzip", ""), (".z", "")),
    FileType.BZIP2: ((".tbz2", ".tar"), (".tbz", ".tar"), (".bz2", ""), (".bz", "")),
    FileType.XZ: ((".txz", ".tar"), (".xz", "")),
    FileType.ZSTD: ((".tzst", ".tar"), (".zst", ""), (".zstd", "")),
}
_STREAM_ERRORS = (OSError, EOFError, zlib.error, lzma.LZMAError, zstandard.ZstdError, ValueError)


def inner_name(ftype: str, name: str) -> str:
    """Name of the single file inside a compressed file (``a.csv.gz`` -> ``a.csv``)."""
    base = PurePosixPath(name.replace("!/", "/")).name or "data"
    lower = base.lower()
    for suffix, replacement in _SUFFIXES.get(ftype, ()):
        if lower.endswith(suffix) and len(base) > len(suffix):
            return base[: -len(suffix)] + replacement
    return base


def _stream_members(
    blob: Blob, ftype: str, name: str, budget: Budget, spool_dir: Path
) -> Iterator[Member]:
    decompress = _DECOMPRESSORS[ftype]

    def open_stream() -> BinaryIO:
        counter = _CountingReader(blob.open())
        return io.BufferedReader(_GuardReader(decompress(counter), counter, budget.limits))

    try:
        with open_stream() as stream:
            head = stream.read(512)
    except LimitExceededError as exc:
        raise ArchiveError(str(exc)) from exc
    except _STREAM_ERRORS as exc:
        raise ArchiveError(f"corrupt {ftype}: {describe_error(exc)}") from exc
    if len(head) == 512 and is_tar_header(head):
        yield from _tar_members(open_stream, budget, spool_dir)
        return

    def load() -> Blob:
        with open_stream() as stream:
            return budget.charge(read_into_blob(stream, spool_dir, limit=budget.member_limit()))

    yield Member(inner_name(ftype, name), "file", None, None, load)


# --- 7z --------------------------------------------------------------------------------


class _SpoolFactory(py7zr.io.WriterFactory):
    """Receives the 7z members: in memory while the total stays small, else spooled."""

    def __init__(self, limit: int, spool_dir: Path) -> None:
        self.limit = limit
        self.spool_dir = spool_dir
        self.in_memory = 0
        self.writers: dict[str, _SpoolWriter] = {}

    def create(self, filename: str) -> py7zr.io.Py7zIO:
        writer = _SpoolWriter(self)
        self.writers[PurePosixPath(filename).as_posix()] = writer
        return writer


class _SpoolWriter(py7zr.io.Py7zIO):
    def __init__(self, factory: _SpoolFactory) -> None:
        self.factory = factory
        self.buffer: io.BytesIO | None = io.BytesIO()
        self.file: BinaryIO | None = None
        self.path: Path | None = None
        self.length = 0
        self.over = False

    def write(self, s: bytes | bytearray) -> int:
        self.length += len(s)
        if self.length > self.factory.limit:
            self.over = True
            self._drop()
            return len(s)
        if self.buffer is not None and self.factory.in_memory + len(s) > MEMORY_BYTES * 4:
            self._to_disk()
        if self.buffer is not None:
            self.buffer.write(s)
            self.factory.in_memory += len(s)
        elif self.file is not None:
            self.file.write(s)
        return len(s)

    def _to_disk(self) -> None:
        assert self.buffer is not None
        self.factory.spool_dir.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix="7z-", dir=self.factory.spool_dir)
        self.path = Path(name)
        self.file = open(fd, "wb")  # noqa: SIM115 - closed in close()/_drop()
        self.file.write(self.buffer.getvalue())
        self.factory.in_memory -= len(self.buffer.getvalue())
        self.buffer = None

    def _drop(self) -> None:
        if self.buffer is not None:
            self.factory.in_memory -= len(self.buffer.getvalue())
            self.buffer = None
        if self.file is not None:
            self.file.close()
            self.file = None
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None

    def read(self, size: int | None = None) -> bytes:
        return b""

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0

    def flush(self) -> None:
        return None

    def size(self) -> int:
        return self.length

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None

    def blob(self) -> Blob:
        """Hand the bytes over (once); the writer lets go of them."""
        self.close()
        if self.over:
            raise LimitExceededError(f"member larger than the limit of {self.factory.limit} bytes")
        if self.path is not None:
            blob: Blob = SpoolBlob(self.path, self.length)
            self.path = None
            return blob
        data = self.buffer.getvalue() if self.buffer is not None else b""
        self._drop()
        return BytesBlob(data)


_7Z_ERRORS = (
    py7zr.exceptions.ArchiveError,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    IndexError,
    TypeError,
    lzma.LZMAError,
    zlib.error,
)


def _7z_members(blob: Blob, budget: Budget, spool_dir: Path) -> Iterator[Member]:
    limits = budget.limits
    with blob.open() as fh:
        try:
            archive = py7zr.SevenZipFile(fh, mode="r")
        except py7zr.exceptions.PasswordRequired as exc:
            raise ArchiveSkippedError(ENCRYPTED) from exc
        except _7Z_ERRORS as exc:
            raise ArchiveError(f"corrupt 7z: {describe_error(exc)}") from exc
        with archive:
            try:
                infos = archive.list()
                encrypted = "7zAES" in archive.archiveinfo().method_names
            except _7Z_ERRORS as exc:
                raise ArchiveError(f"corrupt 7z: {describe_error(exc)}") from exc
            files = [i for i in infos if not i.is_directory]
            if len(files) > limits.max_entries:
                raise ArchiveError(f"too many entries ({len(files)} > limit {limits.max_entries})")
            plan: list[Member] = []
            targets: list[str] = []
            total = 0
            declared = sum(i.uncompressed for i in files if i.is_file)
            ratio = declared / max(blob.size, 1)
            for info in files:
                name, unsafe = safe_member_name(info.filename)
                size = int(info.uncompressed)
                if info.is_symlink:
                    plan.append(
                        Member(name, FileType.SYMLINK, size, "symlink member (not materialised)")
                    )
                elif not info.is_file:
                    plan.append(
                        Member(name, FileType.DEVICE, size, "special member (not materialised)")
                    )
                elif unsafe:
                    plan.append(Member(name, "file", size, unsafe))
                elif encrypted:
                    plan.append(Member(name, "file", size, ENCRYPTED))
                elif declared > RATIO_FLOOR and ratio > limits.max_ratio:
                    plan.append(
                        Member(
                            name,
                            "file",
                            size,
                            f"compression ratio {ratio:.0f} above the limit of "
                            f"{limits.max_ratio:g}",
                        )
                    )
                elif over := budget.over_budget(total + size):
                    plan.append(Member(name, "file", size, over))
                else:
                    total += size
                    targets.append(info.filename)
                    plan.append(Member(name, "file", size, None, None))
            factory = _SpoolFactory(budget.member_limit(), spool_dir)
            if targets:
                try:
                    archive.extract(targets=targets, factory=factory)
                except py7zr.exceptions.PasswordRequired as exc:
                    raise ArchiveSkippedError(ENCRYPTED) from exc
                except _7Z_ERRORS as exc:
                    raise ArchiveError(f"corrupt 7z: {describe_error(exc)}") from exc
            for member in plan:
                if member.skip is not None:
                    yield member
                    continue
                writer = factory.writers.pop(PurePosixPath(member.name).as_posix(), None)
                yield Member(member.name, "file", member.size, None, _7z_loader(writer, budget))


def _7z_loader(writer: _SpoolWriter | None, budget: Budget) -> Callable[[], Blob]:
    def load() -> Blob:
        if writer is None:
            raise ArchiveError("member missing from the 7z stream")
        return budget.charge(writer.blob())

    return load
