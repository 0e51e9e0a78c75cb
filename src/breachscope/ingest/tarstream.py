"""Tar archives (streamed, never seeked) and single compressed files (gzip, bzip2, xz,
zstd), which may hold a tar. Decompressed streams are guarded by ratio and size limits."""

from __future__ import annotations

import _compression
import bz2
import gzip
import io
import lzma
import tarfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import zstandard

from breachscope.config import ArchiveLimits
from breachscope.ingest.blob import Blob, BytesBlob, LimitExceededError, Readable, read_into_blob
from breachscope.ingest.filetype import FileType, is_tar_header
from breachscope.ingest.members import (
    MAX_HEADER_BYTES,
    RATIO_FLOOR,
    ArchiveError,
    Budget,
    Member,
    describe_error,
    safe_member_name,
)

XZ_MEMLIMIT = 512 * 1024**2


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


def tar_members(
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


DECOMPRESSORS: dict[str, Callable[[_CountingReader], io.IOBase]] = {
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


def stream_members(
    blob: Blob, ftype: str, name: str, budget: Budget, spool_dir: Path
) -> Iterator[Member]:
    decompress = DECOMPRESSORS[ftype]

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
        yield from tar_members(open_stream, budget, spool_dir)
        return

    def load() -> Blob:
        with open_stream() as stream:
            return budget.charge(read_into_blob(stream, spool_dir, limit=budget.member_limit()))

    yield Member(inner_name(ftype, name), "file", None, None, load)
